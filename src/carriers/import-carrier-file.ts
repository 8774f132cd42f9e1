/**
 * Takes in a file from a carrier: an effectuation 834 (the carrier confirms
 * the policies it has put in force, with its own policy ids) or an audit 834
 * (every policy it holds, for reconciliation). Either way the differences
 * from the exchange's records are stored as a discrepancy report. The same
 * file imported again is recognised and changes nothing.
 */
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.js';
import { enrollments } from '../enrollment/schema.js';
import type { ActingParty } from '../enrollment/transition-enrollment.js';
import type { Tx } from '../platform/database.js';
import { invalidInput } from '../platform/errors.js';
import { exchangeRecords } from './carrier-data.js';
import { parse834 } from './edi-834.js';
import { reconcile } from './reconcile.js';
import { carrierDiscrepancies, carrierImports } from './schema.js';
import { X12Error } from './x12.js';

export interface ImportResult {
  importId: string;
  kind: 'effectuation' | 'audit';
  carrierHiosId: string;
  records: number;
  confirmed: number;
  discrepancies: number;
  duplicate: boolean;
}

export async function importCarrierFile(tx: Tx, input: { text: string; fileName: string; actor: ActingParty; at: Date }): Promise<ImportResult> {
  const sha256 = createHash('sha256').update(input.text).digest('hex');
  const [seen] = await tx.select().from(carrierImports).where(eq(carrierImports.sha256, sha256));
  if (seen) return { importId: seen.id, kind: seen.kind, carrierHiosId: seen.carrierHiosId, records: seen.records, confirmed: 0, discrepancies: seen.discrepancies, duplicate: true };

  let file;
  try {
    file = parse834(input.text);
  } catch (err) {
    if (err instanceof X12Error) throw invalidInput([{ field: 'file', messageKey: 'carriers.errors.unreadable', values: { reason: err.message } }]);
    throw err;
  }
  const carrierHiosId = file.sender.id.trim();
  if (!/^\d{5}$/.test(carrierHiosId)) throw invalidInput([{ field: 'file', messageKey: 'carriers.errors.notFromCarrier' }]);
  const kind = file.purpose === 'audit' ? 'audit' : 'effectuation';
  const ours = await exchangeRecords(
    tx,
    carrierHiosId,
    file.enrollments.map((e) => e.policyNumber),
  );
  const found = reconcile(kind, carrierHiosId, ours, file.enrollments);

  let confirmed = 0;
  if (kind === 'effectuation') {
    const broken = new Set(found.map((d) => d.policyNumber));
    for (const e of file.enrollments) {
      if (broken.has(e.policyNumber)) continue;
      await tx
        .update(enrollments)
        .set({ carrierConfirmedAt: input.at, carrierPolicyId: e.carrierPolicyId, updatedAt: input.at })
        .where(and(eq(enrollments.policyNumber, e.policyNumber), eq(enrollments.carrierHiosId, carrierHiosId)));
      confirmed++;
    }
  }
  const [row] = await tx
    .insert(carrierImports)
    .values({
      carrierHiosId,
      kind,
      fileName: input.fileName.slice(0, 200),
      sha256,
      records: file.enrollments.length,
      discrepancies: found.length,
      importedBy: input.actor.kind === 'person' ? input.actor.id : null,
      importedAt: input.at,
    })
    .returning({ id: carrierImports.id });
  if (found.length) {
    await tx.insert(carrierDiscrepancies).values(
      found.map((d) => ({
        importId: row!.id,
        policyNumber: d.policyNumber,
        enrollmentId: d.enrollmentId,
        kind: d.kind,
        field: d.field ?? null,
        exchangeValue: d.exchangeValue ?? null,
        carrierValue: d.carrierValue ?? null,
      })),
    );
  }
  await recordAudit(tx, {
    actor: input.actor.id,
    actorKind: input.actor.kind,
    ip: input.actor.ip,
    action: `carriers.${kind}-imported`,
    objectType: 'carrier-import',
    objectId: row!.id,
    details: { carrier: carrierHiosId, records: file.enrollments.length, confirmed, discrepancies: found.length },
    at: input.at,
  });
  return { importId: row!.id, kind, carrierHiosId, records: file.enrollments.length, confirmed, discrepancies: found.length, duplicate: false };
}
