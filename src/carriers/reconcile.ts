/**
 * Compares the carrier's view of its enrollments with the exchange's (pure):
 * an effectuation file confirms the policies it lists; an audit file must
 * list every policy in force and agree on plan, dates, amounts and members.
 */
import type { Enrollment834 } from './edi-834.js';
import type { DiscrepancyKind } from './schema.js';

export interface ExchangeRecord {
  enrollmentId: string;
  policyNumber: string;
  carrierHiosId: string;
  planId: string;
  status: 'pending-binder' | 'effectuated' | 'in-grace' | 'terminated' | 'cancelled';
  coverageStart: string;
  coverageEnd: string;
  grossPremiumCents: number;
  aptcCents: number;
  responsibleCents: number;
  memberIds: string[];
}

export interface Discrepancy {
  policyNumber: string;
  enrollmentId: string | null;
  kind: DiscrepancyKind;
  field?: string;
  exchangeValue?: string;
  carrierValue?: string;
}

/** Statuses the carrier must know about in an audit: coverage that was in force. */
const EXPECTED_AT_CARRIER = new Set(['effectuated', 'in-grace', 'terminated']);

export function reconcile(kind: 'effectuation' | 'audit', carrierHiosId: string, exchange: readonly ExchangeRecord[], carrier: readonly Enrollment834[]): Discrepancy[] {
  const ours = new Map(exchange.map((r) => [r.policyNumber, r]));
  const seen = new Set<string>();
  const out: Discrepancy[] = [];
  for (const c of carrier) {
    seen.add(c.policyNumber);
    const r = ours.get(c.policyNumber);
    if (!r) {
      out.push({ policyNumber: c.policyNumber, enrollmentId: null, kind: 'unknown-policy' });
      continue;
    }
    if (r.carrierHiosId !== carrierHiosId) {
      out.push({ policyNumber: c.policyNumber, enrollmentId: r.enrollmentId, kind: 'wrong-carrier', exchangeValue: r.carrierHiosId, carrierValue: carrierHiosId });
      continue;
    }
    if (r.status === 'cancelled') {
      out.push({ policyNumber: c.policyNumber, enrollmentId: r.enrollmentId, kind: 'cancelled-at-exchange' });
      continue;
    }
    const fields: Array<[string, string | number, string | number]> = [
      ['plan', r.planId, c.planId],
      ['coverage-start', r.coverageStart, c.coverageStart],
      [
        'members',
        [...r.memberIds].sort().join(','),
        c.members
          .map((m) => m.memberId)
          .sort()
          .join(','),
      ],
    ];
    if (kind === 'audit') {
      fields.push(
        ['coverage-end', r.coverageEnd, c.coverageEnd],
        ['gross-premium', r.grossPremiumCents, c.amounts.grossPremiumCents],
        ['aptc', r.aptcCents, c.amounts.aptcCents],
        ['responsible', r.responsibleCents, c.amounts.responsibleCents],
      );
    }
    for (const [field, a, b] of fields) {
      if (a === b) continue;
      // Members are compared as a set but reported as counts: no member ids in the report.
      const show = (v: string | number) => (field === 'members' ? String(String(v).split(',').filter(Boolean).length) : String(v));
      out.push({ policyNumber: c.policyNumber, enrollmentId: r.enrollmentId, kind: 'mismatch', field, exchangeValue: show(a), carrierValue: show(b) });
    }
  }
  if (kind === 'audit') {
    for (const r of exchange) {
      if (r.carrierHiosId === carrierHiosId && EXPECTED_AT_CARRIER.has(r.status) && !seen.has(r.policyNumber)) {
        out.push({ policyNumber: r.policyNumber, enrollmentId: r.enrollmentId, kind: 'missing-at-carrier' });
      }
    }
  }
  return out;
}
