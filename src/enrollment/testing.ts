/**
 * Factories for tests of any module: real rows in the real database.
 * `createHousehold` makes a household (optionally owned by a customer
 * account) with members; `createEnrollment` makes an enrollment in a plan
 * with its members and its `created` transition.
 */
import { eq } from 'drizzle-orm';
import type { Db, Tx } from '../platform/database.js';
import { newCaseNumber, newPolicyNumber } from './identifiers.js';
import { addresses, enrollmentAmounts, enrollmentMembers, enrollments, enrollmentTransitions, households, members, type EnrollmentStatus } from './schema.js';

export interface TestMember {
  firstName?: string;
  lastName?: string;
  /** YYYY-MM-DD */
  dateOfBirth?: string;
  sex?: 'F' | 'M' | 'U';
  tobaccoUse?: boolean;
  seekingCoverage?: boolean;
}

export type HouseholdRow = typeof households.$inferSelect;
export type MemberRow = typeof members.$inferSelect;
export type EnrollmentRow = typeof enrollments.$inferSelect;

export async function createHousehold(
  db: Db | Tx,
  opts: { customerAccountId?: string | null; state?: string; language?: 'en' | 'es'; members?: TestMember[]; address?: boolean } = {},
): Promise<{ household: HouseholdRow; members: MemberRow[] }> {
  const [household] = await db
    .insert(households)
    .values({ customerAccountId: opts.customerAccountId ?? null, caseNumber: newCaseNumber(), state: opts.state ?? 'VT', language: opts.language ?? 'en' })
    .returning();
  const specs = opts.members?.length ? opts.members : [{}];
  const rows = await db
    .insert(members)
    .values(
      specs.map((m, i) => ({
        householdId: household!.id,
        isPrimary: i === 0,
        firstName: m.firstName ?? (i === 0 ? 'Alex' : `Member${i + 1}`),
        lastName: m.lastName ?? 'Tester',
        dateOfBirth: m.dateOfBirth ?? '1985-06-15',
        sex: m.sex ?? 'U',
        tobaccoUse: m.tobaccoUse ?? false,
        seekingCoverage: m.seekingCoverage ?? true,
      })),
    )
    .returning();
  if (opts.address !== false) {
    await db.insert(addresses).values({ householdId: household!.id, kind: 'home', line1: '1 Main Street', city: 'Montpelier', state: opts.state ?? 'VT', zip: '05602' });
  }
  // Keep the primary member first whatever order the database returns.
  rows.sort((a, b) => Number(b.isPrimary) - Number(a.isPrimary));
  return { household: household!, members: rows };
}

export async function createEnrollment(
  db: Db | Tx,
  opts: {
    householdId: string;
    /** Members covered; default: every member of the household seeking coverage. */
    memberIds?: string[];
    planYear?: number;
    carrierHiosId?: string;
    planHiosId?: string;
    planVariant?: string;
    coverageStart?: string;
    coverageEnd?: string;
    grossPremiumCents?: number;
    aptcCents?: number;
    stateAssistanceCents?: number;
    status?: EnrollmentStatus;
    applicationId?: string | null;
    at?: Date;
  },
): Promise<EnrollmentRow> {
  const planYear = opts.planYear ?? 2026;
  const gross = opts.grossPremiumCents ?? 129_900;
  const aptc = opts.aptcCents ?? 0;
  const state = opts.stateAssistanceCents ?? 0;
  const at = opts.at ?? new Date();
  const householdMembers = await db.select().from(members).where(eq(members.householdId, opts.householdId));
  const covered = opts.memberIds ? householdMembers.filter((m) => opts.memberIds!.includes(m.id)) : householdMembers.filter((m) => m.seekingCoverage);
  if (covered.length === 0) throw new Error('createEnrollment: no members to cover');
  covered.sort((a, b) => Number(b.isPrimary) - Number(a.isPrimary));
  const status = opts.status ?? 'pending-binder';
  const [row] = await db
    .insert(enrollments)
    .values({
      householdId: opts.householdId,
      applicationId: opts.applicationId ?? null,
      planYear,
      carrierHiosId: opts.carrierHiosId ?? '77566',
      planHiosId: opts.planHiosId ?? '77566VT0010001',
      planVariant: opts.planVariant ?? '01',
      policyNumber: newPolicyNumber(),
      coverageStart: opts.coverageStart ?? `${planYear}-01-01`,
      coverageEnd: opts.coverageEnd ?? `${planYear}-12-31`,
      grossPremiumCents: gross,
      aptcCents: aptc,
      stateAssistanceCents: state,
      netPremiumCents: Math.max(0, gross - aptc - state),
      status,
      statusChangedAt: at,
      createdAt: at,
      updatedAt: at,
    })
    .returning();
  await db.insert(enrollmentMembers).values(covered.map((m, i) => ({ enrollmentId: row!.id, memberId: m.id, isSubscriber: i === 0, premiumCents: shareOf(gross, covered.length, i) })));
  await db.insert(enrollmentAmounts).values({
    enrollmentId: row!.id,
    effectiveFrom: row!.coverageStart,
    grossPremiumCents: gross,
    aptcCents: aptc,
    stateAssistanceCents: state,
    netPremiumCents: row!.netPremiumCents,
    maxAptcCents: aptc,
    reason: 'selection',
    actor: 'test',
    actorKind: 'system',
    recordedAt: at,
  });
  await db.insert(enrollmentTransitions).values({
    enrollmentId: row!.id,
    kind: 'created',
    fromStatus: null,
    toStatus: status,
    effectiveDate: row!.coverageStart,
    reason: 'test-factory',
    actor: 'test',
    actorKind: 'system',
    at,
  });
  return row!;
}

/** Splits cents across members so the shares add up exactly (the first members take the remainder). */
function shareOf(total: number, parts: number, index: number): number {
  const base = Math.floor(total / parts);
  return base + (index < total - base * parts ? 1 : 0);
}
