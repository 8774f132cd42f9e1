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
