import { eq } from 'drizzle-orm';
import { recordAudit, type ActorKind } from '../audit/record-audit.js';
import type { Tx } from '../platform/database.js';
import { conflict, notFound } from '../platform/errors.js';
import { planTransition } from './lifecycle.js';
import { enrollments, enrollmentTransitions, type EnrollmentStatus, type TransitionKind } from './schema.js';

/** Who acted: an account id for a person, or a name such as `billing-run` for the system. */
export interface ActingParty {
  id: string;
  kind: ActorKind;
  ip?: string | null;
}

export interface TransitionOptions {
  /**
   * A code, never free text with personal data: `binder-paid`, `non-payment`,
   * `payment-received`, `customer-request`, `binder-not-paid`, `reinstated-on-appeal`, …
   */
  reason: string;
  /** YYYY-MM-DD. For a termination the last day of coverage; for a cancellation the coverage start. */
  effectiveDate: string;
  actor: ActingParty;
  /** Defaults to the current time of the database session. */
  at?: Date;
}

export interface TransitionResult {
  enrollmentId: string;
  kind: Exclude<TransitionKind, 'created' | 'change'>;
  from: EnrollmentStatus;
  to: EnrollmentStatus;
  coverageEnd: string;
}

/**
 * Moves an enrollment along its lifecycle (lifecycle.ts), recording the
 * transition and an audit entry in the caller's transaction. The row is
 * locked first, so two callers racing on one enrollment apply in turn and the
 * second sees the first's result (and is refused if it no longer applies).
 * Reinstatement is `to: 'effectuated'` from `terminated` or `cancelled`.
 */
export async function transitionEnrollment(tx: Tx, enrollmentId: string, to: EnrollmentStatus, opts: TransitionOptions): Promise<TransitionResult> {
  const [row] = await tx.select().from(enrollments).where(eq(enrollments.id, enrollmentId)).for('update');
  if (!row) throw notFound();
  const plan = planTransition(row, to, opts.effectiveDate);
  if (!plan.ok) throw conflict(`errors.enrollment.transition.${plan.refusal}`, { from: row.status, to });
  const at = opts.at ?? new Date();
  await tx
    .update(enrollments)
    .set({
      status: to,
      statusChangedAt: at,
      coverageEnd: plan.coverageEnd,
      endReason: to === 'terminated' || to === 'cancelled' ? opts.reason : to === 'effectuated' ? null : row.endReason,
      updatedAt: at,
    })
    .where(eq(enrollments.id, enrollmentId));
  await tx.insert(enrollmentTransitions).values({
    enrollmentId,
    kind: plan.kind,
    fromStatus: row.status,
    toStatus: to,
    effectiveDate: opts.effectiveDate,
    reason: opts.reason,
    actor: opts.actor.id,
    actorKind: opts.actor.kind,
    at,
  });
  await recordAudit(tx, {
    actor: opts.actor.id,
    actorKind: opts.actor.kind,
    ip: opts.actor.ip,
    action: `enrollment.${plan.kind}`,
    objectType: 'enrollment',
    objectId: enrollmentId,
    details: { from: row.status, to, reason: opts.reason, effectiveDate: opts.effectiveDate, householdId: row.householdId },
    at,
  });
  return { enrollmentId, kind: plan.kind, from: row.status, to, coverageEnd: plan.coverageEnd };
}
