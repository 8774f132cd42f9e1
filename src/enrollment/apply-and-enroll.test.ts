/**
 * The use cases end to end on the real database: a household applies, is
 * determined by the eligibility rules, picks a plan taking less than its
 * full credit, and later ends its coverage.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import { openTestDatabase } from '../../test/support/database.js';
import { createTestAccount } from '../accounts/testing.js';
import { auditLog } from '../audit/schema.js';
import { unseal } from '../platform/crypto.js';
import { loadVermont2026Catalog } from '../catalog/seed-vermont-2026.js';
import { vermont } from '../states/vt.js';
import { createEngine } from './engine-adapter.js';
import { endCoverage } from './end-coverage.js';
import { EnrollmentEvents } from './events.js';
import { personSchema } from './forms.js';
import { reportLifeEvent } from './report-life-event.js';
import { saveAddress } from './save-address.js';
import { saveIncome } from './save-income.js';
import { saveMember, ssnLookupHash } from './save-member.js';
import { applications, determinations, enrollmentMembers, enrollments, members, verifications } from './schema.js';
import { selectPlan } from './select-plan.js';
import { startApplication } from './start-application.js';
import { submitApplication } from './submit-application.js';
import { changeCredit } from './change-credit.js';

let database: Awaited<ReturnType<typeof openTestDatabase>>;
beforeAll(async () => {
  database = await openTestDatabase();
  await database.db.transaction((tx) => loadVermont2026Catalog(tx));
});
afterAll(async () => database.drop());

const dataKey = randomBytes(32);
const engine = createEngine(vermont);
const deps = { engine, events: new EnrollmentEvents(), profile: vermont, timeZone: vermont.timeZone };

function person(fields: Record<string, string>, isPrimary: boolean) {
  const r = personSchema({ isPrimary, today: '2025-12-01', askTobacco: false }).safeParse({
    sex: 'F',
    seekingCoverage: 'yes',
    citizenship: 'citizen',
    taxFiling: 'filer',
    ...fields,
  });
  if (!r.success) throw new Error(JSON.stringify(r.error.issues));
  return r.data;
}

async function applyHousehold(opts: { incomeCents: number; at: Date }) {
  const db = database.db;
  const account = await createTestAccount(db);
  const actor = { id: account.id, kind: 'person' as const };
  const { applicationId, householdId } = await db.transaction((tx) => startApplication(tx, { channel: 'online', planYear: 2026, customerAccountId: account.id, state: 'VT', actor, at: opts.at }));
  await db.transaction((tx) =>
    saveMember(tx, { applicationId, person: person({ firstName: 'Ana', lastName: 'Lopez', dobMonth: '3', dobDay: '14', dobYear: '1988', ssn: '123-45-6789' }, true), dataKey, actor, at: opts.at }),
  );
  await db.transaction((tx) =>
    saveMember(tx, {
      applicationId,
      person: person({ firstName: 'Leo', lastName: 'Lopez', dobMonth: '7', dobDay: '2', dobYear: '2016', relationship: 'child', taxFiling: 'dependent', sex: 'M' }, false),
      dataKey,
      actor,
      at: opts.at,
    }),
  );
  await db.transaction((tx) => saveAddress(tx, { applicationId, address: { line1: '12 Elm St', line2: '', city: 'Burlington', state: 'VT', zip: '05401', county: 'Chittenden' }, actor, at: opts.at }));
  await db.transaction((tx) => saveIncome(tx, { applicationId, annualIncomeCents: opts.incomeCents, taxHouseholdSize: 2, actor, at: opts.at }));
  return { account, actor, applicationId, householdId };
}

describe('applying and enrolling', () => {
  it('stores the SSN only sealed, with a keyed hash to find it by', async () => {
    const at = new Date('2025-12-01T15:00:00Z');
    const { householdId } = await applyHousehold({ incomeCents: 5_000_000, at });
    const [primary] = await database.db.select().from(members).where(eq(members.householdId, householdId)).orderBy(members.createdAt);
    expect(primary!.ssnSealed).not.toContain('123456789');
    expect(unseal(dataKey, primary!.ssnSealed!)).toBe('123456789');
    expect(primary!.ssnHash).toBe(ssnLookupHash(dataKey, '123456789'));
    expect(primary!.ssnLast4).toBe('6789');
    const audits = await database.db.select().from(auditLog);
    expect(JSON.stringify(audits)).not.toMatch(/123-?45-?6789|1988-03-14|5000000/);
  });

  it('determines eligibility, opens verifications, enrolls with a partial credit and ends on request', async () => {
    const db = database.db;
    const at = new Date('2025-12-01T15:00:00Z');
    const { actor, applicationId, householdId } = await applyHousehold({ incomeCents: 5_000_000, at });
    const determined: string[] = [];
    deps.events.on('application-determined', async (_tx, e) => void determined.push(e.applicationId));
    const { decision } = await db.transaction((tx) => submitApplication(tx, deps, { applicationId, attestedBy: actor.id, actor, at }));
    expect(determined).toEqual([applicationId]);
    // $50,000 for two in 2026 (poverty line $21,150): 236 % FPL — the adult gets the credit; the child (under 312 %) goes to Dr. Dynasaur.
    expect(decision.fplPercent).toBe(236);
    const rows = await db.select().from(determinations).where(eq(determinations.applicationId, applicationId));
    expect(rows.map((r) => r.outcome).sort()).toEqual(['chip', 'qhp-aptc']);
    expect(rows[0]!.maxAptcCents).toBeGreaterThan(0);
    const [app] = await db.select().from(applications).where(eq(applications.id, applicationId));
    expect(app!.status).toBe('determined');
    const v = await db.select().from(verifications).where(eq(verifications.applicationId, applicationId));
    expect(v.every((x) => x.status === 'pending')).toBe(true);
    expect(v.map((x) => x.element).sort()).toEqual(['citizenship', 'citizenship', 'death', 'incarceration', 'incarceration', 'income', 'other-coverage', 'other-coverage', 'residency', 'ssn']);

    const max = rows[0]!.maxAptcCents;
    const { enrollmentId } = await db.transaction((tx) => selectPlan(tx, deps, { householdId, plan: `77566VT0020004-${rows[0]!.csrVariant}`, requestedAptcCents: max - 10_000, actor, at }));
    const [e] = await db.select().from(enrollments).where(eq(enrollments.id, enrollmentId));
    expect(e).toMatchObject({ status: 'pending-binder', coverageStart: '2026-01-01', aptcCents: max - 10_000, carrierHiosId: '77566' });
    expect(e!.netPremiumCents).toBe(e!.grossPremiumCents - e!.aptcCents - e!.stateAssistanceCents);
    const covered = await db.select().from(enrollmentMembers).where(eq(enrollmentMembers.enrollmentId, enrollmentId));
    expect(covered).toHaveLength(1); // the child was referred to Dr. Dynasaur
    expect(covered[0]!.premiumCents).toBe(e!.grossPremiumCents);

    await expect(db.transaction((tx) => selectPlan(tx, deps, { householdId, plan: `77566VT0020004-${rows[0]!.csrVariant}`, requestedAptcCents: max + 1, actor, at }))).rejects.toMatchObject({
      name: 'invalid-input',
    });

    const changed = await db.transaction((tx) => changeCredit(tx, deps, { enrollmentId, requestedAptcCents: 0, actor, at }));
    expect(changed).toMatchObject({ aptcCents: 0, effectiveDate: '2026-01-01' });

    const ended = await db.transaction((tx) => endCoverage(tx, deps, { enrollmentId, choice: 'end-of-this-month', actor, at }));
    expect(ended).toMatchObject({ to: 'cancelled', coverageEnd: '2026-01-01' });
  });

  it('refuses a plan outside open enrollment without a life event, and accepts one in a special period', async () => {
    const db = database.db;
    const oe = new Date('2025-12-01T15:00:00Z');
    const { actor, applicationId, householdId } = await applyHousehold({ incomeCents: 9_000_000, at: oe });
    await db.transaction((tx) => submitApplication(tx, deps, { applicationId, attestedBy: actor.id, actor, at: oe }));
    const march = new Date('2026-03-10T15:00:00Z');
    await expect(db.transaction((tx) => selectPlan(tx, deps, { householdId, plan: '13627VT0010006-01', actor, at: march }))).rejects.toMatchObject({ messageKey: 'errors.plan.windowClosed' });
    await db.transaction((tx) => reportLifeEvent(tx, deps, { householdId, event: 'loss-of-coverage', eventDate: '2026-02-20', reportedBy: actor.id, actor, at: march }));
    const { enrollmentId } = await db.transaction((tx) => selectPlan(tx, deps, { householdId, plan: '13627VT0010006-01', actor, at: march }));
    const [e] = await db.select().from(enrollments).where(eq(enrollments.id, enrollmentId));
    expect(e!.coverageStart).toBe('2026-04-01');
  });
});
