import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/support/database.js';
import { createTestAccount } from '../accounts/testing.js';
import { CandorError } from '../platform/errors.js';
import { createEnrollment } from '../enrollment/testing.js';
import { enrollments, verifications } from '../enrollment/schema.js';
import { extendInconsistency, openInconsistency, runInconsistencyClock } from './inconsistencies.js';
import { loadKeyring, type Keyring } from './keyring.js';
import { setHubNoticeSink, type HubNotice } from './notify.js';
import { addDays } from './rules.js';
import { inconsistencies, verificationQueue } from './schema.js';
import { numberedPerson } from './standin/population.js';
import { seedApplications } from './testing.js';
import { queueVerifications } from './queue-verifications.js';

let db: Awaited<ReturnType<typeof openTestDatabase>>;
let keyring: Keyring;
const raised: Array<{ notice: HubNotice; dedupeKey: string }> = [];
let n = 0;

beforeAll(async () => {
  db = await openTestDatabase();
  keyring = await loadKeyring(db.db, randomBytes(32), () => new Date());
  setHubNoticeSink(async (_tx, notice, opts) => {
    raised.push({ notice, dedupeKey: opts.dedupeKey });
  });
});
afterEach(() => {
  raised.length = 0;
});
afterAll(async () => {
  setHubNoticeSink(null);
  await db?.drop();
});

const at = new Date('2026-11-10T15:00:00Z');

async function verificationOf(element: string) {
  const [seeded] = await seedApplications(db.db, keyring, [numberedPerson(500 + n++)], { at });
  const [v] = await db.db
    .select()
    .from(verifications)
    .where(and(eq(verifications.applicationId, seeded!.applicationId), eq(verifications.element, element as 'income')));
  return { seeded: seeded!, ref: { id: v!.id, applicationId: v!.applicationId, householdId: v!.householdId, memberId: v!.memberId, element } };
}

describe('the inconsistency clock', () => {
  it('opens once, from the notice day, and keeps its clock when opened again', async () => {
    const { ref } = await verificationOf('citizenship');
    const first = await openInconsistency(db.db, { verification: ref, reason: 'no-match', today: '2026-11-10', now: at });
    expect(first).toMatchObject({ opened: true, endsOn: '2027-02-13' });
    const again = await openInconsistency(db.db, { verification: ref, reason: 'no-record', today: '2026-12-01', now: at });
    expect(again).toEqual({ id: first.id, endsOn: '2027-02-13', opened: false });
    const [v] = await db.db.select().from(verifications).where(eq(verifications.id, ref.id));
    expect(v).toMatchObject({ status: 'inconsistent', inconsistencyEndsOn: '2027-02-13' });
    expect(raised.map((r) => r.notice)).toEqual([{ type: 'verification-needed', data: { documentsDueDate: '2027-02-13', items: ['citizenship'] } }]);
  });

  it('sends reminders 60, 30 and 10 days before the end, each once', async () => {
    const { ref } = await verificationOf('income');
    const { id, endsOn } = await openInconsistency(db.db, { verification: ref, reason: 'income-above-attested', today: '2026-11-10', now: at });
    raised.length = 0;
    const day = async (today: string) => db.db.transaction((tx) => runInconsistencyClock(tx, { today, now: at }));
    await day(addDays(endsOn, -61));
    await day(addDays(endsOn, -60));
    await day(addDays(endsOn, -60));
    await day(addDays(endsOn, -30));
    await day(addDays(endsOn, -10));
    await day(addDays(endsOn, -5));
    const mine = raised.filter((r) => r.dedupeKey.startsWith(`verification-needed:${id}:reminder`));
    expect(mine).toHaveLength(3);
    expect(new Set(mine.map((r) => r.dedupeKey)).size).toBe(3);
  });

  it('lets a caseworker extend for good faith, audited, and refuses a bad number of days', async () => {
    const { ref } = await verificationOf('income');
    const caseworker = await createTestAccount(db.db, { role: 'caseworker' });
    const { id, endsOn } = await openInconsistency(db.db, { verification: ref, reason: 'no-record', today: '2026-11-10', now: at });
    const result = await db.db.transaction((tx) => extendInconsistency(tx, { inconsistencyId: id, days: 30, by: caseworker.id, today: '2026-12-01', now: at }));
    expect(result.endsOn).toBe(addDays(endsOn, 30));
    const audit = await db.db.execute<{ details: { days: number } }>(sql`SELECT details FROM audit_log WHERE action = 'inconsistency.extended' AND object_id = ${id}`);
    expect(audit.rows[0]!.details.days).toBe(30);
    for (const days of [0, 91, 2.5, Number.NaN]) {
      await expect(db.db.transaction((tx) => extendInconsistency(tx, { inconsistencyId: id, days, by: caseworker.id, today: '2026-12-01', now: at }))).rejects.toBeInstanceOf(CandorError);
    }
    const [row] = await db.db.select().from(inconsistencies).where(eq(inconsistencies.id, id));
    expect(row!.endsOn).toBe(addDays(endsOn, 30));
  });

  it('asks for documents when a check has waited a week for the hub', async () => {
    const { seeded } = await verificationOf('ssn');
    await queueVerifications(db.db, { now: at, applicationId: seeded.applicationId });
    const early = await db.db.transaction((tx) => runInconsistencyClock(tx, { today: '2026-11-15', now: new Date(at.getTime() + 5 * 86_400_000) }));
    expect(early.waitedTooLong).toBe(0);
    const late = await db.db.transaction((tx) => runInconsistencyClock(tx, { today: '2026-11-18', now: new Date(at.getTime() + 8 * 86_400_000) }));
    expect(late.waitedTooLong).toBe(6);
    const opened = await db.db.select().from(inconsistencies).where(eq(inconsistencies.applicationId, seeded.applicationId));
    expect(opened.every((i) => i.reason === 'hub-unavailable' && i.noticeOn === '2026-11-18')).toBe(true);
    // The requests are still queued: the hub may yet answer.
    const queued = await db.db
      .select()
      .from(verificationQueue)
      .where(and(eq(verificationQueue.applicationId, seeded.applicationId), eq(verificationQueue.status, 'queued')));
    expect(queued).toHaveLength(6);
  });

  it('ends coverage when a citizenship inconsistency expires: terminates at the end of the month, leaves coverage that ends before', async () => {
    const { ref, seeded } = await verificationOf('citizenship');
    const effectuated = await createEnrollment(db.db, { householdId: seeded.householdId, status: 'effectuated', planYear: 2027 });
    const ending = await createEnrollment(db.db, { householdId: seeded.householdId, status: 'effectuated', planYear: 2026 });
    const { id, endsOn } = await openInconsistency(db.db, { verification: ref, reason: 'citizenship-not-confirmed', today: '2026-11-10', now: at });
    raised.length = 0;
    const r = await db.db.transaction((tx) => runInconsistencyClock(tx, { today: endsOn, now: at }));
    expect(r.expired).toBeGreaterThanOrEqual(1);
    const [e] = await db.db.select().from(enrollments).where(eq(enrollments.id, effectuated.id));
    expect(e).toMatchObject({ status: 'terminated', coverageEnd: '2027-02-28', endReason: 'verification-expired' });
    const [old] = await db.db.select().from(enrollments).where(eq(enrollments.id, ending.id));
    expect(old).toMatchObject({ status: 'effectuated', coverageEnd: '2026-12-31' });
    expect(raised.find((x) => x.dedupeKey === `verification-expired:${id}`)?.notice).toEqual({
      type: 'verification-expired',
      data: { expiredOn: endsOn, item: 'citizenship', consequence: 'end-coverage', effectiveDate: '2027-03-01' },
    });
  });
});
