/** Test helpers for payments: an enrolled household with an open invoice, and a token from the stand-in's hosted page. */
import { createBinderInvoice } from '../billing/create-binder-invoice.js';
import type { Db } from '../platform/database.js';
import type { StateProfile } from '../states/profile.js';
import { createEnrollment, createHousehold } from '../enrollment/testing.js';
import type { PaymentProcessor } from './processor.js';
import { completeHostedPage } from './stand-in-processor.js';

export async function billedHousehold(db: Db, profile: StateProfile, opts: { now: Date; customerAccountId?: string | null; grossPremiumCents?: number; aptcCents?: number; coverageStart?: string; status?: 'pending-binder' | 'effectuated' } = { now: new Date() }) {
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

/** Types a card on the hosted page of a fresh session and returns the token it made. */
export async function tokenFromHostedPage(processor: PaymentProcessor, amountCents: number, fields: Record<string, string>): Promise<string> {
  const s = await processor.createSession({ amountCents, reference: 'test', returnUrl: 'http://localhost/r', cancelUrl: 'http://localhost/c', channel: 'online', language: 'en', metadata: {} }, `t-${Math.random()}`);
  if (!s.ok) throw new Error('session');
  await completeHostedPage(s.value.url, fields);
  const done = await processor.getSession(s.value.id);
  if (!done.ok || !done.value.paymentMethod) throw new Error('no token');
  return done.value.paymentMethod.token;
}
