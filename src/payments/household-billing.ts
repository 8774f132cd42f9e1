/** A household's bills and payments as the pages show them (customer, call centre). */
import { and, desc, eq, inArray, isNotNull, ne, or, sql } from 'drizzle-orm';
import { localDate } from '../billing/dates.js';
import { effectiveDueDate, graceStanding, type GraceStanding } from '../billing/grace.js';
import { loadChannelOutages } from '../billing/load-outages.js';
import { gracePeriods, invoices } from '../billing/schema.js';
import { carriers, plans as catalogPlans } from '../catalog/schema.js';
import { enrollments, households } from '../enrollment/schema.js';
import type { Tx } from '../platform/database.js';
import type { StateProfile } from '../states/profile.js';
import { callNotes, payments } from './schema.js';

export interface HouseholdBilling {
  householdId: string;
  caseNumber: string;
  /** `planName` is the plan's name and its carrier's, as people know them ("MVP VT Standard Silver (MVP Health Care)"); the plan id when the catalog has no such plan. */
  enrollments: Array<{
    id: string;
    status: string;
    planHiosId: string;
    planVariant: string;
    planName: string;
    coverageStart: string;
    coverageEnd: string;
    netPremiumCents: number;
    aptcCents: number;
    stateAssistanceCents: number;
    grossPremiumCents: number;
  }>;
  invoices: Array<{
    id: string;
    referenceNumber: string;
    coverageMonth: string;
    kind: string;
    amountCents: number;
    paidCents: number;
    /** Of `paidCents`, what the household's credit paid. */
    creditAppliedCents: number;
    /** Days billed when coverage starts or ends inside the month; null for a whole month. */
    coveredDays: number | null;
    dueDate: string;
    effectiveDueDate: string;
    status: string;
  }>;
  /** Owed on open invoices, less credit not yet applied and less payments still being processed: what is left to pay. */
  amountDueCents: number;
  /** Payments on their way (a bank payment being processed, a card charge awaiting the processor's word): not yet applied, not to be paid again. */
  inFlightCents: number;
  inFlight: Array<{ id: string; amountCents: number; method: string | null; last4: string | null; createdAt: Date }>;
  creditCents: number;
  /** The oldest invoice still owing: what the pay button pays first; `pastDue` when its (outage-moved) due date has gone by. */
  next: { invoiceId: string; referenceNumber: string; owedCents: number; dueDate: string; pastDue: boolean } | null;
  /** Each enrollment in a grace period for non-payment: the last day to pay, the total, and what happens if it is not paid. */
  graces: Array<GraceStanding & { enrollmentId: string }>;
  payments: Array<{
    id: string;
    createdAt: Date;
    channel: string;
    method: string | null;
    last4: string | null;
    checkNumber: string | null;
    amountCents: number;
    refundedCents: number;
    status: string;
    receivedOn: string | null;
  }>;
}

export async function householdBilling(tx: Tx, householdId: string, c: { now: Date; profile: StateProfile }): Promise<HouseholdBilling | null> {
  const [h] = await tx.select({ id: households.id, caseNumber: households.caseNumber }).from(households).where(eq(households.id, householdId));
  if (!h) return null;
  const es = await tx.select().from(enrollments).where(eq(enrollments.householdId, householdId)).orderBy(desc(enrollments.coverageStart));
  const names = es.length
    ? await tx
        .select({ planYear: catalogPlans.planYear, planId: catalogPlans.planId, name: catalogPlans.name, carrier: carriers.name })
        .from(catalogPlans)
        .leftJoin(carriers, eq(carriers.issuerId, catalogPlans.issuerId))
        .where(inArray(catalogPlans.planId, [...new Set(es.map((e) => `${e.planHiosId}-${e.planVariant}`))]))
    : [];
  const planName = (e: (typeof es)[number]) => {
    const n = names.find((p) => p.planYear === e.planYear && p.planId === `${e.planHiosId}-${e.planVariant}`);
    return n ? (n.carrier ? `${n.name} (${n.carrier})` : n.name) : `${e.planHiosId}-${e.planVariant}`;
  };
  const inv = await tx
    .select()
    .from(invoices)
    .where(and(eq(invoices.householdId, householdId), ne(invoices.status, 'void')))
    .orderBy(desc(invoices.coverageMonth));
  const outages = await loadChannelOutages(tx, c.profile.billing.outageChannels);
  const ctx = { outages, timeZone: c.profile.timeZone, asOf: c.now };
  const fromCredit = inv.length
    ? await tx.execute<{ invoice_id: string; cents: number }>(sql`
        SELECT invoice_id, sum(cents)::int AS cents FROM payment_allocations
         WHERE kind = 'credit' AND invoice_id = ANY(${sql.param(inv.map((i) => i.id))}::uuid[])
         GROUP BY invoice_id`)
    : { rows: [] };
  const creditOf = new Map(fromCredit.rows.map((r) => [r.invoice_id, Math.max(0, r.cents)]));
  const view = inv.map((i) => ({
    id: i.id,
    referenceNumber: i.referenceNumber,
    coverageMonth: i.coverageMonth,
    kind: i.kind,
    amountCents: i.amountCents,
    paidCents: i.paidCents,
    creditAppliedCents: creditOf.get(i.id) ?? 0,
    coveredDays: i.coveredDays,
    dueDate: i.dueDate,
    effectiveDueDate: effectiveDueDate(i, ctx, c.profile.billing),
    status: i.status,
  }));
  const [credit] = await tx
    .execute<{ cents: number }>(
      sql`SELECT coalesce(sum(a.cents), 0)::int AS cents FROM payment_allocations a JOIN payments p ON p.id = a.payment_id WHERE p.household_id = ${householdId} AND a.invoice_id IS NULL`,
    )
    .then((r) => r.rows);
  const owing = view.filter((i) => i.status === 'open').sort((a, b) => a.coverageMonth.localeCompare(b.coverageMonth));
  const owed = owing.reduce((s, i) => s + i.amountCents - i.paidCents, 0);
  const creditCents = credit?.cents ?? 0;
  const first = owing[0];
  const inGrace = es.filter((e) => e.status === 'in-grace');
  const open = inGrace.length
    ? await tx
        .select()
        .from(gracePeriods)
        .where(
          and(
            inArray(
              gracePeriods.enrollmentId,
              inGrace.map((e) => e.id),
            ),
            eq(gracePeriods.status, 'open'),
          ),
        )
    : [];
  const today = localDate(c.now, c.profile.timeZone);
  const graces = open.map((g) => {
    const e = inGrace.find((x) => x.id === g.enrollmentId)!;
    const standing = graceStanding({ today, grace: g, invoices: inv.filter((i) => i.enrollmentId === e.id), coverageEnd: e.coverageEnd, ...ctx }, c.profile.billing);
    return { enrollmentId: e.id, ...standing };
  });
  const pays = await tx
    .select()
    .from(payments)
    .where(and(eq(payments.householdId, householdId), ne(payments.status, 'created')))
    .orderBy(desc(payments.createdAt))
    .limit(50);
  const flying = await inFlightPayments(tx, householdId);
  const inFlightCents = flying.reduce((s, p) => s + p.amountCents, 0);
  return {
    householdId,
    caseNumber: h.caseNumber,
    enrollments: es.map((e) => ({
      id: e.id,
      status: e.status,
      planHiosId: e.planHiosId,
      planVariant: e.planVariant,
      planName: planName(e),
      coverageStart: e.coverageStart,
      coverageEnd: e.coverageEnd,
      netPremiumCents: e.netPremiumCents,
      aptcCents: e.aptcCents,
      stateAssistanceCents: e.stateAssistanceCents,
      grossPremiumCents: e.grossPremiumCents,
    })),
    invoices: view,
    amountDueCents: Math.max(0, owed - creditCents - inFlightCents),
    inFlightCents,
    inFlight: flying,
    creditCents,
    graces,
    next: first
      ? { invoiceId: first.id, referenceNumber: first.referenceNumber, owedCents: first.amountCents - first.paidCents, dueDate: first.effectiveDueDate, pastDue: first.effectiveDueDate < today }
      : null,
    payments: pays.map((p) => ({
      id: p.id,
      createdAt: p.createdAt,
      channel: p.channel,
      method: p.method,
      last4: p.last4,
      checkNumber: p.checkNumber,
      amountCents: p.amountCents,
      refundedCents: p.refundedCents,
      status: p.status,
      receivedOn: p.receivedOn,
    })),
  };
}

/**
 * A household's payments in flight: charged at the processor but not yet
 * settled (a bank payment being processed), or charged and awaiting the
 * processor's word (a charge id with no outcome yet). Their money is not yet
 * applied to the bills, but it is on its way: the pages do not ask for it again.
 */
export async function inFlightPayments(tx: Tx, householdId: string) {
  return tx
    .select({ id: payments.id, amountCents: payments.amountCents, method: payments.method, last4: payments.last4, createdAt: payments.createdAt })
    .from(payments)
    .where(and(eq(payments.householdId, householdId), or(eq(payments.status, 'pending'), and(eq(payments.status, 'created'), isNotNull(payments.processorChargeId)))))
    .orderBy(desc(payments.createdAt));
}

export async function householdNotes(tx: Tx, householdId: string) {
  return tx.select().from(callNotes).where(eq(callNotes.householdId, householdId)).orderBy(desc(callNotes.createdAt)).limit(20);
}
