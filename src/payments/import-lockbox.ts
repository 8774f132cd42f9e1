/**
 * The mailroom imports a lockbox file: each check is posted to the invoice
 * whose reference number is on it, once (its key is the bank's batch and
 * sequence), and what cannot be posted goes to the exceptions queue. The same
 * file imported twice is one import.
 */
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.js';
import { normalizeReference } from '../billing/reference-number.js';
import { invoices } from '../billing/schema.js';
import type { Db, Tx } from '../platform/database.js';
import { conflict, invalidInput, notFound } from '../platform/errors.js';
import { applyPayment, auditPayment, type PostingContext } from './apply-payment.js';
import { parseLockboxFile } from './lockbox-file.js';
import { lockboxBatches, lockboxExceptions, payments } from './schema.js';

export interface LockboxImportResult {
  batchId: string;
  alreadyImported: boolean;
  lines: number;
  posted: number;
  exceptions: number;
  postedCents: number;
}

async function postCheck(
  tx: Tx,
  c: PostingContext,
  item: { itemKey: string; amountCents: number; checkNumber: string; depositDate: string; reference: string },
  batchId: string,
  actor: { id: string; kind: 'person' | 'system' },
): Promise<'posted' | 'duplicate' | 'unknown-reference'> {
  const [invoice] = await tx.select({ id: invoices.id, householdId: invoices.householdId }).from(invoices).where(eq(invoices.referenceNumber, item.reference));
  if (!invoice) return 'unknown-reference';
  const [payment] = await tx
    .insert(payments)
    .values({
      idempotencyKey: `lockbox:${item.itemKey}`,
      householdId: invoice.householdId,
      invoiceId: invoice.id,
      channel: 'mail',
      method: 'check',
      checkNumber: item.checkNumber,
      amountCents: item.amountCents,
      status: 'succeeded',
      receivedOn: item.depositDate,
      lockboxBatchId: batchId,
      takenBy: actor.kind === 'person' ? actor.id : null,
      createdAt: c.now,
      updatedAt: c.now,
    })
    .onConflictDoNothing({ target: payments.idempotencyKey })
    .returning();
  if (!payment) return 'duplicate';
  await applyPayment(tx, payment, c);
  await auditPayment(tx, payment, 'payment.check-posted', c, actor, { batchId });
  return 'posted';
}

export async function importLockbox(
  db: Db,
  c: PostingContext,
  input: { fileName: string; content: string; actor: { id: string; kind: 'person' | 'system'; ip?: string | null } },
): Promise<LockboxImportResult> {
  const parsed = parseLockboxFile(input.content);
  if (!parsed.ok) throw invalidInput([{ field: 'file', messageKey: `errors.lockbox.${parsed.error}` }]);
  const sha = createHash('sha256').update(input.content).digest('hex');
  return db.transaction(async (tx) => {
    const [batch] = await tx
      .insert(lockboxBatches)
      .values({ fileSha256: sha, fileName: input.fileName.slice(0, 200), importedBy: input.actor.id, importedAt: c.now })
      .onConflictDoNothing({ target: lockboxBatches.fileSha256 })
      .returning();
    if (!batch) {
      const [existing] = await tx.select().from(lockboxBatches).where(eq(lockboxBatches.fileSha256, sha));
      return { batchId: existing!.id, alreadyImported: true, lines: existing!.lines, posted: existing!.posted, exceptions: existing!.exceptions, postedCents: existing!.postedCents };
    }
    let posted = 0;
    let exceptions = 0;
    let postedCents = 0;
    for (const item of parsed.items) {
      let reason: string | null = item.problem;
      if (!reason) {
        const outcome = await postCheck(
          tx,
          c,
          { itemKey: item.itemKey, amountCents: item.amountCents!, checkNumber: item.checkNumber, depositDate: item.depositDate!, reference: item.reference! },
          batch.id,
          input.actor,
        );
        if (outcome === 'posted') {
          posted++;
          postedCents += item.amountCents!;
        }
        if (outcome === 'unknown-reference') reason = 'unknown-reference';
      }
      if (reason) {
        const [ex] = await tx
          .insert(lockboxExceptions)
          .values({
            batchId: batch.id,
            lineNumber: item.lineNumber,
            itemKey: item.itemKey,
            referenceAsWritten: item.referenceAsWritten,
            amountCents: item.amountCents,
            checkNumber: item.checkNumber,
            depositDate: item.depositDate,
            payerName: item.payerName,
            reason,
            createdAt: c.now,
          })
          .onConflictDoNothing({ target: lockboxExceptions.itemKey })
          .returning({ id: lockboxExceptions.id });
        if (ex) exceptions++;
      }
    }
    await tx.update(lockboxBatches).set({ lines: parsed.items.length, posted, exceptions, postedCents }).where(eq(lockboxBatches.id, batch.id));
    await recordAudit(tx, {
      actor: input.actor.id,
      actorKind: input.actor.kind,
      ip: input.actor.ip,
      action: 'lockbox.imported',
      objectType: 'lockbox-batch',
      objectId: batch.id,
      details: { lines: parsed.items.length, posted, exceptions, postedCents },
      at: c.now,
    });
    return { batchId: batch.id, alreadyImported: false, lines: parsed.items.length, posted, exceptions, postedCents };
  });
}

/** The mailroom resolves an exception: post it to a reference number it has worked out, or send the check back. */
export async function resolveLockboxException(
  db: Db,
  c: PostingContext,
  input: { exceptionId: string; action: 'post' | 'return'; reference?: string; clerkId: string; ip?: string | null },
): Promise<void> {
  await db.transaction(async (tx) => {
    const [ex] = await tx.select().from(lockboxExceptions).where(eq(lockboxExceptions.id, input.exceptionId)).for('update');
    if (!ex) throw notFound();
    if (ex.status !== 'open') throw conflict('errors.lockbox.alreadyResolved');
    const actor = { id: input.clerkId, kind: 'person' as const, ip: input.ip };
    if (input.action === 'return') {
      await tx.update(lockboxExceptions).set({ status: 'returned', resolvedBy: input.clerkId, resolvedAt: c.now }).where(eq(lockboxExceptions.id, ex.id));
    } else {
      const reference = normalizeReference(input.reference ?? '');
      if (!reference) throw invalidInput([{ field: 'reference', messageKey: 'errors.lockbox.invalidReference' }]);
      if (!ex.amountCents || !ex.depositDate) throw invalidInput([{ field: 'reference', messageKey: 'errors.lockbox.cannotPost' }]);
      const outcome = await postCheck(tx, c, { itemKey: ex.itemKey, amountCents: ex.amountCents, checkNumber: ex.checkNumber, depositDate: ex.depositDate, reference }, ex.batchId, actor);
      if (outcome === 'unknown-reference') throw invalidInput([{ field: 'reference', messageKey: 'errors.lockbox.unknownReference' }]);
      const [payment] = await tx
        .select({ id: payments.id })
        .from(payments)
        .where(eq(payments.idempotencyKey, `lockbox:${ex.itemKey}`));
      await tx
        .update(lockboxExceptions)
        .set({ status: 'posted', resolvedBy: input.clerkId, resolvedAt: c.now, paymentId: payment?.id ?? null })
        .where(eq(lockboxExceptions.id, ex.id));
    }
    await recordAudit(tx, {
      actor: input.clerkId,
      actorKind: 'person',
      ip: input.ip,
      action: `lockbox.exception.${input.action === 'post' ? 'posted' : 'returned'}`,
      objectType: 'lockbox-exception',
      objectId: ex.id,
      details: { batchId: ex.batchId, reason: ex.reason },
      at: c.now,
    });
  });
}
