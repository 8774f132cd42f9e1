/**
 * Puts pending verifications on the hub queue, in the order they were
 * attested. Enrollment opens the verification records when an application
 * is submitted; this picks up every pending record that has no waiting
 * request yet, so a request is never lost whatever the link's state.
 * Residency is the state's own check and rests on the attestation.
 */
import { and, eq, inArray, notExists, sql } from 'drizzle-orm';
import type { Tx } from '../platform/database.js';
import { applications, verifications } from '../enrollment/schema.js';
import { SERVICE_FOR, type Element } from './rules.js';
import { verificationQueue } from './schema.js';

const HUB_ELEMENTS = Object.keys(SERVICE_FOR) as Element[];

export async function queueVerifications(tx: Tx, input: { now: Date; applicationId?: string; purpose?: string; limit?: number }): Promise<{ queued: number; acceptedOnAttestation: number }> {
  const scope = input.applicationId ? eq(verifications.applicationId, input.applicationId) : undefined;
  const accepted = await tx
    .update(verifications)
    .set({ status: 'verified', source: 'attestation', updatedAt: input.now })
    .where(and(eq(verifications.status, 'pending'), eq(verifications.element, 'residency'), scope))
    .returning({ id: verifications.id });

  const rows = await tx
    .select({ id: verifications.id, applicationId: verifications.applicationId, householdId: verifications.householdId, element: verifications.element, enteredBy: applications.enteredBy })
    .from(verifications)
    .innerJoin(applications, eq(applications.id, verifications.applicationId))
    .where(
      and(
        eq(verifications.status, 'pending'),
        inArray(verifications.element, HUB_ELEMENTS),
        scope,
        notExists(
          tx
            .select({ one: sql`1` })
            .from(verificationQueue)
            .where(and(eq(verificationQueue.verificationId, verifications.id), inArray(verificationQueue.status, ['queued', 'failed']))),
        ),
      ),
    )
    .orderBy(verifications.attestedAt, verifications.applicationId, verifications.id)
    .limit(input.limit ?? 5000);
  if (rows.length) {
    await tx
      .insert(verificationQueue)
      .values(
        rows.map((r) => ({
          verificationId: r.id,
          applicationId: r.applicationId,
          householdId: r.householdId,
          element: r.element,
          service: SERVICE_FOR[r.element as Element]!,
          purpose: input.purpose ?? 'application',
          requestedBy: r.enteredBy ?? 'application',
          requestedByKind: r.enteredBy ? 'person' : 'system',
          enqueuedAt: input.now,
        })),
      )
      .onConflictDoNothing();
  }
  return { queued: rows.length, acceptedOnAttestation: accepted.length };
}

/** What waits for the hub: requests and the applications they belong to (for the blast radius and the console). */
export async function waitingCounts(tx: Tx): Promise<{ verifications: number; applications: number; oldest: Date | null }> {
  const result = await tx.execute<{ verifications: string; applications: string; oldest: Date | null }>(
    sql`SELECT count(*) AS verifications, count(DISTINCT application_id) AS applications, min(enqueued_at) AS oldest FROM hub_verification_queue WHERE status = 'queued'`,
  );
  const row = result.rows[0]!;
  return { verifications: Number(row.verifications), applications: Number(row.applications), oldest: row.oldest ? new Date(row.oldest) : null };
}
