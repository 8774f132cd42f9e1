/**
 * The scheduled carrier files on the whole exchange: pg-boss holds the
 * schedules the state profile sets; the job handlers, called as a worker
 * calls them, write each period's files once (again, concurrently or after
 * missed nights), and the operations page shows the runs and the next ones.
 */
import fs from 'node:fs';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/support/app.js';
import { signedIn } from '../accounts/testing.js';
import { createBinderInvoice } from '../billing/create-binder-invoice.js';
import { createEnrollment, createHousehold } from '../enrollment/testing.js';
import { ManualClock } from '../platform/clock.js';
import { formatDateTime } from '../web/i18n.js';
import { parse820 } from './edi-820.js';
import { parse834 } from './edi-834.js';
import { carriersModule, DAILY_834_JOB, MONTHLY_820_JOB } from './module.js';
import { nextRun } from './schedule.js';
import { carrierExportRuns, carrierFiles } from './schema.js';

// Tuesday 6 January 2026, 2:05 am in Vermont: just after the daily run's time.
const clock = new ManualClock(new Date('2026-01-06T07:05:00Z'));
let t: TestApp;
beforeAll(async () => {
  // Jobs started (the schedules installed) without workers: the test runs the handlers itself.
  t = await startTestApp({ clock, jobs: { work: false } });
});
afterAll(async () => t?.stop());

const CARRIER = '13627';
let job = 0;
async function run(name: string) {
  const declaration = carriersModule.jobs!.find((j) => j.name === name)!;
  await declaration.handler(t.ctx, {}, { id: `test-${++job}` });
}

async function enrollOn(at: string) {
  const { household } = await createHousehold(t.ctx.db);
  return createEnrollment(t.ctx.db, { householdId: household.id, carrierHiosId: CARRIER, planHiosId: `${CARRIER}VT0010006`, at: new Date(at) });
}

const fileOf = (kind: '834' | '820', period: string) => path.join(t.ctx.config.dataDir, 'carriers', CARRIER, `${kind}-${period}.x12`);
const rowsOf = (kind: '834' | '820', period: string) =>
  t.ctx.db
    .select()
    .from(carrierFiles)
    .where(and(eq(carrierFiles.kind, kind), eq(carrierFiles.period, period)));
const runsOf = (kind: '834' | '820', period: string) =>
  t.ctx.db
    .select()
    .from(carrierExportRuns)
    .where(and(eq(carrierExportRuns.kind, kind), eq(carrierExportRuns.period, period)));

describe('scheduled carrier files', () => {
  it('pg-boss holds both schedules at the state profile’s times, in its time zone', async () => {
    const schedules = await t.ctx.jobs!.boss.getSchedules();
    const byName = new Map(schedules.map((s) => [s.name, s]));
    expect(byName.get(DAILY_834_JOB)).toMatchObject({ cron: '0 2 * * *', options: { tz: 'America/New_York' } });
    expect(byName.get(MONTHLY_820_JOB)).toMatchObject({ cron: '0 3 10 * *', options: { tz: 'America/New_York' } });
  });

  it('the daily 834 is written for the day before, once: run again, concurrently, or resent by an operator, it is the same file', async () => {
    const e = await enrollOn('2026-01-05T16:00:00Z');
    await run(DAILY_834_JOB);
    const first = fs.readFileSync(fileOf('834', '2026-01-05'), 'utf8');
    expect(parse834(first).enrollments.map((x) => x.policyNumber)).toEqual([e.policyNumber]);
    const [row] = await rowsOf('834', '2026-01-05');
    expect(await runsOf('834', '2026-01-05')).toMatchObject([{ startedBy: 'schedule', files: 1, records: 1 }]);

    // The job retried later the same night: nothing new.
    clock.set(new Date('2026-01-06T07:40:00Z'));
    await Promise.all([run(DAILY_834_JOB), run(DAILY_834_JOB)]);
    expect(await rowsOf('834', '2026-01-05')).toEqual([row]);
    expect(fs.readFileSync(fileOf('834', '2026-01-05'), 'utf8')).toBe(first);

    // An operator exports the day again from the command line: the same bytes, under the same control number.
    const lines: string[] = [];
    const exportCommand = carriersModule.commands!.find((c) => c.name === 'carriers export')!;
    expect(await exportCommand.run(t.ctx, { positional: [], flags: { date: '2026-01-05' } }, (l) => lines.push(l))).toBe(0);
    expect(lines).toEqual([fileOf('834', '2026-01-05')]);
    expect(fs.readFileSync(fileOf('834', '2026-01-05'), 'utf8')).toBe(first);
    expect((await rowsOf('834', '2026-01-05'))[0]!.controlNumber).toBe(row!.controlNumber);
    expect(await runsOf('834', '2026-01-05')).toMatchObject([{ startedBy: 'command-line', files: 1 }]);
  });

  it('after nights the job did not run, the next run catches up on each missed day, and two workers at once write each file once', async () => {
    const onSixth = await enrollOn('2026-01-06T15:00:00Z');
    const onSeventh = await enrollOn('2026-01-07T15:00:00Z');
    // No run on the 7th or 8th; Friday the 9th at 2:05 am two workers take the job together.
    clock.set(new Date('2026-01-09T07:05:00Z'));
    await Promise.all([run(DAILY_834_JOB), run(DAILY_834_JOB)]);
    expect(parse834(fs.readFileSync(fileOf('834', '2026-01-06'), 'utf8')).enrollments.map((x) => x.policyNumber)).toEqual([onSixth.policyNumber]);
    expect(parse834(fs.readFileSync(fileOf('834', '2026-01-07'), 'utf8')).enrollments.map((x) => x.policyNumber)).toEqual([onSeventh.policyNumber]);
    for (const day of ['2026-01-06', '2026-01-07']) {
      expect(await rowsOf('834', day)).toHaveLength(1);
      expect(await runsOf('834', day)).toMatchObject([{ startedBy: 'schedule', files: 1 }]);
    }
    // The 8th had no changes: its run is recorded, with no file.
    expect(await runsOf('834', '2026-01-08')).toMatchObject([{ startedBy: 'schedule', files: 0 }]);
    expect(fs.existsSync(fileOf('834', '2026-01-08'))).toBe(false);
  });

  it('the monthly 820 is written on the profile’s day for the coverage month, once', async () => {
    const e = await enrollOn('2026-01-02T15:00:00Z');
    await t.ctx.db.transaction((tx) => createBinderInvoice(tx, { enrollmentId: e.id, now: new Date('2026-01-02T15:00:00Z'), profile: t.ctx.profile, actor: { id: 'test', kind: 'system' } }));
    // Saturday 10 January, 3:05 am.
    clock.set(new Date('2026-01-10T08:05:00Z'));
    await run(MONTHLY_820_JOB);
    const text = fs.readFileSync(fileOf('820', '2026-01'), 'utf8');
    const parsed = parse820(text);
    expect(parsed.lines.map((l) => l.policyNumber)).toContain(e.policyNumber);
    expect(parsed.paymentDate).toBe('2026-01-10');
    const [row] = await rowsOf('820', '2026-01');
    clock.set(new Date('2026-01-10T09:00:00Z'));
    await run(MONTHLY_820_JOB);
    expect(await rowsOf('820', '2026-01')).toEqual([row]);
    expect(fs.readFileSync(fileOf('820', '2026-01'), 'utf8')).toBe(text);
    expect(await runsOf('820', '2026-01')).toMatchObject([{ startedBy: 'schedule', files: 1 }]);
  });

  it('operations see the files, the runs and each schedule’s next run, in English and Spanish', async () => {
    const ops = await signedIn(t.ctx.db, 'operations');
    const now = clock.now();
    const en = await t.server!.inject({ url: '/operations/carriers', headers: { cookie: ops.cookie } });
    expect(en.statusCode).toBe(200);
    expect(en.body).toContain('Every day at 2 am, for the day before');
    expect(en.body).toContain('On day 10 of each month at 3 am, for that coverage month');
    expect(en.body).toContain(formatDateTime(nextRun('834', now, 'America/New_York', t.ctx.profile.carrierFiles), 'en'));
    expect(en.body).toContain(formatDateTime(new Date('2026-02-10T08:00:00Z'), 'en'));
    expect(en.body).toContain('2026-01-08 (');
    expect(en.body).toContain('<td>2026-01-07</td>');
    const es = await t.server!.inject({ url: '/operations/carriers', headers: { cookie: `${ops.cookie}; candor_lang=es` } });
    expect(es.body).toContain('Todos los días a las 2 a. m., para el día anterior');
    expect(es.body).toContain(formatDateTime(new Date('2026-02-10T08:00:00Z'), 'es'));
  });
});
