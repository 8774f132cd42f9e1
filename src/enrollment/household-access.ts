/**
 * Who may see and act on a household: its own customer, and staff who serve
 * households (call-centre agents, caseworkers, supervisors). A customer
 * asking for anyone else's household gets "not found", the same answer as
 * for an id that does not exist, so ids reveal nothing.
 */
import { eq } from 'drizzle-orm';
import type { Actor } from '../accounts/sessions.js';
import type { Tx } from '../platform/database.js';
import { notFound } from '../platform/errors.js';
import { applications, enrollments, households } from './schema.js';

export const HOUSEHOLD_STAFF_ROLES = ['call-centre-agent', 'caseworker', 'supervisor'] as const;

export function isHouseholdStaff(actor: Pick<Actor, 'kind' | 'roles'>): boolean {
  return actor.kind === 'staff' && actor.roles.some((r) => (HOUSEHOLD_STAFF_ROLES as readonly string[]).includes(r));
}

/** Pure rule: may this actor reach this household? */
export function mayAccessHousehold(actor: Pick<Actor, 'kind' | 'roles' | 'accountId'>, household: { customerAccountId: string | null }): boolean {
  if (actor.kind === 'customer') return household.customerAccountId !== null && household.customerAccountId === actor.accountId;
  return isHouseholdStaff(actor);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type HouseholdRow = typeof households.$inferSelect;

export async function householdFor(tx: Tx, actor: Actor, householdId: string): Promise<HouseholdRow> {
  if (!UUID.test(householdId)) throw notFound();
  const [row] = await tx.select().from(households).where(eq(households.id, householdId));
  if (!row || !mayAccessHousehold(actor, row)) throw notFound();
  return row;
}

export async function applicationFor(tx: Tx, actor: Actor, applicationId: string) {
  if (!UUID.test(applicationId)) throw notFound();
  const [row] = await tx
    .select({ application: applications, household: households })
    .from(applications)
    .innerJoin(households, eq(households.id, applications.householdId))
    .where(eq(applications.id, applicationId));
  if (!row || !mayAccessHousehold(actor, row.household)) throw notFound();
  return row;
}

export async function enrollmentFor(tx: Tx, actor: Actor, enrollmentId: string) {
  if (!UUID.test(enrollmentId)) throw notFound();
  const [row] = await tx
    .select({ enrollment: enrollments, household: households })
    .from(enrollments)
    .innerJoin(households, eq(households.id, enrollments.householdId))
    .where(eq(enrollments.id, enrollmentId));
  if (!row || !mayAccessHousehold(actor, row.household)) throw notFound();
  return row;
}

/** The signed-in customer's own household, or null before they apply. */
export async function ownHousehold(tx: Tx, accountId: string): Promise<HouseholdRow | null> {
  const [row] = await tx.select().from(households).where(eq(households.customerAccountId, accountId));
  return row ?? null;
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
