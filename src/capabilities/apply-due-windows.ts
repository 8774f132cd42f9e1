/** The windows job: starts and ends maintenance windows when their time comes. */
import { inArray, eq } from 'drizzle-orm';
import type { Tx } from '../platform/database.js';
import { applyStatusEvent } from './apply-status-event.js';
import type { CapabilityId } from './ids.js';
import { dueWindowTransitions, type WindowRow } from './rules.js';
import { maintenanceWindows } from './schema.js';

export async function applyDueWindows(tx: Tx, now: Date): Promise<{ started: string[]; ended: string[] }> {
  const started: string[] = [];
  const ended: string[] = [];
  await tx.transaction(async (t) => {
    // SKIP LOCKED: two workers running the job at once each take different windows.
    const rows = await t
      .select()
      .from(maintenanceWindows)
      .where(inArray(maintenanceWindows.state, ['scheduled', 'active']))
      .for('update', { skipLocked: true });
    // Ends first, so a window that follows another on the same capability starts after it ended.
    const rank = (x: { transition: string }) => (x.transition === 'start' ? 1 : 0);
    const due = dueWindowTransitions(rows as WindowRow[], now).sort((a, b) => rank(a) - rank(b));
    for (const { window: w, transition } of due) {
      if (transition === 'skip') {
        await t.update(maintenanceWindows).set({ state: 'ended' }).where(eq(maintenanceWindows.id, w.id));
        continue;
      }
      const row = rows.find((r) => r.id === w.id)!;
      if (transition === 'start') {
        await applyStatusEvent(t, {
          capability: w.capabilityId as CapabilityId,
          event: { kind: 'window-start', windowId: w.id, endsAt: w.endsAt },
          reasonEn: row.reasonEn,
          reasonEs: row.reasonEs,
          note: row.internalNote,
          now,
        });
        await t.update(maintenanceWindows).set({ state: 'active' }).where(eq(maintenanceWindows.id, w.id));
        started.push(w.id);
      } else {
        await applyStatusEvent(t, { capability: w.capabilityId as CapabilityId, event: { kind: 'window-end', windowId: w.id }, now, note: 'maintenance window ended' });
        await t.update(maintenanceWindows).set({ state: 'ended' }).where(eq(maintenanceWindows.id, w.id));
        ended.push(w.id);
      }
    }
  });
  return { started, ended };
}
