/**
 * Inconsistencies: opening one (the clock starts with its notice), resolving
 * one (the hub confirmed, or a caseworker accepted a document), extending
 * one for good faith, and the daily clock (reminders, expiry, checks that
 * waited too long for the hub). Each takes the transaction first.
 */
import { and, eq, inArray, isNull, lte } from 'drizzle-orm';
import { recordAudit, type ActorKind } from '../audit/record-audit.js';
import type { Tx } from '../platform/database.js';
import { conflict, invalidInput, notFound } from '../platform/errors.js';
import { determinations, enrollments, enrollmentTransitions, verifications } from '../enrollment/schema.js';
import { transitionEnrollment } from '../enrollment/transition-enrollment.js';
import { recordAmounts } from '../enrollment/amount-history.js';
import { itemFor, raiseHubNotice } from './notify.js';
import { addDays, expiryConsequence, extendedEndsOn, inconsistencyEndsOn, MAX_EXTENSION_DAYS, reminderNow, remindersDue, UNAVAILABLE_WAIT_DAYS } from './rules.js';
import { inconsistencies, verificationQueue } from './schema.js';

export interface VerificationRef {
  id: string;
  applicationId: string;
  householdId: string;
  memberId: string | null;
  element: string;
}

/** Opens an inconsistency for a verification (or updates the reason of the one already open, keeping its clock). */
export async function openInconsistency(tx: Tx, input: { verification: VerificationRef; reason: string; today: string; now: Date }): Promise<{ id: string; endsOn: string; opened: boolean }> {
  const v = input.verification;
  const [existing] = await tx
    .select()
    .from(inconsistencies)
    .where(and(eq(inconsistencies.verificationId, v.id), eq(inconsistencies.status, 'open')));
  if (existing) {
    if (existing.reason !== input.reason) await tx.update(inconsistencies).set({ reason: input.reason }).where(eq(inconsistencies.id, existing.id));
    return { id: existing.id, endsOn: existing.endsOn, opened: false };
  }
  const endsOn = inconsistencyEndsOn(input.today, v.element);
  const [row] = await tx
    .insert(inconsistencies)
    .values({
      verificationId: v.id,
      applicationId: v.applicationId,
      householdId: v.householdId,
      memberId: v.memberId,
      element: v.element,
      reason: input.reason,
      noticeOn: input.today,
      endsOn,
      createdAt: input.now,
    })
    .returning({ id: inconsistencies.id });
  await tx.update(verifications).set({ status: 'inconsistent', inconsistencyEndsOn: endsOn, updatedAt: input.now }).where(eq(verifications.id, v.id));
  await raiseHubNotice(
    tx,
    { type: 'verification-needed', data: { documentsDueDate: endsOn, items: [itemFor(v.element)] } },
    { householdId: v.householdId, dedupeKey: `verification-needed:${row!.id}:0`, now: input.now },
  );
  return { id: row!.id, endsOn, opened: true };
}

/** Closes an open inconsistency: the hub confirmed the element, or a caseworker accepted a document. */
export async function resolveInconsistency(tx: Tx, input: { inconsistencyId: string; outcome: 'hub-verified' | 'documents-accepted'; by: string | null; now: Date }): Promise<void> {
  const [row] = await tx
    .update(inconsistencies)
    .set({ status: 'resolved', outcome: input.outcome, resolvedAt: input.now, resolvedBy: input.by })
    .where(and(eq(inconsistencies.id, input.inconsistencyId), eq(inconsistencies.status, 'open')))
    .returning();
  if (!row) throw conflict('hub.errors.notOpen');
  await tx
    .update(verifications)
    .set({ status: input.outcome === 'hub-verified' ? 'verified' : 'resolved', resolvedBy: input.by, updatedAt: input.now })
    .where(eq(verifications.id, row.verificationId));
}

/** A caseworker extends the period for good faith. */
export async function extendInconsistency(tx: Tx, input: { inconsistencyId: string; days: number; by: string; ip?: string | null; today: string; now: Date }): Promise<{ endsOn: string }> {
  if (!Number.isInteger(input.days) || input.days < 1 || input.days > MAX_EXTENSION_DAYS) {
    throw invalidInput([{ field: 'days', messageKey: 'hub.errors.extensionDays', values: { max: MAX_EXTENSION_DAYS } }]);
  }
  const [row] = await tx.select().from(inconsistencies).where(eq(inconsistencies.id, input.inconsistencyId)).for('update');
  if (!row) throw notFound();
  if (row.status !== 'open') throw conflict('hub.errors.notOpen');
  const endsOn = extendedEndsOn(row.endsOn, input.today, input.days);
  // Reminders count again against the new end.
  const sent = Math.min(row.remindersSent, remindersDue(endsOn, input.today));
  await tx.update(inconsistencies).set({ endsOn, extendedBy: input.by, extendedAt: input.now, remindersSent: sent }).where(eq(inconsistencies.id, row.id));
  await tx.update(verifications).set({ inconsistencyEndsOn: endsOn, updatedAt: input.now }).where(eq(verifications.id, row.verificationId));
  await raiseHubNotice(
    tx,
    { type: 'verification-needed', data: { documentsDueDate: endsOn, items: [itemFor(row.element)] } },
    { householdId: row.householdId, dedupeKey: `verification-needed:${row.id}:extended:${endsOn}`, now: input.now },
  );
  await recordAudit(tx, {
    actor: input.by,
    actorKind: 'person',
    ip: input.ip,
    action: 'inconsistency.extended',
    objectType: 'inconsistency',
    objectId: row.id,
    details: { element: row.element, from: row.endsOn, to: endsOn, days: input.days, reason: 'good-faith' },
    at: input.now,
  });
  return { endsOn };
}

/** First day of the month after `day` (coverage and help change at a month boundary). */
function firstOfNextMonth(day: string): string {
  const [y, m] = day.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

/**
 * What an expired inconsistency changes: financial help ends from the next
 * month (income, other coverage), or coverage ends at the end of this month.
 */
async function applyExpiry(tx: Tx, row: typeof inconsistencies.$inferSelect, today: string, now: Date): Promise<{ consequence: string; effectiveDate: string; enrollments: number }> {
  const consequence = expiryConsequence(row.element);
  const effectiveDate = firstOfNextMonth(today);
  const actor = { id: 'inconsistency-clock', kind: 'schedule' as ActorKind };
  const current = await tx
    .select()
    .from(determinations)
    .where(and(eq(determinations.householdId, row.householdId), eq(determinations.current, true)));
  const affected = current.filter((d) => consequence === 'end-financial-help' || !row.memberId || d.memberId === row.memberId);
  if (affected.length) {
    await tx
      .update(determinations)
      .set({ current: false })
      .where(
        inArray(
          determinations.id,
          affected.map((d) => d.id),
        ),
      );
    await tx.insert(determinations).values(
      affected.map((d) => ({
        applicationId: d.applicationId,
        householdId: d.householdId,
        memberId: d.memberId,
        planYear: d.planYear,
        outcome: consequence === 'end-coverage' ? ('ineligible' as const) : d.outcome === 'qhp-aptc' ? ('qhp' as const) : d.outcome,
        fplPercent: d.fplPercent,
        maxAptcCents: 0,
        stateAssistanceCents: 0,
        csrVariant: '01',
        reasons: [...d.reasons, `verification-expired:${row.element}`],
        determinedAt: now,
      })),
    );
  }
  const active = await tx
    .select()
    .from(enrollments)
    .where(and(eq(enrollments.householdId, row.householdId), inArray(enrollments.status, ['pending-binder', 'effectuated', 'in-grace'])));
  for (const e of active) {
    // Coverage that ends anyway before the change takes effect is left alone.
    if (effectiveDate > e.coverageEnd) continue;
    if (consequence === 'end-financial-help') {
      if (e.aptcCents === 0 && e.stateAssistanceCents === 0) continue;
      await tx.update(enrollments).set({ aptcCents: 0, stateAssistanceCents: 0, netPremiumCents: e.grossPremiumCents, updatedAt: now }).where(eq(enrollments.id, e.id));
      await recordAmounts(tx, {
        enrollmentId: e.id,
        effectiveFrom: effectiveDate > e.coverageStart ? effectiveDate : e.coverageStart,
        split: { grossPremiumCents: e.grossPremiumCents, aptcCents: 0, stateAssistanceCents: 0, netPremiumCents: e.grossPremiumCents },
        maxAptcCents: 0,
        reason: 'verification-expired',
        actor,
        at: now,
      });
      await tx.insert(enrollmentTransitions).values({
        enrollmentId: e.id,
        kind: 'change',
        fromStatus: e.status,
        toStatus: e.status,
        effectiveDate: effectiveDate > e.coverageStart ? effectiveDate : e.coverageStart,
        reason: 'verification-expired',
        actor: actor.id,
        actorKind: actor.kind,
        at: now,
      });
    } else if (e.status === 'pending-binder') {
      await transitionEnrollment(tx, e.id, 'cancelled', { reason: 'verification-expired', effectiveDate: e.coverageStart, actor, at: now });
    } else {
      const end = addDays(effectiveDate, -1);
      await transitionEnrollment(tx, e.id, 'terminated', { reason: 'verification-expired', effectiveDate: end < e.coverageStart ? e.coverageStart : end, actor, at: now });
    }
  }
  return { consequence, effectiveDate, enrollments: active.length };
}

export interface ClockResult {
  reminders: number;
  expired: number;
  waitedTooLong: number;
}

/**
 * The daily clock: sends due reminders, expires unresolved inconsistencies
 * (adjusting eligibility, with a notice), and opens an inconsistency for a
 * check that has waited more than UNAVAILABLE_WAIT_DAYS for the hub, so the
 * person can settle it with documents.
 */
export async function runInconsistencyClock(tx: Tx, input: { today: string; now: Date; limit?: number }): Promise<ClockResult> {
  const limit = input.limit ?? 500;
  const result: ClockResult = { reminders: 0, expired: 0, waitedTooLong: 0 };

  const open = await tx
    .select()
    .from(inconsistencies)
    .where(and(eq(inconsistencies.status, 'open'), lte(inconsistencies.endsOn, addDays(input.today, 60))))
    .orderBy(inconsistencies.endsOn)
    .limit(limit)
    .for('update', { skipLocked: true });
  for (const row of open) {
    if (input.today >= row.endsOn) {
      await tx.update(inconsistencies).set({ status: 'expired', outcome: 'expired-unresolved', resolvedAt: input.now }).where(eq(inconsistencies.id, row.id));
      await tx.update(verifications).set({ status: 'expired', updatedAt: input.now }).where(eq(verifications.id, row.verificationId));
      const effect = await applyExpiry(tx, row, input.today, input.now);
      await raiseHubNotice(
        tx,
        {
          type: 'verification-expired',
          data: { expiredOn: row.endsOn, item: itemFor(row.element), consequence: effect.consequence as 'end-financial-help' | 'end-coverage', effectiveDate: effect.effectiveDate },
        },
        { householdId: row.householdId, dedupeKey: `verification-expired:${row.id}`, now: input.now },
      );
      await recordAudit(tx, {
        actor: 'inconsistency-clock',
        actorKind: 'schedule',
        action: 'inconsistency.expired',
        objectType: 'inconsistency',
        objectId: row.id,
        details: { element: row.element, householdId: row.householdId, consequence: effect.consequence, effectiveDate: effect.effectiveDate, enrollments: effect.enrollments },
        at: input.now,
      });
      result.expired++;
    } else if (reminderNow(row, input.today)) {
      const due = remindersDue(row.endsOn, input.today);
      await tx.update(inconsistencies).set({ remindersSent: due }).where(eq(inconsistencies.id, row.id));
      await raiseHubNotice(
        tx,
        { type: 'verification-needed', data: { documentsDueDate: row.endsOn, items: [itemFor(row.element)] } },
        { householdId: row.householdId, dedupeKey: `verification-needed:${row.id}:reminder:${row.endsOn}:${due}`, now: input.now },
      );
      result.reminders++;
    }
  }

  // Checks the hub has not answered for too long: the person may settle them with documents meanwhile.
  const cutoff = new Date(input.now.getTime() - UNAVAILABLE_WAIT_DAYS * 86_400_000);
  const waiting = await tx
    .select({
      verificationId: verificationQueue.verificationId,
      applicationId: verificationQueue.applicationId,
      householdId: verificationQueue.householdId,
      element: verificationQueue.element,
      memberId: verifications.memberId,
    })
    .from(verificationQueue)
    .innerJoin(verifications, eq(verifications.id, verificationQueue.verificationId))
    .leftJoin(inconsistencies, and(eq(inconsistencies.verificationId, verificationQueue.verificationId), eq(inconsistencies.status, 'open')))
    .where(and(eq(verificationQueue.status, 'queued'), lte(verificationQueue.enqueuedAt, cutoff), eq(verifications.status, 'pending'), isNull(inconsistencies.id)))
    .orderBy(verificationQueue.seq)
    .limit(limit);
  for (const w of waiting) {
    await openInconsistency(tx, {
      verification: { id: w.verificationId, applicationId: w.applicationId, householdId: w.householdId, memberId: w.memberId, element: w.element },
      reason: 'hub-unavailable',
      today: input.today,
      now: input.now,
    });
    result.waitedTooLong++;
  }
  if (result.waitedTooLong) {
    await recordAudit(tx, { actor: 'inconsistency-clock', actorKind: 'schedule', action: 'inconsistency.hub-wait-exceeded', details: { count: result.waitedTooLong }, at: input.now });
  }
  return result;
}
