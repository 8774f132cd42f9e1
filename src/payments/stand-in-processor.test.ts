import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpProcessor } from './processor-client.js';
import { completeHostedPage, DECLINED_CARD, NSF_BANK, startStandInProcessor, TEST_BANK, TEST_CARD, type StandInProcessor } from './stand-in-processor.js';
import { signWebhook, verifyWebhook } from './webhook-signature.js';
import type { ProcessorEvent } from './processor.js';

const SECRET = 'whsec_test_secret';
let received: Array<{ event: ProcessorEvent; valid: boolean }> = [];
let failNext = 0;
let receiver: http.Server;
let receiverUrl = '';
let standIn: StandInProcessor;

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      if (failNext > 0) {
        failNext--;
        res.statusCode = 503;
        return res.end();
      }
      received.push({ event: JSON.parse(body) as ProcessorEvent, valid: verifyWebhook(SECRET, req.headers['candor-signature'] as string, body, new Date()).ok });
      res.end('{}');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  const a = receiver.address() as { port: number };
  receiverUrl = `http://127.0.0.1:${a.port}/hook`;
  standIn = await startStandInProcessor({ apiKey: 'sk_test', webhookSecret: SECRET, webhookUrl: () => receiverUrl, settleAfterMs: null, retryBaseMs: 10 });
});
afterAll(async () => {
  await standIn?.close();
  await new Promise((r) => receiver.close(r));
});

const client = () => httpProcessor({ baseUrl: standIn.url, apiKey: 'sk_test' });

async function tokenFor(fields: Record<string, string>, amountCents = 12_345): Promise<string> {
  const s = await client().createSession(
    { amountCents, reference: '0000000018', returnUrl: 'http://localhost/return', cancelUrl: 'http://localhost/cancel', channel: 'online', language: 'en', metadata: {} },
    `s-${Math.random()}`,
  );
  if (!s.ok) throw new Error('session');
  const location = await completeHostedPage(s.value.url, fields);
  expect(location).toBe(`http://localhost/return?session_id=${s.value.id}`);
  const done = await client().getSession(s.value.id);
  if (!done.ok || !done.value.paymentMethod) throw new Error('no token');
  expect(done.value.status).toBe('complete');
  return done.value.paymentMethod.token;
}

describe('webhook signatures', () => {
  it('accept the signed body, refuse a changed body, another secret, a stale or malformed header', () => {
    const at = new Date('2026-03-01T12:00:00Z');
    const body = '{"id":"evt_1"}';
    const header = signWebhook(SECRET, body, at);
    expect(verifyWebhook(SECRET, header, body, at)).toEqual({ ok: true });
    expect(verifyWebhook(SECRET, header, '{"id":"evt_2"}', at)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyWebhook('other', header, body, at)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyWebhook(SECRET, header, body, new Date(at.getTime() + 301_000))).toEqual({ ok: false, reason: 'stale' });
    expect(verifyWebhook(SECRET, 'garbage', body, at)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyWebhook(SECRET, undefined, body, at)).toEqual({ ok: false, reason: 'missing' });
  });
});

describe('the stand-in processor', () => {
  it('refuses calls without the API key', async () => {
    const bad = httpProcessor({ baseUrl: standIn.url, apiKey: 'wrong' });
    expect(await bad.getCharge('ch_x')).toMatchObject({ ok: false, error: 'rejected', status: 401 });
  });

  it('re-renders the hosted page with errors for a bad card number and keeps no number in the page', async () => {
    const s = await client().createSession(
      { amountCents: 100, reference: 'r', returnUrl: 'http://localhost/r', cancelUrl: 'http://localhost/c', channel: 'online', language: 'es', metadata: {} },
      'k-page',
    );
    if (!s.ok) throw new Error('session');
    const res = await fetch(s.value.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'action=pay&method=card&number=4242424242424241&expiry=12%2F39&cvc=123',
      redirect: 'manual',
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Ingrese un número de tarjeta válido.');
    expect(html).not.toContain('4242424242424241');
  });

  it('charges once for 50 concurrent requests with one idempotency key', async () => {
    const token = await tokenFor(TEST_CARD);
    const before = standIn.charges().length;
    const results = await Promise.all(Array.from({ length: 50 }, () => client().charge({ token, amountCents: 12_345, reference: 'r', metadata: { paymentId: 'p1' } }, 'one-key')));
    expect(standIn.charges().length - before).toBe(1);
    const ids = new Set(results.map((r) => (r.ok ? r.value.id : 'error')));
    expect([...ids]).toHaveLength(1);
    expect(results[0]).toMatchObject({ ok: true, value: { status: 'succeeded', amountCents: 12_345 } });
    // The same token under another key is refused: a token pays once.
    expect(await client().charge({ token, amountCents: 12_345, reference: 'r', metadata: {} }, 'another-key')).toMatchObject({ ok: false, code: 'token_already_used' });
  });

  it('declines the decline card, settles bank payments late, and returns an NSF account', async () => {
    const declined = await client().charge({ token: await tokenFor(DECLINED_CARD), amountCents: 500, reference: 'r', metadata: {} }, 'k-decline');
    expect(declined).toMatchObject({ ok: true, value: { status: 'failed', failureCode: 'card_declined' } });
    const bank = await client().charge({ token: await tokenFor(TEST_BANK), amountCents: 700, reference: 'r', metadata: {} }, 'k-bank');
    if (!bank.ok) throw new Error('bank');
    expect(bank.value.status).toBe('pending');
    standIn.settle(bank.value.id);
    expect(await client().getCharge(bank.value.id)).toMatchObject({ ok: true, value: { status: 'succeeded' } });
    const nsf = await client().charge({ token: await tokenFor(NSF_BANK), amountCents: 900, reference: 'r', metadata: {} }, 'k-nsf');
    if (!nsf.ok) throw new Error('nsf');
    standIn.settle(nsf.value.id);
    await standIn.idle();
    await new Promise((r) => setTimeout(r, 50));
    expect(await client().getCharge(nsf.value.id)).toMatchObject({ ok: true, value: { status: 'returned', failureCode: 'insufficient_funds' } });
  });

  it('retries a webhook until it is accepted, signed each time', async () => {
    received = [];
    failNext = 2;
    await client().charge({ token: await tokenFor(TEST_CARD), amountCents: 1_000, reference: 'r', metadata: {} }, 'k-retry');
    await standIn.idle();
    expect(received.filter((r) => r.event.type === 'charge.succeeded')).toHaveLength(1);
    expect(received.every((r) => r.valid)).toBe(true);
    expect(standIn.failedDeliveries()).toBe(0);
  });

  it('refunds within what was charged, once per key', async () => {
    const charge = await client().charge({ token: await tokenFor(TEST_CARD), amountCents: 2_000, reference: 'r', metadata: {} }, 'k-refund-charge');
    if (!charge.ok) throw new Error('charge');
    const r1 = await client().refund({ chargeId: charge.value.id, amountCents: 1_500 }, 'rf-1');
    const r1again = await client().refund({ chargeId: charge.value.id, amountCents: 1_500 }, 'rf-1');
    expect(r1.ok && r1again.ok && r1.value.id === r1again.value.id).toBe(true);
    expect(await client().refund({ chargeId: charge.value.id, amountCents: 600 }, 'rf-2')).toMatchObject({ ok: false, code: 'refund_not_possible' });
    expect(await client().getCharge(charge.value.id)).toMatchObject({ ok: true, value: { refundedCents: 1_500 } });
  });
});
