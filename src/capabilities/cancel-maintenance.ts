/** An operator cancels a scheduled window, or ends a running one early. */
import { eq } from 'drizzle-orm';
import type { Tx } from '../platform/database.js';
import { conflict, notFound } from '../platform/errors.js';
import { recordAudit } from '../audit/record-audit.js';
import { applyStatusEvent } from './apply-status-event.js';
import type { CapabilityId, SetBy } from './ids.js';
import { maintenanceWindows } from './schema.js';

export async function cancelMaintenance(tx: Tx, input: { windowId: string; by: SetBy & { kind: 'person' | 'system' }; now: Date; ip?: string | null }): Promise<void> {
  await tx.transaction(async (t) => {
    const [w] = await t.select().from(maintenanceWindows).where(eq(maintenanceWindows.id, input.windowId)).for('update');
    if (!w) throw notFound();
    if (w.state !== 'scheduled' && w.state !== 'active') throw conflict('capabilities.errors.windowOver');
    await t
      .update(maintenanceWindows)
      .set({ state: w.state === 'active' ? 'ended' : 'cancelled', endsAt: w.state === 'active' ? input.now : w.endsAt })
      .where(eq(maintenanceWindows.id, w.id));
    if (w.state === 'active') {
      await applyStatusEvent(t, { capability: w.capabilityId as CapabilityId, event: { kind: 'window-end', windowId: w.id }, now: input.now, note: 'window ended early' });
    }
    await recordAudit(t, {
      actor: input.by.id,
      actorKind: input.by.kind,
      action: 'capability.maintenance.cancel',
      objectType: 'capability',
      objectId: w.capabilityId,
      ip: input.ip ?? null,
      at: input.now,
      details: { windowId: w.id, wasActive: w.state === 'active' },
    });
  });
}
