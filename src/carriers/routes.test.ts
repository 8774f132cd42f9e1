/** The operations pages and the command line of the carrier files. */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/support/app.js';
import { signedIn } from '../accounts/testing.js';
import { loadVermont2026Catalog } from '../catalog/seed-vermont-2026.js';
import { createEnrollment, createHousehold } from '../enrollment/testing.js';
import { ManualClock } from '../platform/clock.js';
import { build834, parse834 } from './edi-834.js';
import { carriersModule } from './module.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock: new ManualClock(new Date('2026-01-06T14:00:00Z')) });
  await t.ctx.db.transaction((tx) => loadVermont2026Catalog(tx));
});
afterAll(async () => t?.stop());

function command(name: string) {
  return carriersModule.commands!.find((c) => c.name === name)!;
}

describe('carrier files for operations', () => {
  it('candor carriers export writes the day’s 834s and prints their paths; import reports discrepancies; the pages show both', async () => {
    const { household } = await createHousehold(t.ctx.db, { members: [{ firstName: 'Dana', lastName: 'Wells' }] });
    const e = await createEnrollment(t.ctx.db, { householdId: household.id, carrierHiosId: '13627', planHiosId: '13627VT0010006', at: new Date('2026-01-05T16:00:00Z') });

    const lines: string[] = [];
    expect(await command('carriers export').run(t.ctx, { positional: [], flags: { date: 'yesterday' } }, (l) => lines.push(l))).toBe(2);
    expect(await command('carriers export').run(t.ctx, { positional: [], flags: { date: '2026-01-05' } }, (l) => lines.push(l))).toBe(0);
    const file = lines.find((l) => l.endsWith('.x12'))!;
    expect(file).toContain(`${t.ctx.config.dataDir}/carriers/13627/834-2026-01-05.x12`);
    const sent = parse834(fs.readFileSync(file, 'utf8'));
    expect(sent.enrollments.map((x) => x.policyNumber)).toEqual([e.policyNumber]);

    // The carrier answers with an audit that has the wrong plan.
    const audit = build834({
      ...sent,
      sender: sent.receiver,
      receiver: sent.sender,
      purpose: 'audit',
      controlNumber: 77,
      enrollments: [{ ...sent.enrollments[0]!, maintenance: 'audit', planId: '13627VT0010004-01' }],
    });
    const path = `${t.ctx.config.dataDir}/bcbs-audit.x12`;
    fs.writeFileSync(path, audit);
    const out: string[] = [];
    expect(await command('carriers import').run(t.ctx, { positional: [path], flags: {} }, (l) => out.push(l))).toBe(0);
    expect(out[0]).toMatch(/Imported the audit file from 13627: 1 policies, 0 confirmed, 1 discrepancies/);
    const reportUrl = /(\/operations\/carriers\/imports\/[0-9a-f-]+)/.exec(out[0]!)![1]!;

    const ops = await signedIn(t.ctx.db, 'operations');
    const list = await t.server!.inject({ url: '/operations/carriers', headers: { cookie: ops.cookie } });
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('2026-01-05');
    const report = await t.server!.inject({ url: reportUrl, headers: { cookie: ops.cookie } });
    expect(report.body).toContain(e.policyNumber);
    expect(report.body).toContain('13627VT0010004-01');
    expect(report.body).not.toContain('Dana');

    const customer = await signedIn(t.ctx.db, 'customer');
    expect((await t.server!.inject({ url: '/operations/carriers', headers: { cookie: customer.cookie } })).statusCode).toBe(403);
    expect((await t.server!.inject({ url: '/operations/carriers/imports/nope', headers: { cookie: ops.cookie } })).statusCode).toBe(404);
  });
});
