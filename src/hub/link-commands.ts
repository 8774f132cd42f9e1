/**
 * Cutting and restoring the hub link, each in one transaction: the link's
 * history, `hub-verification` set down (or back to operational) by a person
 * through the capabilities use case, and the audit record. Setting it down
 * waits for hub calls already running and, once committed, no call starts
 * (the capability guard). Applications are not touched: they go on with
 * their verifications pending.
 */
import { desc } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.js';
import { setCapabilityStatus } from '../capabilities/set-capability-status.js';
import { MAX_MANUAL_HOLD_MS } from '../capabilities/ids.js';
import type { Tx } from '../platform/database.js';
import { invalidInput } from '../platform/errors.js';
import { linkEvents } from './schema.js';

export interface LinkActor {
  id: string;
  kind: 'person' | 'system';
  ip?: string | null;
}

export const REASON_MAX = 500;

export async function linkState(tx: Tx): Promise<{ cut: boolean; since: Date | null; reason: string | null; by: string | null }> {
  const [last] = await tx.select().from(linkEvents).orderBy(desc(linkEvents.id)).limit(1);
  return { cut: last?.action === 'disconnect', since: last?.at ?? null, reason: last?.reason ?? null, by: last?.actor ?? null };
}

/**
 * Cuts the link. `reason` is the operator's internal note (an order's
 * reference, a ticket): it stays with staff. Customers read the fixed,
 * translated reason on the status page.
 */
export async function disconnectHub(tx: Tx, input: { reason: string; by: LinkActor; now: Date; lockTimeoutMs?: number }): Promise<void> {
  const reason = input.reason.trim();
  if (!reason) throw invalidInput([{ field: 'reason', messageKey: 'hub.errors.reasonRequired' }]);
  if (reason.length > REASON_MAX) throw invalidInput([{ field: 'reason', messageKey: 'hub.errors.reasonTooLong' }]);
  const [event] = await tx.insert(linkEvents).values({ action: 'disconnect', reason, actor: input.by.id, actorKind: input.by.kind, at: input.now }).returning({ id: linkEvents.id });
  await setCapabilityStatus(tx, {
    capability: 'hub-verification',
    status: 'down',
    reasonEn: 'Federal data checks are paused. Applications go on; the checks will run when they resume.',
    reasonEs: 'Las verificaciones de datos federales están en pausa. Las solicitudes continúan; las verificaciones se harán cuando se reanuden.',
    note: `hub link cut: ${reason}`,
    // The registry holds a manual down for at most 8 hours; the link stays cut until someone reconnects it.
    expectedEnd: new Date(input.now.getTime() + MAX_MANUAL_HOLD_MS),
    by: { kind: input.by.kind, id: input.by.id },
    now: input.now,
    ip: input.by.ip,
    lockTimeoutMs: input.lockTimeoutMs,
  });
  await recordAudit(tx, { actor: input.by.id, actorKind: input.by.kind, ip: input.by.ip, action: 'hub.disconnect', objectType: 'hub-link', objectId: String(event!.id), at: input.now });
}

export async function reconnectHub(tx: Tx, input: { by: LinkActor; now: Date }): Promise<void> {
  const [event] = await tx.insert(linkEvents).values({ action: 'reconnect', reason: 'reconnected', actor: input.by.id, actorKind: input.by.kind, at: input.now }).returning({ id: linkEvents.id });
  await setCapabilityStatus(tx, {
    capability: 'hub-verification',
    status: 'operational',
    reasonEn: 'Federal data checks have resumed.',
    reasonEs: 'Las verificaciones de datos federales se reanudaron.',
    note: 'hub link restored',
    by: { kind: input.by.kind, id: input.by.id },
    now: input.now,
    ip: input.by.ip,
  });
  await recordAudit(tx, { actor: input.by.id, actorKind: input.by.kind, ip: input.by.ip, action: 'hub.reconnect', objectType: 'hub-link', objectId: String(event!.id), at: input.now });
}
