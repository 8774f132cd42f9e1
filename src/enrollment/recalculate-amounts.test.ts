/**
 * A reported change that changes the determination changes the active
 * enrollment's credit from the first of the next month (docs/adr/0067), on
 * the whole exchange: the amounts are dated and audited, the bills from that
 * month follow (money a lowered bill no longer needs is credit, applied to
 * the next bill), the day's 834 carries the change with the new amounts, and
 * the customer's coverage page shows the new amount and when it starts, in
 * English and Spanish.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/support/app.js';
import { signedIn } from '../accounts/testing.js';
import { auditLog } from '../audit/schema.js';
import { checkDelinquency } from '../billing/check-delinquency.js';
import { runBilling } from '../billing/run-billing.js';
import { invoices } from '../billing/schema.js';
import { dailyMaintenance } from '../carriers/carrier-data.js';
import { build834, parse834 } from '../carriers/edi-834.js';
import { loadVermont2026Catalog } from '../catalog/seed-vermont-2026.js';
import { importLockbox } from '../payments/import-lockbox.js';
import { ManualClock } from '../platform/clock.js';
import { formatDate, formatMoney } from '../web/i18n.js';
import { personSchema } from './forms.js';
import { saveAddress } from './save-address.js';
import { saveIncome } from './save-income.js';
import { saveMember } from './save-member.js';
import { enrollmentAmounts, enrollments, enrollmentTransitions } from './schema.js';
import { selectPlan } from './select-plan.js';
import { startApplication } from './start-application.js';
import { submitApplication } from './submit-application.js';
import { formClient } from './test-client.js';

let t: TestApp;
const clock = new ManualClock(new Date('2025-12-01T15:00:00Z'));
beforeAll(async () => {
  t = await startTestApp({ clock });
  await t.ctx.db.transaction((tx) => loadVermont2026Catalog(tx));
});
afterAll(async () => t?.stop());

const GOLD = '13627VT0010002-01';
let shared: { enrollmentId: string; cookie: string; lower: number; full: number } | undefined;

async function invoiceFor(enrollmentId: string, month: string) {
  const [row] = await t.ctx.db
    .select()
    .from(invoices)
    .where(and(eq(invoices.enrollmentId, enrollmentId), eq(invoices.coverageMonth, month)));
  return row!;
}

let lockboxSeq = 0;
async function mailCheck(reference: string, cents: number) {
  lockboxSeq++;
  const dollars = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
  const day = clock.now().toISOString().slice(0, 10);
  const content = `batch_id,sequence,deposit_date,check_number,amount,reference_number,payer_name\nR${lockboxSeq},1,${day},${lockboxSeq},${dollars},${reference},Payer`;
  await importLockbox(t.ctx.db, { now: clock.now(), profile: t.ctx.profile }, { fileName: `r${lockboxSeq}.csv`, content, actor: { id: 'test', kind: 'system' } });
}

describe('a reported change of income', () => {
  it('lowers what the household pays from the first of next month: dated, audited, rebilled, sent to the carrier, shown', async () => {
    const db = t.ctx.db;
    const svc = t.ctx.services.enrollment;
    const deps = { engine: svc.engine, events: svc.events, timeZone: t.ctx.profile.timeZone, profile: t.ctx.profile };
    const customer = await signedIn(db, 'customer');
    const actor = { id: customer.id, kind: 'person' as const };

    async function apply(incomeCents: number, first: boolean) {
      const at = clock.now();
      const { applicationId, householdId } = await db.transaction((tx) => startApplication(tx, { channel: 'online', planYear: 2026, customerAccountId: customer.id, state: 'VT', actor, at }));
      if (first) {
        const person = personSchema({ isPrimary: true, today: '2025-12-01', askTobacco: false }).parse({
          firstName: 'Noor',
          lastName: 'Haddad',
          dobMonth: '9',
          dobDay: '3',
          dobYear: '1984',
          sex: 'F',
          seekingCoverage: 'yes',
          citizenship: 'citizen',
          taxFiling: 'filer',
        });
        await db.transaction((tx) => saveMember(tx, { applicationId, person, dataKey: t.ctx.keys.data, actor, at }));
        await db.transaction((tx) => saveAddress(tx, { applicationId, address: { line1: '9 Pine St', line2: '', city: 'Montpelier', state: 'VT', zip: '05602', county: 'Washington' }, actor, at }));
      }
      await db.transaction((tx) => saveIncome(tx, { applicationId, annualIncomeCents: incomeCents, taxHouseholdSize: 1, actor, at }));
      await db.transaction((tx) => submitApplication(tx, deps, { applicationId, attestedBy: customer.id, actor, at }));
      return { applicationId, householdId };
    }

    // $70,000 for one person in 2026 is over 400 % of the poverty line: no credit; the whole gold premium.
    const { householdId } = await apply(7_000_000, true);
    const { enrollmentId } = await db.transaction((tx) => selectPlan(tx, deps, { householdId, plan: GOLD, actor, at: clock.now() }));
    const [before] = await db.select().from(enrollments).where(eq(enrollments.id, enrollmentId));
    expect(before).toMatchObject({ coverageStart: '2026-01-01', aptcCents: 0, stateAssistanceCents: 0 });
    const full = before!.netPremiumCents;
    await mailCheck((await invoiceFor(enrollmentId, '2026-01-01')).referenceNumber, full);

    clock.set(new Date('2026-01-05T15:00:00Z'));
    await runBilling(db, { month: '2026-02-01', now: clock.now(), profile: t.ctx.profile });
    await mailCheck((await invoiceFor(enrollmentId, '2026-02-01')).referenceNumber, full);
    expect(await invoiceFor(enrollmentId, '2026-02-01')).toMatchObject({ amountCents: full, paidCents: full, status: 'paid' });

    // January 20: the household reports its income fell to $45,000 (287 % of the poverty line).
    clock.set(new Date('2026-01-20T15:00:00Z'));
    const { applicationId: reported } = await apply(4_500_000, false);
    const [after] = await db.select().from(enrollments).where(eq(enrollments.id, enrollmentId));
    expect(after!.aptcCents).toBeGreaterThan(0);
    expect(after!.stateAssistanceCents).toBeGreaterThan(0);
    expect(after!.grossPremiumCents).toBe(before!.grossPremiumCents);
    const lower = after!.netPremiumCents;
    expect(lower).toBe(full - after!.aptcCents - after!.stateAssistanceCents);

    // Dated and audited.
    const history = await db.select().from(enrollmentAmounts).where(eq(enrollmentAmounts.enrollmentId, enrollmentId)).orderBy(asc(enrollmentAmounts.id));
    expect(history.map((h) => [h.effectiveFrom, h.reason, h.netPremiumCents])).toEqual([
      ['2026-01-01', 'selection', full],
      ['2026-02-01', 'redetermination', lower],
    ]);
    expect(history[1]!.applicationId).toBe(reported);
    const changes = await db
      .select()
      .from(enrollmentTransitions)
      .where(and(eq(enrollmentTransitions.enrollmentId, enrollmentId), eq(enrollmentTransitions.kind, 'change')));
    expect(changes.map((c) => [c.effectiveDate, c.reason])).toEqual([['2026-02-01', 'redetermination']]);
    const audits = await db.select().from(auditLog).where(eq(auditLog.action, 'enrollment.amounts-recalculated'));
    expect(audits).toHaveLength(1);
    expect(audits[0]!.details).toMatchObject({ effectiveDate: '2026-02-01', fromAptcCents: 0, toAptcCents: after!.aptcCents, applicationId: reported });
    expect(JSON.stringify(audits)).not.toMatch(/4500000|7000000|Haddad|1984-09-03/);

    // January keeps the old amounts; February, already paid, now asks for less, and the difference is credit.
    expect(await invoiceFor(enrollmentId, '2026-01-01')).toMatchObject({ amountCents: full, aptcCents: 0 });
    expect(await invoiceFor(enrollmentId, '2026-02-01')).toMatchObject({ amountCents: lower, aptcCents: after!.aptcCents, paidCents: lower, status: 'paid' });

    // The day's 834: a change (INS03 001) effective February 1 with the new loop 2750 amounts, parsed back.
    const byCarrier = await dailyMaintenance(db, { day: '2026-01-20', timeZone: t.ctx.profile.timeZone, state: 'VT', sourceExchangeId: 'VT0' });
    const sent = byCarrier.get('13627')!.filter((e) => e.policyNumber === after!.policyNumber);
    expect(sent.map((e) => [e.maintenance, e.effectiveDate])).toEqual([['change', '2026-02-01']]);
    const text = build834({
      sender: { id: 'VT0', name: 'Vermont Health Connect' },
      receiver: { id: '13627', name: 'BCBSVT' },
      controlNumber: 7,
      createdAt: clock.now(),
      purpose: 'update',
      reference: 'r',
      production: false,
      enrollments: sent,
    });
    expect(text).toContain('*001*');
    const [parsed] = parse834(text).enrollments;
    expect(parsed).toMatchObject({
      maintenance: 'change',
      effectiveDate: '2026-02-01',
      amounts: { grossPremiumCents: full, aptcCents: after!.aptcCents, stateAssistanceCents: after!.stateAssistanceCents, responsibleCents: lower },
    });

    // The coverage page today: today's amount, and the new one with the day it starts (English and Spanish).
    for (const lang of ['en', 'es'] as const) {
      const c = formClient(t.server!, `${customer.cookie}; candor_lang=${lang}`);
      const page = await c.get('/coverage');
      expect(page.status).toBe(200);
      const line =
        lang === 'en'
          ? `From ${formatDate('2026-02-01', 'en', t.ctx.profile.timeZone)}, you pay ${formatMoney(lower, 'en')} a month`
          : `A partir del ${formatDate('2026-02-01', 'es', t.ctx.profile.timeZone)}, usted paga ${formatMoney(lower, 'es')} al mes`;
      expect(page.body).toContain(line);
      expect(page.body).toContain(formatMoney(full, lang));
      const details = await c.get(`/enrollments/${enrollmentId}`);
      expect(details.body).toContain(lang === 'en' ? 'A change you reported' : 'Un cambio que usted reportó');
    }

    // Nothing more happens when the morning job looks at the change again.
    await checkDelinquency(db, { now: clock.now(), profile: t.ctx.profile });
    expect(await invoiceFor(enrollmentId, '2026-02-01')).toMatchObject({ amountCents: lower, paidCents: lower });

    // March is billed at the new amounts, and the credit pays it; the coverage page says so and no longer announces the change.
    clock.set(new Date('2026-02-05T15:00:00Z'));
    await runBilling(db, { month: '2026-03-01', now: clock.now(), profile: t.ctx.profile });
    const march = await invoiceFor(enrollmentId, '2026-03-01');
    expect(march).toMatchObject({ amountCents: lower, aptcCents: after!.aptcCents, paidCents: Math.min(lower, full - lower) });
    for (const lang of ['en', 'es'] as const) {
      const page = await formClient(t.server!, `${customer.cookie}; candor_lang=${lang}`).get('/coverage');
      expect(page.body).toContain(lang === 'en' ? `Credit applied: ${formatMoney(march.paidCents, 'en')}` : `Crédito aplicado: ${formatMoney(march.paidCents, 'es')}`);
      expect(page.body).not.toContain('data-testid="amount-change"');
    }
    shared = { enrollmentId, cookie: customer.cookie, lower, full };
  });

  it('the customer taking less credit is billed the higher amount from next month: the bill already made follows', async () => {
    const db = t.ctx.db;
    const { enrollmentId, cookie, lower, full } = shared!;
    const [e] = await db.select().from(enrollments).where(eq(enrollments.id, enrollmentId));
    const less = e!.aptcCents - 10_000;
    clock.set(new Date('2026-02-10T15:00:00Z'));
    const r = await formClient(t.server!, cookie).post(`/enrollments/${enrollmentId}/credit`, { aptc: (less / 100).toFixed(2) }, `/enrollments/${enrollmentId}/credit`);
    expect(r.status).toBe(200);
    const march = await invoiceFor(enrollmentId, '2026-03-01');
    // March asks for $100 more; the credit left after March pays what it can.
    const creditLeft = full - lower;
    expect(march).toMatchObject({ aptcCents: less, amountCents: lower + 10_000, paidCents: Math.min(lower + 10_000, creditLeft) });
    const [{ credit }] = (
      await db.execute<{ credit: number }>(
        sql`SELECT coalesce(sum(a.cents), 0)::int AS credit FROM payment_allocations a JOIN payments p ON p.id = a.payment_id WHERE p.household_id = ${e!.householdId} AND a.invoice_id IS NULL`,
      )
    ).rows as [{ credit: number }];
    expect(credit).toBe(Math.max(0, creditLeft - lower - 10_000));
  });
});
