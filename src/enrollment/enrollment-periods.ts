/**
 * When a household may pick a plan and when its coverage starts
 * (45 CFR 155.410, 155.420; RULES.md: enrollment periods). Pure: the state
 * profile's open-enrollment rule and the household's special enrollment
 * periods come in as data.
 */
import { openEnrollmentAround, type OpenEnrollmentDates, type OpenEnrollmentRule } from '../states/calendar.js';
import { addDays, firstOfNextMonth, yearOf } from './dates.js';
import type { LifeEvent } from './schema.js';

export type { OpenEnrollmentDates } from '../states/calendar.js';

export interface SepWindow {
  id: string;
  event: LifeEvent;
  eventDate: string;
  windowEndsOn: string;
  used: boolean;
}

export const SEP_WINDOW_DAYS = 60;

export type EnrollmentWindow =
  | { open: true; kind: 'open-enrollment'; planYear: number; coverageStart: string }
  | { open: true; kind: 'special'; sepId: string; planYear: number; coverageStart: string }
  | { open: false; nextOpenEnrollmentStart: string | null };

/** The last day to pick a plan after a life event: 60 days from the event. */
export function sepWindowEnd(eventDate: string): string {
  return addDays(eventDate, SEP_WINDOW_DAYS);
}

/**
 * Coverage start for a plan picked on `selectionDay` in open enrollment:
 * January 1 when picked by the deadline (or in December after it, once open
 * enrollment ends by December 31), otherwise the first of the next month.
 */
export function openEnrollmentCoverageStart(planYear: number, oe: OpenEnrollmentDates, selectionDay: string): string {
  const januaryFirst = `${planYear}-01-01`;
  if (selectionDay <= oe.januaryFirstDeadline) return januaryFirst;
  const next = firstOfNextMonth(selectionDay);
  return next < januaryFirst ? januaryFirst : next;
}

/** Coverage start after a life event: the event date for a birth or adoption, else the first of the month after selection. */
export function specialCoverageStart(event: LifeEvent, eventDate: string, selectionDay: string): string {
  if (event === 'birth' || event === 'adoption') return eventDate;
  return firstOfNextMonth(selectionDay);
}

/**
 * Whether a plan may be picked on `selectionDay`, and with which coverage
 * start. Open enrollment wins over a special period when both apply; among
 * special periods, the earliest coverage start wins. With `planYear`, only
 * windows for that plan year count. Without a rule (null), only special periods count (a special period in December still
 * enrolls for the rest of this year while open enrollment is for the next).
 */
export function enrollmentWindow(rule: OpenEnrollmentRule | null, seps: readonly SepWindow[], selectionDay: string, planYear?: number): EnrollmentWindow {
  const openEnrollment = rule ? openEnrollmentAround(rule, selectionDay) : {};
  for (const [year, oe] of Object.entries(openEnrollment)) {
    if (oe.start <= selectionDay && selectionDay <= oe.end && (planYear === undefined || planYear === Number(year))) {
      const y = Number(year);
      return { open: true, kind: 'open-enrollment', planYear: y, coverageStart: openEnrollmentCoverageStart(y, oe, selectionDay) };
    }
  }
  const candidates = seps
    .filter((s) => !s.used && s.eventDate <= selectionDay && selectionDay <= s.windowEndsOn)
    .map((s) => ({ s, start: specialCoverageStart(s.event, s.eventDate, selectionDay) }))
    .filter((c) => planYear === undefined || yearOf(c.start) === planYear)
    .sort((a, b) => a.start.localeCompare(b.start));
  const best = candidates[0];
  if (best) return { open: true, kind: 'special', sepId: best.s.id, planYear: yearOf(best.start), coverageStart: best.start };
  const upcoming = Object.values(openEnrollment)
    .map((oe) => oe.start)
    .filter((start) => start > selectionDay)
    .sort();
  return { open: false, nextOpenEnrollmentStart: upcoming[0] ?? null };
}

/** A life event may be reported up to 60 days after it happens, and not in the future. */
export function lifeEventReportable(eventDate: string, today: string): 'ok' | 'future' | 'too-late' {
  if (eventDate > today) return 'future';
  if (today > sepWindowEnd(eventDate)) return 'too-late';
  return 'ok';
}
