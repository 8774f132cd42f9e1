/**
 * Where a person stands with the exchange, and the one next thing for them
 * to do: a pure function of the facts the read model gathers (read-model.ts).
 * The signed-in home and the call centre's household page both show it.
 */

export const SITUATIONS = ['in-grace', 'awaiting-binder', 'awaiting-documents', 'renewal-pending', 'draft', 'determined', 'enrolled', 'no-application'] as const;
export type Situation = (typeof SITUATIONS)[number];

export interface DocumentRequest {
  id: string;
  /** The data element the hub could not confirm (`ssn`, `citizenship`, `income`, …). */
  element: string;
  /** Whose it is; null for the household's income. */
  person: string | null;
  /** The last day to send documents. */
  endsOn: string;
  /** A document was sent and waits for a caseworker: nothing to do for now. */
  sent: boolean;
}

export interface HomeFacts {
  /** The newest application still being filled in, and the step it was left at. */
  draft: { applicationId: string; step: string } | null;
  /** The newest application with an eligibility result. */
  determined: { applicationId: string; planYear: number } | null;
  /** Open document requests (inconsistencies), soonest deadline first. */
  documentRequests: DocumentRequest[];
  /** Coverage that is in force or waiting for its first payment. */
  activeEnrollments: Array<{ id: string; status: 'pending-binder' | 'effectuated' | 'in-grace'; planYear: number }>;
  /** The first premium still owed on a new enrollment. */
  binder: { enrollmentId: string; owedCents: number; dueDate: string } | null;
  /** A grace period for non-payment: the last day to pay and the total owed by then. */
  grace: { enrollmentId: string; lastDayToPay: string; totalCents: number } | null;
  /** Next year's renewal while the person may still choose another plan. */
  renewal: { planYear: number; enrollmentId: string | null; chooseBy: string } | null;
}

export type NextAction = 'pay-overdue' | 'pay-first' | 'upload-documents' | 'review-renewal' | 'continue-application' | 'choose-plan' | 'see-coverage' | 'start-application';

export interface NextStep {
  situation: Situation;
  action: NextAction;
  /** Where the primary button leads, for a customer (`/…`); staff pages map it to their own. */
  href: string;
}

/**
 * The first of these that holds decides: money that keeps coverage comes
 * first (a grace period, then the first premium without which coverage never
 * starts), then documents with a deadline, then next year's renewal, then the
 * application in progress, a result with no plan chosen, and coverage in force.
 */
export function situationOf(f: HomeFacts): NextStep {
  if (f.grace) return { situation: 'in-grace', action: 'pay-overdue', href: '/billing/pay' };
  if (f.binder) return { situation: 'awaiting-binder', action: 'pay-first', href: '/billing/pay' };
  if (f.documentRequests.some((d) => !d.sent)) return { situation: 'awaiting-documents', action: 'upload-documents', href: '/documents' };
  if (f.renewal) return { situation: 'renewal-pending', action: 'review-renewal', href: f.renewal.enrollmentId ? `/enrollments/${f.renewal.enrollmentId}` : '/coverage' };
  if (f.draft) return { situation: 'draft', action: 'continue-application', href: `/applications/${f.draft.applicationId}/${f.draft.step}` };
  if (f.activeEnrollments.length) return { situation: 'enrolled', action: 'see-coverage', href: '/coverage' };
  if (f.determined) return { situation: 'determined', action: 'choose-plan', href: `/applications/${f.determined.applicationId}/plans` };
  return { situation: 'no-application', action: 'start-application', href: '/apply' };
}
