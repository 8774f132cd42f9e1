/**
 * Brings one enrollment's standing in line with its invoices on a day:
 * effectuates a paid binder, starts, cures or ends a grace period, warns
 * before it ends, cancels an unpaid binder, or holds a termination for a
 * supervisor when the exchange's own outage touched the person's window
 * (grace.ts decides; this does). Called by the daily delinquency job and
 * right after a payment is applied, in the caller's transaction.
 */
import { and, desc, eq, ne, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.js';
import { enrollments } from '../enrollment/schema.js';
import { transitionEnrollment } from '../enrollment/transition-enrollment.js';
import type { Tx } from '../platform/database.js';
import type { StateProfile } from '../states/profile.js';
import { localDate, type IsoDate } from './dates.js';
import { decideDelinquency, effectiveDueDate, effectiveGraceEnd, terminationEndDate, type DelinquencyDecision, type InvoiceState } from './grace.js';
import { raiseNotice } from './notify.js';
import { outageDates, type ChannelOutage } from './outage.js';
import { gracePeriods, invoices, reviews } from './schema.js';
import { countsAsPaidInFull } from './threshold.js';
import { voidInvoicesAfterEnd } from './void-invoices-after-end.js';

export interface StandingContext {
  now: Date;
  profile: StateProfile;
  outages: ReadonlyArray<ChannelOutage>;
  /** Who acts: `billing-delinquency` for the job, `payment-posting` after a payment. */
  actor: string;
}

const SYSTEM = (name: string) => ({ id: name, kind: 'schedule' as const });

export async function updateBillingStanding(tx: Tx, enrollmentId: string, c: StandingContext): Promise<DelinquencyDecision['action'] | 'effectuate'> {
  const [e] = await tx.select().from(enrollments).where(eq(enrollments.id, enrollmentId)).for('update');
  if (!e) return 'none';
  const { profile, now } = c;
  const tz = profile.timeZone;
  const today = localDate(now, tz);
  const rows = await tx
    .select()
    .from(invoices)
    .where(and(eq(invoices.enrollmentId, enrollmentId), ne(invoices.status, 'void')));
  const invoiceStates: InvoiceState[] = rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    coverageMonth: r.coverageMonth,
    issuedOn: r.issuedOn,
    dueDate: r.dueDate,
    amountCents: r.amountCents,
    paidCents: r.paidCents,
  }));
  const paid = (i: InvoiceState) => countsAsPaidInFull(i.paidCents, i.amountCents, profile.billing.paidInFullThreshold);

  if (e.status === 'pending-binder') {
    const binder = invoiceStates.find((i) => i.kind === 'binder');
    if (binder && paid(binder)) {
      await transitionEnrollment(tx, e.id, 'effectuated', { reason: 'binder-paid', effectiveDate: e.coverageStart, actor: SYSTEM(c.actor), at: now });
      return 'effectuate';
    }
  }

  const [grace] = await tx
    .select()
    .from(gracePeriods)
    .where(and(eq(gracePeriods.enrollmentId, e.id), eq(gracePeriods.status, 'open')));
  const [pending] = await tx
    .select({ id: reviews.id })
    .from(reviews)
    .where(and(eq(reviews.enrollmentId, e.id), eq(reviews.status, 'pending')));
  let reviewedThrough: IsoDate | null = grace?.reviewedThrough ?? null;
  if (e.status === 'pending-binder') {
    const [decided] = await tx
      .select({ windowEnd: reviews.windowEnd })
      .from(reviews)
      .where(and(eq(reviews.enrollmentId, e.id), eq(reviews.kind, 'cancellation'), ne(reviews.status, 'pending')))
      .orderBy(desc(reviews.windowEnd))
      .limit(1);
    reviewedThrough = decided?.windowEnd ?? null;
  }
  const graceState = grace
    ? { firstMonth: grace.firstMonth, months: grace.months, withCredit: grace.withCredit, startedOn: grace.startedOn, warnedOn: grace.warnedOn, extraDays: grace.extraDays }
    : null;
  const decision = decideDelinquency(
    {
      today,
      status: e.status,
      hasCredit: e.aptcCents > 0,
      invoices: invoiceStates,
      grace: graceState,
      reviewedThrough,
      reviewPending: Boolean(pending),
      outages: c.outages,
      timeZone: tz,
      asOf: now,
    },
    profile.billing,
  );

  const owedOverdue = () => invoiceStates.filter((i) => !paid(i) && i.dueDate < today).reduce((s, i) => s + (i.amountCents - i.paidCents), 0);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const actor = SYSTEM(c.actor);

  switch (decision.action) {
    case 'none':
      return 'none';
    case 'start-grace': {
      const g = decision.grace;
      const [created] = await tx
        .insert(gracePeriods)
        .values({ enrollmentId: e.id, firstMonth: g.firstMonth, months: g.months, withCredit: g.withCredit, startedOn: g.startedOn, createdAt: now })
        .returning();
      await transitionEnrollment(tx, e.id, 'in-grace', { reason: 'premium-past-due', effectiveDate: g.firstMonth, actor, at: now });
      const first = byId.get(decision.invoiceId)!;
      const ends = effectiveGraceEnd({ ...g, extraDays: 0 }, { outages: c.outages, timeZone: tz, asOf: now }, profile.billing);
      await raiseNotice(
        tx,
        {
          type: 'grace-period-started',
          data: { amountDueCents: owedOverdue(), graceStarted: g.startedOn, graceEnds: ends, coverageMonth: g.firstMonth, referenceNumber: first.referenceNumber, withCredit: g.withCredit },
        },
        { householdId: e.householdId, dedupeKey: `grace-period-started:${created!.id}`, now },
      );
      return 'start-grace';
    }
    case 'cure':
      await tx.update(gracePeriods).set({ status: 'cured', closedOn: today }).where(eq(gracePeriods.id, grace!.id));
      await transitionEnrollment(tx, e.id, 'effectuated', { reason: 'payment-received', effectiveDate: today, actor, at: now });
      return 'cure';
    case 'warn': {
      await tx.update(gracePeriods).set({ warnedOn: today }).where(eq(gracePeriods.id, grace!.id));
      const first = rows.find((r) => r.coverageMonth === grace!.firstMonth) ?? rows[0]!;
      const owed = invoiceStates.filter((i) => !paid(i) && (i.coverageMonth <= grace!.firstMonth || i.dueDate < today)).reduce((s, i) => s + (i.amountCents - i.paidCents), 0);
      await raiseNotice(
        tx,
        {
          type: 'termination-warning',
          data: {
            amountDueCents: owed,
            terminationDate: terminationEndDate({ ...graceState!, withCredit: grace!.withCredit }, profile.billing),
            payBy: decision.graceEndsOn,
            referenceNumber: first.referenceNumber,
          },
        },
        { householdId: e.householdId, dedupeKey: `termination-warning:${grace!.id}`, now },
      );
      return 'warn';
    }
    case 'terminate': {
      const unpaid = invoiceStates.filter((i) => !paid(i) && i.coverageMonth <= decision.endDate).reduce((s, i) => s + (i.amountCents - i.paidCents), 0);
      await transitionEnrollment(tx, e.id, 'terminated', { reason: 'non-payment', effectiveDate: decision.endDate, actor, at: now });
      await tx.update(gracePeriods).set({ status: 'terminated', closedOn: today }).where(eq(gracePeriods.id, grace!.id));
      await voidInvoicesAfterEnd(tx, e.id, now);
      await raiseNotice(
        tx,
        { type: 'coverage-terminated', data: { terminationDate: decision.endDate, reason: 'non-payment', unpaidCents: unpaid } },
        { householdId: e.householdId, dedupeKey: `coverage-terminated:${grace!.id}`, now },
      );
      return 'terminate';
    }
    case 'cancel-binder': {
      const binder = byId.get(decision.invoiceId)!;
      const dueDate = effectiveDueDate(binder, { outages: c.outages, timeZone: tz, asOf: now }, profile.billing);
      await transitionEnrollment(tx, e.id, 'cancelled', { reason: 'binder-not-paid', effectiveDate: e.coverageStart, actor, at: now });
      await voidInvoicesAfterEnd(tx, e.id, now);
      await raiseNotice(
        tx,
        {
          type: 'binder-cancelled',
          data: { coverageStart: e.coverageStart, binderDueDate: dueDate, binderAmountCents: binder.amountCents - binder.paidCents, referenceNumber: binder.referenceNumber },
        },
        { householdId: e.householdId, dedupeKey: `binder-cancelled:${e.id}`, now },
      );
      return 'cancel-binder';
    }
    case 'hold-for-review': {
      const days = outageDates(decision.windowStart, decision.windowEnd, c.outages, tz, now);
      const channels = [...new Set(c.outages.filter((o) => localDate(o.start, tz) <= decision.windowEnd && localDate(o.end ?? now, tz) >= decision.windowStart).map((o) => o.capability))];
      const [review] = await tx
        .insert(reviews)
        .values({
          enrollmentId: e.id,
          householdId: e.householdId,
          gracePeriodId: grace?.id ?? null,
          invoiceId: decision.kind === 'cancellation' ? (invoiceStates.find((i) => i.kind === 'binder')?.id ?? null) : null,
          kind: decision.kind,
          proposedEndDate: decision.endDate,
          windowStart: decision.windowStart,
          windowEnd: decision.windowEnd,
          outageDays: days.size,
          channels,
          createdAt: now,
        })
        .onConflictDoNothing()
        .returning({ id: reviews.id });
      if (review) {
        await recordAudit(tx, {
          actor: c.actor,
          actorKind: 'schedule',
          action: `billing.${decision.kind}.held-for-review`,
          objectType: 'enrollment',
          objectId: e.id,
          details: { reviewId: review.id, householdId: e.householdId, outageDays: days.size, channels, windowStart: decision.windowStart, windowEnd: decision.windowEnd },
          at: now,
        });
      }
      return 'hold-for-review';
    }
  }
}

/** Enrollments whose standing may change today: in grace, or with an unpaid invoice past its due date. */
export async function enrollmentsToCheck(tx: Tx, today: IsoDate): Promise<string[]> {
  const rows = await tx.execute<{ id: string }>(sql`
    SELECT e.id FROM enrollments e WHERE e.status = 'in-grace'
    UNION
    SELECT i.enrollment_id FROM billing_invoices i JOIN enrollments e ON e.id = i.enrollment_id
     WHERE i.status = 'open' AND i.due_date < ${today} AND e.status IN ('pending-binder', 'effectuated')
    UNION
    SELECT i.enrollment_id FROM billing_invoices i JOIN enrollments e ON e.id = i.enrollment_id
     WHERE e.status = 'pending-binder' AND i.kind = 'binder' AND i.status = 'paid'`);
  return rows.rows.map((r) => r.id);
}
