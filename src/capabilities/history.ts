/** Pure: incidents and availability from the timeline of status changes. */
import { statusAllowsUse, type CapabilityStatus } from './ids.js';

export interface TimelineEvent {
  seq: number;
  capabilityId: string;
  at: Date;
  status: string;
  previousStatus: string;
  reasonEn: string;
  reasonEs: string;
  internalNote: string;
  setByKind: string;
  setById: string;
  expectedEnd: Date | null;
}

export interface Incident {
  capabilityId: string;
  from: Date;
  /** null while still going on. */
  to: Date | null;
  /** The worst status reached. */
  worst: CapabilityStatus;
  events: TimelineEvent[];
}

const SEVERITY: Record<string, number> = { operational: 0, degraded: 1, maintenance: 2, down: 3, unknown: 1 };

/**
 * An incident runs from a change away from operational to the next return to
 * operational; every change in between belongs to it. Oldest first.
 */
export function incidents(events: readonly TimelineEvent[]): Incident[] {
  const byCapability = new Map<string, TimelineEvent[]>();
  for (const e of [...events].sort((a, b) => a.at.getTime() - b.at.getTime() || a.seq - b.seq)) {
    const list = byCapability.get(e.capabilityId) ?? [];
    list.push(e);
    byCapability.set(e.capabilityId, list);
  }
  const out: Incident[] = [];
  for (const [capabilityId, list] of byCapability) {
    let open: Incident | null = null;
    for (const e of list) {
      if (!open) {
        if (e.status === 'operational') continue;
        open = { capabilityId, from: e.at, to: null, worst: e.status as CapabilityStatus, events: [e] };
        continue;
      }
      open.events.push(e);
      if ((SEVERITY[e.status] ?? 0) > (SEVERITY[open.worst] ?? 0)) open.worst = e.status as CapabilityStatus;
      if (e.status === 'operational') {
        open.to = e.at;
        out.push(open);
        open = null;
      }
    }
    if (open) out.push(open);
  }
  return out.sort((a, b) => a.from.getTime() - b.from.getTime());
}

export interface DayAvailability {
  /** Start of the day's period. */
  from: Date;
  to: Date;
  /** 0..1: share of the period the capability could be used. */
  available: number;
}

/**
 * Availability in `days` consecutive 24-hour periods ending at `now`, from the
 * status in force before the first period and the changes after it.
 */
export function dailyAvailability(initialStatus: string, events: readonly TimelineEvent[], now: Date, days = 30): DayAvailability[] {
  const DAY = 86_400_000;
  const start = now.getTime() - days * DAY;
  const sorted = [...events].filter((e) => e.at.getTime() > start && e.at.getTime() <= now.getTime()).sort((a, b) => a.at.getTime() - b.at.getTime() || a.seq - b.seq);
  // Periods of unavailability, clipped to [start, now].
  const down: Array<[number, number]> = [];
  let status = initialStatus;
  let since = start;
  for (const e of sorted) {
    if (!statusAllowsUse(status as CapabilityStatus)) down.push([since, e.at.getTime()]);
    status = e.status;
    since = e.at.getTime();
  }
  if (!statusAllowsUse(status as CapabilityStatus)) down.push([since, now.getTime()]);
  const out: DayAvailability[] = [];
  for (let i = 0; i < days; i++) {
    const from = start + i * DAY;
    const to = from + DAY;
    let lost = 0;
    for (const [a, b] of down) lost += Math.max(0, Math.min(b, to) - Math.max(a, from));
    out.push({ from: new Date(from), to: new Date(to), available: 1 - lost / DAY });
  }
  return out;
}

/** Overall share over the periods. */
export function overallAvailability(days: readonly DayAvailability[]): number {
  if (!days.length) return 1;
  return days.reduce((s, d) => s + d.available, 0) / days.length;
}
