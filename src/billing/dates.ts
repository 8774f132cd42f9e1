/**
 * Calendar dates as "YYYY-MM-DD" strings in the state's time zone. Due dates,
 * coverage months and grace periods are days, not instants, so the rules work
 * on plain dates and only the edges convert an instant to a local date.
 */
import { localTime } from '../states/hours.js';

export type IsoDate = string;

const toUtc = (d: IsoDate) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
const fromUtc = (ms: number): IsoDate => new Date(ms).toISOString().slice(0, 10);

export function isIsoDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && fromUtc(toUtc(value)) === value;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromUtc(toUtc(date) + days * 86_400_000);
}

/** Whole days from `a` to `b` (negative when b is earlier). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((toUtc(b) - toUtc(a)) / 86_400_000);
}

export function firstOfMonth(date: IsoDate): IsoDate {
  return `${date.slice(0, 7)}-01`;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function lastOfMonth(date: IsoDate): IsoDate {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  return `${date.slice(0, 7)}-${String(daysInMonth(y, m)).padStart(2, '0')}`;
}

/** The first day of the month `months` after the month of `date`. */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + months;
  const year = y + Math.floor(m / 12);
  const month = ((m % 12) + 12) % 12;
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-01`;
}

/** A day of a month, clamped to the month's length (day 31 of February is its last day). */
export function dayOfMonth(monthStart: IsoDate, day: number): IsoDate {
  const y = Number(monthStart.slice(0, 4));
  const m = Number(monthStart.slice(5, 7));
  return `${monthStart.slice(0, 7)}-${String(Math.min(day, daysInMonth(y, m))).padStart(2, '0')}`;
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a >= b ? a : b;
}

export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a <= b ? a : b;
}

/** The local calendar date of an instant in a time zone. */
export function localDate(at: Date, timeZone: string): IsoDate {
  return localTime(at, timeZone).date;
}

/** "2026-03" → "2026-03-01"; anything else → undefined. */
export function parseMonth(value: string): IsoDate | undefined {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) return undefined;
  return `${value}-01`;
}
