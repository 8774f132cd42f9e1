import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isActive, planTransition, transitionKind } from './lifecycle.js';
import { ENROLLMENT_STATUSES, type EnrollmentStatus } from './schema.js';

const ALLOWED: Record<string, string> = {
  'pending-binder>effectuated': 'effectuation',
  'pending-binder>cancelled': 'cancellation',
  'effectuated>cancelled': 'cancellation',
  'effectuated>in-grace': 'grace-start',
  'in-grace>effectuated': 'cure',
  'effectuated>terminated': 'termination',
  'in-grace>terminated': 'termination',
  'terminated>effectuated': 'reinstatement',
  'cancelled>effectuated': 'reinstatement',
};

describe('enrollment lifecycle', () => {
  it('allows exactly the listed transitions (every pair checked)', () => {
    for (const from of ENROLLMENT_STATUSES) {
      for (const to of ENROLLMENT_STATUSES) {
        expect(transitionKind(from, to), `${from}>${to}`).toBe(ALLOWED[`${from}>${to}`] ?? null);
      }
    }
  });

  const base = { coverageStart: '2026-02-01', coverageEnd: '2026-12-31', planYear: 2026 };

  it('ends coverage on the termination date and refuses dates outside the coverage', () => {
    expect(planTransition({ ...base, status: 'in-grace' }, 'terminated', '2026-04-30')).toEqual({ ok: true, kind: 'termination', coverageEnd: '2026-04-30' });
    expect(planTransition({ ...base, status: 'effectuated' }, 'terminated', '2026-01-31')).toEqual({ ok: false, refusal: 'end-before-start' });
    expect(planTransition({ ...base, status: 'effectuated' }, 'terminated', '2027-01-01')).toEqual({ ok: false, refusal: 'end-after-plan-year' });
  });

  it('cancels only as of the coverage start, and reinstatement restores the plan-year end', () => {
    expect(planTransition({ ...base, status: 'pending-binder' }, 'cancelled', '2026-03-01')).toEqual({ ok: false, refusal: 'cancel-date-not-start' });
    expect(planTransition({ ...base, status: 'pending-binder' }, 'cancelled', '2026-02-01')).toEqual({ ok: true, kind: 'cancellation', coverageEnd: '2026-02-01' });
    expect(planTransition({ ...base, coverageEnd: '2026-04-30', status: 'terminated' }, 'effectuated', '2026-05-01')).toEqual({
      ok: true,
      kind: 'reinstatement',
      coverageEnd: '2026-12-31',
    });
  });

  it('never leaves the coverage end before its start, and refuses same-status moves', () => {
    const status = fc.constantFrom(...ENROLLMENT_STATUSES);
    const dateIn2026 = fc.integer({ min: 0, max: 364 }).map((d) => new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10));
    fc.assert(
      fc.property(status, status, dateIn2026, dateIn2026, (from: EnrollmentStatus, to: EnrollmentStatus, start, eff) => {
        const r = planTransition({ status: from, coverageStart: start, coverageEnd: '2026-12-31', planYear: 2026 }, to, eff);
        if (from === to) expect(r).toEqual({ ok: false, refusal: 'same-status' });
        if (r.ok) {
          expect(r.coverageEnd >= start).toBe(true);
          expect(r.coverageEnd <= '2026-12-31').toBe(true);
        }
        if (transitionKind(from, to) === null) expect(r.ok).toBe(false);
      }),
    );
  });

  it('counts pending, effectuated and in-grace as active', () => {
    expect(ENROLLMENT_STATUSES.filter(isActive)).toEqual(['pending-binder', 'effectuated', 'in-grace']);
  });
});
