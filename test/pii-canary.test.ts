/**
 * A distinctive SSN, date of birth, email, password and reset token, pushed
 * through the refusals of malformed input (ADR 0082): control characters, a
 * field sent twice, an impossible date that reaches the database, oversized
 * and over-deep bodies, unknown reset links. None may appear in the logs
 * (captured at trace level), in the audit trail or in a job's payload.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from '../src/accounts/testing.js';
import { ManualClock } from '../src/platform/clock.js';
import { startTestApp, type TestApp } from './support/app.js';
import { captureLog } from './support/log-capture.js';

const SSN = '219-09-9999';
const SSN_DIGITS = '219099999';
const BIRTH = '1957-02-30';
const BIRTH_REAL = '1957-03-14';
const EMAIL = 'pii.canary.7731@example.test';
const PASSWORD = 'Quokka-Saffron-7731!';
const RESET_TOKEN = 'CanaryResetToken7731abcdefghijklmnop';
const LAST_NAME = 'Quokkasaffron';
const CANARIES = [SSN, SSN_DIGITS, BIRTH, BIRTH_REAL, EMAIL, PASSWORD, RESET_TOKEN, LAST_NAME];

const captured = captureLog('trace');
let t: TestApp;
let csrf: { cookie: string; token: string };
beforeAll(async () => {
  t = await startTestApp({ clock: new ManualClock(new Date('2026-11-18T15:00:00Z')), log: captured.log, config: { signInAttemptsPerMinute: 10_000 } });
  const page = await t.server!.inject({ url: '/sign-in' });
  csrf = { cookie: `_csrf=${page.cookies.find((c) => c.name === '_csrf')!.value}`, token: /name="_csrf" value="([^"]+)"/.exec(page.body)![1]! };
});
afterAll(async () => t?.stop());

function form(url: string, fields: string, cookie = '') {
  return t.server!.inject({
    method: 'POST',
    url,
    headers: { cookie: [csrf.cookie, cookie].filter(Boolean).join('; '), 'content-type': 'application/x-www-form-urlencoded' },
    payload: `_csrf=${encodeURIComponent(csrf.token)}&${fields}`,
  });
}
const enc = encodeURIComponent;

describe('personal data in refused input', () => {
  it('reaches no log line, audit record or job payload', async () => {
    const agent = await signedIn(t.ctx.db, 'call-centre-agent');
    const statuses: number[] = [];
    const person = `firstName=Ana&lastName=${LAST_NAME}&email=${enc(EMAIL)}&password=${enc(PASSWORD)}&confirm=${enc(PASSWORD)}&ssn=${SSN}&dateOfBirth=${BIRTH}`;
    // Anonymous: registration with a NUL byte, with a field twice, oversized.
    statuses.push((await form('/register', `${person}&middle=a%00b`)).statusCode);
    statuses.push((await form('/register', `${person}&email=${enc(EMAIL)}`)).statusCode);
    statuses.push((await form('/register', `${person}&pad=${'x'.repeat(3 * 1024 * 1024)}`)).statusCode);
    // Sign-in and a reset link that does not exist, with a control character in the password.
    statuses.push((await form('/sign-in', `email=${enc(EMAIL)}&password=${enc(PASSWORD)}%07`)).statusCode);
    statuses.push((await t.server!.inject({ url: `/password/reset/${RESET_TOKEN}` })).statusCode);
    statuses.push((await form(`/password/reset/${RESET_TOKEN}`, `password=${enc(PASSWORD)}&confirm=${enc(PASSWORD)}%00`)).statusCode);
    statuses.push((await form('/password/forgot', `email=${enc(EMAIL)}&email=${enc(EMAIL)}`)).statusCode);
    // The agent's household search: an impossible date, a NUL byte, an SSN sent twice.
    statuses.push((await form('/call-centre/households/search', `lastName=${LAST_NAME}&dateOfBirth=${BIRTH}`, agent.cookie)).statusCode);
    statuses.push((await form('/call-centre/households/search', `lastName=${LAST_NAME}%00&dateOfBirth=${BIRTH_REAL}`, agent.cookie)).statusCode);
    statuses.push((await form('/call-centre/households/search', `ssn=${SSN}&ssn=${SSN}`, agent.cookie)).statusCode);
    // The API: personal fields in over-deep and malformed JSON.
    const deep = '{"a":'.repeat(60) + JSON.stringify({ ssn: SSN, dateOfBirth: BIRTH, email: EMAIL }) + '}'.repeat(60);
    statuses.push((await t.server!.inject({ method: 'POST', url: '/api/v1/quotes', headers: { 'content-type': 'application/json' }, payload: deep })).statusCode);
    statuses.push((await t.server!.inject({ method: 'POST', url: '/api/v1/quotes', headers: { 'content-type': 'application/json' }, payload: `{"ssn":"${SSN}","email":"${EMAIL}",` })).statusCode);
    // Query strings and the language switch.
    statuses.push((await t.server!.inject({ url: `/sign-in?next=${enc(`/password/reset/${RESET_TOKEN}`)}&email=${enc(EMAIL)}` })).statusCode);
    statuses.push((await t.server!.inject({ url: `/language?to=es&next=${enc(`/\t/${EMAIL}`)}` })).statusCode);

    expect(
      statuses.every((s) => s < 500),
      `statuses ${statuses.join(', ')}`,
    ).toBe(true);
    expect(statuses.filter((s) => s >= 400).length).toBeGreaterThanOrEqual(10);

    const logs = captured.text();
    expect(logs).toContain('incoming request'); // the logger did write
    const audit = (await t.ctx.pool.query(`SELECT coalesce(string_agg(t::text, E'\\n'), '') AS all FROM audit_log t`)).rows[0].all as string;
    const jobs = (await t.ctx.pool.query(`SELECT coalesce(string_agg(data::text, E'\\n'), '') AS all FROM pgboss.job`).catch(() => ({ rows: [{ all: '' }] }))).rows[0].all as string;
    const outbox = (await t.ctx.pool.query(`SELECT coalesce(string_agg(t::text, E'\\n'), '') AS all FROM notice_messages t`)).rows[0].all as string;
    for (const canary of CANARIES) {
      expect(logs, `logs hold ${canary}`).not.toContain(canary);
      expect(audit, `audit holds ${canary}`).not.toContain(canary);
      expect(jobs, `a job holds ${canary}`).not.toContain(canary);
      expect(outbox, `a notice holds ${canary}`).not.toContain(canary);
    }
  });
});
