/**
 * A dispatcher's claims last as long as its database session (docs/adr/0085):
 * each dispatcher holds a session-level advisory lock on a connection of its
 * own, and writes "<pid>:<key>" into the messages it claims. A message still
 * `sending` whose claimer's lock nobody holds was claimed by a dispatcher that
 * has stopped (killed, crashed, cut off): any sweep releases it at once. The
 * server drops the lock the moment the session ends, so there is no lease to
 * wait for.
 */
import { randomInt } from 'node:crypto';
import pg from 'pg';
import { sql, type SQL } from 'drizzle-orm';
import type { Logger } from '../platform/logger.js';

/** The first key of every notices claim lock ("NOT" in ASCII); the second is the dispatcher's own. */
export const CLAIM_LOCK_CLASS = 0x4e4f54;

export interface ClaimSession {
  /** Written into claimed messages' claimed_by. */
  readonly owner: string;
  /** True while the lock is held (claims are then safe to make). */
  readonly holding: boolean;
  start(): Promise<void>;
  close(): Promise<void>;
}

export function createClaimSession(databaseUrl: string, log: Logger): ClaimSession {
  let key = randomInt(1, 2 ** 31 - 1);
  let client: pg.Client | null = null;
  let holding = false;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;
  // One connection at a time: two lanes asking at once share the same attempt (a second session would take another key).
  let connecting: Promise<void> | null = null;

  const connect = (): Promise<void> => (connecting ??= open().finally(() => (connecting = null)));
  const open = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: databaseUrl, application_name: 'candor-notices-claims' });
    c.on('error', () => {
      // The session ended: our claims are released by the others' sweeps; take a new lock and go on.
      if (client !== c) return;
      holding = false;
      client = null;
      c.end().catch(() => {});
      if (!closed) retry = setTimeout(() => void connect().catch(() => {}), 1000).unref();
    });
    try {
      await c.connect();
      for (;;) {
        const res = await c.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1::int, $2::int) AS ok', [CLAIM_LOCK_CLASS, key]);
        if (res.rows[0]!.ok) break;
        key = randomInt(1, 2 ** 31 - 1);
      }
      client = c;
      holding = true;
    } catch (err) {
      await c.end().catch(() => {});
      log.warn({ err: { message: (err as Error).message } }, 'notices: claim lock not taken; retrying');
      if (!closed) retry = setTimeout(() => void connect().catch(() => {}), 1000).unref();
    }
  };

  return {
    get owner() {
      return `${process.pid}:${key}`;
    },
    get holding() {
      return holding;
    },
    async start() {
      closed = false;
      if (!client) await connect();
    },
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      holding = false;
      const c = client;
      client = null;
      await c?.end().catch(() => {});
    },
  };
}

/** True (in SQL) when the dispatcher named in `claimedBy` no longer holds its claim lock in this database. */
export function claimerGone(claimedBy: SQL): SQL {
  return sql`(${claimedBy} IS NULL OR split_part(${claimedBy}, ':', 2) NOT IN (
    SELECT l.objid::text FROM pg_locks l
    WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2 AND l.classid::bigint = ${CLAIM_LOCK_CLASS}
      AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())))`;
}
