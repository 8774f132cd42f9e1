/**
 * Open-enrollment dates and holidays by rule, for any year (docs/adr/0101-calendar-by-rule.md).
 * Pure: a state profile states its rules; these functions turn them into dates.
 */

/** The dates of one plan year's open enrollment, YYYY-MM-DD. */
export interface OpenEnrollmentDates {
  start: string;
  end: string;
  /** Plans chosen on or before this date start on January 1. */
  januaryFirstDeadline: string;
}

/**
 * A state's open-enrollment rule. Days are month-days ("MM-DD") of the year
 * before the plan year (a closing day before the opening one is in the plan
 * year); `closes: 'latest-allowed'` ends it on the last day federal law
 * allows (45 CFR 155.410(e)).
 */
export interface OpenEnrollmentRule {
  opens: string;
  januaryFirstDeadline: string;
  closes: string;
}

/**
 * The last day federal law lets open enrollment run for a plan year:
 * January 15 of the plan year through 2026; from plan year 2027, December 31
 * of the year before (RULES.md: enrollment periods).
 */
export function latestOpenEnrollmentEnd(planYear: number): string {
  return planYear <= 2026 ? `${planYear}-01-15` : `${planYear - 1}-12-31`;
}

/** One plan year's open enrollment under a rule; a state's own end never runs past the federal one. */
export function openEnrollmentFor(rule: OpenEnrollmentRule, planYear: number): OpenEnrollmentDates {
  const before = planYear - 1;
  const latest = latestOpenEnrollmentEnd(planYear);
  // A closing month-day before the opening one (January 15) falls in the plan year itself.
  const own = rule.closes === 'latest-allowed' ? latest : `${rule.closes < rule.opens ? planYear : before}-${rule.closes}`;
  return { start: `${before}-${rule.opens}`, end: own < latest ? own : latest, januaryFirstDeadline: `${before}-${rule.januaryFirstDeadline}` };
}

/**
 * The open enrollments that matter on a day: those for last year, this
 * year and the next two plan years, by plan year. Enough for every question
 * asked on that day (is one open, which comes next, when did the last end).
 */
export function openEnrollmentAround(rule: OpenEnrollmentRule, today: string): Record<number, OpenEnrollmentDates> {
  const year = Number(today.slice(0, 4));
  const out: Record<number, OpenEnrollmentDates> = {};
  for (let y = year - 1; y <= year + 2; y++) out[y] = openEnrollmentFor(rule, y);
  return out;
}

/** The plan year whose open enrollment is under way on `today`, or null. */
export function openEnrollmentUnderWay(rule: OpenEnrollmentRule, today: string): number | null {
  for (const [year, oe] of Object.entries(openEnrollmentAround(rule, today))) if (oe.start <= today && today <= oe.end) return Number(year);
  return null;
}

// ── holidays ─────────────────────────────────────────────────────────

/** A holiday: a fixed month-day, or the nth (or last, n = -1) weekday of a month (ISO weekday 1 = Monday). */
export type HolidayRule = { name: string; fixed: string; since?: number } | { name: string; month: number; weekday: number; nth: number; since?: number };

/** When a fixed holiday falls on a weekend: the Friday before / Monday after (5 U.S.C. 6103(b)), or not moved. */
export type Observance = 'nearest-weekday' | 'sunday-to-monday' | 'none';

export interface HolidayCalendarRule {
  holidays: readonly HolidayRule[];
  observance: Observance;
  source: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const isoWeekday = (y: number, m: number, d: number) => ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1;
const shift = (day: string, days: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

/** The date of a holiday in a year, as observed. */
export function holidayDate(rule: HolidayRule, year: number, observance: Observance): string {
  if ('fixed' in rule) {
    const day = `${year}-${rule.fixed}`;
    const wd = isoWeekday(year, Number(rule.fixed.slice(0, 2)), Number(rule.fixed.slice(3)));
    if (observance === 'nearest-weekday' && wd === 6) return shift(day, -1);
    if (observance !== 'none' && wd === 7) return shift(day, 1);
    return day;
  }
  const daysInMonth = new Date(Date.UTC(year, rule.month, 0)).getUTCDate();
  if (rule.nth === -1) {
    const lastWd = isoWeekday(year, rule.month, daysInMonth);
    return `${year}-${pad(rule.month)}-${pad(daysInMonth - ((lastWd - rule.weekday + 7) % 7))}`;
  }
  const firstWd = isoWeekday(year, rule.month, 1);
  return `${year}-${pad(rule.month)}-${pad(1 + ((rule.weekday - firstWd + 7) % 7) + 7 * (rule.nth - 1))}`;
}

/** Every observed holiday of a year, sorted (New Year's Day of the next year observed on December 31 counts in that year). */
export function holidaysIn(calendar: HolidayCalendarRule, year: number): string[] {
  const days = new Set<string>();
  for (const y of [year, year + 1]) {
    for (const rule of calendar.holidays) {
      if (rule.since !== undefined && y < rule.since) continue;
      const day = holidayDate(rule, y, calendar.observance);
      if (Number(day.slice(0, 4)) === year) days.add(day);
    }
  }
  return [...days].sort();
}

/** Something that says whether a day is a holiday: a list of days, or a calendar computed by rule. */
export interface ClosedDays {
  includes(day: string): boolean;
}

/** A holiday calendar computed by rule for any year, each year computed once. */
export function holidayCalendar(calendar: HolidayCalendarRule): ClosedDays & { rule: HolidayCalendarRule; inYear(year: number): string[] } {
  const years = new Map<number, Set<string>>();
  const inYear = (year: number) => {
    let set = years.get(year);
    if (!set) years.set(year, (set = new Set(holidaysIn(calendar, year))));
    return set;
  };
  return {
    rule: calendar,
    includes: (day: string) => inYear(Number(day.slice(0, 4))).has(day),
    inYear: (year: number) => [...inYear(year)].sort(),
  };
}

/** Federal holidays (5 U.S.C. 6103(a)). */
export const FEDERAL_HOLIDAYS: HolidayCalendarRule = {
  source: '5 U.S.C. 6103',
  observance: 'nearest-weekday',
  holidays: [
    { name: "New Year's Day", fixed: '01-01' },
    { name: 'Birthday of Martin Luther King, Jr.', month: 1, weekday: 1, nth: 3 },
    { name: "Washington's Birthday", month: 2, weekday: 1, nth: 3 },
    { name: 'Memorial Day', month: 5, weekday: 1, nth: -1 },
    { name: 'Juneteenth National Independence Day', fixed: '06-19', since: 2021 },
    { name: 'Independence Day', fixed: '07-04' },
    { name: 'Labor Day', month: 9, weekday: 1, nth: 1 },
    { name: 'Columbus Day', month: 10, weekday: 1, nth: 2 },
    { name: 'Veterans Day', fixed: '11-11' },
    { name: 'Thanksgiving Day', month: 11, weekday: 4, nth: 4 },
    { name: 'Christmas Day', fixed: '12-25' },
  ],
};
