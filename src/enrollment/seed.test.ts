import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../test/support/app.js';
import { seedAccounts } from '../accounts/seed.js';
import { catalogModule } from '../catalog/module.js';
import { ManualClock } from '../platform/clock.js';
import { applications, enrollments, households } from './schema.js';
import { seedEnrollment } from './seed.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock: new ManualClock(new Date('2026-11-27T15:00:00Z')) });
});
afterAll(async () => t?.stop());

describe('the enrollment demo seed', () => {
  it('skips without a catalog, then makes its households once', async () => {
    const lines: string[] = [];
    await seedEnrollment(t.ctx, (l) => lines.push(l), { positional: [], flags: {} });
    expect(lines).toEqual(['Enrollment: no 2026 plans in the catalog yet; demo households skipped.']);
    await seedAccounts(t.ctx, () => {});
    await catalogModule.seed!(t.ctx, () => {}, { positional: [], flags: {} });
    await seedEnrollment(t.ctx, (l) => lines.push(l), { positional: [], flags: {} });
    await seedEnrollment(t.ctx, (l) => lines.push(l), { positional: [], flags: {} });
    expect(lines.slice(1)).toEqual(['Enrollment: 4 demo households (cases H-DEMOALEX, H-DEMOMARA, H-DEMOPAPR, H-DEMOCALL).', 'Enrollment: the demo households are already there.']);

    const demo = await t.ctx.db
      .select()
      .from(households)
      .where(inArray(households.caseNumber, ['H-DEMOALEX', 'H-DEMOMARA', 'H-DEMOPAPR', 'H-DEMOCALL']));
    expect(demo).toHaveLength(4);
    const byCase = new Map(demo.map((h) => [h.caseNumber, h]));
    const alex = await t.ctx.db
      .select()
      .from(enrollments)
      .where(eq(enrollments.householdId, byCase.get('H-DEMOALEX')!.id));
    expect(alex).toMatchObject([{ status: 'effectuated', coverageStart: '2026-01-01', carrierHiosId: '13627' }]);
    expect(alex[0]!.aptcCents).toBeGreaterThan(0);
    const maria = await t.ctx.db
      .select()
      .from(enrollments)
      .where(eq(enrollments.householdId, byCase.get('H-DEMOMARA')!.id));
    expect(maria).toMatchObject([{ status: 'pending-binder', coverageStart: '2026-12-01', carrierHiosId: '77566' }]);
    const [paper] = await t.ctx.db
      .select()
      .from(applications)
      .where(eq(applications.householdId, byCase.get('H-DEMOPAPR')!.id));
    expect(paper).toMatchObject({ channel: 'paper', status: 'draft', receivedOn: '2026-11-24' });
    expect(byCase.get('H-DEMOCALL')!.customerAccountId).toBeNull();
  });
});
