import { sql } from 'drizzle-orm';
import type { Tx } from '../platform/database.js';
import { auditLog } from './schema.js';
import { GENESIS_HASH, hashRecord } from './chain.js';

export type ActorKind = 'person' | 'system' | 'monitor' | 'schedule' | 'anonymous';
export type Outcome = 'success' | 'failure' | 'denied';

export interface AuditEntry {
  /** Account id for a person; a name such as `billing-run` for the system. */
  actor: string;
  actorKind: ActorKind;
  action: string;
  objectType?: string;
  objectId?: string;
  ip?: string | null;
  outcome?: Outcome;
  /** Ids, codes and counts only. */
  details?: Record<string, unknown>;
  at?: Date;
}

const CHAIN_LOCK = 7_100_423_002;

/**
 * Appends one record inside the caller's transaction, so the action and its
 * record commit or fail together. Appends are serialised by a transaction
 * advisory lock so the chain has one order; call this late in a transaction.
 * The record's seq is the head's plus one (not the sequence, which a rolled-back
 * transaction would skip), so a gap in seq always means a missing record.
 */
export async function recordAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`);
  const last = await tx.execute<{ seq: string; hash: string }>(sql`SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`);
  const prevHash = last.rows[0]?.hash ?? GENESIS_HASH;
  const content = {
    seq: Number(last.rows[0]?.seq ?? 0) + 1,
    at: entry.at ?? new Date(),
    actor: entry.actor,
    actorKind: entry.actorKind,
    action: entry.action,
    objectType: entry.objectType ?? null,
    objectId: entry.objectId ?? null,
    ip: entry.ip ?? null,
    outcome: entry.outcome ?? 'success',
    details: entry.details ?? {},
    prevHash,
  };
  await tx.insert(auditLog).values({ ...content, hash: hashRecord(content) });
}
