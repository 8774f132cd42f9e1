/** A monitor (a health probe of an outside system) reports what it sees; it never overrides a person or a schedule. */
import type { Tx } from '../platform/database.js';
import { invalidInput } from '../platform/errors.js';
import { applyStatusEvent, type ApplyResult } from './apply-status-event.js';
import { isCapabilityId } from './ids.js';

export async function reportMonitorStatus(
  tx: Tx,
  input: { capability: string; status: string; monitor: string; reasonEn?: string; reasonEs?: string; note?: string; now: Date },
): Promise<ApplyResult> {
  if (!isCapabilityId(input.capability)) throw invalidInput([{ field: 'capability', messageKey: 'capabilities.errors.unknownCapability' }]);
  if (input.status !== 'operational' && input.status !== 'degraded' && input.status !== 'down') {
    throw invalidInput([{ field: 'status', messageKey: 'capabilities.errors.monitorStatus' }]);
  }
  return applyStatusEvent(tx, {
    capability: input.capability,
    event: { kind: 'monitor', status: input.status, monitor: input.monitor },
    reasonEn: input.reasonEn,
    reasonEs: input.reasonEs,
    note: input.note ?? `monitor ${input.monitor}`,
    now: input.now,
  });
}
