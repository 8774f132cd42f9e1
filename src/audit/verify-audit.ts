import pg from 'pg';
import { checkChain, GENESIS_HASH, type AuditContent, type ChainCheck } from './chain.js';

const PAGE = 5000;

/** Reads the whole chain in pages, on its own connection, and checks it. */
export async function verifyAudit(url: string, onProgress: (checked: number) => void = () => {}): Promise<ChainCheck> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    let state = { prevHash: GENESIS_HASH, count: 0 };
    let after = 0;
    for (;;) {
      const { rows } = await client.query(
        `SELECT seq, at, actor, actor_kind, action, object_type, object_id, ip, outcome, details, prev_hash, hash
           FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT ${PAGE}`,
        [after],
      );
      if (rows.length === 0) return { ok: true, count: state.count };
      const records = rows.map(
        (r): AuditContent & { hash: string } => ({
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
        }),
      );
      const result = checkChain(records, state);
      if (!result.ok) return result;
      state = { prevHash: records[records.length - 1]!.hash, count: result.count };
      after = records[records.length - 1]!.seq;
      onProgress(state.count);
    }
  } finally {
    await client.end();
  }
}
