import pg from 'pg';
import { anchorsInForce, checkAnchors, readAnchors, type AnchorLine } from './anchor.js';
import { checkChain, GENESIS_HASH, type AuditContent, type ChainCheck } from './chain.js';

const PAGE = 5000;

export interface AnchorSource {
  /** The anchor file (`<dataDir>/audit-anchors.jsonl`). */
  file: string;
  /** Keys a line may be signed with: the current anchor key, and the one before a key rotation. */
  keys: Buffer[];
}

export type AuditVerification = ChainCheck & {
  /** What the anchors in force vouched for (absent when none was given or none is in force). */
  anchored?: { seq: number; at: string; count: number };
};

/**
 * Reads the whole chain in pages, on its own connection, and checks it: every record's
 * hash and link, no gap in seq; then, with `anchors`, the head against the anchors in
 * force (a truncated tail, or a rewritten record an anchor named). docs/adr/0096.
 */
export async function verifyAudit(url: string, opts: { anchors?: AnchorSource; onProgress?: (checked: number) => void } = {}): Promise<AuditVerification> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    let heads: AnchorLine[] = [];
    if (opts.anchors) {
      const content = readAnchors(opts.anchors.file, opts.anchors.keys);
      if (content.unsigned.length > 0) {
        const lines = content.unsigned.join(', ');
        return { ok: false, count: 0, brokenSeq: 0, reason: `the anchor file ${opts.anchors.file} has lines not signed with the anchor key (line ${lines}): it was edited` };
      }
      const { rows } = await client.query<{ name: string }>('SELECT current_database() AS name');
      heads = anchorsInForce(content.anchors, rows[0]!.name).heads;
    }
    const anchoredSeqs = new Set(heads.map((a) => a.seq));
    const hashes = new Map<number, string>();
    let state = { prevHash: GENESIS_HASH, count: 0 };
    let after = 0;
    for (;;) {
      const { rows } = await client.query(
        `SELECT seq, at, actor, actor_kind, action, object_type, object_id, ip, outcome, details, prev_hash, hash
           FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT ${PAGE}`,
        [after],
      );
      if (rows.length === 0) break;
      const records = rows.map((r): AuditContent & { hash: string } => ({
        seq: Number(r.seq),
        at: r.at as Date,
        actor: r.actor,
        actorKind: r.actor_kind,
        action: r.action,
        objectType: r.object_type,
        objectId: r.object_id,
        ip: r.ip,
        outcome: r.outcome,
        details: r.details,
        prevHash: r.prev_hash,
        hash: r.hash,
      }));
      const result = checkChain(records, state);
      if (!result.ok) return result;
      for (const r of records) if (anchoredSeqs.has(r.seq)) hashes.set(r.seq, r.hash);
      state = { prevHash: records[records.length - 1]!.hash, count: result.count };
      after = records[records.length - 1]!.seq;
      opts.onProgress?.(state.count);
    }
    if (heads.length === 0) return { ok: true, count: state.count };
    const anchors = checkAnchors({ seq: after, hash: state.prevHash }, (seq) => hashes.get(seq), heads);
    if (!anchors.ok) return { ...anchors, count: state.count };
    const newest = heads.reduce((best, a) => (a.seq > best.seq ? a : best));
    return { ok: true, count: state.count, anchored: { seq: newest.seq, at: newest.at, count: heads.length } };
  } finally {
    await client.end();
  }
}
