/** Pure rules of the audit chain: what is hashed, and how a chain is checked. */
import { sha256Hex } from '../platform/crypto.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditContent {
  seq: number;
  at: Date;
  actor: string;
  actorKind: string;
  action: string;
  objectType: string | null;
  objectId: string | null;
  ip: string | null;
  outcome: string;
  details: Record<string, unknown>;
  prevHash: string;
}

/** JSON with object keys sorted at every level, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function hashRecord(r: AuditContent): string {
  return sha256Hex(
    canonicalJson({
      seq: r.seq,
      at: r.at.toISOString(),
      actor: r.actor,
      actorKind: r.actorKind,
      action: r.action,
      objectType: r.objectType,
      objectId: r.objectId,
      ip: r.ip,
      outcome: r.outcome,
      details: r.details,
      prevHash: r.prevHash,
    }),
  );
}

export type ChainCheck = { ok: true; count: number } | { ok: false; count: number; brokenSeq: number; reason: string };

/**
 * Walks records in sequence order and names the first that does not fit the chain. Records
 * are numbered 1, 2, 3… with no gap (record-audit.ts), so an intact chain of `count` records
 * continues with record `count + 1`; any other number is a gap (or records out of order).
 */
export function checkChain(records: Iterable<AuditContent & { hash: string }>, start = { prevHash: GENESIS_HASH, count: 0 }): ChainCheck {
  let prev = start.prevHash;
  let count = start.count;
  for (const r of records) {
    const expected = count + 1;
    if (r.seq > expected) {
      const missing = r.seq === expected + 1 ? `record ${expected} is missing` : `records ${expected}–${r.seq - 1} are missing`;
      return { ok: false, count, brokenSeq: r.seq, reason: `${missing} before it (a gap in seq)` };
    }
    if (r.seq < expected) return { ok: false, count, brokenSeq: r.seq, reason: `it is out of order (record ${expected} was expected)` };
    if (r.prevHash !== prev) return { ok: false, count, brokenSeq: r.seq, reason: 'its link to the previous record does not match' };
    if (hashRecord(r) !== r.hash) return { ok: false, count, brokenSeq: r.seq, reason: 'its content does not match its hash' };
    prev = r.hash;
    count++;
  }
  return { ok: true, count };
}
