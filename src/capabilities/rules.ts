/**
 * Pure status rules of the registry (no I/O): who may change a status, what a
 * maintenance window does when it starts and ends, and what input is valid.
 * Tested exhaustively and with fast-check in rules.test.ts.
 */
import type { FieldError } from '../platform/errors.js';
import { MAX_MANUAL_HOLD_MS, isCapabilityId, isSettableStatus, statusAllowsUse, type CapabilityStatus, type SetBy, type SettableStatus } from './ids.js';

export interface RegistryEntry {
  status: SettableStatus;
  setBy: SetBy;
  since: Date;
  expectedEnd: Date | null;
}

export type StatusEvent =
  /** An operator (console or command line). */
  | { kind: 'manual'; status: SettableStatus; by: SetBy & { kind: 'person' | 'system' }; expectedEnd: Date | null }
  /** A health probe of an outside system: may only report operational, degraded or down. */
  | { kind: 'monitor'; status: 'operational' | 'degraded' | 'down'; monitor: string }
  | { kind: 'window-start'; windowId: string; endsAt: Date }
  | { kind: 'window-end'; windowId: string };

export type Decision =
  { apply: true; next: { status: SettableStatus; setBy: SetBy; expectedEnd: Date | null } } | { apply: false; why: 'held-by-person' | 'held-by-schedule' | 'not-this-window' | 'unchanged' };

/** A status set by a person, the system or a schedule that takes the capability out of normal service. */
export function isHold(entry: Pick<RegistryEntry, 'status' | 'setBy'>): boolean {
  return entry.status !== 'operational' && entry.setBy.kind !== 'monitor';
}

/**
 * What an event does to the current entry.
 * - A person always decides.
 * - A monitor never overrides a person's or a schedule's non-operational
 *   status; it may set degraded/down over an operational one, and restore
 *   only what a monitor set.
 * - A window's start puts the capability in maintenance unless a person has
 *   taken it down or into maintenance themselves; its end restores service
 *   only if the status is still the one that window set.
 */
export function decide(current: RegistryEntry, event: StatusEvent): Decision {
  switch (event.kind) {
    case 'manual':
      return { apply: true, next: { status: event.status, setBy: { kind: event.by.kind, id: event.by.id }, expectedEnd: event.status === 'operational' ? null : event.expectedEnd } };
    case 'monitor': {
      if (isHold(current)) return { apply: false, why: current.setBy.kind === 'schedule' ? 'held-by-schedule' : 'held-by-person' };
      if (current.status === event.status) return { apply: false, why: 'unchanged' };
      if (event.status === 'operational' && current.setBy.kind !== 'monitor') return { apply: false, why: 'unchanged' };
      return { apply: true, next: { status: event.status, setBy: { kind: 'monitor', id: event.monitor }, expectedEnd: null } };
    }
    case 'window-start':
      if ((current.setBy.kind === 'person' || current.setBy.kind === 'system') && (current.status === 'down' || current.status === 'maintenance')) return { apply: false, why: 'held-by-person' };
      return { apply: true, next: { status: 'maintenance', setBy: { kind: 'schedule', id: event.windowId }, expectedEnd: event.endsAt } };
    case 'window-end':
      if (current.setBy.kind !== 'schedule' || current.setBy.id !== event.windowId) return { apply: false, why: 'not-this-window' };
      return { apply: true, next: { status: 'operational', setBy: { kind: 'schedule', id: event.windowId }, expectedEnd: null } };
  }
}

/** Applies a decision (the identity when it does not apply). */
export function applyEvent(current: RegistryEntry, event: StatusEvent, at: Date): RegistryEntry {
  const d = decide(current, event);
  if (!d.apply) return current;
  const changed = d.next.status !== current.status;
  return { ...d.next, since: changed ? at : current.since };
}

/** Needs an exclusive guard lock: a change that stops people from using the capability. */
export function stopsUse(next: SettableStatus): boolean {
  return !statusAllowsUse(next);
}

// ── freshness ─────────────────────────────────────────────────────────

/** How old a cached registry may be before it counts as unknown. */
export const STALE_AFTER_MS = 1_000;

/** The status to act on: a cache not refreshed within `staleAfterMs` is unknown. */
export function effectiveStatus(recorded: CapabilityStatus, readAt: Date | null, now: Date, staleAfterMs = STALE_AFTER_MS): CapabilityStatus {
  if (!readAt) return 'unknown';
  return now.getTime() - readAt.getTime() > staleAfterMs ? 'unknown' : recorded;
}

// ── maintenance windows ───────────────────────────────────────────────

export interface WindowRow {
  id: string;
  capabilityId: string;
  startsAt: Date;
  endsAt: Date;
  state: 'scheduled' | 'active' | 'ended' | 'cancelled';
}

/** Which windows must start or end at `now` (a window already over when first seen only ends). */
export function dueWindowTransitions(windows: readonly WindowRow[], now: Date): Array<{ window: WindowRow; transition: 'start' | 'end' | 'skip' }> {
  const out: Array<{ window: WindowRow; transition: 'start' | 'end' | 'skip' }> = [];
  for (const w of windows) {
    if (w.state === 'scheduled' && w.endsAt <= now) out.push({ window: w, transition: 'skip' });
    else if (w.state === 'scheduled' && w.startsAt <= now) out.push({ window: w, transition: 'start' });
    else if (w.state === 'active' && w.endsAt <= now) out.push({ window: w, transition: 'end' });
  }
  return out;
}

/** Whether two periods overlap (an open end runs forever). */
export function overlaps(a: { from: Date; to: Date | null }, b: { from: Date; to: Date | null }): boolean {
  const aEnd = a.to?.getTime() ?? Infinity;
  const bEnd = b.to?.getTime() ?? Infinity;
  return a.from.getTime() < bEnd && b.from.getTime() < aEnd;
}

// ── validation of operators' input ────────────────────────────────────

export interface ChangeInput {
  capability: string;
  status: string;
  reasonEn: string;
  reasonEs?: string;
  note?: string;
  /** Required for down and maintenance. */
  expectedEnd?: Date | null;
}

export interface WindowInput {
  capability: string;
  from: Date | null;
  to: Date | null;
  reasonEn: string;
  reasonEs?: string;
  note?: string;
}

const REASON_MAX = 500;

function reasonErrors(reason: string, field = 'reasonEn'): FieldError[] {
  if (!reason.trim()) return [{ field, messageKey: 'capabilities.errors.reasonRequired' }];
  if (reason.length > REASON_MAX) return [{ field, messageKey: 'capabilities.errors.reasonTooLong', values: { max: REASON_MAX } }];
  return [];
}

/** Field errors of a manual status change (empty when valid). */
export function validateChange(input: ChangeInput, now: Date): FieldError[] {
  const errors: FieldError[] = [];
  if (!isCapabilityId(input.capability)) errors.push({ field: 'capability', messageKey: 'capabilities.errors.unknownCapability' });
  if (!isSettableStatus(input.status)) errors.push({ field: 'status', messageKey: 'capabilities.errors.unknownStatus' });
  errors.push(...reasonErrors(input.reasonEn));
  if (input.reasonEs && input.reasonEs.length > REASON_MAX) errors.push({ field: 'reasonEs', messageKey: 'capabilities.errors.reasonTooLong', values: { max: REASON_MAX } });
  if (input.status === 'down' || input.status === 'maintenance') {
    const end = input.expectedEnd;
    if (!end || Number.isNaN(end.getTime())) errors.push({ field: 'expectedEnd', messageKey: 'capabilities.errors.expectedEndRequired' });
    else if (end.getTime() <= now.getTime()) errors.push({ field: 'expectedEnd', messageKey: 'capabilities.errors.expectedEndPast' });
    else if (end.getTime() - now.getTime() > MAX_MANUAL_HOLD_MS)
      errors.push({ field: 'expectedEnd', messageKey: 'capabilities.errors.expectedEndTooFar', values: { hours: MAX_MANUAL_HOLD_MS / 3_600_000 } });
  } else if (input.expectedEnd && !Number.isNaN(input.expectedEnd.getTime()) && input.expectedEnd.getTime() <= now.getTime()) {
    errors.push({ field: 'expectedEnd', messageKey: 'capabilities.errors.expectedEndPast' });
  }
  return errors;
}

/** A window may start up to this long ago (the form took a while to fill in). */
export const WINDOW_START_GRACE_MS = 5 * 60 * 1000;

/** Field errors of a maintenance window (empty when valid). */
export function validateWindow(input: WindowInput, now: Date): FieldError[] {
  const errors: FieldError[] = [];
  if (!isCapabilityId(input.capability)) errors.push({ field: 'capability', messageKey: 'capabilities.errors.unknownCapability' });
  errors.push(...reasonErrors(input.reasonEn));
  const from = input.from && !Number.isNaN(input.from.getTime()) ? input.from : null;
  const to = input.to && !Number.isNaN(input.to.getTime()) ? input.to : null;
  if (!from) errors.push({ field: 'from', messageKey: 'capabilities.errors.dateRequired' });
  if (!to) errors.push({ field: 'to', messageKey: 'capabilities.errors.dateRequired' });
  if (from && to) {
    if (to.getTime() <= from.getTime()) errors.push({ field: 'to', messageKey: 'capabilities.errors.endsBeforeStart' });
    else if (to.getTime() <= now.getTime()) errors.push({ field: 'to', messageKey: 'capabilities.errors.windowInPast' });
    else if (from.getTime() < now.getTime() - WINDOW_START_GRACE_MS) errors.push({ field: 'from', messageKey: 'capabilities.errors.startsInPast' });
  }
  return errors;
}
