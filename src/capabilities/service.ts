/**
 * The capability service of one process: an in-process cache of the registry
 * kept current by LISTEN/NOTIFY on a dedicated connection (reconnecting) and a
 * fallback poll, and the guard that runs actions only while capabilities are
 * available (docs/adr/0020-capability-guard.md, 0021-one-source-of-truth.md).
 */
import pg from 'pg';
import { sql } from 'drizzle-orm';
import type { Tx } from '../platform/database.js';
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import type { StateProfile } from '../states/profile.js';
import { availableAlternatives, usableAt } from './alternatives.js';
import { CAPABILITY_IDS, DEFAULT_ALTERNATIVES, isCapabilityId, statusAllowsUse, type AlternativeId, type CapabilityId, type CapabilityStatus, type SetBy, type SettableStatus } from './ids.js';
import { lockOrder, quoteIds, sharedLockSql, sharedUnlockSql } from './locks.js';
import { STALE_AFTER_MS, effectiveStatus, overlaps } from './rules.js';
import type { Alternative, BlastRadiusContributor, BlastRadiusItem, CapabilitySnapshot, CapabilityService, CapabilityState, GuardResult, ProposedChange, UpcomingWindow } from './types.js';

export const NOTIFY_CHANNEL = 'candor_capabilities';

export interface CapabilityServiceOptions {
  /** Connection string of the exchange's database. */
  databaseUrl: string;
  clock: Clock;
  profile: StateProfile;
  log: Logger;
  /** Fallback poll of the registry (default 250 ms). */
  pollIntervalMs?: number;
  /** A cache not refreshed for this long counts as unknown (default 1 s). */
  staleAfterMs?: number;
  /** Connections the guard may hold at once in this process (default 10). */
  guardPoolSize?: number;
  /** How long a guarded action waits for its shared locks before it counts the capabilities unavailable (default 10 s). */
  guardLockTimeoutMs?: number;
}

interface CachedRow {
  id: CapabilityId;
  status: SettableStatus;
  reasonEn: string;
  reasonEs: string;
  internalNote: string;
  setBy: SetBy;
  since: Date;
  expectedEnd: Date | null;
  alternatives: AlternativeId[];
}

const REFRESH_SQL = `
SELECT id, status, reason_en, reason_es, internal_note, set_by_kind, set_by_id, since, expected_end, alternatives FROM capabilities;
SELECT id, capability_id, starts_at, ends_at, state, reason_en, reason_es FROM maintenance_windows WHERE state IN ('scheduled', 'active') ORDER BY starts_at LIMIT 200`;

const VISIT_WRITE_EVERY_MS = 60_000;

export function createCapabilityService(
  opts: CapabilityServiceOptions,
): CapabilityService & { start(): Promise<void>; recordVisit(capability: CapabilityId, sessionHash: string): void; fingerprint(): string } {
  const pollIntervalMs = opts.pollIntervalMs ?? 250;
  const staleAfterMs = opts.staleAfterMs ?? STALE_AFTER_MS;
  const log = opts.log;
  let rows = new Map<CapabilityId, CachedRow>();
  let windows: UpcomingWindow[] = [];
  let readAtMs: number | null = null;
  let fingerprint = '';
  let listener: pg.Client | null = null;
  let connecting: Promise<void> | null = null;
  let refreshing: Promise<void> | null = null;
  let refreshAgain = false;
  let closed = false;
  let reconnectDelay = 100;
  let reconnectTimer: NodeJS.Timeout | null = null;
  const listeners = new Set<(s: CapabilitySnapshot) => void>();
  const contributors: BlastRadiusContributor[] = [];
  const visitsWritten = new Map<string, number>();

  const guardPool = new pg.Pool({
    connectionString: opts.databaseUrl,
    max: opts.guardPoolSize ?? 10,
    application_name: 'candor-capability-guard',
    options: `-c lock_timeout=${opts.guardLockTimeoutMs ?? 10_000}`,
    idleTimeoutMillis: 30_000,
  });
  guardPool.on('error', () => {});
  // A small pool for the service's own writes and counts, apart from the app's pool.
  const workPool = new pg.Pool({ connectionString: opts.databaseUrl, max: 2, application_name: 'candor-capabilities', idleTimeoutMillis: 30_000 });
  workPool.on('error', () => {});

  function apply(results: pg.QueryResult[]): void {
    const [caps, wins] = results as [pg.QueryResult, pg.QueryResult];
    const next = new Map<CapabilityId, CachedRow>();
    for (const r of caps.rows) {
      if (!isCapabilityId(r.id)) continue;
      next.set(r.id, {
        id: r.id,
        status: r.status,
        reasonEn: r.reason_en,
        reasonEs: r.reason_es,
        internalNote: r.internal_note,
        setBy: { kind: r.set_by_kind, id: r.set_by_id },
        since: new Date(r.since),
        expectedEnd: r.expected_end ? new Date(r.expected_end) : null,
        alternatives: r.alternatives ?? [],
      });
    }
    const nextWindows: UpcomingWindow[] = wins.rows
      .filter((w) => isCapabilityId(w.capability_id))
      .map((w) => ({ id: w.id, capabilityId: w.capability_id, startsAt: new Date(w.starts_at), endsAt: new Date(w.ends_at), state: w.state, reason: { en: w.reason_en, es: w.reason_es } }));
    const print = JSON.stringify([[...next.values()], nextWindows]);
    rows = next;
    windows = nextWindows;
    readAtMs = Date.now();
    if (print !== fingerprint) {
      fingerprint = print;
      if (listeners.size) {
        const snap = snapshot();
        for (const l of listeners) {
          try {
            l(snap);
          } catch (err) {
            log.warn({ err: { message: (err as Error).message } }, 'capability change listener failed');
          }
        }
      }
    }
  }

  async function refreshOnce(): Promise<void> {
    const client = listener;
    if (!client) throw new Error('capability registry listener is not connected');
    const results = (await client.query(REFRESH_SQL)) as unknown as pg.QueryResult[];
    apply(results);
  }

  /** One refresh at a time; a request during one runs once more after it (so a notification is never lost). */
  function refresh(): Promise<void> {
    if (refreshing) {
      refreshAgain = true;
      return refreshing;
    }
    refreshing = (async () => {
      try {
        do {
          refreshAgain = false;
          await refreshOnce();
        } while (refreshAgain);
      } finally {
        refreshing = null;
      }
    })();
    return refreshing;
  }

  function dropListener(reason: string): void {
    const client = listener;
    listener = null;
    if (client) {
      log.warn({ reason }, 'capability registry listener lost; reconnecting');
      client.removeAllListeners('notification');
      client.end().catch(() => {});
    }
    scheduleReconnect();
  }

  function scheduleReconnect(): void {
    if (closed || reconnectTimer || connecting) return;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      void connect().catch(() => {});
    }, reconnectDelay);
    reconnectDelay = Math.min(reconnectDelay * 2, 2_000);
  }

  function connect(): Promise<void> {
    if (connecting) return connecting;
    connecting = (async () => {
      const client = new pg.Client({ connectionString: opts.databaseUrl, application_name: 'candor-capabilities-listen', connectionTimeoutMillis: 2_000, query_timeout: 2_000 });
      client.on('error', (err) => {
        if (listener === client) dropListener(err.message);
      });
      client.on('end', () => {
        if (listener === client) dropListener('connection ended');
      });
      client.on('notification', (msg) => {
        if (msg.channel === NOTIFY_CHANNEL) void refresh().catch(() => {});
      });
      try {
        await client.connect();
        await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
      } catch (err) {
        client.end().catch(() => {});
        throw err;
      }
      listener = client;
      reconnectDelay = 100;
      await refresh();
    })().finally(() => {
      connecting = null;
    });
    connecting.catch(() => scheduleReconnect());
    return connecting;
  }

  let pollTimer: NodeJS.Timeout | null = null;
  function poll(): void {
    if (closed) return;
    if (listener) void refresh().catch((err: Error) => dropListener(err.message));
    else if (!connecting) void connect().catch(() => {});
    // Forget visit throttles older than their window.
    if (visitsWritten.size > 10_000) {
      const cutoff = Date.now() - VISIT_WRITE_EVERY_MS;
      for (const [k, v] of visitsWritten) if (v < cutoff) visitsWritten.delete(k);
    }
  }

  function isStale(): boolean {
    const stale = effectiveStatus('operational', readAtMs === null ? null : new Date(readAtMs), new Date(), staleAfterMs) === 'unknown';
    // After this process was busy for a while (a long synchronous task), re-read at once rather than at the next poll.
    if (stale && listener && !refreshing && !closed) void refresh().catch(() => {});
    return stale;
  }

  function stateOf(id: CapabilityId, stale: boolean, now: Date): CapabilityState {
    const row = rows.get(id);
    const status: CapabilityStatus = stale || !row ? 'unknown' : row.status;
    const overdue = !!row && (row.status === 'down' || row.status === 'maintenance') && !!row.expectedEnd && row.expectedEnd.getTime() < now.getTime();
    return {
      id,
      status,
      lastKnownStatus: row?.status ?? null,
      reason: { en: row?.reasonEn ?? '', es: row?.reasonEs ?? '' },
      internalNote: row?.internalNote ?? '',
      setBy: row?.setBy ?? { kind: 'system', id: 'unknown' },
      since: row?.since ?? new Date(0),
      expectedEnd: row?.expectedEnd ?? null,
      overdue,
      alternatives: row?.alternatives ?? DEFAULT_ALTERNATIVES[id],
    };
  }

  function snapshot(): CapabilitySnapshot {
    const stale = isStale();
    const now = opts.clock.now();
    const capabilities = Object.fromEntries(CAPABILITY_IDS.map((id) => [id, stateOf(id, stale, now)])) as Record<CapabilityId, CapabilityState>;
    return { at: now, stale, readAt: readAtMs === null ? null : new Date(readAtMs), capabilities, windows: [...windows] };
  }

  function statusNow(id: CapabilityId): CapabilityStatus {
    if (isStale()) return 'unknown';
    return rows.get(id)?.status ?? 'unknown';
  }

  function isAvailable(id: CapabilityId, at?: Date): boolean {
    return usableAt(id, statusNow(id), opts.profile, at ?? opts.clock.now());
  }

  function alternatives(id: CapabilityId, at?: Date): Alternative[] {
    const list = rows.get(id)?.alternatives ?? DEFAULT_ALTERNATIVES[id];
    return availableAlternatives(list, statusNow, opts.profile, at ?? opts.clock.now());
  }

  async function whileAvailable<T>(ids: readonly CapabilityId[], action: () => Promise<T>): Promise<GuardResult<T>> {
    const wanted = lockOrder(ids);
    if (wanted.length === 0) return { ran: true, value: await action() };
    // Cheap refusal from the cache first; the decision to act is always made from the table, under the lock.
    const refused = wanted.filter((id) => !isAvailable(id));
    if (refused.length) return { ran: false, unavailable: refused };
    let client: pg.PoolClient;
    let committedRows: Array<{ id: CapabilityId; status: CapabilityStatus }>;
    try {
      client = await guardPool.connect();
    } catch {
      return { ran: false, unavailable: wanted };
    }
    try {
      // Two statements in one round trip: the SELECT takes its snapshot after the locks are granted,
      // so it sees every change committed before that.
      const results = (await client.query(`${sharedLockSql(wanted)}; SELECT id, status FROM capabilities WHERE id IN (${quoteIds(wanted)})`)) as unknown as pg.QueryResult[];
      committedRows = results[1]!.rows;
    } catch {
      client.release(true);
      return { ran: false, unavailable: wanted };
    }
    const at = opts.clock.now();
    const unavailable = wanted.filter((id) => {
      const row = committedRows.find((r) => r.id === id);
      return !row || !usableAt(id, row.status, opts.profile, at);
    });
    try {
      if (unavailable.length) return { ran: false, unavailable };
      return { ran: true, value: await action() };
    } finally {
      try {
        await client.query(sharedUnlockSql(wanted));
        client.release();
      } catch {
        // Session locks end with their connection: destroy it.
        client.release(true);
      }
    }
  }

  const ownContributor: BlastRadiusContributor = {
    name: 'capabilities',
    async count(tx: Tx, change: ProposedChange): Promise<BlastRadiusItem[]> {
      const now = opts.clock.now();
      const since = new Date(now.getTime() - 15 * 60_000);
      const onPages = await tx.execute<{ n: number }>(
        sql`SELECT count(DISTINCT session_hash)::int AS n FROM capability_page_visits WHERE capability_id IN ${sql.raw(`(${quoteIds(change.capabilities)})`)} AND last_seen_at > ${since}`,
      );
      const onSite = await tx.execute<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE a.kind = 'customer' AND s.revoked_at IS NULL AND s.last_seen_at > ${since}`,
      );
      const overlapping = windows.filter((w) => change.capabilities.includes(w.capabilityId) && overlaps({ from: w.startsAt, to: w.endsAt }, { from: change.from, to: change.until }));
      return [
        { label: { en: 'Signed-in customers on these pages in the last 15 minutes', es: 'Clientes con sesión en estas páginas en los últimos 15 minutos' }, count: onPages.rows[0]?.n ?? 0 },
        {
          label: { en: 'Signed-in customers anywhere on the site in the last 15 minutes', es: 'Clientes con sesión en cualquier parte del sitio en los últimos 15 minutos' },
          count: onSite.rows[0]?.n ?? 0,
        },
        {
          label: { en: 'Maintenance windows that overlap', es: 'Ventanas de mantenimiento que se superponen' },
          count: overlapping.length,
          detail: overlapping.length
            ? {
                en: overlapping.map((w) => `${w.capabilityId} ${w.startsAt.toISOString()}–${w.endsAt.toISOString()}`).join('; '),
                es: overlapping.map((w) => `${w.capabilityId} ${w.startsAt.toISOString()}–${w.endsAt.toISOString()}`).join('; '),
              }
            : undefined,
        },
      ];
    },
  };
  contributors.push(ownContributor);

  return {
    snapshot,
    isAvailable,
    alternatives,
    whileAvailable,
    registerBlastRadius(contributor) {
      contributors.push(contributor);
    },
    async blastRadius(tx, change) {
      const out: Array<{ contributor: string; items: BlastRadiusItem[] }> = [];
      for (const c of contributors) out.push({ contributor: c.name, items: await c.count(tx, change) });
      return out;
    },
    refresh: async () => {
      if (!listener) await connect();
      else await refresh();
    },
    onChange(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    retryAfterSeconds(ids, at) {
      const now = (at ?? opts.clock.now()).getTime();
      let latest = 0;
      for (const id of ids) {
        const row = rows.get(id);
        if (!row || statusAllowsUse(row.status)) continue;
        if (!row.expectedEnd || row.expectedEnd.getTime() <= now) return undefined;
        latest = Math.max(latest, row.expectedEnd.getTime());
      }
      return latest ? Math.ceil((latest - now) / 1000) : undefined;
    },
    recordVisit(capability, sessionHash) {
      const key = `${capability}|${sessionHash}`;
      const last = visitsWritten.get(key);
      if (last && Date.now() - last < VISIT_WRITE_EVERY_MS) return;
      visitsWritten.set(key, Date.now());
      workPool
        .query(
          `INSERT INTO capability_page_visits (capability_id, session_hash, last_seen_at) VALUES ($1, $2, $3)
           ON CONFLICT (capability_id, session_hash) DO UPDATE SET last_seen_at = EXCLUDED.last_seen_at`,
          [capability, sessionHash, opts.clock.now()],
        )
        .catch(() => {});
    },
    fingerprint: () => fingerprint,
    async start() {
      await connect();
      pollTimer = setInterval(poll, pollIntervalMs);
      pollTimer.unref();
    },
    async close() {
      closed = true;
      if (pollTimer) clearInterval(pollTimer);
      if (reconnectTimer) clearTimeout(reconnectTimer);
      await connecting?.catch(() => {});
      const client = listener;
      listener = null;
      await client?.end().catch(() => {});
      await guardPool.end().catch(() => {});
      await workPool.end().catch(() => {});
    },
  };
}
