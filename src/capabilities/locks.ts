/**
 * The guard's PostgreSQL advisory locks (docs/adr/0020-capability-guard.md):
 * shared per capability while an action runs, exclusive inside the
 * transaction that stops a capability. Keys use the two-integer form, so
 * they never collide with the platform's single-bigint locks.
 */
import { CAPABILITY_IDS, isCapabilityId, type CapabilityId } from './ids.js';

/** Namespace of the guard's locks (first key). */
export const GUARD_LOCK_NAMESPACE = 7_100_424;

/** The second key: a capability's place in the append-only id list, plus one. */
export function guardLockKey(id: CapabilityId): number {
  const index = CAPABILITY_IDS.indexOf(id);
  if (index < 0) throw new Error(`not a capability: ${id}`);
  return index + 1;
}

/** Locks are always taken in this order, on both sides, so they never deadlock. */
export function lockOrder(ids: readonly CapabilityId[]): CapabilityId[] {
  return [...new Set(ids)].sort((a, b) => guardLockKey(a) - guardLockKey(b));
}

/** SQL (ids are checked against the fixed list, so inlining them is safe). */
export function sharedLockSql(ids: readonly CapabilityId[]): string {
  return `SELECT ${lockOrder(ids)
    .map((id) => `pg_advisory_lock_shared(${GUARD_LOCK_NAMESPACE}, ${guardLockKey(id)})`)
    .join(', ')}`;
}

export function sharedUnlockSql(ids: readonly CapabilityId[]): string {
  return `SELECT ${lockOrder(ids)
    .map((id) => `pg_advisory_unlock_shared(${GUARD_LOCK_NAMESPACE}, ${guardLockKey(id)})`)
    .join(', ')}`;
}

export function exclusiveXactLockSql(id: CapabilityId): string {
  return `SELECT pg_advisory_xact_lock(${GUARD_LOCK_NAMESPACE}, ${guardLockKey(id)})`;
}

export function quoteIds(ids: readonly CapabilityId[]): string {
  for (const id of ids) if (!isCapabilityId(id)) throw new Error(`not a capability: ${String(id)}`);
  return ids.map((id) => `'${id}'`).join(', ');
}
