/**
 * When the carrier files are made, from the state profile's `carrierFiles`:
 * the pg-boss cron expressions, the period a run covers, the next run, and
 * the periods a run catches up on. Pure.
 */
import { addDays, addMonths, localDate } from '../billing/dates.js';
import { localInstant } from '../notices/rules.js';
import type { StateProfile } from '../states/profile.js';

export type CarrierFileSettings = StateProfile['carrierFiles'];
export type FileKind = '834' | '820';

/** At most this many periods are caught up on by one run (the oldest missed ones are left to an operator). */
export const CATCH_UP: Record<FileKind, number> = { '834': 14, '820': 3 };

function clock(hhmm: string): { hour: number; minute: number } {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!m) throw new Error(`carrierFiles: "${hhmm}" is not a time of day (HH:MM)`);
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

function dayOfMonth(s: CarrierFileSettings): number {
  if (!Number.isInteger(s.monthly820Day) || s.monthly820Day < 1 || s.monthly820Day > 28) throw new Error('carrierFiles: monthly820Day must be a day from 1 to 28');
  return s.monthly820Day;
}

export function cronFor(kind: FileKind, s: CarrierFileSettings): string {
  if (kind === '834') {
    const { hour, minute } = clock(s.daily834At);
    return `${minute} ${hour} * * *`;
  }
  const { hour, minute } = clock(s.monthly820At);
  return `${minute} ${hour} ${dayOfMonth(s)} * *`;
}

/** The period a run at `now` is for: the day before (834), or the coverage month the profile names (820, YYYY-MM). */
export function periodAt(kind: FileKind, now: Date, timeZone: string, s: CarrierFileSettings): string {
  const today = localDate(now, timeZone);
  if (kind === '834') return addDays(today, -1);
  const month = `${today.slice(0, 7)}-01`;
  return (s.monthly820CoverageMonth === 'previous' ? addMonths(month, -1) : month).slice(0, 7);
}

/** The period before `period`. */
export function previousPeriod(kind: FileKind, period: string): string {
  return kind === '834' ? addDays(period, -1) : addMonths(`${period}-01`, -1).slice(0, 7);
}

/** The first scheduled run after `now`. */
export function nextRun(kind: FileKind, now: Date, timeZone: string, s: CarrierFileSettings): Date {
  const today = localDate(now, timeZone);
  if (kind === '834') {
    clock(s.daily834At);
    const at = localInstant(today, s.daily834At, timeZone);
    return at > now ? at : localInstant(addDays(today, 1), s.daily834At, timeZone);
  }
  clock(s.monthly820At);
  const onDay = (monthStart: string) => `${monthStart.slice(0, 8)}${String(dayOfMonth(s)).padStart(2, '0')}`;
  const month = `${today.slice(0, 8)}01`;
  const at = localInstant(onDay(month), s.monthly820At, timeZone);
  return at > now ? at : localInstant(onDay(addMonths(month, 1)), s.monthly820At, timeZone);
}

/**
 * The periods a scheduled run exports, oldest first: the target, and the
 * ones missed since the latest period already made (`latestDone`, the
 * latest at or before the target), at most `max`. Nothing when the target
 * is done.
 */
export function periodsToExport(kind: FileKind, target: string, latestDone: string | null, max: number = CATCH_UP[kind]): string[] {
  if (latestDone === target) return [];
  if (latestDone === null) return [target];
  const out: string[] = [];
  for (let p = target; p > latestDone && out.length < max; p = previousPeriod(kind, p)) out.push(p);
  return out.reverse();
}
