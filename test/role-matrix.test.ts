/**
 * Every route the server has registered, against every role, anonymous, and a
 * staff member who has given a password but not yet a code — checked against
 * the route's rule in src/web/access.ts. Reads the server's route list and the
 * table, so it covers routes other modules add without being edited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccount, sessionCookieFor, TEST_PASSWORD } from '../src/accounts/testing.js';
import { createSession } from '../src/accounts/sessions.js';
import { ROLES, type Role } from '../src/accounts/roles.js';
import { ruleFor, type RouteRule } from '../src/web/access.js';
import { ENTRY_PATHS } from '../src/capabilities/ids.js';
import { LINK_TARGETS } from '../src/notices/link-targets.js';
import { startTestApp, type TestApp } from './support/app.js';

type ActorName = 'anonymous' | Role | 'staff (code not yet given)';
type Verdict = 'ok' | 'sign-in' | 'forbidden';

interface TestActor {
  name: ActorName;
  kind: 'customer' | 'staff' | null;
  role: Role | null;
  complete: boolean;
  accountId?: string;
}

/** The rule, restated from access.ts's documentation rather than copied from the server. */
function expected(rule: RouteRule, actor: TestActor): Verdict {
  if (rule.who === 'anyone') return 'ok';
  if (rule.who === 'mfa-pending') return actor.kind === null ? 'sign-in' : actor.complete ? 'forbidden' : 'ok';
  if (!actor.complete) return 'sign-in';
  if (rule.who === 'signed-in') return 'ok';
  if (rule.who === 'staff') return actor.kind === 'staff' ? 'ok' : 'forbidden';
  return (rule.who as readonly string[]).includes(actor.role!) ? 'ok' : 'forbidden';
}

const PLACEHOLDER_ID = '00000000-0000-4000-8000-000000000000';

/** A concrete URL for a route pattern: every :param a well-formed id that matches nothing. */
function concrete(url: string): string {
  return url.replace(/:(\w+)(\([^)]*\))?/g, (_m, _name, pattern: string | undefined) => (pattern ? '1' : PLACEHOLDER_ID)).replace(/\*$/, 'placeholder');
}

/** Anything a denied response might leak: every test account carries this in its name and email. */
const CANARY = 'Canary';

let t: TestApp;
let actors: TestActor[];
let csrf: { cookie: string; token: string };

beforeAll(async () => {
  t = await startTestApp({ config: { signInAttemptsPerMinute: 100_000 } });
  actors = [{ name: 'anonymous', kind: null, role: null, complete: false }];
  for (const role of ROLES) {
    const account = await createTestAccount(t.ctx.db, { role, firstName: `${CANARY}${role}`, email: `canary-${role}@example.test` });
    actors.push({ name: role, kind: role === 'customer' ? 'customer' : 'staff', role, complete: true, accountId: account.id });
  }
  const pending = await createTestAccount(t.ctx.db, { role: 'caseworker', firstName: `${CANARY}Pending`, email: 'canary-pending@example.test' });
  actors.push({ name: 'staff (code not yet given)', kind: 'staff', role: 'caseworker', complete: false, accountId: pending.id });
  // Someone else's data that no denied response may show.
  await createTestAccount(t.ctx.db, { role: 'customer', firstName: `${CANARY}Victim`, email: 'canary-victim@example.test' });

  const page = await t.server!.inject({ url: '/sign-in' });
  const secret = page.cookies.find((c) => c.name === '_csrf')!;
  csrf = { cookie: `_csrf=${secret.value}`, token: /name="_csrf" value="([^"]+)"/.exec(page.body)![1]! };
});
afterAll(async () => t?.stop());

/** A fresh session per request, so an allowed sign-out or password change cannot spoil the next request. */
async function cookieFor(actor: TestActor): Promise<string> {
  if (!actor.accountId) return csrf.cookie;
  const session = actor.complete
    ? (await sessionCookieFor(t.ctx.db, actor.accountId, t.ctx.clock.now())).split('=')[1]!
    : await createSession(t.ctx.db, actor.accountId, { now: t.ctx.clock.now(), mfaPassed: false });
  return `${csrf.cookie}; candor_session=${session}`;
}

describe('the role matrix', () => {
  it('has every registered route in the access table, and a test account for every role', () => {
    expect(t.server!.candorRoutes.length).toBeGreaterThan(20);
    for (const r of t.server!.candorRoutes) expect(ruleFor(r.method, r.url), `${r.method} ${r.url}`).toBeDefined();
    expect(actors.map((a) => a.name)).toEqual(['anonymous', ...ROLES, 'staff (code not yet given)']);
    expect(TEST_PASSWORD).toBeTruthy();
  });

  it('leads every capability entry point and every notice link target to a page the server has', () => {
    const paths = [...Object.values(ENTRY_PATHS), ...Object.values(LINK_TARGETS).map((target) => target.path)];
    const missing = paths.filter((url) => !t.server!.hasRoute({ method: 'GET', url }));
    expect(missing).toEqual([]);
  });

  it('answers every route, for every role and anonymous, as its rule says, and denies without data', async () => {
    const problems: string[] = [];
    let denied = 0;
    let allowed = 0;
    for (const route of t.server!.candorRoutes) {
      const rule = ruleFor(route.method, route.url)!;
      const url = concrete(route.url);
      const api = url.startsWith('/api/');
      for (const actor of actors) {
        const verdict = expected(rule, actor);
        const res = await t.server!.inject({
          method: route.method as 'GET',
          url,
          headers: { cookie: await cookieFor(actor), ...(route.method === 'GET' ? {} : { 'content-type': 'application/x-www-form-urlencoded' }) },
          payload: route.method === 'GET' ? undefined : `_csrf=${encodeURIComponent(csrf.token)}`,
        });
        const where = `${route.method} ${route.url} as ${actor.name}: expected ${verdict}, got ${res.statusCode}`;
        const body = res.body;
        if (verdict === 'ok') {
          allowed++;
          // The access layer's refusals; a handler may answer 401 itself (a webhook's bad signature).
          const toSignIn =
            (res.statusCode === 303 && String(res.headers.location).startsWith('/sign-in') && !route.url.startsWith('/sign-')) ||
            (api && res.statusCode === 401 && body.includes('/problems/sign-in-required'));
          if (toSignIn) problems.push(`${where} (sent to sign-in)`);
          // With placeholder ids a handler may refuse the object itself; without params a 403 is the access layer's.
          if (res.statusCode === 403 && !route.url.includes(':') && !body.includes('Your form expired')) problems.push(`${where} (refused)`);
          if (res.statusCode >= 500 && res.statusCode !== 503) problems.push(`${where} (server error on placeholder input)`);
          continue;
        }
        denied++;
        if (body.includes(CANARY) || body.toLowerCase().includes('canary-')) problems.push(`${where} (the response holds account data)`);
        if (verdict === 'sign-in') {
          if (api) {
            if (res.statusCode !== 401) problems.push(where);
            else if (!String(res.headers['content-type']).includes('application/problem+json')) problems.push(`${where} (not problem details)`);
          } else {
            const location = route.method === 'GET' ? `/sign-in?next=${encodeURIComponent(url)}` : '/sign-in';
            if (res.statusCode !== 303 || res.headers.location !== location) problems.push(`${where} → ${res.headers.location}`);
            else if (body.length > 0) problems.push(`${where} (a redirect with a body)`);
          }
        } else {
          if (res.statusCode !== 403) problems.push(where);
          else if (api) {
            const keys = Object.keys(res.json() as object).sort();
            if (keys.join() !== 'instance,status,title,type') problems.push(`${where} (problem details carry ${keys.join()})`);
          } else {
            const main = /<main[^>]*>([\s\S]*)<\/main>/.exec(body)?.[1] ?? '';
            if (!/You do not have access to this page\.|No tiene acceso a esta página\./.test(main)) problems.push(`${where} (not the 403 page)`);
            if (/<form|<table|<dl/.test(main)) problems.push(`${where} (the 403 page shows content)`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
    // Guards against a matrix that checks nothing.
    expect(denied).toBeGreaterThan(50);
    expect(allowed).toBeGreaterThan(50);
  }, 600_000);
});
