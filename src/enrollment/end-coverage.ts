import { eq } from 'drizzle-orm';
import type { Tx } from '../platform/database.js';
import { conflict } from '../platform/errors.js';
import { firstOfNextMonth, lastOfMonth, localDay } from './dates.js';
import { isActive } from './lifecycle.js';
import { enrollments } from './schema.js';
import { transitionEnrollment, type ActingParty, type TransitionResult } from './transition-enrollment.js';

export type EndChoice = 'end-of-this-month' | 'end-of-next-month';

/**
 * What ending coverage on request means on a given day (pure): coverage not
 * yet started, or never paid for, is cancelled; otherwise it ends on the last
 * day of this month or of next month, never after the plan year.
 */
export function requestedEnd(e: { status: string; coverageStart: string; coverageEnd: string }, today: string, choice: EndChoice): { to: 'cancelled' | 'terminated'; effectiveDate: string } {
  if (e.status === 'pending-binder' || e.coverageStart > today) return { to: 'cancelled', effectiveDate: e.coverageStart };
  const end = choice === 'end-of-this-month' ? lastOfMonth(today) : lastOfMonth(firstOfNextMonth(today));
  return { to: 'terminated', effectiveDate: end < e.coverageEnd ? end : e.coverageEnd };
}

/** The enrollee asks to end their coverage. */
export async function endCoverage(tx: Tx, deps: { timeZone: string }, input: { enrollmentId: string; choice: EndChoice; actor: ActingParty; at: Date }): Promise<TransitionResult> {
  const [e] = await tx.select().from(enrollments).where(eq(enrollments.id, input.enrollmentId));
  if (!e || !isActive(e.status)) throw conflict('errors.enrollment.notActive');
  const plan = requestedEnd(e, localDay(input.at, deps.timeZone), input.choice);
  return transitionEnrollment(tx, e.id, plan.to, { reason: 'customer-request', effectiveDate: plan.effectiveDate, actor: input.actor, at: input.at });
}
