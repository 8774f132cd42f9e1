/**
 * The one path every status change takes — console, command line, monitor,
 * maintenance window: decide with the pure rules, take the guard's exclusive
 * lock when the change stops people from using the capability, write the
 * row and its timeline event, and audit it, all in one transaction.
 */
import { eq, sql } from 'drizzle-orm';
import type { Tx } from '../platform/database.js';
import { conflict } from '../platform/errors.js';
import { recordAudit, type ActorKind } from '../audit/record-audit.js';
import { toRegistryRow, type RegistryRow } from './capability-statuses.js';
import type { CapabilityId } from './ids.js';
import { exclusiveXactLockSql } from './locks.js';
import { decide, stopsUse, type Decision, type StatusEvent } from './rules.js';
import { capabilities, capabilityEvents } from './schema.js';

/** How long a change waits for running guarded actions before it fails. */
export const DEFAULT_CHANGE_LOCK_TIMEOUT_MS = 5_000;

export interface ApplyOptions {
  capability: CapabilityId;
  event: StatusEvent;
  reasonEn?: string;
  reasonEs?: string;
  note?: string;
  now: Date;
  ip?: string | null;
  lockTimeoutMs?: number;
}

export type ApplyResult = { changed: true; row: RegistryRow; previous: RegistryRow } | { changed: false; why: Extract<Decision, { apply: false }>['why']; row: RegistryRow };

function actorOf(event: StatusEvent): { actor: string; actorKind: ActorKind } {
  switch (event.kind) {
    case 'manual':
      return { actor: event.by.id, actorKind: event.by.kind };
    case 'monitor':
      return { actor: event.monitor, actorKind: 'monitor' };
    default:
      return { actor: `maintenance-window:${event.windowId}`, actorKind: 'schedule' };
  }
}

function isLockTimeout(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.code === '55P03' || e?.cause?.code === '55P03';
}

export async function applyStatusEvent(tx: Tx, opts: ApplyOptions): Promise<ApplyResult> {
  return tx.transaction(async (t) => {
    const target = opts.event.kind === 'window-start' ? 'maintenance' : opts.event.kind === 'window-end' ? 'operational' : opts.event.status;
    if (stopsUse(target)) {
      // Waits for guarded actions already running; from the moment this is granted no new one can start.
      const timeout = opts.lockTimeoutMs ?? DEFAULT_CHANGE_LOCK_TIMEOUT_MS;
      const previous = await t.execute<{ v: string }>(sql`SELECT current_setting('lock_timeout') AS v`);
      await t.execute(sql`SELECT set_config('lock_timeout', ${`${timeout}ms`}, true)`);
      try {
        await t.transaction(async (inner) => {
          await inner.execute(sql.raw(exclusiveXactLockSql(opts.capability)));
        });
      } catch (err) {
        if (isLockTimeout(err)) throw conflict('capabilities.errors.actionsStillRunning', { seconds: Math.round(timeout / 1000) });
        throw err;
      }
      await t.execute(sql`SELECT set_config('lock_timeout', ${previous.rows[0]!.v}, true)`);
    }
    const [raw] = await t.select().from(capabilities).where(eq(capabilities.id, opts.capability)).for('update');
    if (!raw) throw conflict('capabilities.errors.unknownCapability');
    const current = toRegistryRow(raw);
    const decision = decide(current, opts.event);
    if (!decision.apply) return { changed: false, why: decision.why, row: current };
    const { next } = decision;
    const statusChanged = next.status !== current.status;
    const [updated] = await t
      .update(capabilities)
      .set({
        status: next.status,
        setByKind: next.setBy.kind,
        setById: next.setBy.id,
        since: statusChanged ? opts.now : current.since,
        expectedEnd: next.expectedEnd,
        reasonEn: next.status === 'operational' ? (opts.reasonEn ?? '') : (opts.reasonEn ?? current.reasonEn),
        reasonEs: next.status === 'operational' ? (opts.reasonEs ?? '') : (opts.reasonEs ?? current.reasonEs),
        internalNote: opts.note ?? '',
        updatedAt: opts.now,
      })
      .where(eq(capabilities.id, opts.capability))
      .returning();
    const row = toRegistryRow(updated!);
    await t.insert(capabilityEvents).values({
      capabilityId: opts.capability,
      at: opts.now,
      status: row.status,
      previousStatus: current.status,
      reasonEn: row.reasonEn,
      reasonEs: row.reasonEs,
      internalNote: row.internalNote,
      setByKind: row.setBy.kind,
      setById: row.setBy.id,
      expectedEnd: row.expectedEnd,
    });
    await recordAudit(t, {
      ...actorOf(opts.event),
      action: 'capability.status.change',
      objectType: 'capability',
      objectId: opts.capability,
      ip: opts.ip ?? null,
      at: opts.now,
      details: { from: current.status, to: row.status, expectedEnd: row.expectedEnd?.toISOString() ?? null, source: opts.event.kind },
    });
    return { changed: true, row, previous: current };
  });
}
