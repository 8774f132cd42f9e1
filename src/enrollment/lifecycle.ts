/**
 * The enrollment lifecycle as a pure rule (RULES.md, premium payment):
 *
 *   pending-binder ─binder paid─▶ effectuated ─missed payment─▶ in-grace
 *         │                          │   ▲                         │
 *         └─▶ cancelled              │   └──────── cured ──────────┤
 *                                    └─▶ terminated ◀──────────────┘
 *   terminated | cancelled ─reinstated─▶ effectuated
 *
 * A cancellation voids coverage from its start (nothing was ever in force);
 * a termination ends coverage on a date. Reinstatement undoes either.
 */
import type { EnrollmentStatus, TransitionKind } from './schema.js';

export type TransitionRefusal = 'same-status' | 'not-allowed' | 'end-before-start' | 'end-after-plan-year' | 'cancel-date-not-start';

/** Which kind of transition `from → to` is, or null when the lifecycle forbids it. */
export function transitionKind(from: EnrollmentStatus, to: EnrollmentStatus): Exclude<TransitionKind, 'created' | 'change'> | null {
  switch (`${from}>${to}`) {
    case 'pending-binder>effectuated':
      return 'effectuation';
    case 'pending-binder>cancelled':
    case 'effectuated>cancelled':
      return 'cancellation';
    case 'effectuated>in-grace':
      return 'grace-start';
    case 'in-grace>effectuated':
      return 'cure';
    case 'effectuated>terminated':
    case 'in-grace>terminated':
      return 'termination';
    case 'terminated>effectuated':
    case 'cancelled>effectuated':
      return 'reinstatement';
    default:
      return null;
  }
}

export interface LifecycleEnrollment {
  status: EnrollmentStatus;
  /** YYYY-MM-DD */
  coverageStart: string;
  /** YYYY-MM-DD */
  coverageEnd: string;
  planYear: number;
}

export type TransitionPlan = { ok: true; kind: Exclude<TransitionKind, 'created' | 'change'>; coverageEnd: string } | { ok: false; refusal: TransitionRefusal };

export function planYearEnd(planYear: number): string {
  return `${planYear}-12-31`;
}

/**
 * Decides whether the transition may happen and the coverage end it leaves:
 * a termination ends coverage on the effective date, a cancellation on the
 * start (zero days in force), a reinstatement restores the plan-year end.
 */
export function planTransition(e: LifecycleEnrollment, to: EnrollmentStatus, effectiveDate: string): TransitionPlan {
  if (e.status === to) return { ok: false, refusal: 'same-status' };
  const kind = transitionKind(e.status, to);
  if (!kind) return { ok: false, refusal: 'not-allowed' };
  switch (kind) {
    case 'termination':
      if (effectiveDate < e.coverageStart) return { ok: false, refusal: 'end-before-start' };
      if (effectiveDate > planYearEnd(e.planYear)) return { ok: false, refusal: 'end-after-plan-year' };
      return { ok: true, kind, coverageEnd: effectiveDate };
    case 'cancellation':
      if (effectiveDate !== e.coverageStart) return { ok: false, refusal: 'cancel-date-not-start' };
      return { ok: true, kind, coverageEnd: e.coverageStart };
    case 'reinstatement':
      return { ok: true, kind, coverageEnd: planYearEnd(e.planYear) };
    default:
      return { ok: true, kind, coverageEnd: e.coverageEnd };
  }
}

/** Statuses in which the household has (or is about to have) coverage in force. */
export function isActive(status: EnrollmentStatus): boolean {
  return status === 'pending-binder' || status === 'effectuated' || status === 'in-grace';
}
