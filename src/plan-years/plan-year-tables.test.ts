/**
 * A plan year as data: the file an operator loads is validated whole and
 * refused with line numbers; status lists every table with its source and
 * state; loading the published table replaces the provisional one in quotes;
 * the console page shows the same as the command.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../test/support/app.js';
import { createTestAccount, sessionCookieFor } from '../accounts/testing.js';
import { auditLog } from '../audit/schema.js';
import { ManualClock } from '../platform/clock.js';
import { loadVermont2026Catalog, loadVermont2027Catalog } from '../catalog/seed-vermont-2026.js';
import { planYearsModule } from './module.js';
import { PlanYearFileRefused, readPlanYearFile } from './plan-year-tables.js';
import { parseJsonWithLines } from './json-lines.js';

const published2027 = (over: Record<string, unknown> = {}) =>
  JSON.stringify(
    {
      planYear: 2027,
      applicablePercentage: {
        source: 'Rev. Proc. 2026-99 (test figures)',
        state: 'published',
        bands: [
          { from: 0, to: 133, startBp: 215, endBp: 215 },
          { from: 133, to: 150, startBp: 322, endBp: 429 },
          { from: 150, to: 200, startBp: 429, endBp: 676 },
          { from: 200, to: 250, startBp: 676, endBp: 864 },
          { from: 250, to: 300, startBp: 864, endBp: 1020 },
          { from: 300, to: 400, startBp: 1020, endBp: 1020 },
        ],
        aboveLastBandBp: null,
        requiredContributionBp: 1020,
      },
      catalog: { source: 'GMCB 2027 decisions (test)', state: 'published' },
      ...over,
    },
    null,
    2,
  );

describe('the plan-year file', () => {
  it('reads a good file', () => {
    expect(readPlanYearFile(published2027(), 2027).applicablePercentage?.bands).toHaveLength(6);
  });

  it('refuses a bad file whole, every problem with its line', () => {
    const bad = published2027().replace('"startBp": 322', '"startBp": 3.22').replace('"source": "GMCB 2027 decisions (test)"', '"source": ""');
    let refused: PlanYearFileRefused | undefined;
    try {
      readPlanYearFile(bad, 2027);
    } catch (err) {
      refused = err as PlanYearFileRefused;
    }
    expect(refused).toBeInstanceOf(PlanYearFileRefused);
    const lines = bad.split('\n');
    const lineOf = (needle: string) => lines.findIndex((l) => l.includes(needle)) + 1;
    expect(refused!.problems).toEqual([
      { line: lineOf('"startBp": 3.22'), message: expect.stringContaining('applicablePercentage.bands.1.startBp') },
      { line: lineOf('"source": ""'), message: expect.stringContaining('catalog.source') },
    ]);
    // Bands that do not follow on: checked once every band reads.
    const gap = published2027().replace('"from": 200', '"from": 201');
    expect(() => readPlanYearFile(gap, 2027)).toThrow(
      `line ${gap.split('\n').findIndex((l) => l.includes('"from": 201')) + 1}: applicablePercentage.bands.3.from: bands must follow on: this one must start at 200`,
    );
  });

  it('names the line of a syntax error, and refuses a file for another year', () => {
    expect(() => readPlanYearFile('{\n  "planYear": 2027,\n  "catalog": {\n    "source" "x"\n  }\n}', 2027)).toThrow(/line 4: not valid JSON/);
    expect(() => readPlanYearFile(published2027(), 2028)).toThrow(/line 2: planYear: the file is for 2027, not 2028/);
    expect(parseJsonWithLines('{"a":\n[1,\n2]}').lineOf(['a', 1])).toBe(3);
  });
});

describe('candor plan-year status and load, and the console page', () => {
  let t: TestApp;
  let dir: string;
  const clock = new ManualClock(new Date('2026-12-07T15:00:00Z'));
  beforeAll(async () => {
    t = await startTestApp({ clock });
    await t.ctx.db.transaction((tx) => loadVermont2026Catalog(tx));
    await t.ctx.db.transaction((tx) => loadVermont2027Catalog(tx));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'candor-plan-year-'));
  });
  afterAll(async () => {
    await t?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const run = async (name: string, flags: Record<string, string>) => {
    const out: string[] = [];
    const code = await planYearsModule.commands!.find((c) => c.name === name)!.run(t.ctx, { positional: [], flags }, (l) => out.push(l));
    return { code, out: out.join('\n') };
  };
  const quote2027 = () => t.server!.inject({ method: 'POST', url: '/api/v1/quotes', payload: { planYear: 2027, zip: '05602', annualIncomeCents: 31_920_00, members: [{ id: 'a', age: 40 }] } });

  it('lists 2027 with its provisional tables and their sources; quotes say they are an estimate', async () => {
    const { code, out } = await run('plan-year status', { year: '2027' });
    expect(code).toBe(0);
    expect(out).toMatch(/poverty-guidelines\s+PUBLISHED\s+HHS poverty guidelines, 91 FR 1797/);
    expect(out).toMatch(/applicable-percentage\s+PROVISIONAL\s+Estimate: Rev. Proc. 2025-25/);
    expect(out).toMatch(/catalog\s+PROVISIONAL\s+Estimate: Vermont 2026 approved rates/);
    expect(out).toMatch(/open-enrollment\s+PUBLISHED/);
    const q = (await quote2027()).json();
    expect(q.estimate).toBe(true);
    expect(q.estimates.map((e: { table: string }) => e.table)).toEqual(['applicable-percentage', 'catalog']);
    expect(q.credit.applicablePercentageBasisPoints).toBe(660);
    const q2026 = (await t.server!.inject({ method: 'POST', url: '/api/v1/quotes', payload: { planYear: 2026, zip: '05602', annualIncomeCents: 31_300_00, members: [{ id: 'a', age: 40 }] } })).json();
    expect(q2026).toMatchObject({ estimate: false, estimates: [] });
  });

  it('refuses a bad file, loading nothing; loads the published one with an audit record, and quotes use it', async () => {
    const badFile = path.join(dir, 'bad.json');
    fs.writeFileSync(badFile, published2027().replace('"endBp": 864', '"endBp": 600'));
    const refused = await run('plan-year load', { year: '2027', file: badFile });
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/Nothing was loaded[\s\S]*line \d+: applicablePercentage\.bands\.3\.endBp: a band never falls/);
    expect((await quote2027()).json().estimate).toBe(true);

    const goodFile = path.join(dir, 'good.json');
    fs.writeFileSync(goodFile, published2027());
    const loaded = await run('plan-year load', { year: '2027', file: goodFile });
    expect(loaded).toEqual({ code: 0, out: 'Loaded plan year 2027: applicable-percentage, catalog.' });
    const audit = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'plan-year.loaded'));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ objectId: '2027' });

    const q = (await quote2027()).json();
    expect(q).toMatchObject({ estimate: false, estimates: [] });
    expect(q.credit.applicablePercentageBasisPoints).toBe(676);
    const { out } = await run('plan-year status', { year: '2027' });
    expect(out).toMatch(/applicable-percentage\s+PUBLISHED\s+Rev. Proc. 2026-99/);
    expect(out).toContain('all published');
  });

  it('shows the same on the operations console, to operations staff only', async () => {
    const ops = await createTestAccount(t.ctx.db, { role: 'operations' });
    const page = await t.server!.inject({ url: '/operations/plan-years', headers: { cookie: await sessionCookieFor(t.ctx.db, ops.id, clock.now()) } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Plan year 2027');
    expect(page.body).toContain('HHS poverty guidelines, 91 FR 1797 (15 January 2026)');
    expect(page.body).toContain('Rev. Proc. 2025-25');
    const customer = await createTestAccount(t.ctx.db, { role: 'customer' });
    const denied = await t.server!.inject({ url: '/operations/plan-years', headers: { cookie: await sessionCookieFor(t.ctx.db, customer.id, clock.now()) } });
    expect(denied.statusCode).toBe(403);
  });
});

describe('the demo seed', () => {
  it('loads the Vermont 2026 catalog and the provisional 2027 one, once', async () => {
    const { catalogModule } = await import('../catalog/module.js');
    const app = await startTestApp({ clock: new ManualClock(new Date('2026-12-07T15:00:00Z')) });
    try {
      const first: string[] = [];
      await catalogModule.seed!(app.ctx, (l) => first.push(l), { positional: [], flags: {} });
      expect(first).toEqual([
        expect.stringMatching(/^Catalog: loaded the Vermont 2026 plans/),
        expect.stringMatching(/^Catalog: loaded the Vermont 2027 plans .* provisional: 2026 rates carried forward\.$/),
      ]);
      const again: string[] = [];
      await catalogModule.seed!(app.ctx, (l) => again.push(l), { positional: [], flags: {} });
      expect(again).toEqual(['Catalog: the Vermont 2026 plans are already loaded.', 'Catalog: the Vermont 2027 plans are already loaded.']);
    } finally {
      await app.stop();
    }
  });
});
