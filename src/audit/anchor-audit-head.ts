import type pg from 'pg';
import type { Logger } from '../platform/logger.js';
import { appendAnchor, type Anchor } from './anchor.js';
import { GENESIS_HASH } from './chain.js';

/** The chain's head as committed now (seq 0 and the genesis hash for an empty trail), and the database it is in. */
export async function readAuditHead(pool: pg.Pool | pg.Client): Promise<{ database: string; seq: number; hash: string }> {
  const { rows } = await pool.query<{ database: string; seq: string | null; hash: string | null }>(
    `SELECT current_database() AS database, h.seq, h.hash FROM (SELECT 1) one LEFT JOIN (SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1) h ON true`,
  );
  const r = rows[0]!;
  return { database: r.database, seq: Number(r.seq ?? 0), hash: r.hash ?? GENESIS_HASH };
}

/**
 * Anchors the head now: one signed line in the anchor file, and the same in the log
 * stream (a second place the database's superuser cannot rewrite). `kind: 'restore'`
 * marks a head a restore left on purpose. Returns the anchor written.
 */
export async function anchorAuditHead(pool: pg.Pool | pg.Client, opts: { file: string; key: Buffer; now: Date; log?: Logger; kind?: Anchor['kind'] }): Promise<Anchor> {
  const head = await readAuditHead(pool);
  const anchor: Anchor = { kind: opts.kind ?? 'head', database: head.database, seq: head.seq, hash: head.hash, at: opts.now.toISOString() };
  appendAnchor(opts.file, opts.key, anchor);
  opts.log?.info({ auditAnchor: anchor }, 'audit chain head anchored');
  return anchor;
}
