/** Reads enrollments the way the carrier files need them: one query per file, members and amounts included. */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { carriers as catalogCarriers } from '../catalog/schema.js';
import { addresses, enrollmentAmounts, enrollmentMembers, enrollments, enrollmentTransitions, members, relationships } from '../enrollment/schema.js';
import type { Tx } from '../platform/database.js';
import type { Enrollment834, Maintenance, MaintenanceReason, Member834, Relationship834 } from './edi-834.js';
import type { ExchangeRecord } from './reconcile.js';
import type { Party } from './x12.js';

export function exchangeParty(profile: { rating: { stateCode: string }; exchangeName: string }): Party {
  return { id: `${profile.rating.stateCode}0`, name: profile.exchangeName };
}

export async function carrierParty(tx: Tx, carrierHiosId: string): Promise<Party> {
  const [row] = await tx.select({ name: catalogCarriers.name }).from(catalogCarriers).where(eq(catalogCarriers.issuerId, carrierHiosId));
  return { id: carrierHiosId, name: row?.name ?? `Carrier ${carrierHiosId}` };
}

/** How a transition is told to the carrier. */
export function maintenanceFor(kind: string, reason: string): { maintenance: Maintenance; reason: MaintenanceReason } {
  const why: MaintenanceReason = reason === 'non-payment' ? 'non-payment' : reason === 'customer-request' ? 'voluntary' : 'no-reason';
  switch (kind) {
    case 'created':
      return { maintenance: 'add', reason: reason === 'renewal' ? 're-enrollment' : 'enrollment' };
    case 'termination':
      return { maintenance: 'terminate', reason: why };
    case 'cancellation':
      return { maintenance: 'cancel', reason: why };
    case 'reinstatement':
      return { maintenance: 'reinstate', reason: 'no-reason' };
    default:
      // effectuation, grace-start, cure, change: the policy changed.
      return { maintenance: 'change', reason: 'no-reason' };
  }
}

function relationshipCode(isPrimary: boolean, kind: string | null): Relationship834 {
  if (isPrimary) return 'self';
  if (kind === 'spouse' || kind === 'child' || kind === 'domestic-partner') return kind;
  return 'other';
}

type EnrollmentRow = typeof enrollments.$inferSelect;

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** Members, subscriber first, and the subscriber's address, for each enrollment. */
async function memberDetails(tx: Tx, rows: EnrollmentRow[]) {
  if (!rows.length) return new Map<string, { members: Member834[]; address: Enrollment834['subscriberAddress'] }>();
  const ids = rows.map((r) => r.id);
  const covered = await tx
    .select({ em: enrollmentMembers, m: members, rel: relationships.kind })
    .from(enrollmentMembers)
    .innerJoin(members, eq(members.id, enrollmentMembers.memberId))
    .leftJoin(relationships, eq(relationships.memberId, members.id))
    // One array parameter, however many enrollments changed that day.
    .where(sql`${enrollmentMembers.enrollmentId} = ANY(${sql.param(ids)}::uuid[])`);
  const homes = await tx
    .select()
    .from(addresses)
    .where(and(sql`${addresses.householdId} = ANY(${sql.param([...new Set(rows.map((r) => r.householdId))])}::uuid[])`, eq(addresses.kind, 'home')));
  const byEnrollment = groupBy(covered, (c) => c.em.enrollmentId);
  const homeOf = new Map(homes.map((h) => [h.householdId, h]));
  const out = new Map<string, { members: Member834[]; address: Enrollment834['subscriberAddress'] }>();
  for (const r of rows) {
    const list = (byEnrollment.get(r.id) ?? [])
      .sort((a, b) => Number(b.em.isSubscriber) - Number(a.em.isSubscriber) || a.m.id.localeCompare(b.m.id))
      .map<Member834>((c) => ({
        memberId: c.m.id,
        isSubscriber: c.em.isSubscriber,
        relationship: relationshipCode(c.m.isPrimary, c.rel),
        firstName: c.m.firstName,
        lastName: c.m.lastName,
        dateOfBirth: c.m.dateOfBirth,
        sex: c.m.sex,
        premiumCents: c.em.premiumCents,
      }));
    const home = homeOf.get(r.householdId);
    out.set(r.id, { members: list, address: home ? { line1: home.line1, line2: home.line2, city: home.city, state: home.state, zip: home.zip } : null });
  }
  return out;
}

/** Loop 2750's monthly amounts (the carrier prorates a partial month; the 820 carries what was billed). */
function amounts834(a: { grossPremiumCents: number; aptcCents: number; stateAssistanceCents: number; netPremiumCents: number }): Enrollment834['amounts'] {
  return { grossPremiumCents: a.grossPremiumCents, aptcCents: a.aptcCents, csrCents: 0, stateAssistanceCents: a.stateAssistanceCents, responsibleCents: a.netPremiumCents };
}

function ratingArea(state: string, area: string): string {
  return `R-${state}${area.padStart(3, '0')}`;
}

/**
 * Every transition recorded on `day` (in the state's time zone) for the
 * enrollments of each carrier, in order, as 834 maintenance loops.
 */
export async function dailyMaintenance(tx: Tx, opts: { day: string; timeZone: string; state: string; sourceExchangeId: string }): Promise<Map<string, Enrollment834[]>> {
  const found = await tx
    .select({ t: enrollmentTransitions, e: enrollments })
    .from(enrollmentTransitions)
    .innerJoin(enrollments, eq(enrollments.id, enrollmentTransitions.enrollmentId))
    .where(sql`(${enrollmentTransitions.at} AT TIME ZONE ${opts.timeZone})::date = ${opts.day}::date`)
    .orderBy(enrollmentTransitions.id);
  const details = await memberDetails(tx, [...new Map(found.map((f) => [f.e.id, f.e])).values()]);
  // Each transition carries the amounts in force on its effective date as they were known when it was recorded
  // (a later change has its own transition), so a re-export tells the same story (docs/adr/0067).
  const history = found.length
    ? await tx
        .select()
        .from(enrollmentAmounts)
        .where(sql`${enrollmentAmounts.enrollmentId} = ANY(${sql.param([...new Set(found.map((f) => f.e.id))])}::uuid[])`)
    : [];
  const amountsAt = (e: EnrollmentRow, effectiveDate: string, at: Date) =>
    history.filter((h) => h.enrollmentId === e.id && h.effectiveFrom <= effectiveDate && h.recordedAt <= at).sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom) || b.id - a.id)[0] ?? e;
  const byCarrier = new Map<string, Enrollment834[]>();
  for (const { t, e } of found) {
    const d = details.get(e.id)!;
    if (!d.members.length) continue;
    const { maintenance, reason } = maintenanceFor(t.kind, t.reason);
    const coverageEnd = maintenance === 'terminate' ? t.effectiveDate : maintenance === 'cancel' ? e.coverageStart : e.coverageEnd;
    const list = byCarrier.get(e.carrierHiosId) ?? [];
    list.push({
      maintenance,
      reason,
      effectiveDate: t.effectiveDate,
      policyNumber: e.policyNumber,
      carrierPolicyId: e.carrierPolicyId,
      planId: `${e.planHiosId}-${e.planVariant}`,
      coverageStart: e.coverageStart,
      coverageEnd: coverageEnd < e.coverageStart ? e.coverageStart : coverageEnd,
      subscriberAddress: d.address,
      amounts: amounts834(amountsAt(e, t.effectiveDate < e.coverageStart ? e.coverageStart : t.effectiveDate, t.at)),
      ratingArea: ratingArea(opts.state, e.ratingArea),
      sourceExchangeId: opts.sourceExchangeId,
      members: d.members,
    });
    byCarrier.set(e.carrierHiosId, list);
  }
  return byCarrier;
}

/** A carrier's enrollments as the exchange holds them (and any others the file names), for reconciliation. */
export async function exchangeRecords(tx: Tx, carrierHiosId: string, policyNumbers: string[]): Promise<ExchangeRecord[]> {
  const rows = await tx
    .select()
    .from(enrollments)
    .where(policyNumbers.length ? sql`${enrollments.carrierHiosId} = ${carrierHiosId} OR ${inArray(enrollments.policyNumber, policyNumbers)}` : eq(enrollments.carrierHiosId, carrierHiosId));
  const covered = rows.length
    ? await tx
        .select({ enrollmentId: enrollmentMembers.enrollmentId, memberId: enrollmentMembers.memberId })
        .from(enrollmentMembers)
        .where(
          inArray(
            enrollmentMembers.enrollmentId,
            rows.map((r) => r.id),
          ),
        )
    : [];
  const membersOf = groupBy(covered, (c) => c.enrollmentId);
  return rows.map((e) => ({
    enrollmentId: e.id,
    policyNumber: e.policyNumber,
    carrierHiosId: e.carrierHiosId,
    planId: `${e.planHiosId}-${e.planVariant}`,
    status: e.status,
    coverageStart: e.coverageStart,
    coverageEnd: e.coverageEnd,
    grossPremiumCents: e.grossPremiumCents,
    aptcCents: e.aptcCents,
    responsibleCents: e.netPremiumCents,
    memberIds: (membersOf.get(e.id) ?? []).map((c) => c.memberId),
  }));
}

export { memberDetails };
