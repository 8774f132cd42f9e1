/**
 * `candor keys rotate`: re-wraps every data key under the configuration key
 * (when it changed: the old one is CANDOR_DATA_KEY_PREVIOUS), makes a new data
 * key, re-seals every SSN, immigration document number and uploaded document
 * with it, recomputes the keyed hashes, and retires the older data keys.
 * Runs in batches, each its own transaction, so it can be stopped and run again.
 */
import { and, eq, isNull, lt, ne, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.js';
import type { Db } from '../platform/database.js';
import { keyFingerprint, seal, unseal } from '../platform/crypto.js';
import { members } from '../enrollment/schema.js';
import { ssnLookupHash } from '../enrollment/save-member.js';
import { createDataKey, KeyError, loadKeyring } from './keyring.js';
import { dataKeys, documents } from './schema.js';

export interface RotationResult {
  rewrapped: number;
  version: number;
  values: number;
  documents: number;
  retired: number[];
}

export async function rotateKeys(
  db: Db,
  opts: { masterKey: Buffer; previousKey?: Buffer; now: () => Date; actor: string; batchSize?: number; onProgress?: (line: string) => void },
): Promise<RotationResult> {
  const batch = opts.batchSize ?? 500;
  const progress = opts.onProgress ?? (() => {});
  const master = keyFingerprint(opts.masterKey);
  const previous = opts.previousKey ? keyFingerprint(opts.previousKey) : null;

  // 1. Every data key wrapped by the configuration key in force.
  let rewrapped = 0;
  for (const row of await db.select().from(dataKeys).where(ne(dataKeys.wrappedWith, master))) {
    if (!opts.previousKey || row.wrappedWith !== previous) {
      throw new KeyError(`Data key ${row.version} is wrapped by a key that is neither CANDOR_DATA_KEY nor CANDOR_DATA_KEY_PREVIOUS`);
    }
    const clear = unseal(opts.previousKey, row.wrapped);
    await db
      .update(dataKeys)
      .set({ wrapped: seal(opts.masterKey, clear), wrappedWith: master })
      .where(eq(dataKeys.version, row.version));
    rewrapped++;
  }
  if (rewrapped) progress(`Re-wrapped ${rewrapped} data keys under the new configuration key.`);

  // 2. A new data key, and every sealed value moved onto it.
  const version = await createDataKey(db, opts.masterKey, opts.now());
  const keyring = await loadKeyring(db, opts.masterKey, opts.now);
  if (keyring.currentVersion !== version) throw new KeyError('Another rotation ran at the same time; run it again');
  const openValue = async (value: string): Promise<string> => {
    if (value.startsWith('v1.') && opts.previousKey) {
      try {
        return unseal(opts.masterKey, value);
      } catch {
        return unseal(opts.previousKey, value);
      }
    }
    return keyring.open(value);
  };

  const prefix = `e1.${version}.%`;
  let values = 0;
  for (;;) {
    const rows = await db
      .select({ id: members.id, ssn: members.ssnSealed, doc: members.immigrationDocumentSealed })
      .from(members)
      .where(
        sql`(${members.ssnSealed} IS NOT NULL AND ${members.ssnSealed} NOT LIKE ${prefix}) OR (${members.immigrationDocumentSealed} IS NOT NULL AND ${members.immigrationDocumentSealed} NOT LIKE ${prefix})`,
      )
      .limit(batch);
    if (rows.length === 0) break;
    await db.transaction(async (tx) => {
      for (const row of rows) {
        const ssn = row.ssn ? await openValue(row.ssn) : null;
        const doc = row.doc ? await openValue(row.doc) : null;
        await tx
          .update(members)
          .set({
            ssnSealed: ssn === null ? null : keyring.seal(ssn),
            ssnHash: ssn === null ? null : ssnLookupHash(opts.masterKey, ssn),
            immigrationDocumentSealed: doc === null ? null : keyring.seal(doc),
          })
          .where(eq(members.id, row.id));
      }
    });
    values += rows.length;
    progress(`Re-sealed personal data of ${values} people…`);
  }

  let docs = 0;
  for (;;) {
    const rows = await db
      .select({ id: documents.id, keyVersion: documents.keyVersion, content: documents.content })
      .from(documents)
      .where(lt(documents.keyVersion, version))
      .limit(Math.max(1, Math.floor(batch / 10)));
    if (rows.length === 0) break;
    await db.transaction(async (tx) => {
      for (const row of rows) {
        const clear = await keyring.openBytes(row.keyVersion, row.content);
        const next = keyring.sealBytes(clear);
        await tx.update(documents).set({ content: next.sealed, keyVersion: next.version }).where(eq(documents.id, row.id));
      }
    });
    docs += rows.length;
    progress(`Re-sealed ${docs} documents…`);
  }

  // 3. The older data keys are retired (kept, so a value sealed meanwhile by a process still on the old key opens).
  const retired = await db.transaction(async (tx) => {
    const rows = await tx
      .update(dataKeys)
      .set({ retiredAt: opts.now() })
      .where(and(lt(dataKeys.version, version), isNull(dataKeys.retiredAt)))
      .returning({ version: dataKeys.version });
    await recordAudit(tx, {
      actor: opts.actor,
      actorKind: opts.actor === 'command-line' ? 'system' : 'person',
      action: 'keys.rotate',
      objectType: 'data-key',
      objectId: String(version),
      details: { rewrapped, values, documents: docs, retired: rows.map((r) => r.version) },
      at: opts.now(),
    });
    return rows.map((r) => r.version).sort((a, b) => a - b);
  });
  return { rewrapped, version, values, documents: docs, retired };
}
