import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/support/database.js';
import { setCapabilityStatus } from '../capabilities/set-capability-status.js';
import { enrollments, enrollmentTransitions } from '../enrollment/schema.js';
import { createEnrollment, createHousehold } from '../enrollment/testing.js';
import { noticeMessages, noticeRecipients } from '../notices/schema.js';
import { DAY, HOUR, ManualClock } from '../platform/clock.js';
import type { Database } from '../platform/database.js';
import { importLockbox } from '../payments/import-lockbox.js';
import { vermont } from '../states/vt.js';
import { checkDelinquency } from './check-delinquency.js';
import { createBinderInvoice } from './create-binder-invoice.js';
import { decideReview } from './decide-review.js';
import { enqueueNoticeSink } from './notice-sink.js';
import { setNoticeSink } from './notify.js';
import { referenceNumber } from './reference-number.js';
import { reinstateEnrollment } from './reinstate-enrollment.js';
import { queueReminders } from './queue-reminders.js';
import { runBilling } from './run-billing.js';
import { gracePeriods, invoices, reviews } from './schema.js';

let database: Database & { drop(): Promise<void> };
beforeAll(async () => {
  database = await openTestDatabase();
  setNoticeSink(enqueueNoticeSink(vermont.timeZone));
});
afterAll(async () => {
  setNoticeSink(null);
  await database?.drop();
});

const at = (iso: string) => new Date(`${iso}T15:00:00Z`);

async function enrolled(opts: { aptcCents: number; coverageStart?: string }) {
  const { household } = await createHousehold(database.db);
  const enrollment = await createEnrollment(database.db, {
    householdId: household.id,
    grossPremiumCents: 60_000,
    aptcCents: opts.aptcCents,
    stateAssistanceCents: 5_000,
    coverageStart: opts.coverageStart ?? '2026-01-01',
  });
  return { household, enrollment };
}

let lockboxSeq = 0;
async function mailCheck(reference: string, cents: number, now: Date) {
  lockboxSeq++;
  const dollars = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
  const content = `batch_id,sequence,deposit_date,check_number,amount,reference_number,payer_name\nT${lockboxSeq},1,${now.toISOString().slice(0, 10)},${lockboxSeq},${dollars},${reference},Payer`;
  return importLockbox(database.db, { now, profile: vermont }, { fileName: `t${lockboxSeq}.csv`, content, actor: { id: 'test', kind: 'system' } });
}

async function invoiceFor(enrollmentId: string, month: string) {
  const [row] = await database.db
    .select()
    .from(invoices)
    .where(and(eq(invoices.enrollmentId, enrollmentId), eq(invoices.coverageMonth, month)));
  return row!;
}

async function noticeTypes(householdId: string): Promise<string[]> {
  const rows = await database.db
    .select({ type: noticeMessages.type })
    .from(noticeMessages)
    .innerJoin(noticeRecipients, eq(noticeRecipients.id, noticeMessages.recipientId))
    .where(eq(noticeRecipients.householdId, householdId));
  return [...new Set(rows.map((r) => r.type))].sort();
}

/** Runs the daily check (and the monthly run on the 5th) each day until `until`. */
async function liveUntil(clock: ManualClock, until: string, onDay?: (day: string) => Promise<void>) {
  while (clock.now().toISOString().slice(0, 10) < until) {
    clock.advance(DAY);
    const day = clock.now().toISOString().slice(0, 10);
    if (day.endsWith('-05'))
      await runBilling(database.db, {
        month: `${day.slice(0, 7)}-01`.replace(/^(\d{4})-(\d{2})/, (_m, y, mo) => (mo === '12' ? `${Number(y) + 1}-01` : `${y}-${String(Number(mo) + 1).padStart(2, '0')}`)),
        now: clock.now(),
        profile: vermont,
      });
    await queueReminders(database.db, { now: clock.now(), profile: vermont });
    await checkDelinquency(database.db, { now: clock.now(), profile: vermont });
    await onDay?.(day);
  }
}

describe('reference numbers', () => {
  it('the database makes the same check digits as the code', async () => {
    const r = await database.db.execute<{ n: number; ref: string }>(sql`SELECT n, billing_reference(n) AS ref FROM generate_series(1, 3000, 7) AS n`);
    for (const row of r.rows) expect(row.ref).toBe(referenceNumber(row.n));
  });
});

describe('the billing run', () => {
  it('makes one invoice per active enrollment net of the credit and state help, and nothing more when run again', async () => {
    const { enrollment } = await enrolled({ aptcCents: 30_000 });
    const { household: h2 } = await createHousehold(database.db);
    const cancelled = await createEnrollment(database.db, { householdId: h2.id, status: 'cancelled' });
    const now = at('2026-02-04');
    const first = await runBilling(database.db, { month: '2026-03-01', now, profile: vermont, chunkSize: 3 });
    const again = await runBilling(database.db, { month: '2026-03-01', now, profile: vermont, chunkSize: 3 });
    expect(first.invoicesCreated).toBeGreaterThanOrEqual(1);
    expect(again.invoicesCreated).toBe(0);
    const inv = await invoiceFor(enrollment.id, '2026-03-01');
    expect(inv).toMatchObject({ kind: 'monthly', amountCents: 25_000, aptcCents: 30_000, stateAssistanceCents: 5_000, dueDate: '2026-02-23', status: 'open' });
    expect(await database.db.select().from(invoices).where(eq(invoices.enrollmentId, cancelled.id))).toEqual([]);
    expect(await noticeTypes(enrollment.householdId)).toEqual(['invoice-ready']);
  });

  it('queues the reminder a week before the due date, once, and none for a bill already paid', async () => {
    const unpaid = await enrolled({ aptcCents: 30_000 });
    const paidEarly = await enrolled({ aptcCents: 30_000 });
    await runBilling(database.db, { month: '2026-03-01', now: at('2026-02-04'), profile: vermont });
    await mailCheck((await invoiceFor(paidEarly.enrollment.id, '2026-03-01')).referenceNumber, 25_000, at('2026-02-10'));
    expect(await queueReminders(database.db, { now: at('2026-02-15'), profile: vermont })).toBe(0);
    expect(await queueReminders(database.db, { now: at('2026-02-16'), profile: vermont })).toBeGreaterThanOrEqual(1);
    expect(await queueReminders(database.db, { now: at('2026-02-17'), profile: vermont })).toBe(0);
    expect(await noticeTypes(unpaid.household.id)).toEqual(['invoice-ready', 'payment-reminder']);
    expect(await noticeTypes(paidEarly.household.id)).toEqual(['invoice-ready', 'payment-received']);
    const [reminder] = await database.db
      .select({ data: noticeMessages.data })
      .from(noticeMessages)
      .innerJoin(noticeRecipients, eq(noticeRecipients.id, noticeMessages.recipientId))
      .where(and(eq(noticeRecipients.householdId, unpaid.household.id), eq(noticeMessages.type, 'payment-reminder')));
    expect(reminder!.data).toMatchObject({ dueDate: '2026-02-23', amountDueCents: 25_000 });
  });
});

describe('grace period and termination for non-payment', () => {
  it('an enrollee with a credit who stops paying: grace from March, warned, terminated on June 1 with coverage ending March 31', async () => {
    const clock = new ManualClock(at('2025-12-10'));
    const { household, enrollment } = await enrolled({ aptcCents: 30_000 });
    const binder = await database.db.transaction((tx) => createBinderInvoice(tx, { enrollmentId: enrollment.id, now: clock.now(), profile: vermont, actor: { id: 'test', kind: 'system' } }));
    expect(binder).toMatchObject({ kind: 'binder', amountCents: 25_000, dueDate: '2026-01-31' });
    await mailCheck(binder.referenceNumber, 25_000, clock.now());
    const [effectuated] = await database.db.select().from(enrollments).where(eq(enrollments.id, enrollment.id));
    expect(effectuated!.status).toBe('effectuated');

    const statusOn: Record<string, string> = {};
    await liveUntil(clock, '2026-06-03', async (day) => {
      if (day === '2026-01-15') await mailCheck((await invoiceFor(enrollment.id, '2026-02-01')).referenceNumber, 25_000, clock.now());
      const [e] = await database.db.select({ status: enrollments.status }).from(enrollments).where(eq(enrollments.id, enrollment.id));
      statusOn[day] = e!.status;
    });
    expect(statusOn['2026-02-23']).toBe('effectuated');
    expect(statusOn['2026-02-24']).toBe('in-grace');
    expect(statusOn['2026-05-31']).toBe('in-grace');
    expect(statusOn['2026-06-01']).toBe('terminated');

    const transitions = await database.db.select().from(enrollmentTransitions).where(eq(enrollmentTransitions.enrollmentId, enrollment.id)).orderBy(enrollmentTransitions.id);
    expect(transitions.map((t) => [t.kind, t.effectiveDate, t.at.toISOString().slice(0, 10)])).toEqual([
      ['created', '2026-01-01', expect.any(String)],
      ['effectuation', '2026-01-01', '2025-12-10'],
      ['grace-start', '2026-03-01', '2026-02-24'],
      ['termination', '2026-03-31', '2026-06-01'],
    ]);
    const [e] = await database.db.select().from(enrollments).where(eq(enrollments.id, enrollment.id));
    expect(e).toMatchObject({ status: 'terminated', coverageEnd: '2026-03-31', endReason: 'non-payment' });
    const [grace] = await database.db.select().from(gracePeriods).where(eq(gracePeriods.enrollmentId, enrollment.id));
    expect(grace).toMatchObject({ firstMonth: '2026-03-01', months: 3, withCredit: true, warnedOn: '2026-05-17', status: 'terminated' });
    // April, May and June are not owed once coverage ended in March.
    expect((await invoiceFor(enrollment.id, '2026-04-01')).status).toBe('void');
    expect(await noticeTypes(household.id)).toEqual(['coverage-terminated', 'grace-period-started', 'invoice-ready', 'payment-received', 'payment-reminder', 'termination-warning']);

    // A supervisor reinstates it (say the person's check was in the mail in time): in force again, the bills owed again.
    const supervisor = await database.db.execute<{ id: string }>(
      sql`INSERT INTO accounts (kind, email, password_hash, first_name) VALUES ('staff', ${`sup-r-${enrollment.id}@example.test`}, 'x', 'Sup') RETURNING id`,
    );
    await database.db.transaction((tx) =>
      reinstateEnrollment(tx, { enrollmentId: enrollment.id, householdId: household.id, supervisorId: supervisor.rows[0]!.id, now: clock.now(), timeZone: vermont.timeZone }),
    );
    const [back] = await database.db.select().from(enrollments).where(eq(enrollments.id, enrollment.id));
    expect(back).toMatchObject({ status: 'effectuated', coverageEnd: '2026-12-31', endReason: null });
    expect((await invoiceFor(enrollment.id, '2026-04-01')).status).toBe('open');
    await expect(
      database.db.transaction((tx) =>
        reinstateEnrollment(tx, { enrollmentId: enrollment.id, householdId: household.id, supervisorId: supervisor.rows[0]!.id, now: clock.now(), timeZone: vermont.timeZone }),
      ),
    ).rejects.toMatchObject({ name: 'conflict' });
  });

  it('paying during the grace period cures it', async () => {
    const clock = new ManualClock(at('2026-02-04'));
    const { enrollment } = await enrolled({ aptcCents: 30_000, coverageStart: '2026-02-01' });
    await database.db.update(enrollments).set({ status: 'effectuated' }).where(eq(enrollments.id, enrollment.id));
    await runBilling(database.db, { month: '2026-02-01', now: clock.now(), profile: vermont });
    const feb = await invoiceFor(enrollment.id, '2026-02-01');
    await mailCheck(feb.referenceNumber, 25_000, clock.now());
    await liveUntil(clock, '2026-03-10');
    const [inGrace] = await database.db.select().from(enrollments).where(eq(enrollments.id, enrollment.id));
    expect(inGrace!.status).toBe('in-grace');
    // 95 % of March's premium counts as paid in full.
    await mailCheck((await invoiceFor(enrollment.id, '2026-03-01')).referenceNumber, 23_750, clock.now());
    const [cured] = await database.db.select().from(enrollments).where(eq(enrollments.id, enrollment.id));
    expect(cured!.status).toBe('effectuated');
  });

  it('an outage of a payment channel in the grace period holds the termination until a supervisor releases it', async () => {
    const clock = new ManualClock(at('2026-02-04'));
    const { enrollment } = await enrolled({ aptcCents: 30_000, coverageStart: '2026-02-01' });
    await database.db.update(enrollments).set({ status: 'effectuated' }).where(eq(enrollments.id, enrollment.id));
    await runBilling(database.db, { month: '2026-02-01', now: clock.now(), profile: vermont });
    await mailCheck((await invoiceFor(enrollment.id, '2026-02-01')).referenceNumber, 25_000, clock.now());
    const statusOn: Record<string, string> = {};
    await liveUntil(clock, '2026-06-05', async (day) => {
      if (day === '2026-05-20') {
        const by = { kind: 'system' as const, id: 'test' };
        await database.db.transaction((tx) =>
          setCapabilityStatus(tx, {
            capability: 'online-payment',
            status: 'down',
            reasonEn: 'Payment processor outage',
            expectedEnd: new Date(clock.now().getTime() + 4 * HOUR),
            by,
            now: clock.now(),
          }),
        );
        await database.db.transaction((tx) =>
          setCapabilityStatus(tx, { capability: 'online-payment', status: 'operational', reasonEn: 'Restored', by, now: new Date(clock.now().getTime() + 2 * HOUR) }),
        );
      }
      const [e] = await database.db.select({ status: enrollments.status }).from(enrollments).where(eq(enrollments.id, enrollment.id));
      statusOn[day] = e!.status;
    });
    // One outage day: the grace period ends June 1 instead of May 31, and then the termination waits for a supervisor.
    expect(statusOn['2026-06-01']).toBe('in-grace');
    expect(statusOn['2026-06-04']).toBe('in-grace');
    const [held] = await database.db.select().from(reviews).where(eq(reviews.enrollmentId, enrollment.id));
    expect(held).toMatchObject({ status: 'pending', kind: 'termination', proposedEndDate: '2026-03-31', windowEnd: '2026-06-01', outageDays: 1, channels: ['online-payment'] });

    const supervisor = await database.db.execute<{ id: string }>(
      sql`INSERT INTO accounts (kind, email, password_hash, first_name) VALUES ('staff', ${`sup-${held!.id}@example.test`}, 'x', 'Sup') RETURNING id`,
    );
    await expect(decideReview(database.db, { reviewId: held!.id, body: { decision: 'release', note: '' }, supervisorId: supervisor.rows[0]!.id, now: clock.now() })).rejects.toMatchObject({
      name: 'invalid-input',
    });
    await database.db.transaction((tx) =>
      decideReview(tx, { reviewId: held!.id, body: { decision: 'release', note: 'Customer had mail and phone open all period' }, supervisorId: supervisor.rows[0]!.id, now: clock.now() }),
    );
    await checkDelinquency(database.db, { now: clock.now(), profile: vermont });
    const [e] = await database.db.select().from(enrollments).where(eq(enrollments.id, enrollment.id));
    expect(e).toMatchObject({ status: 'terminated', coverageEnd: '2026-03-31' });
  });
});
