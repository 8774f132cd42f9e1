/**
 * One Form 1095-A's content and the decisions around it, pure
 * (docs/adr/0110-form-1095-a.md): what a statement says, its hash, whether a
 * run issues an original, a corrected or a void statement or nothing, and
 * which facts an operator must look at before the statements go out.
 */
import { createHash } from 'node:crypto';
import { annualTotals, coverageMonths, statementMonths, type MonthAmounts, type PolicyYear } from './months.js';
import type { StatementKind } from './schema.js';

/** An SSN as a statement holds it: sealed (envelope keyring), its keyed hash, the last four digits. */
export interface HeldSsn {
  sealed: string;
  hash: string;
  last4: string;
}

export interface StatementPerson {
  memberId: string;
  firstName: string;
  lastName: string;
  /** YYYY-MM-DD; the form shows it only when no SSN is entered. */
  dateOfBirth: string | null;
  ssn: HeldSsn | null;
}

export interface CoveredIndividual extends StatementPerson {
  /** Lines 22–26, columns D and E: this person's own coverage start and end in the year. */
  coverageStart: string;
  coverageEnd: string;
}

export interface StatementAddress {
  line1: string;
  line2: string;
  city: string;
  state: string;
  zip: string;
}

export interface StatementContent {
  form: '1095-A';
  coverageYear: number;
  /** Line 1. */
  marketplaceId: string;
  /** Line 2. */
  policyNumber: string;
  /** Line 3, with the HIOS issuer id the IRS file will need. */
  issuerName: string;
  issuerId: string;
  /** Lines 4–6. */
  recipient: StatementPerson;
  /** Lines 7–9: only when the credit was paid for some month, and the household has a spouse. */
  spouse: StatementPerson | null;
  /** Lines 10–11. */
  policyStart: string;
  policyEnd: string;
  /** Lines 12–15. */
  address: StatementAddress | null;
  /** Part II. */
  covered: CoveredIndividual[];
  /** Part III, lines 21–32 (January first). */
  months: MonthAmounts[];
  /** Line 33. */
  totals: MonthAmounts;
}

export interface PolicyFacts extends PolicyYear {
  marketplaceId: string;
  policyNumber: string;
  issuerName: string;
  issuerId: string;
  recipient: StatementPerson;
  spouse: StatementPerson | null;
  address: StatementAddress | null;
  covered: StatementPerson[];
}

/** The statement for a policy's coverage year. Pure. */
export function buildStatement(f: PolicyFacts): StatementContent {
  const months = statementMonths(f);
  const anyCredit = months.some((m) => m.aptcCents > 0);
  return {
    form: '1095-A',
    coverageYear: f.coverageYear,
    marketplaceId: f.marketplaceId,
    policyNumber: f.policyNumber,
    issuerName: f.issuerName,
    issuerId: f.issuerId,
    recipient: f.recipient,
    spouse: anyCredit ? f.spouse : null,
    policyStart: f.coverageStart,
    policyEnd: f.coverageEnd,
    address: f.address,
    covered: f.covered.map((p) => ({ ...p, coverageStart: f.coverageStart, coverageEnd: f.coverageEnd })),
    months,
    totals: annualTotals(months),
  };
}

/** Keys sorted at every level, so equal content always gives the same text; sealed values left out. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([k, v]) => v !== undefined && k !== 'sealed');
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256 of the content with sealed SSNs left out (their keyed hashes stay): stable across key rotation. */
export function contentHash(content: StatementContent): string {
  return createHash('sha256').update(canonical(content)).digest('hex');
}

export type StatementAction = 'original' | 'corrected' | 'void' | 'unchanged' | 'none';

/**
 * What a run does for a policy: `next` is the content it would have now, or
 * null when the policy has no coverage month in the year (cancelled back to
 * its start); `latest` is the last statement issued for it.
 */
export function decideStatement(latest: { kind: StatementKind; contentHash: string } | null, next: { contentHash: string } | null): StatementAction {
  if (!next) return latest && latest.kind !== 'void' ? 'void' : latest ? 'unchanged' : 'none';
  if (!latest) return 'original';
  if (latest.kind === 'void') return 'corrected';
  return latest.contentHash === next.contentHash ? 'unchanged' : 'corrected';
}

export const EXCEPTIONS = ['recipient-without-ssn-or-birth-date', 'recipient-without-ssn', 'no-benchmark', 'negative-amount', 'credit-above-premium', 'no-address'] as const;
export type StatementException = (typeof EXCEPTIONS)[number];

/** What an operator should look at before the statement goes out. Pure. */
export function statementExceptions(c: StatementContent, f: Pick<PolicyFacts, 'benchmarkCents' | 'coverageYear' | 'coverageStart' | 'coverageEnd'>): StatementException[] {
  const out: StatementException[] = [];
  if (!c.recipient.ssn && !c.recipient.dateOfBirth) out.push('recipient-without-ssn-or-birth-date');
  else if (!c.recipient.ssn) out.push('recipient-without-ssn');
  if (f.benchmarkCents === null && coverageMonths(f).length > 0) out.push('no-benchmark');
  if (c.months.some((m) => m.premiumCents < 0 || m.slcspCents < 0 || m.aptcCents < 0)) out.push('negative-amount');
  if (c.months.some((m) => m.premiumCents > 0 && m.aptcCents > m.premiumCents)) out.push('credit-above-premium');
  if (!c.address) out.push('no-address');
  return out;
}
