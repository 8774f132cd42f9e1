/** An operator changes a capability's status (console and command line). */
import type { Tx } from '../platform/database.js';
import { invalidInput } from '../platform/errors.js';
import { applyStatusEvent, type ApplyResult } from './apply-status-event.js';
import type { CapabilityId, SetBy, SettableStatus } from './ids.js';
import { validateChange } from './rules.js';

export interface SetCapabilityStatusInput {
  capability: string;
  status: string;
  /** Customer-facing reason in English (required). */
  reasonEn: string;
  /** Customer-facing reason in Spanish (the pages fall back to a generic Spanish sentence when empty). */
  reasonEs?: string;
  /** Internal note, for staff only. */
  note?: string;
  /** Required for down and maintenance: at most 8 hours ahead (renew by setting it again). */
  expectedEnd?: Date | null;
  /** A person (account id) or the system (e.g. the command line without --as). */
  by: SetBy & { kind: 'person' | 'system' };
  now: Date;
  ip?: string | null;
  /** How long to wait for running guarded actions (default 5 s); on timeout the change fails with a conflict. */
  lockTimeoutMs?: number;
}

/** Validates and applies; throws `invalid-input` (nothing changes) or `conflict` (actions still running). */
export async function setCapabilityStatus(tx: Tx, input: SetCapabilityStatusInput): Promise<ApplyResult> {
  const errors = validateChange(input, input.now);
  if (errors.length) throw invalidInput(errors);
  const status = input.status as SettableStatus;
  return applyStatusEvent(tx, {
    capability: input.capability as CapabilityId,
    event: { kind: 'manual', status, by: input.by, expectedEnd: input.expectedEnd ?? null },
    reasonEn: input.reasonEn.trim(),
    reasonEs: input.reasonEs?.trim() ?? '',
    note: input.note?.trim() ?? '',
    now: input.now,
    ip: input.ip,
    lockTimeoutMs: input.lockTimeoutMs,
  });
}
