import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAY, MINUTE } from '../platform/clock.js';
import { afterFailure, isLocked, LOCKOUT, UNLOCKED, type AccountKind, type LockState } from './lockout.js';

const t0 = new Date('2026-01-05T14:00:00Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * MINUTE);

/** Fails at each minute offset, skipping attempts refused while locked (as the sign-in does). */
function run(kind: AccountKind, minutes: number[]) {
  let state: LockState = UNLOCKED;
  const locks: number[] = [];
  for (const m of minutes) {
    if (isLocked(state, at(m))) continue;
    const r = afterFailure(kind, state, at(m));
    state = r.state;
    if (r.lockedNow) locks.push(m);
  }
  return { state, locks };
}

describe('customer lockout: 5 failures within 120 minutes lock for 60 minutes', () => {
  it('locks at the fifth failure and for exactly 60 minutes', () => {
    const { state, locks } = run('customer', [0, 1, 2, 3, 4]);
    expect(locks).toEqual([4]);
    expect(isLocked(state, at(4))).toBe(true);
    expect(isLocked(state, at(63.99))).toBe(true);
    expect(isLocked(state, at(64))).toBe(false);
  });

  it('does not lock at four failures', () => {
    const { state, locks } = run('customer', [0, 1, 2, 3]);
    expect(locks).toEqual([]);
    expect(isLocked(state, at(3))).toBe(false);
  });

  it('starts a new count when the window has passed', () => {
    const { locks, state } = run('customer', [0, 1, 2, 3, 120, 121, 122, 123]);
    expect(locks).toEqual([]);
    expect(state.failedSignIns).toBe(4);
  });

  it('counts the fifth failure at 119 minutes inside the window', () => {
    expect(run('customer', [0, 30, 60, 90, 119]).locks).toEqual([119]);
  });

  it('starts a new count after a lock runs out', () => {
    const { locks } = run('customer', [0, 1, 2, 3, 4, 65, 66, 67, 68]);
    expect(locks).toEqual([4]);
    expect(run('customer', [0, 1, 2, 3, 4, 65, 66, 67, 68, 69]).locks).toEqual([4, 69]);
  });
});

describe('staff lockout: 3 failures lock until an administrator unlocks', () => {
  it('locks at the third failure, for good', () => {
    const { state, locks } = run('staff', [0, 5, 10]);
    expect(locks).toEqual([10]);
    expect(state.lockedByPolicyAt).toEqual(at(10));
    expect(isLocked(state, new Date(t0.getTime() + 3650 * DAY))).toBe(true);
  });

  it('does not lock at two failures, nor at three spread over more than the window', () => {
    expect(run('staff', [0, 5]).locks).toEqual([]);
    expect(run('staff', [0, 60, 120]).locks).toEqual([]);
  });
});

describe('lockout properties', () => {
  const kinds = fc.constantFrom<AccountKind>('customer', 'staff');
  const gaps = fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 1, maxLength: 40 });
  const times = (g: number[]) => g.reduce<number[]>((acc, d) => [...acc, (acc.at(-1) ?? 0) + d], []);

  it('locks exactly when the limit of failures falls inside one window since the count began', () => {
    fc.assert(
      fc.property(kinds, gaps, (kind, g) => {
        const policy = LOCKOUT[kind];
        let state: LockState = UNLOCKED;
        let windowStart = -Infinity;
        let count = 0;
        for (const m of times(g)) {
          if (isLocked(state, at(m))) continue;
          // Reference model: a count restarts when its window has passed or after a lock.
          if (m - windowStart >= policy.windowMs / MINUTE || count >= policy.maxFailures) {
            windowStart = m;
            count = 0;
          }
          count++;
          const r = afterFailure(kind, state, at(m));
          state = r.state;
          expect(r.lockedNow).toBe(count === policy.maxFailures);
          expect(state.failedSignIns).toBe(count);
          if (r.lockedNow && kind === 'customer') expect(state.lockedUntil).toEqual(at(m + 60));
          if (r.lockedNow && kind === 'staff') expect(state.lockedByPolicyAt).toEqual(at(m));
        }
      }),
    );
  });

  it('never locks when failures are always at least the window apart', () => {
    fc.assert(
      fc.property(kinds, fc.array(fc.integer({ min: 120, max: 10_000 }), { maxLength: 30 }), (kind, g) => {
        expect(run(kind, times(g)).locks).toEqual([]);
      }),
    );
  });
});
