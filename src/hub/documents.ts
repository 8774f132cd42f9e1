/**
 * Documents that resolve inconsistencies: a customer sends one (type and size
 * checked, content sniffed, stored encrypted with a data key), a caseworker
 * opens and reviews it; accepting it resolves the inconsistency.
 */
import { createHash } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.js';
import type { Tx } from '../platform/database.js';
import { conflict, invalidInput, notFound } from '../platform/errors.js';
import { households } from '../enrollment/schema.js';
import { resolveInconsistency } from './inconsistencies.js';
import type { Keyring } from './keyring.js';
import { itemFor, raiseHubNotice } from './notify.js';
import { DOCUMENTS_FOR, type Element } from './rules.js';
import { documents, inconsistencies } from './schema.js';
import { checkDocument } from './sniff.js';

export const REJECTION_REASONS = ['unreadable', 'wrong-document', 'does-not-show'] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

/** The household of a customer account (null when there is none). */
export async function householdOf(tx: Tx, accountId: string): Promise<string | null> {
  const [row] = await tx.select({ id: households.id }).from(households).where(eq(households.customerAccountId, accountId));
  return row?.id ?? null;
}

export async function uploadDocument(
  tx: Tx,
  keyring: Keyring,
  input: { inconsistencyId: string; accountId: string; kind: string; content: Buffer; truncated?: boolean; ip?: string | null; now: Date },
): Promise<{ documentId: string }> {
  const householdId = await householdOf(tx, input.accountId);
  const [inc] = await tx.select().from(inconsistencies).where(eq(inconsistencies.id, input.inconsistencyId));
  // Another household's inconsistency is "not found", never "forbidden": ids are not to be probed.
  if (!inc || !householdId || inc.householdId !== householdId) throw notFound();
  if (inc.status !== 'open') throw conflict('hub.errors.notOpen');
  const fields = [];
  if (!(DOCUMENTS_FOR[inc.element as Element] ?? []).includes(input.kind)) fields.push({ field: 'kind', messageKey: 'hub.errors.documentKind' });
  const check = checkDocument(input.content, input.truncated);
  if (!check.ok) fields.push({ field: 'file', messageKey: check.messageKey });
  if (fields.length || !check.ok) throw invalidInput(fields);
  const sealed = keyring.sealBytes(input.content);
  const [row] = await tx
    .insert(documents)
    .values({
      inconsistencyId: inc.id,
      householdId,
      kind: input.kind,
      mediaType: check.mediaType,
      sizeBytes: input.content.length,
      sha256: createHash('sha256').update(input.content).digest('hex'),
      keyVersion: sealed.version,
      content: sealed.sealed,
      uploadedBy: input.accountId,
      uploadedAt: input.now,
    })
    .returning({ id: documents.id });
  await recordAudit(tx, {
    actor: input.accountId,
    actorKind: 'person',
    ip: input.ip,
    action: 'document.uploaded',
    objectType: 'document',
    objectId: row!.id,
    details: { inconsistencyId: inc.id, element: inc.element, kind: input.kind, mediaType: check.mediaType, sizeBytes: input.content.length },
    at: input.now,
  });
  return { documentId: row!.id };
}

/** The decrypted content, for a caseworker; the viewing is audited. */
export async function openDocument(tx: Tx, keyring: Keyring, input: { documentId: string; by: string; ip?: string | null; now: Date }): Promise<{ mediaType: string; content: Buffer }> {
  const [doc] = await tx.select().from(documents).where(eq(documents.id, input.documentId));
  if (!doc) throw notFound();
  const content = await keyring.openBytes(doc.keyVersion, doc.content);
  await recordAudit(tx, {
    actor: input.by,
    actorKind: 'person',
    ip: input.ip,
    action: 'document.viewed',
    objectType: 'document',
    objectId: doc.id,
    details: { inconsistencyId: doc.inconsistencyId },
    at: input.now,
  });
  return { mediaType: doc.mediaType, content };
}

export async function reviewDocument(
  tx: Tx,
  input: { documentId: string; decision: 'accept' | 'reject'; reason?: string; by: string; ip?: string | null; today: string; now: Date },
): Promise<{ resolved: boolean }> {
  if (input.decision === 'reject' && !REJECTION_REASONS.includes(input.reason as RejectionReason)) {
    throw invalidInput([{ field: 'reason', messageKey: 'hub.errors.rejectReason' }]);
  }
  const [doc] = await tx.select().from(documents).where(eq(documents.id, input.documentId)).for('update');
  if (!doc) throw notFound();
  if (doc.status !== 'submitted') throw conflict('hub.errors.notSubmitted');
  const [inc] = await tx.select().from(inconsistencies).where(eq(inconsistencies.id, doc.inconsistencyId)).for('update');
  if (!inc) throw notFound();
  const accepted = input.decision === 'accept';
  await tx
    .update(documents)
    .set({ status: accepted ? 'accepted' : 'rejected', reviewedBy: input.by, reviewedAt: input.now, rejectionReason: accepted ? null : input.reason! })
    .where(eq(documents.id, doc.id));
  let resolved = false;
  if (accepted && inc.status === 'open') {
    await resolveInconsistency(tx, { inconsistencyId: inc.id, outcome: 'documents-accepted', by: input.by, now: input.now });
    resolved = true;
  }
  await raiseHubNotice(
    tx,
    { type: 'document-reviewed', data: { item: itemFor(inc.element), accepted, reviewedOn: input.today, documentsDueDate: inc.endsOn } },
    { householdId: inc.householdId, dedupeKey: `document-reviewed:${doc.id}`, now: input.now },
  );
  await recordAudit(tx, {
    actor: input.by,
    actorKind: 'person',
    ip: input.ip,
    action: accepted ? 'document.accepted' : 'document.rejected',
    objectType: 'document',
    objectId: doc.id,
    details: { inconsistencyId: inc.id, element: inc.element, reason: accepted ? null : input.reason, resolved },
    at: input.now,
  });
  return { resolved };
}

/** The open inconsistencies of a household, each with its documents (newest first). */
export async function householdInconsistencies(tx: Tx, householdId: string) {
  const incs = await tx
    .select()
    .from(inconsistencies)
    .where(and(eq(inconsistencies.householdId, householdId), eq(inconsistencies.status, 'open')))
    .orderBy(inconsistencies.endsOn);
  const docs = incs.length
    ? await tx
        .select({
          id: documents.id,
          inconsistencyId: documents.inconsistencyId,
          kind: documents.kind,
          status: documents.status,
          rejectionReason: documents.rejectionReason,
          uploadedAt: documents.uploadedAt,
        })
        .from(documents)
        .where(eq(documents.householdId, householdId))
        .orderBy(desc(documents.uploadedAt))
    : [];
  return incs.map((i) => ({ ...i, documents: docs.filter((d) => d.inconsistencyId === i.id) }));
}
