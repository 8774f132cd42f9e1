/**
 * What the request log and the error log may hold: no query parameter of a
 * failed database statement, no token in a URL (ADR 0080). Reads the lines a
 * real pino logger wrote while the whole app answered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { MODULES } from '../app/modules.js';
import type { CandorModule } from '../app/module.js';
import { startTestApp, type TestApp } from '../../test/support/app.js';
import { captureLog } from '../../test/support/log-capture.js';

const LAST_NAME = 'Zwiebelmeyer';
const BIRTH = '1980-02-31';
// A route the access table already has for tests (anyone, plan-shopping); here it makes a statement fail with personal values.
const failing: CandorModule = {
  name: 'failing-query',
  routes: (app, ctx) =>
    void app.get<{ Querystring: { fault?: string } }>('/shop-probe', async (req) =>
      req.query.fault === 'value'
        ? ctx.db.execute(sql`SELECT ${LAST_NAME}::text AS last_name, ${BIRTH}::date AS born`)
        : ctx.db.execute(sql`SELECT ${LAST_NAME}::text AS last_name, ${BIRTH}::text AS born FROM no_such_table`),
    ),
};

const captured = captureLog('info');
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ modules: [...MODULES, failing], log: captured.log });
});
afterAll(async () => t?.stop());

describe('the error log', () => {
  it('logs a failed statement with its reference and SQLSTATE but none of its parameter values', async () => {
    captured.clear();
    const res = await t.server!.inject({ url: '/shop-probe' });
    expect(res.statusCode).toBe(500);
    const reference = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/.exec(res.body)?.[0];
    const out = captured.text();
    const line = out.split('\n').find((l) => l.includes('unexpected error'));
    expect(line).toBeDefined();
    expect(line).toContain(reference);
    expect(line).toContain('Failed query');
    expect(line).toContain('42P01'); // undefined_table: the cause's SQLSTATE survives
    expect(out).not.toContain(LAST_NAME);
    expect(out).not.toContain(BIRTH);
  });

  it('answers a statement that refused a value with a 400 and logs it as a warning, without the value', async () => {
    captured.clear();
    const res = await t.server!.inject({ url: '/shop-probe?fault=value' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('One of the values you entered is not possible');
    const out = captured.text();
    const line = out.split('\n').find((l) => l.includes('a statement refused a value'));
    expect(line).toContain('22008'); // datetime_field_overflow
    expect(out).not.toContain(LAST_NAME);
    expect(out).not.toContain(BIRTH);
  });
});

describe('the request log', () => {
  it.each([
    ['/password/reset/ResetSecret0123456789', 'ResetSecret0123456789'],
    ['/l/LinkSecretAbcdef', 'LinkSecretAbcdef'],
    ['/email/confirm/ConfirmSecret0123456789', 'ConfirmSecret0123456789'],
    ['/payments/return?session_id=cs_ProcessorSecret42', 'cs_ProcessorSecret42'],
    ['/sign-in?next=%2Fpassword%2Freset%2FNextSecret77', 'NextSecret77'],
  ])('logs %s with its secret redacted', async (url, secret) => {
    captured.clear();
    await t.server!.inject({ url });
    const out = captured.text();
    expect(out).toContain('incoming request');
    expect(out).toContain('[redacted]');
    expect(out).not.toContain(secret);
  });

  it('keeps the path and harmless query values of other requests', async () => {
    captured.clear();
    await t.server!.inject({ url: '/language?to=es' });
    expect(captured.text()).toContain('"url":"/language?to=es"');
  });
});
