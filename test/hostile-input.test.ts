/**
 * Hostile input against every route the server has, from anonymous and every
 * role (as in the role matrix): NUL and control characters, fields sent twice,
 * impossible and extreme dates and numbers, wrong JSON types, huge strings and
 * deep JSON, in bodies, query strings and path parameters. Whatever comes,
 * the answer is never a 5xx (a 503 only as the capability's alternatives), a
 * 4xx says in words what was wrong, and a refused request has written nothing
 * to the main tables (ADR 0082).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccount, sessionCookieFor } from '../src/accounts/testing.js';
import { createSession } from '../src/accounts/sessions.js';
import { ROLES, type Role } from '../src/accounts/roles.js';
import { ManualClock } from '../src/platform/clock.js';
import { startTestApp, type TestApp } from './support/app.js';

interface TestActor {
  name: string;
  accountId?: string;
  complete: boolean;
}

const PLACEHOLDER_ID = '00000000-0000-4000-8000-000000000000';

/** The tables a refused request must leave as they were. */
const MAIN_TABLES = [
  'accounts',
  'account_roles',
  'access_tokens',
  'households',
  'household_members',
  'applications',
  'enrollments',
  'payments',
  'billing_invoices',
  'call_notes',
  'lockbox_batches',
  'notice_campaigns',
  'maintenance_windows',
  'hub_documents',
  'password_resets',
];

// Values that have broken handlers, or could: control characters, impossible dates, numbers past any range, odd Unicode.
const HOSTILE_STRINGS = [
  'a\u0000b',
  '\u0000',
  'x\u0007y',
  '\u001b[31m',
  '2026-02-31',
  '1980-13-01',
  '0000-00-00',
  '99999-01-01',
  '275760-09-14',
  '-000001-01-01',
  '1e309',
  '-1',
  '99999999999999999999999',
  'NaN',
  'Infinity',
  '0x10',
  '',
  ' ',
  "' OR 1=1 --",
  '\ud800',
  '\u202eevil',
  '😀'.repeat(50),
  '../../etc/passwd',
  '%00',
  '<script>alert(1)</script>',
  '1980-02-29T25:61:61Z',
  '12/31/1980',
  '9'.repeat(400),
];

/** A plausible value for a field by its name, so that hostile values in other fields get past the first checks. */
function plausible(name: string): string {
  const n = name.toLowerCase();
  if (n.includes('email')) return 'hostile@example.test';
  if (n.includes('password') || n === 'confirm') return 'correct horse battery staple 42';
  if (n.includes('date') || n.includes('birth') || n === 'dob' || n === 'until' || n === 'start' || n === 'end') return '1980-02-03';
  if (n.includes('ssn')) return '123-45-6789';
  if (n.includes('zip')) return '05401';
  if (n.includes('amount') || n.includes('income') || n.includes('age') || n.includes('size')) return '42';
  if (n.includes('phone')) return '8025550100';
  return 'Hostile';
}

// Values the server's input guard lets through, so that forms made of them reach the handlers and the database.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const cleanString = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS.filter((v) => !CONTROL.test(v))) }, { weight: 1, arbitrary: fc.string({ maxLength: 40 }) });

const hostileString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constant('h'.repeat(60_000)) },
);

let fieldNames: string[] = [];
/** The fields of each form the pages show, by the path it posts to. */
const formFields = new Map<string, string[]>();

/**
 * A form: every field name the pages use, each plausible, hostile or sent twice; or (half the
 * time) plausible and hostile values the input guard lets through, which reach the handlers.
 */
const anyForm = fc.array(fc.tuple(fc.constantFrom('plausible', 'hostile', 'twice'), hostileString), { minLength: 1, maxLength: 400 }).map((choices) => {
  const params = new URLSearchParams();
  fieldNames.forEach((name, i) => {
    const [how, value] = choices[i % choices.length]!;
    if (how === 'plausible') params.append(name, plausible(name));
    else if (how === 'hostile') params.append(name, value);
    else {
      params.append(name, plausible(name));
      params.append(name, value);
    }
  });
  return params;
});
const cleanForm = fc.array(fc.tuple(fc.boolean(), cleanString), { minLength: 1, maxLength: 400 }).map((choices) => {
  const params = new URLSearchParams();
  fieldNames.forEach((name, i) => {
    const [hostile, value] = choices[i % choices.length]!;
    params.append(name, hostile ? value : plausible(name));
  });
  return params;
});
const hostileForm = fc.oneof(anyForm, cleanForm);

/** A form the route's page shows, every field plausible but one, which gets a value the input guard lets through. */
function oneBadField(fields: string[]) {
  return fc.tuple(fc.nat(fields.length - 1), cleanString).map(([at, value]) => {
    const params = new URLSearchParams();
    fields.forEach((name, i) => params.append(name, i === at ? value : plausible(name)));
    return params;
  });
}

/** JSON of the wrong shape: scalars, arrays, objects of the pages' field names with hostile or wrongly typed values, deep nesting. */
const hostileJson = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.dictionary(
    fc.constantFrom('amountCents', 'invoiceId', 'planYear', 'zip', 'people', 'income', 'householdSize', 'reports', 'id', 'type', 'data', ...['email', 'dateOfBirth']),
    fc.oneof(hostileString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(hostileString, { maxLength: 3 })),
  ),
  fc.integer({ min: 40, max: 5000 }).map((depth) => JSON.parse('{"a":'.repeat(depth) + '1' + '}'.repeat(depth)) as unknown),
);

const hostileQuery = fc
  .array(fc.tuple(fc.constantFrom('next', 'to', 'done', 'page', 'session_id', 'payment', 'capability', 'notice', 'people', 'until', 'return', 'n'), hostileString), { maxLength: 4 })
  .map((pairs) => {
    const q = new URLSearchParams();
    for (const [k, v] of pairs) q.append(k, v.length > 2000 ? v.slice(0, 2000) : v);
    return q.toString();
  });

const hostileParam = fc.constantFrom(PLACEHOLDER_ID, '2026-02-31', '2026-11-18', '%00', 'a%00b', '-1', '1e999', 'x'.repeat(3000), '%E0%A4%A', '..%2F..', 'ok');

/** A concrete URL for a route pattern with hostile path parameters. */
function concrete(url: string, param: string): string {
  return url.replace(/:(\w+)(\([^)]*\))?/g, () => param).replace(/\*$/, 'placeholder');
}

let t: TestApp;
let actors: TestActor[];
let csrf: { cookie: string; token: string };

async function rowCounts(): Promise<Record<string, number>> {
  const res = await t.ctx.pool.query(`SELECT ${MAIN_TABLES.map((name) => `(SELECT count(*) FROM ${name})::int AS ${name}`).join(', ')}`);
  return res.rows[0] as Record<string, number>;
}

async function cookieFor(actor: TestActor): Promise<string> {
  if (!actor.accountId) return csrf.cookie;
  const session = actor.complete
    ? (await sessionCookieFor(t.ctx.db, actor.accountId, t.ctx.clock.now())).split('=')[1]!
    : await createSession(t.ctx.db, actor.accountId, { now: t.ctx.clock.now(), mfaPassed: false });
  return `${csrf.cookie}; candor_session=${session}`;
}

beforeAll(async () => {
  t = await startTestApp({ clock: new ManualClock(new Date('2026-11-18T15:00:00Z')), config: { signInAttemptsPerMinute: 1_000_000 } });
  actors = [{ name: 'anonymous', complete: false }];
  for (const role of ROLES) {
    const account = await createTestAccount(t.ctx.db, { role: role as Role, email: `hostile-${role}@example.test` });
    actors.push({ name: role, accountId: account.id, complete: true });
  }
  const pending = await createTestAccount(t.ctx.db, { role: 'caseworker', email: 'hostile-pending@example.test' });
  actors.push({ name: 'staff (code not yet given)', accountId: pending.id, complete: false });

  const page = await t.server!.inject({ url: '/sign-in' });
  const secret = page.cookies.find((c) => c.name === '_csrf')!;
  csrf = { cookie: `_csrf=${secret.value}`, token: /name="_csrf" value="([^"]+)"/.exec(page.body)![1]! };

  // Every field name any page offers, read from the pages each role sees.
  const names = new Set<string>();
  for (const route of t.server!.candorRoutes.filter((r) => r.method === 'GET' && !r.url.includes(':') && !r.url.includes('*'))) {
    for (const actor of actors) {
      const res = await t.server!.inject({ url: route.url, headers: { cookie: await cookieFor(actor) } });
      for (const m of res.body.matchAll(/<(?:input|select|textarea)[^>]*\bname="([^"]+)"/g)) if (m[1] !== '_csrf') names.add(m[1]!);
      for (const form of res.body.matchAll(/<form[^>]*\baction="([^"?]+)[^"]*"[^>]*>([\s\S]*?)<\/form>/g)) {
        const fields = [...form[2]!.matchAll(/<(?:input|select|textarea)[^>]*\bname="([^"]+)"/g)].map((m) => m[1]!).filter((n) => n !== '_csrf');
        if (fields.length) formFields.set(form[1]!, [...new Set([...(formFields.get(form[1]!) ?? []), ...fields])]);
      }
    }
  }
  fieldNames = [...names].sort();
}, 300_000);
afterAll(async () => t?.stop());

/** What is wrong with one answer, or null. */
function problemWith(res: { statusCode: number; headers: Record<string, unknown>; body: string }): string | null {
  if (res.statusCode === 503) return /capability|alternatives|not available|no está disponible/i.test(res.body) ? null : 'a 503 that is not a capability page';
  if (res.statusCode >= 500) return `a ${res.statusCode}`;
  if (res.statusCode < 400) return null;
  const type = String((res.headers['content-type'] as string | undefined) ?? '');
  if (type.includes('json')) {
    const json = JSON.parse(res.body) as { title?: unknown; error?: unknown };
    const title = json.title ?? json.error;
    return typeof title === 'string' && title.length > 5 && !title.includes('errors.') ? null : `a ${res.statusCode} without a readable title`;
  }
  if (type.includes('html')) {
    const main = /<main[^>]*>([\s\S]*)<\/main>/.exec(res.body)?.[1] ?? res.body;
    if (/Something went wrong on our side|Algo salió mal/.test(main)) return `a ${res.statusCode} that says the fault is ours`;
    if (/errors\.[a-z]|\bat [\w.]+ \(|TypeError|SyntaxError/.test(main)) return `a ${res.statusCode} that shows a key or a stack`;
    return /<h1[^>]*>[^<]{5,}/.test(main) || /usa-error-message|usa-alert/.test(main) ? null : `a ${res.statusCode} without a readable message`;
  }
  return res.body.length > 5 ? null : `a ${res.statusCode} with no message`;
}

describe('hostile input', () => {
  it('found the pages’ fields to fill', () => {
    expect(fieldNames.length).toBeGreaterThan(30);
    expect(fieldNames).toEqual(expect.arrayContaining(['email', 'password']));
    expect([...formFields.keys()]).toEqual(expect.arrayContaining(['/register', '/sign-in', '/call-centre/households/search']));
  });

  it('never answers 5xx, always says what was wrong, and writes nothing when it refuses', async () => {
    const problems: string[] = [];
    const routes = t.server!.candorRoutes.filter((r) => !r.url.startsWith('/assets/'));
    let sent = 0;
    for (const route of routes) {
      const isGet = route.method === 'GET';
      const api = route.url.startsWith('/api/');
      const body = isGet
        ? fc.constant(null)
        : api || route.url.includes('webhooks') || route.url.includes('delivery-reports')
          ? hostileJson.map((v) => ({ type: 'application/json', payload: JSON.stringify(v) }))
          : (formFields.has(route.url) ? fc.oneof(hostileForm, oneBadField(formFields.get(route.url)!)) : hostileForm).map(
              (form) => (form.set('_csrf', csrf.token), { type: 'application/x-www-form-urlencoded', payload: form.toString() }),
            );
      await fc.assert(
        fc.asyncProperty(hostileParam, hostileQuery, body, async (param, query, sentBody) => {
          // Counted once before the first request, then after each: a refusal must leave the last counts as they were.
          let before = isGet ? null : await rowCounts();
          for (const actor of actors) {
            const url = `${concrete(route.url, param)}${query ? `?${query}` : ''}`;
            const res = await t.server!.inject({
              method: route.method as 'GET',
              url,
              headers: { cookie: await cookieFor(actor), ...(sentBody ? { 'content-type': sentBody.type } : {}) },
              payload: sentBody?.payload,
            });
            sent++;
            const where = `${route.method} ${route.url} as ${actor.name} (${url.slice(0, 120)})`;
            const wrong = problemWith(res);
            if (wrong) problems.push(`${where}: ${wrong}`);
            if (before) {
              const after = await rowCounts();
              const changed = MAIN_TABLES.filter((name) => after[name] !== before![name]);
              if (res.statusCode >= 400 && changed.length) problems.push(`${where}: refused with ${res.statusCode} but wrote to ${changed.join(', ')}`);
              before = after;
            }
          }
        }),
        { numRuns: formFields.has(route.url) ? 3 : 2, seed: 20261118, endOnFailure: true },
      );
    }
    expect([...new Set(problems)]).toEqual([]);
    expect(sent).toBeGreaterThan(1000);
  }, 600_000);

  it('answers each kind of malformed form with its own 400 in English and Spanish, and an oversized body with 413', async () => {
    const form = (fields: string, lang = 'en') =>
      t.server!.inject({
        method: 'POST',
        url: '/register',
        headers: { cookie: `${csrf.cookie}; candor_lang=${lang}`, 'content-type': 'application/x-www-form-urlencoded' },
        payload: `_csrf=${encodeURIComponent(csrf.token)}&${fields}`,
      });
    const nul = await form('email=a%00b%40example.test&firstName=Ana');
    expect(nul.statusCode).toBe(400);
    expect(nul.body).toContain('a character we cannot accept');
    const twice = await form('email=a%40example.test&email=b%40example.test', 'es');
    expect(twice.statusCode).toBe(400);
    expect(twice.body).toContain('se envió más de una vez');
    const big = await form(`firstName=${'x'.repeat(3 * 1024 * 1024)}`);
    expect(big.statusCode).toBe(413);
    expect(big.body).toContain('too large');
    const deep = await t.server!.inject({ method: 'POST', url: '/api/v1/quotes', headers: { 'content-type': 'application/json' }, payload: '{"a":'.repeat(100) + '1' + '}'.repeat(100) });
    expect(deep.statusCode).toBe(400);
    expect((deep.json() as { title: string }).title).toContain('nested too deeply');
  });
});
