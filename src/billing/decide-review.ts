/**
 * A supervisor's decision on a termination (or binder cancellation) held
 * because the exchange made a payment channel unavailable: release it (the
 * termination goes ahead at the next check, with the dates it would have had)
 * or extend the person's time to pay by a number of days. Audited.
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit.js';
import type { Tx } from '../platform/database.js';
import { conflict, fieldErrorsFromZod, invalidInput, notFound } from '../platform/errors.js';
import { addDays } from './dates.js';
import { gracePeriods, invoices, reviews } from './schema.js';

export const reviewDecisionSchema = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('release'), note: z.string().trim().min(1, 'errors.billing.review.noteRequired').max(2000) }),
  z.object({
    decision: z.literal('extend'),
    days: z.coerce.number({ message: 'errors.billing.review.days' }).int('errors.billing.review.days').min(1, 'errors.billing.review.days').max(90, 'errors.billing.review.days'),
    note: z.string().trim().min(1, 'errors.billing.review.noteRequired').max(2000),
  }),
]);

export async function decideReview(tx: Tx, input: { reviewId: string; body: unknown; supervisorId: string; ip?: string | null; now: Date }): Promise<void> {
  const parsed = reviewDecisionSchema.safeParse(input.body);
  if (!parsed.success) throw invalidInput(fieldErrorsFromZod(parsed.error));
  const d = parsed.data;
  const [review] = await tx.select().from(reviews).where(eq(reviews.id, input.reviewId)).for('update');
  if (!review) throw notFound();
  if (review.status !== 'pending') throw conflict('errors.billing.review.alreadyDecided');
  const extendedDays = d.decision === 'extend' ? d.days : null;
  await tx
    .update(reviews)
    .set({ status: d.decision === 'release' ? 'released' : 'extended', decidedBy: input.supervisorId, decidedAt: input.now, extendedDays, note: d.note })
    .where(eq(reviews.id, review.id));
  if (review.gracePeriodId) {
    const [grace] = await tx.select().from(gracePeriods).where(eq(gracePeriods.id, review.gracePeriodId));
    await tx
      .update(gracePeriods)
      .set({ reviewedThrough: review.windowEnd, extraDays: (grace?.extraDays ?? 0) + (extendedDays ?? 0) })
      .where(eq(gracePeriods.id, review.gracePeriodId));
  } else if (review.invoiceId && extendedDays) {
    const [binder] = await tx.select().from(invoices).where(eq(invoices.id, review.invoiceId));
    if (binder)
      await tx
        .update(invoices)
        .set({ dueDate: addDays(binder.dueDate, extendedDays), updatedAt: input.now })
        .where(eq(invoices.id, binder.id));
  }
  await recordAudit(tx, {
    actor: input.supervisorId,
    actorKind: 'person',
    ip: input.ip,
    action: `billing.review.${d.decision === 'release' ? 'released' : 'extended'}`,
    objectType: 'billing-review',
    objectId: review.id,
    details: { enrollmentId: review.enrollmentId, kind: review.kind, extendedDays, windowEnd: review.windowEnd, outageDays: review.outageDays },
    at: input.now,
  });
}
