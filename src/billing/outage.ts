/**
 * An outage never costs anyone their coverage (DESIGN.md point 3). When the
 * exchange made one of its own payment channels unavailable during a
 * person's payment window, the window's end moves by the state profile's
 * policy: day-for-day, one day for each calendar day (in the state's time
 * zone) on which any payment channel was down for any part of the day.
 */
import type { StateProfile } from '../states/profile.js';
import { addDays, localDate, type IsoDate } from './dates.js';

/** A span in which a payment channel was not available; `end` null while it still is. */
export interface ChannelOutage {
  capability: string;
  start: Date;
  end: Date | null;
}

/** The local dates in [from, to] touched by any of the outages (ongoing outages run to `asOf`). */
export function outageDates(from: IsoDate, to: IsoDate, outages: ReadonlyArray<ChannelOutage>, timeZone: string, asOf: Date): Set<IsoDate> {
  const days = new Set<IsoDate>();
  if (to < from) return days;
  for (const o of outages) {
    const endInstant = o.end ?? asOf;
    if (endInstant.getTime() <= o.start.getTime()) continue;
    // The last instant inside the outage: an outage that ends at midnight does not touch the next day.
    let first = localDate(o.start, timeZone);
    let last = localDate(new Date(endInstant.getTime() - 1), timeZone);
    if (first < from) first = from;
    if (last > to) last = to;
    for (let d = first; d <= last; d = addDays(d, 1)) days.add(d);
  }
  return days;
}

/**
 * The end of a payment window moved for outages inside it. Days added can
 * themselves fall inside an outage that goes on, so the window grows until
 * it stops changing (it must: an outage runs at most to `asOf`).
 */
export function extendForOutages(
  windowStart: IsoDate,
  windowEnd: IsoDate,
  outages: ReadonlyArray<ChannelOutage>,
  policy: Pick<StateProfile['billing'], 'outageExtension'>,
  timeZone: string,
  asOf: Date,
): { end: IsoDate; outageDays: number } {
  if (policy.outageExtension === 'none' || outages.length === 0) return { end: windowEnd, outageDays: 0 };
  let end = windowEnd;
  let days = 0;
  for (let guard = 0; guard < 10_000; guard++) {
    days = outageDates(windowStart, end, outages, timeZone, asOf).size;
    const next = addDays(windowEnd, days);
    if (next === end) break;
    end = next;
  }
  return { end, outageDays: days };
}

/** Whether the exchange made a payment channel unavailable at any time within [from, to]. */
export function exchangeCausedOutage(from: IsoDate, to: IsoDate, outages: ReadonlyArray<ChannelOutage>, timeZone: string, asOf: Date): boolean {
  return outageDates(from, to, outages, timeZone, asOf).size > 0;
}
