/**
 * Partial months on the real database (docs/adr/0065): a coverage start
 * inside a month is billed for its days, by the binder and by the billing
 * run alike; coverage that ends inside a month is billed to its end, later
 * bills are cancelled and what was paid on them is credit; the 820 remits
 * the prorated month; a month split between two enrollments adds up.
 */
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/support/database.js';
import { remittanceLines } from '../carriers/remittance-lines.js';
import { enrollments } from '../enrollment/schema.js';
import { createEnrollment, createHousehold } from '../enrollment/testing.js';
import { transitionEnrollment } from '../enrollment/transition-enrollment.js';
import { creditBalance } from '../payments/apply-credit.js';
import { importLockbox } from '../payments/import-lockbox.js';
import type { Database } from '../platform/database.js';
import { vermont } from '../states/vt.js';
import { createBinderInvoice } from './create-binder-invoice.js';
import { invoiceAmounts } from './proration.js';
import { rebillHousehold } from './rebill-enrollment.js';
import { runBilling } from './run-billing.js';
import { invoices } from './schema.js';
import { voidInvoicesAfterEnd } from './void-invoices-after-end.js';

let database: Database & { drop(): Promise<void> };
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => database?.drop());

const at = (iso: string) => new Date(`${iso}T15:00:00Z`);
const system = { id: 'test', kind: 'system' as const };
const monthly = { grossPremiumCents: 60_000, aptcCents: 30_000, stateAssistanceCents: 5_000 };

async function enrolled(opts: { coverageStart: string; coverageEnd?: string; status?: 'pending-binder' | 'effectuated' }) {
  const { household } = await createHousehold(database.db);
  const planYear = Number(opts.coverageStart.slice(0, 4));
  const enrollment = await createEnrollment(database.db, {
    householdId: household.id,
    ...monthly,
    planYear,
    coverageStart: opts.coverageStart,
    coverageEnd: opts.coverageEnd,
    status: opts.status ?? 'pending-binder',
  });
  return { household, enrollment };
}

async function invoiceFor(enrollmentId: string, month: string) {
  const [row] = await database.db
    .select()
    .from(invoices)
    .where(and(eq(invoices.enrollmentId, enrollmentId), eq(invoices.coverageMonth, month)));
  return row!;
}

let lockboxSeq = 0;
async function mailCheck(reference: string, cents: number, now: Date) {
  lockboxSeq++;
  const dollars = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
  const content = `batch_id,sequence,deposit_date,check_number,amount,reference_number,payer_name\nP${lockboxSeq},1,${now.toISOString().slice(0, 10)},${lockboxSeq},${dollars},${reference},Payer`;
  return importLockbox(database.db, { now, profile: vermont }, { fileName: `p${lockboxSeq}.csv`, content, actor: system });
}

/** Money in equals money on bills plus credit, for one household. */
async function conserved(householdId: string) {
  const r = await database.db.execute<{ paid: number; on_bills: number; credit: number }>(sql`
    SELECT (SELECT coalesce(sum(a.cents), 0)::int FROM payment_allocations a JOIN payments p ON p.id = a.payment_id WHERE p.household_id = ${householdId}) AS paid,
           (SELECT coalesce(sum(paid_cents), 0)::int FROM billing_invoices WHERE household_id = ${householdId}) AS on_bills,
           (SELECT coalesce(sum(a.cents), 0)::int FROM payment_allocations a JOIN payments p ON p.id = a.payment_id WHERE p.household_id = ${householdId} AND a.invoice_id IS NULL) AS credit`);
  const row = r.rows[0]!;
  expect(row.paid).toBe(row.on_bills + row.credit);
  const net = await database.db.execute<{ n: number }>(
    sql`SELECT coalesce(sum(amount_cents - refunded_cents), 0)::int AS n FROM payments WHERE household_id = ${householdId} AND status = 'succeeded'`,
  );
  expect(row.paid).toBe(net.rows[0]!.n);
  return row;
}

describe('coverage that starts inside a month', () => {
  it('the binder bills the covered days; the billing run bills a first month the same way, and whole months after', async () => {
    // A birth on March 15: coverage from the event date (RULES.md, special enrollment).
    const born = await enrolled({ coverageStart: '2026-03-15' });
    const binder = await database.db.transaction((tx) => createBinderInvoice(tx, { enrollmentId: born.enrollment.id, now: at('2026-03-20'), profile: vermont, actor: system }));
    // 17 of 31 days: $600 → $329.03, credit $300 → $164.52, state help ($350 in all → $191.94) $27.42; owed $137.09.
    expect(binder).toMatchObject({
      kind: 'binder',
      coverageMonth: '2026-03-01',
      coveredDays: 17,
      grossPremiumCents: 32_903,
      aptcCents: 16_452,
      stateAssistanceCents: 2_742,
      amountCents: 13_709,
      dueDate: '2026-04-14',
    });

    // Another enrollment from the same day, billed only by the run: the SQL gives the same cents.
    const other = await enrolled({ coverageStart: '2026-03-15' });
    await runBilling(database.db, { month: '2026-03-01', now: at('2026-03-20'), profile: vermont });
    const byRun = await invoiceFor(other.enrollment.id, '2026-03-01');
    expect(byRun).toMatchObject({ kind: 'binder', coveredDays: 17, grossPremiumCents: 32_903, aptcCents: 16_452, stateAssistanceCents: 2_742, amountCents: 13_709 });
    expect(await database.db.select().from(invoices).where(eq(invoices.enrollmentId, born.enrollment.id))).toHaveLength(1);

    await runBilling(database.db, { month: '2026-04-01', now: at('2026-03-05'), profile: vermont });
    expect(await invoiceFor(born.enrollment.id, '2026-04-01')).toMatchObject({ kind: 'monthly', coveredDays: null, grossPremiumCents: 60_000, amountCents: 25_000 });
  });

  it('the billing run agrees with the pure rule for every start day and every end day of a month', async () => {
    const days = Array.from({ length: 29 }, (_, i) => `2028-02-${String(i + 1).padStart(2, '0')}`);
    const made = [];
    for (const day of days) {
      made.push({ coverageStart: day, coverageEnd: '2028-12-31', ...(await enrolled({ coverageStart: day })) });
      made.push({ coverageStart: '2028-01-01', coverageEnd: day, ...(await enrolled({ coverageStart: '2028-01-01', coverageEnd: day, status: 'effectuated' })) });
    }
    await runBilling(database.db, { month: '2028-02-01', now: at('2028-01-05'), profile: vermont });
    for (const m of made) {
      const inv = await invoiceFor(m.enrollment.id, '2028-02-01');
      const want = invoiceAmounts(monthly, '2028-02-01', m);
      expect({ gross: inv.grossPremiumCents, aptc: inv.aptcCents, state: inv.stateAssistanceCents, amount: inv.amountCents, days: inv.coveredDays ?? 29 }).toEqual({
        gross: want.grossPremiumCents,
        aptc: want.aptcCents,
        state: want.stateAssistanceCents,
        amount: want.amountCents,
        days: want.coveredDays,
      });
    }
  });
});

describe('coverage that ends inside a month', () => {
  it('bills the month to the end date, cancels later months, keeps what was paid as credit; the 820 remits the prorated month', async () => {
    const { household, enrollment } = await enrolled({ coverageStart: '2026-01-01', status: 'effectuated' });
    await runBilling(database.db, { month: '2026-02-01', now: at('2026-01-05'), profile: vermont });
    await runBilling(database.db, { month: '2026-03-01', now: at('2026-02-05'), profile: vermont });
    await mailCheck((await invoiceFor(enrollment.id, '2026-02-01')).referenceNumber, 25_000, at('2026-01-20'));
    await mailCheck((await invoiceFor(enrollment.id, '2026-03-01')).referenceNumber, 25_000, at('2026-02-20'));

    // The enrollee died on February 10: coverage ends that day.
    await database.db.transaction(async (tx) => {
      await transitionEnrollment(tx, enrollment.id, 'terminated', { reason: 'death', effectiveDate: '2026-02-10', actor: system, at: at('2026-02-25') });
      await voidInvoicesAfterEnd(tx, enrollment.id, at('2026-02-25'));
    });
    // 10 of 28 days: $600 → $214.29, credit $107.14, state help $17.86 ($125.00 of help in all); owed $89.29.
    const feb = await invoiceFor(enrollment.id, '2026-02-01');
    expect(feb).toMatchObject({ coveredDays: 10, grossPremiumCents: 21_429, aptcCents: 10_714, stateAssistanceCents: 1_786, amountCents: 8_929, paidCents: 8_929, status: 'paid' });
    expect(await invoiceFor(enrollment.id, '2026-03-01')).toMatchObject({ status: 'void', paidCents: 0 });
    expect(await creditBalance(database.db, household.id)).toBe(25_000 - 8_929 + 25_000);
    await conserved(household.id);

    // Doing it again changes nothing.
    await database.db.transaction((tx) => voidInvoicesAfterEnd(tx, enrollment.id, at('2026-02-26')));
    expect(await creditBalance(database.db, household.id)).toBe(41_071);

    const [line] = (await remittanceLines(database.db, enrollment.carrierHiosId, '2026-02')).filter((l) => l.policyNumber === enrollment.policyNumber);
    expect(line).toMatchObject({ premiumCents: 8_929, aptcCents: 10_714, stateAssistanceCents: 1_786 });
  });

  it('a month split between a plan that ends and the plan that starts the next day adds up to the whole month within a cent, and the credit the first leaves pays the second', async () => {
    const { household, enrollment: first } = await enrolled({ coverageStart: '2026-01-01', status: 'effectuated' });
    await runBilling(database.db, { month: '2026-03-01', now: at('2026-02-05'), profile: vermont });
    await mailCheck((await invoiceFor(first.id, '2026-03-01')).referenceNumber, 25_000, at('2026-02-20'));

    // A baby born March 12: the family's new plan starts that day and the old one ends the day before.
    const now = at('2026-03-20');
    const second = await database.db.transaction(async (tx) => {
      await transitionEnrollment(tx, first.id, 'terminated', { reason: 'plan-change', effectiveDate: '2026-03-11', actor: system, at: now });
      const e = await createEnrollment(tx, { householdId: household.id, ...monthly, coverageStart: '2026-03-12', at: now });
      // What billing does on `enrollment-selected` (module.tsx).
      await rebillHousehold(tx, household.id, { now, except: e.id });
      await createBinderInvoice(tx, { enrollmentId: e.id, now, profile: vermont, actor: system });
      return e;
    });
    const a = await invoiceFor(first.id, '2026-03-01');
    const b = await invoiceFor(second.id, '2026-03-01');
    expect([a.coveredDays, b.coveredDays]).toEqual([11, 20]);
    for (const [part1, part2, whole] of [
      [a.grossPremiumCents, b.grossPremiumCents, 60_000],
      [a.aptcCents, b.aptcCents, 30_000],
      [a.stateAssistanceCents, b.stateAssistanceCents, 5_000],
      [a.amountCents, b.amountCents, 25_000],
    ] as const) {
      expect(Math.abs(part1 + part2 - whole)).toBeLessThanOrEqual(1);
    }
    // March was paid in full under the old plan: the new plan's binder is paid from the credit, and it is in force at once.
    expect(b.paidCents).toBe(b.amountCents);
    expect(a.paidCents + b.paidCents + (await creditBalance(database.db, household.id))).toBe(25_000);
    const [e] = await database.db.select().from(enrollments).where(eq(enrollments.id, second.id));
    expect(e!.status).toBe('effectuated');
    await conserved(household.id);
  });
});
