/** Test helpers for payments: an enrolled household with an open invoice, one in a grace period, and a token from the stand-in's hosted page. */
import { createBinderInvoice } from '../billing/create-binder-invoice.js';
import { addMonths, dayOfMonth, firstOfMonth, localDate } from '../billing/dates.js';
import { loadChannelOutages } from '../billing/load-outages.js';
import { formatReference } from '../billing/reference-number.js';
import { runBilling } from '../billing/run-billing.js';
import { updateBillingStanding } from '../billing/update-billing-standing.js';
import type { Db } from '../platform/database.js';
import type { StateProfile } from '../states/profile.js';
import { createEnrollment, createHousehold } from '../enrollment/testing.js';
import type { PaymentProcessor } from './processor.js';
import { importLockbox } from './import-lockbox.js';
import { completeHostedPage } from './stand-in-processor.js';

export async function billedHousehold(
  db: Db,
  profile: StateProfile,
  opts: { now: Date; customerAccountId?: string | null; grossPremiumCents?: number; aptcCents?: number; coverageStart?: string; status?: 'pending-binder' | 'effectuated' } = { now: new Date() },
) {
  const { household, members } = await createHousehold(db, { customerAccountId: opts.customerAccountId ?? null });
  const enrollment = await createEnrollment(db, {
    householdId: household.id,
    grossPremiumCents: opts.grossPremiumCents ?? 50_000,
    aptcCents: opts.aptcCents ?? 20_000,
    coverageStart: opts.coverageStart ?? '2026-01-01',
    status: opts.status ?? 'pending-binder',
    at: opts.now,
  });
  const invoice = await db.transaction((tx) => createBinderInvoice(tx, { enrollmentId: enrollment.id, now: opts.now, profile, actor: { id: 'test', kind: 'system' } }));
  return { household, members, enrollment, invoice };
}

/**
 * A household put into a grace period the way the exchange does it: coverage
 * from the first of last month, that month (the binder) paid by a check in the
 * mail, this month's and next month's bills made by the monthly runs on the
 * 5th and left unpaid, then the daily delinquency check of `now` for its
 * enrollment. With the credit (the default) the grace period has 3 months.
 */
export async function householdInGrace(db: Db, profile: StateProfile, opts: { now: Date; customerAccountId?: string | null; grossPremiumCents?: number; aptcCents?: number }) {
  const today = localDate(opts.now, profile.timeZone);
  const coverageStart = addMonths(today, -1);
  const fifth = (month: string) => new Date(`${dayOfMonth(addMonths(month, -1), 5)}T15:00:00Z`);
  const billed = await billedHousehold(db, profile, {
    now: fifth(coverageStart),
    customerAccountId: opts.customerAccountId,
    grossPremiumCents: opts.grossPremiumCents,
    aptcCents: opts.aptcCents,
    coverageStart,
  });
  const paidOn = billed.invoice.issuedOn;
  const check = `batch_id,sequence,deposit_date,check_number,amount,reference_number,payer_name\nG-${billed.invoice.referenceNumber},1,${paidOn},1001,${(billed.invoice.amountCents / 100).toFixed(2)},${formatReference(billed.invoice.referenceNumber)},Payer\n`;
  await importLockbox(db, { now: fifth(coverageStart), profile }, { fileName: 'grace.csv', content: check, actor: { id: 'test', kind: 'system' } });
  for (const month of [firstOfMonth(today), addMonths(today, 1)]) await runBilling(db, { month, now: fifth(month), profile, startedBy: 'test' });
  const outages = await loadChannelOutages(db, profile.billing.outageChannels);
  const action = await db.transaction((tx) => updateBillingStanding(tx, billed.enrollment.id, { now: opts.now, profile, outages, actor: 'billing-delinquency' }));
  if (action !== 'start-grace') throw new Error(`expected the grace period to start, got ${action}`);
  return billed;
}

/** Types a card on the hosted page of a fresh session and returns the token it made. */
export async function tokenFromHostedPage(processor: PaymentProcessor, amountCents: number, fields: Record<string, string>): Promise<string> {
  const s = await processor.createSession(
    { amountCents, reference: 'test', returnUrl: 'http://localhost/r', cancelUrl: 'http://localhost/c', channel: 'online', language: 'en', metadata: {} },
    `t-${Math.random()}`,
  );
  if (!s.ok) throw new Error('session');
  await completeHostedPage(s.value.url, fields);
  const done = await processor.getSession(s.value.id);
  if (!done.ok || !done.value.paymentMethod) throw new Error('no token');
  return done.value.paymentMethod.token;
}
