/**
 * When failed sign-ins lock an account (RULES.md, security figures):
 * customers after 5 failures within 120 minutes, for 60 minutes; staff after
 * 3 failures within 120 minutes, until an administrator unlocks. A failed
 * second factor counts as a failed sign-in. Pure: state in, state out.
 */
import { MINUTE } from '../platform/clock.js';

export interface LockState {
  failedSignIns: number;
  firstFailedAt: Date | null;
  lockedUntil: Date | null;
  lockedByPolicyAt: Date | null;
}

export type AccountKind = 'customer' | 'staff';

export const LOCKOUT = {
  customer: { maxFailures: 5, windowMs: 120 * MINUTE, lockMs: 60 * MINUTE },
  staff: { maxFailures: 3, windowMs: 120 * MINUTE, lockMs: null },
} as const;

export const UNLOCKED: LockState = { failedSignIns: 0, firstFailedAt: null, lockedUntil: null, lockedByPolicyAt: null };

export function isLocked(state: LockState, now: Date): boolean {
  if (state.lockedByPolicyAt) return true;
  return state.lockedUntil !== null && now < state.lockedUntil;
}

/**
 * The state after one more failure. Failures while locked are not counted
 * (the caller refuses them before checking anything); a failure after the
 * window or after a lock has run out starts a new count.
 */
export function afterFailure(kind: AccountKind, state: LockState, now: Date): { state: LockState; lockedNow: boolean } {
  if (isLocked(state, now)) return { state, lockedNow: false };
  const policy = LOCKOUT[kind];
  const lockExpired = state.lockedUntil !== null && now >= state.lockedUntil;
  const windowOpen = state.firstFailedAt !== null && now.getTime() - state.firstFailedAt.getTime() < policy.windowMs;
  const fresh = lockExpired || !windowOpen;
  const failedSignIns = fresh ? 1 : state.failedSignIns + 1;
  const firstFailedAt = fresh ? now : state.firstFailedAt;
  if (failedSignIns < policy.maxFailures) {
    return { state: { failedSignIns, firstFailedAt, lockedUntil: null, lockedByPolicyAt: null }, lockedNow: false };
  }
  return {
    state:
      policy.lockMs === null
        ? { failedSignIns, firstFailedAt, lockedUntil: null, lockedByPolicyAt: now }
        : { failedSignIns, firstFailedAt, lockedUntil: new Date(now.getTime() + policy.lockMs), lockedByPolicyAt: null },
    lockedNow: true,
  };
}
