/**
 * A customer sees only their own household. For generated households, every
 * registered route with a household, application, enrollment or member id in
 * its path is tried by another customer with the victim's ids: each answer is
 * 403 or 404, shows none of the victim's data, and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { eq, sql } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../test/support/app.js';
import { signedIn } from '../accounts/testing.js';
import { ManualClock } from '../platform/clock.js';
import { applications, determinations, enrollments, households, members } from './schema.js';
import { createEnrollment, createHousehold } from './testing.js';
import { formClient } from './test-client.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock: new ManualClock(new Date('2025-12-01T15:00:00Z')) });
});
afterAll(async () => t?.stop());

const HOUSEHOLD_PARAMS = ['householdId', 'applicationId', 'enrollmentId', 'memberId'];

async function snapshot() {
  const r = await t.ctx.db.execute<{ digest: string }>(sql`
    SELECT md5(
      coalesce((SELECT string_agg(h::text, ',' ORDER BY id) FROM households h), '') ||
      coalesce((SELECT string_agg(m::text, ',' ORDER BY id) FROM household_members m), '') ||
      coalesce((SELECT string_agg(a::text, ',' ORDER BY id) FROM applications a), '') ||
      coalesce((SELECT string_agg(e::text, ',' ORDER BY id) FROM enrollments e), '') ||
      coalesce((SELECT string_agg(s::text, ',' ORDER BY id) FROM special_enrollment_periods s), '') ||
      coalesce((SELECT count(*)::text FROM enrollment_transitions), '')
    ) AS digest`);
  return r.rows[0]!.digest;
}

describe('households are private to their customer', () => {
  it('every cross-household route answers 403 or 404 and shows nothing', async () => {
    const routes = t.server!.candorRoutes.filter((r) => HOUSEHOLD_PARAMS.some((p) => r.url.includes(`:${p}`)));
    expect(routes.length).toBeGreaterThan(25);
    const attacker = await signedIn(t.ctx.db, 'customer');
    await createHousehold(t.ctx.db, { customerAccountId: attacker.id, members: [{ firstName: 'Attacker' }] });
    const client = formClient(t.server!, attacker.cookie);

    const name = fc.stringMatching(/^[A-Z][a-z]{6,10}$/);
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          names: fc.array(name, { minLength: 1, maxLength: 3 }),
          ownsAccount: fc.boolean(),
          status: fc.constantFrom('draft', 'determined'),
          enrolled: fc.constantFrom('pending-binder', 'effectuated', 'terminated'),
        }),
        async (g) => {
          const owner = g.ownsAccount ? await signedIn(t.ctx.db, 'customer') : null;
          const names = g.names.map((n, i) => `${n}Victim${i}`);
          const { household, members: people } = await createHousehold(t.ctx.db, {
            customerAccountId: owner?.id ?? null,
            members: names.map((firstName) => ({ firstName, lastName: `Lastname${firstName}` })),
          });
          const [app] = await t.ctx.db
            .insert(applications)
            .values({ householdId: household.id, planYear: 2026, channel: 'online', status: g.status, annualIncomeCents: 4_000_000, taxHouseholdSize: names.length })
            .returning();
          if (g.status === 'determined') {
            await t.ctx.db.insert(determinations).values(
              people.map((p) => ({
                applicationId: app!.id,
                householdId: household.id,
                memberId: p.id,
                planYear: 2026,
                outcome: 'qhp-aptc' as const,
                fplPercent: 250,
                maxAptcCents: 50_000,
                determinedAt: new Date(),
              })),
            );
          }
          const enrollment = await createEnrollment(t.ctx.db, { householdId: household.id, applicationId: app!.id, status: g.enrolled });
          const ids: Record<string, string> = { householdId: household.id, applicationId: app!.id, enrollmentId: enrollment.id, memberId: people[people.length - 1]!.id };
          const secrets = [...names, household.caseNumber, enrollment.policyNumber];
          const before = await snapshot();
          for (const route of routes) {
            const url = route.url.replace(/:(\w+)/g, (_m, p: string) => ids[p] ?? _m);
            const res =
              route.method === 'GET'
                ? await client.get(url)
                : await client.post(url, { firstName: 'Changed', choice: 'end-of-this-month', aptc: '0', plan: '13627VT0010006-01', annualIncome: '1', taxHouseholdSize: '1' }, '/coverage');
            expect([403, 404], `${route.method} ${route.url} → ${res.status}`).toContain(res.status);
            for (const s of secrets) expect(res.body, `${route.method} ${route.url} leaked`).not.toContain(s);
          }
          expect(await snapshot()).toBe(before);
        },
      ),
      { numRuns: 12 },
    );
    // The victims' rows are still there and unchanged in count.
    expect((await t.ctx.db.select().from(households)).length).toBeGreaterThan(12);
    expect((await t.ctx.db.select().from(members).where(eq(members.firstName, 'Changed'))).length).toBe(0);
    expect((await t.ctx.db.select().from(enrollments).where(eq(enrollments.status, 'cancelled'))).length).toBe(0);
  });
});
