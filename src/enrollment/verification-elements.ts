/**
 * Which data elements of an application the federal hub must verify (ACA
 * §1411; RULES.md: verifications). Each becomes a record, pending until the
 * hub link answers; eligibility rests on the attestation meanwhile.
 */
import type { VerificationElement } from './schema.js';

export interface MemberForVerification {
  id: string;
  seekingCoverage: boolean;
  hasSsn: boolean;
  citizenship: 'citizen' | 'lawfully-present' | 'not-lawfully-present';
}

export interface VerificationNeed {
  memberId: string | null;
  element: VerificationElement;
}

export function verificationsNeeded(members: readonly MemberForVerification[]): VerificationNeed[] {
  const needs: VerificationNeed[] = [
    { memberId: null, element: 'income' },
    { memberId: null, element: 'residency' },
  ];
  for (const m of members) {
    if (!m.seekingCoverage) continue;
    if (m.hasSsn) needs.push({ memberId: m.id, element: 'ssn' }, { memberId: m.id, element: 'death' });
    if (m.citizenship === 'citizen') needs.push({ memberId: m.id, element: 'citizenship' });
    if (m.citizenship === 'lawfully-present') needs.push({ memberId: m.id, element: 'immigration' });
    needs.push({ memberId: m.id, element: 'incarceration' }, { memberId: m.id, element: 'other-coverage' });
  }
  return needs;
}

/** A document request the person will get, and why, told before they submit. */
export interface ExpectedDocuments {
  /** The person it is about; null for the household (income). */
  memberId: string | null;
  element: 'citizenship' | 'income';
  /** Why: no Social Security number to check it with federal agencies. */
  reason: 'no-ssn';
}

/**
 * Which document requests an application will open as soon as it is
 * checked, from its answers alone: a check found by SSN cannot be made
 * without one (the hub's `withoutSsn`): citizenship for each citizen seeking
 * coverage, and the household's income when the applicant has none.
 * Immigration status is checked by document number, and incarceration,
 * other coverage and residency rest on the attestation, so they ask nothing.
 */
export function documentsExpected(members: ReadonlyArray<MemberForVerification & { isPrimary: boolean }>): ExpectedDocuments[] {
  const out: ExpectedDocuments[] = [];
  const primary = members.find((m) => m.isPrimary);
  if (primary && !primary.hasSsn) out.push({ memberId: null, element: 'income', reason: 'no-ssn' });
  for (const m of members) if (m.seekingCoverage && !m.hasSsn && m.citizenship === 'citizen') out.push({ memberId: m.id, element: 'citizenship', reason: 'no-ssn' });
  return out;
}
