/** An operator schedules a maintenance window ahead; the windows job starts and ends it. */
import type { Tx } from '../platform/database.js';
import { invalidInput } from '../platform/errors.js';
import { recordAudit } from '../audit/record-audit.js';
import type { CapabilityId, SetBy } from './ids.js';
import { validateWindow } from './rules.js';
import { maintenanceWindows } from './schema.js';

export interface ScheduleMaintenanceInput {
  capability: string;
  from: Date | null;
  to: Date | null;
  reasonEn: string;
  reasonEs?: string;
  note?: string;
  by: SetBy & { kind: 'person' | 'system' };
  now: Date;
  ip?: string | null;
}

export async function scheduleMaintenance(tx: Tx, input: ScheduleMaintenanceInput): Promise<{ id: string }> {
  const errors = validateWindow(input, input.now);
  if (errors.length) throw invalidInput(errors);
  return tx.transaction(async (t) => {
    const [row] = await t
      .insert(maintenanceWindows)
      .values({
        capabilityId: input.capability as CapabilityId,
        startsAt: input.from!,
        endsAt: input.to!,
        reasonEn: input.reasonEn.trim(),
        reasonEs: input.reasonEs?.trim() ?? '',
        internalNote: input.note?.trim() ?? '',
        createdBy: `${input.by.kind}:${input.by.id}`,
        createdAt: input.now,
      })
      .returning({ id: maintenanceWindows.id });
    await recordAudit(t, {
      actor: input.by.id,
      actorKind: input.by.kind,
      action: 'capability.maintenance.schedule',
      objectType: 'capability',
      objectId: input.capability,
      ip: input.ip ?? null,
      at: input.now,
      details: { windowId: row!.id, from: input.from!.toISOString(), to: input.to!.toISOString() },
    });
    return { id: row!.id };
  });
}
