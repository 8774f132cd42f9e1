/**
 * The hub link end to end, on the whole exchange with workers running: the
 * link cut while 100 applications go through, the queue worked by itself on
 * reconnect, an inconsistency running out, and a canary SSN that must never
 * appear in a log line, audit record, email or queue payload.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boot, type Runtime } from '../app/boot.js';
import { createTestAccount, sessionCookieFor } from '../accounts/testing.js';
import { loadConfig } from '../platform/config.js';
import { DAY, ManualClock } from '../platform/clock.js';
import { createLogger } from '../platform/logger.js';
import { determinations, verifications } from '../enrollment/schema.js';
import { createTestDatabase } from '../../test/support/database.js';
import { hubModule, CLOCK_JOB } from './module.js';
import { inconsistencies, verificationQueue } from './schema.js';
import { numberedPerson, FIXTURE_PEOPLE, type SyntheticPerson } from './standin/population.js';
import { seedApplications, verifyNow } from './testing.js';
import { personSchema } from '../enrollment/forms.js';
import { loadVermont2026Catalog } from '../catalog/seed-vermont-2026.js';
import { saveAddress } from '../enrollment/save-address.js';
import { saveIncome } from '../enrollment/save-income.js';
import { saveMember } from '../enrollment/save-member.js';
import { startApplication } from '../enrollment/start-application.js';
import { submitApplication } from '../enrollment/submit-application.js';
import { drainQueue, processVerifications } from './process-verifications.js';
import { queueVerifications } from './queue-verifications.js';

const CANARY = '899051234';
const CANARY_PATTERNS = [CANARY, '899-05-1234', '899 05 1234'];

const logLines: string[] = [];
const capture = new Writable({
  write(chunk: Buffer, _enc, done) {
    logLines.push(chunk.toString('utf8'));
    done();
  },
});

let runtime: Runtime & { url?: string };
let database: { url: string; drop(): Promise<void> };
let dataDir: string;
const clock = new ManualClock(new Date('2026-11-10T15:00:00Z'));

const command = (name: string) => hubModule.commands!.find((c) => c.name === name)!;
const say: string[] = [];

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 45_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'candor-hub-link-'));
  const config = loadConfig({ CANDOR_ENV: 'test', CANDOR_DATA_DIR: dataDir, DATABASE_URL: database.url, LOG_LEVEL: 'trace', PORT: '0', HUB_TIMEOUT_MS: '2000' });
  runtime = await boot({ config, clock, web: true, jobs: { work: true }, migrate: false, log: createLogger('trace', capture) });
  await runtime.server!.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await runtime?.close();
  await database?.drop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the hub link, cut and restored', () => {
  const people: SyntheticPerson[] = Array.from({ length: 100 }, (_, i) => numberedPerson(i + 1));
  let applicationIds: string[] = [];

  it('with the link cut, 100 applications go through with verifications pending and the stand-in counts zero connections', async () => {
    const ctx = runtime.ctx;
    const hub = ctx.services.hub.standin!;
    for (const p of people) hub.population.add(p);
    expect(await command('hub disconnect').run(ctx, { positional: [], flags: { reason: 'order 2026-11 test' } }, (l) => say.push(l))).toBe(0);
    hub.resetCounts();

    const seeded = await seedApplications(ctx.db, ctx.services.hub.keyring, people, { at: clock.now() });
    applicationIds = seeded.map((s) => s.applicationId);
    await ctx.services.hub.kick();
    // The worker picks them up and queues them, and sends nothing.
    await waitFor('the requests to be queued', async () => {
      const [row] = await ctx.db
        .select({ n: sql<number>`count(*)::int` })
        .from(verificationQueue)
        .where(eq(verificationQueue.status, 'queued'));
      return row!.n === 100 * 6;
    });
    const drained = await drainQueue(ctx);
    expect(drained.cut).toBe(true);
    expect(hub.connections).toBe(0);
    const pending = await ctx.db
      .select({ n: sql<number>`count(*)::int` })
      .from(verifications)
      .where(and(inArray(verifications.applicationId, applicationIds), eq(verifications.status, 'pending')));
    expect(pending[0]!.n).toBe(100 * 6);
    expect(ctx.services.capabilities.isAvailable('hub-verification')).toBe(false);
    // The operator sees what the cut holds up.
    const radius = await ctx.services.capabilities.blastRadius(ctx.db, { capabilities: ['hub-verification'], status: 'down', from: clock.now(), until: null });
    const hub_ = radius.find((r) => r.contributor === 'hub')!;
    expect(hub_.items.map((i) => i.count)).toEqual([100, 600]);
  });

  it('on reconnect all 100 are verified, in order, without anyone acting', async () => {
    const ctx = runtime.ctx;
    const hub = ctx.services.hub.standin!;
    expect(await command('hub reconnect').run(ctx, { positional: [], flags: {} }, (l) => say.push(l))).toBe(0);
    await waitFor('every queued verification to be done', async () => {
      const [row] = await ctx.db
        .select({ n: sql<number>`count(*)::int` })
        .from(verificationQueue)
        .where(eq(verificationQueue.status, 'queued'));
      return row!.n === 0;
    });
    const rows = await ctx.db.select({ status: verifications.status, element: verifications.element }).from(verifications).where(inArray(verifications.applicationId, applicationIds));
    expect(rows.filter((r) => r.status !== 'verified')).toEqual([]);
    expect(rows.length).toBe(100 * 7);
    expect(hub.connections).toBeGreaterThan(0);
    expect(hub.requests['ssa-composite']).toBe(100 * 4);
    // Every request was audited (who, why, which service, outcome), and they went in the queue's order.
    const audited = await ctx.db.execute<{ seq: number }>(
      sql`SELECT q.seq::int AS seq FROM audit_log a JOIN hub_verification_queue q ON q.id::text = a.details->>'requestId' WHERE a.action = 'hub.request' AND a.actor_kind IS NOT NULL AND a.details->>'purpose' = 'application' AND a.details->>'service' = q.service AND a.details->>'result' = 'verified' ORDER BY a.seq`,
    );
    expect(audited.rows.length).toBe(100 * 6);
    const order = audited.rows.map((r) => r.seq);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });
});

describe('with enrollment', () => {
  it('an application submitted through enrollment is queued with it and worked without anyone acting; no SSN-keyed question for a child without an SSN', async () => {
    const ctx = runtime.ctx;
    await ctx.db.transaction((tx) => loadVermont2026Catalog(tx));
    const ana = FIXTURE_PEOPLE[0]!;
    const account = await createTestAccount(ctx.db, { role: 'customer', firstName: ana.firstName });
    const actor = { id: account.id, kind: 'person' as const };
    const at = clock.now();
    const { applicationId } = await ctx.db.transaction((tx) => startApplication(tx, { channel: 'online', planYear: 2026, customerAccountId: account.id, state: 'VT', actor, at }));
    const parsed = personSchema({ isPrimary: true, today: '2025-12-01', askTobacco: false }).safeParse({
      firstName: ana.firstName,
      lastName: ana.lastName,
      dobMonth: '4',
      dobDay: '12',
      dobYear: '1988',
      ssn: '899-10-0001',
      sex: 'F',
      seekingCoverage: 'yes',
      citizenship: 'citizen',
      taxFiling: 'filer',
    });
    if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues));
    await ctx.db.transaction((tx) => saveMember(tx, { applicationId, person: parsed.data, dataKey: ctx.keys.data, actor, at }));
    // Her son has no SSN yet: nothing SSN-keyed is asked about him.
    const child = personSchema({ isPrimary: false, today: '2025-12-01', askTobacco: false }).safeParse({
      firstName: 'Leo',
      lastName: ana.lastName,
      dobMonth: '7',
      dobDay: '2',
      dobYear: '2016',
      relationship: 'child',
      sex: 'M',
      seekingCoverage: 'yes',
      citizenship: 'citizen',
      taxFiling: 'dependent',
    });
    if (!child.success) throw new Error(JSON.stringify(child.error.issues));
    await ctx.db.transaction((tx) => saveMember(tx, { applicationId, person: child.data, dataKey: ctx.keys.data, actor, at }));
    const before = { ...ctx.services.hub.standin!.requests };
    await ctx.db.transaction((tx) => saveAddress(tx, { applicationId, address: { line1: '1 State St', line2: '', city: 'Montpelier', state: 'VT', zip: '05602', county: 'Washington' }, actor, at }));
    await ctx.db.transaction((tx) => saveIncome(tx, { applicationId, annualIncomeCents: ana.annualIncomeCents!, taxHouseholdSize: 1, actor, at }));
    const enrollment = ctx.services.enrollment;
    await ctx.db.transaction((tx) =>
      submitApplication(tx, { engine: enrollment.engine, events: enrollment.events, timeZone: ctx.profile.timeZone }, { applicationId, attestedBy: account.id, actor, at }),
    );
    await waitFor('their verifications', async () => {
      const rows = await ctx.db.select({ status: verifications.status }).from(verifications).where(eq(verifications.applicationId, applicationId));
      return rows.length > 0 && rows.every((r) => r.status !== 'pending');
    });
    const rows = await ctx.db
      .select({ element: verifications.element, status: verifications.status, source: verifications.source, memberId: verifications.memberId })
      .from(verifications)
      .where(eq(verifications.applicationId, applicationId));
    const notVerified = rows.filter((r) => r.status !== 'verified');
    expect(notVerified.map((r) => [r.element, r.status])).toEqual([['citizenship', 'inconsistent']]);
    const [leoInc] = await ctx.db.select().from(inconsistencies).where(eq(inconsistencies.applicationId, applicationId));
    expect(leoInc).toMatchObject({ element: 'citizenship', reason: 'no-ssn' });
    const after = ctx.services.hub.standin!.requests;
    expect(after['ssa-composite'] - before['ssa-composite']).toBe(4);
    expect(after['irs-income'] - before['irs-income']).toBe(1);
    expect(after['other-coverage'] - before['other-coverage']).toBe(1);
    const audits = await ctx.db.execute<{ actor: string }>(sql`SELECT DISTINCT actor FROM audit_log WHERE action = 'hub.request' AND details->>'applicationId' = ${applicationId}`);
    expect(audits.rows).toEqual([{ actor: account.id }]);
  });
});

describe('inconsistencies', () => {
  it('a mismatch opens an inconsistency with its notice; unresolved, it expires, the credit ends and its notice goes out', async () => {
    const ctx = runtime.ctx;
    const ben = FIXTURE_PEOPLE.find((p) => p.firstName === 'Ben')!;
    const account = await createTestAccount(ctx.db, { role: 'customer', firstName: 'Ben' });
    const [seeded] = await seedApplications(ctx.db, ctx.services.hub.keyring, [{ ...ben, attestedIncomeCents: 3_000_000, customerAccountId: account.id }], { at: clock.now() });
    await ctx.db.insert(determinations).values({
      applicationId: seeded!.applicationId,
      householdId: seeded!.householdId,
      memberId: seeded!.memberId,
      planYear: 2026,
      outcome: 'qhp-aptc',
      fplPercent: 190,
      maxAptcCents: 50_000,
      determinedAt: clock.now(),
    });
    await verifyNow(ctx, seeded!.applicationId);
    const [inc] = await ctx.db.select().from(inconsistencies).where(eq(inconsistencies.householdId, seeded!.householdId));
    expect(inc).toMatchObject({ element: 'income', reason: 'income-above-attested', status: 'open', endsOn: '2027-02-08' });
    const needed = await ctx.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM notice_messages m JOIN notice_recipients r ON r.id = m.recipient_id WHERE r.household_id = ${seeded!.householdId} AND m.type = 'verification-needed'`,
    );
    expect(needed.rows[0]!.n).toBeGreaterThan(0);

    clock.advance(91 * DAY);
    const job = hubModule.jobs!.find((j) => j.name === CLOCK_JOB)!;
    await job.handler(ctx, {}, { id: 'test' });
    const [after] = await ctx.db.select().from(inconsistencies).where(eq(inconsistencies.id, inc!.id));
    expect(after).toMatchObject({ status: 'expired', outcome: 'expired-unresolved' });
    const [det] = await ctx.db
      .select()
      .from(determinations)
      .where(and(eq(determinations.householdId, seeded!.householdId), eq(determinations.current, true)));
    expect(det).toMatchObject({ outcome: 'qhp', maxAptcCents: 0 });
    const expiredNotices = await ctx.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM notice_messages m JOIN notice_recipients r ON r.id = m.recipient_id WHERE r.household_id = ${seeded!.householdId} AND m.type = 'verification-expired'`,
    );
    expect(expiredNotices.rows[0]!.n).toBeGreaterThan(0);
  });
});

describe('the canary SSN', () => {
  it('appears in no log line, audit record, email or queue payload', async () => {
    const ctx = runtime.ctx;
    const hub = ctx.services.hub.standin!;
    const canary: SyntheticPerson = { ...numberedPerson(999), ssn: CANARY, firstName: 'Cora', lastName: 'Canary' };
    hub.population.add(canary);
    const account = await createTestAccount(ctx.db, { role: 'customer', firstName: 'Cora' });
    // Her application goes through the hub with a mismatch (wrong date of birth), so notices go out too.
    await seedApplications(ctx.db, ctx.services.hub.keyring, [{ ...canary, dateOfBirth: '1981-02-02', customerAccountId: account.id }], { at: clock.now() });
    await ctx.services.hub.kick();
    await waitFor('her verifications', async () => {
      const [row] = await ctx.db
        .select({ n: sql<number>`count(*)::int` })
        .from(verificationQueue)
        .where(eq(verificationQueue.status, 'queued'));
      return row!.n === 0;
    });
    // Identity proofing through the web, once with a form error and once for real.
    const cookie = await sessionCookieFor(ctx.db, account.id, clock.now());
    const page = await runtime.server!.inject({ method: 'GET', url: '/identity-proofing', headers: { cookie } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    const setCookies = ([] as string[])
      .concat(page.headers['set-cookie'] ?? [])
      .map((c) => c.split(';')[0])
      .join('; ');
    const form = (zip: string) => new URLSearchParams({ _csrf: csrf!, firstName: 'Cora', lastName: 'Canary', dateOfBirth: canary.dateOfBirth, ssn: '899-05-1234', postalCode: zip }).toString();
    const bad = await runtime.server!.inject({
      method: 'POST',
      url: '/identity-proofing',
      headers: { cookie: `${cookie}; ${setCookies}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: form('0560'),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).not.toContain('899-05-1234');
    const good = await runtime.server!.inject({
      method: 'POST',
      url: '/identity-proofing',
      headers: { cookie: `${cookie}; ${setCookies}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: form(canary.postalCode),
    });
    expect(good.statusCode).toBe(200);
    expect(hub.requests['identity-proofing']).toBeGreaterThan(0);
    // Let the notice dispatcher hand over what it will.
    await new Promise((r) => setTimeout(r, 3000));

    const hits = (text: string) => CANARY_PATTERNS.some((p) => text.includes(p));
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.filter(hits)).toEqual([]);
    const audit = await ctx.db.execute<{ row: string }>(sql`SELECT row_to_json(a)::text AS row FROM audit_log a`);
    expect(audit.rows.length).toBeGreaterThan(0);
    expect(audit.rows.filter((r) => hits(r.row))).toEqual([]);
    const jobs = await ctx.db.execute<{ data: string }>(
      sql`SELECT coalesce(data::text, '') || coalesce(output::text, '') AS data FROM pgboss.job UNION ALL SELECT coalesce(data::text, '') || coalesce(output::text, '') FROM pgboss.archive`,
    );
    expect(jobs.rows.length).toBeGreaterThan(0);
    expect(jobs.rows.filter((r) => hits(r.data))).toEqual([]);
    const mails = ctx.localSmtp?.received ?? [];
    expect(mails.filter((m) => hits(m.raw))).toEqual([]);
    const notices = await ctx.db.execute<{ row: string }>(sql`SELECT row_to_json(m)::text AS row FROM notice_messages m`);
    expect(notices.rows.filter((r) => hits(r.row))).toEqual([]);
  });
});

describe('a failing hub', () => {
  it('keeps the requests queued with a back-off, and the open breaker reports hub-verification degraded as a monitor', async () => {
    const ctx = runtime.ctx;
    const hub = ctx.services.hub.standin!;
    // The breaker weighs failures against successes over a rolling 10 seconds: let the earlier tests' successes age out.
    await new Promise((r) => setTimeout(r, 10_500));
    const people = Array.from({ length: 3 }, (_, i) => numberedPerson(700 + i));
    for (const p of people) hub.population.add(p);
    const seeded = await seedApplications(ctx.db, ctx.services.hub.keyring, people, { at: clock.now() });
    for (const s of seeded) await queueVerifications(ctx.db, { now: clock.now(), applicationId: s.applicationId });
    hub.setFaults({ errorStatus: 503 });
    try {
      // On a loaded machine the status cache can be a second stale, which counts as a cut link.
      await waitFor('the link to be open', async () => ctx.services.hub.isOpen());
      const result = await processVerifications(ctx);
      expect(result.verified + result.inconsistent).toBe(0);
      expect(result.deferred).toBeGreaterThan(0);
      expect(ctx.services.hub.breakerState).toBe('open');
      await waitFor('the monitor to report', async () => ctx.services.capabilities.snapshot().capabilities['hub-verification'].status === 'degraded');
      const state = ctx.services.capabilities.snapshot().capabilities['hub-verification'];
      expect(state.setBy).toEqual({ kind: 'monitor', id: 'hub-circuit-breaker' });
      expect(ctx.services.capabilities.isAvailable('hub-verification')).toBe(true);
      const rows = await ctx.db
        .select()
        .from(verificationQueue)
        .where(
          inArray(
            verificationQueue.applicationId,
            seeded.map((s) => s.applicationId),
          ),
        );
      expect(rows.every((r) => r.status === 'queued')).toBe(true);
      expect(rows.filter((r) => r.lastFailure === 'hub-error').every((r) => r.attempts === 1 && r.notBefore! > clock.now())).toBe(true);
      expect(rows.some((r) => r.lastFailure === 'hub-error')).toBe(true);
    } finally {
      hub.clearFaults();
    }
  });
});

describe('document uploads', () => {
  it('answers a malformed or oversized multipart body with a refusal, never a 500', async () => {
    const ctx = runtime.ctx;
    const account = await createTestAccount(ctx.db, { role: 'customer' });
    const cookie = await sessionCookieFor(ctx.db, account.id, clock.now());
    const url = '/documents/00000000-0000-4000-8000-000000000000';
    const garbage = await runtime.server!.inject({ method: 'POST', url, headers: { cookie, 'content-type': 'multipart/form-data; boundary=xyz' }, payload: 'not multipart at all' });
    expect(garbage.statusCode).toBe(403);
    const page = await runtime.server!.inject({ method: 'GET', url: '/documents', headers: { cookie } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    const setCookies = ([] as string[])
      .concat(page.headers['set-cookie'] ?? [])
      .map((c) => c.split(';')[0])
      .join('; ');
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(4 * 1024 * 1024 + 10, 0x20)]);
    const boundary = 'candorboundary';
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\npay-stub\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
      ),
      big,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await runtime.server!.inject({ method: 'POST', url, headers: { cookie: `${cookie}; ${setCookies}`, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
    // No such inconsistency for this person: not found, after the body was read within its limit.
    expect(res.statusCode).toBe(404);
  });
});
