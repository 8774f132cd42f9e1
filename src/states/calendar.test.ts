/** Open enrollment and holidays by rule, at dates across years. */
import { describe, expect, it } from 'vitest';
import { FEDERAL_HOLIDAYS, holidayCalendar, holidaysIn, latestOpenEnrollmentEnd, openEnrollmentAround, openEnrollmentFor, openEnrollmentUnderWay } from './calendar.js';
import { VERMONT_HOLIDAYS, vermont } from './vt.js';

describe('open enrollment by rule', () => {
  const rule = vermont.openEnrollment;
  it('ends on January 15 through plan year 2026 and by December 31 from 2027 (45 CFR 155.410(e))', () => {
    expect(latestOpenEnrollmentEnd(2026)).toBe('2026-01-15');
    expect(latestOpenEnrollmentEnd(2027)).toBe('2026-12-31');
    expect(openEnrollmentFor(rule, 2026)).toEqual({ start: '2025-11-01', end: '2026-01-15', januaryFirstDeadline: '2025-12-15' });
    expect(openEnrollmentFor(rule, 2027)).toEqual({ start: '2026-11-01', end: '2026-12-31', januaryFirstDeadline: '2026-12-15' });
    expect(openEnrollmentFor(rule, 2031)).toEqual({ start: '2030-11-01', end: '2030-12-31', januaryFirstDeadline: '2030-12-15' });
  });

  it('never lets a state run past the federal end, and keeps an earlier state end', () => {
    expect(openEnrollmentFor({ opens: '11-01', januaryFirstDeadline: '12-15', closes: '01-31' }, 2028).end).toBe('2027-12-31');
    expect(openEnrollmentFor({ opens: '11-01', januaryFirstDeadline: '12-15', closes: '12-20' }, 2028).end).toBe('2027-12-20');
  });

  it.each([
    ['2025-10-31', null],
    ['2025-11-01', 2026],
    ['2026-01-15', 2026],
    ['2026-01-16', null],
    ['2026-12-07', 2027],
    ['2026-12-31', 2027],
    ['2027-01-01', null],
    ['2027-02-28', null],
    ['2027-03-01', null],
    ['2027-11-01', 2028],
    ['2039-12-31', 2040],
  ] as const)('on %s the open enrollment under way is for %s', (day, year) => {
    expect(openEnrollmentUnderWay(rule, day)).toBe(year);
  });

  it('gives last year, this year and the next two around a day', () => {
    expect(Object.keys(openEnrollmentAround(rule, '2027-03-01')).map(Number)).toEqual([2026, 2027, 2028, 2029]);
  });
});

describe('holidays by rule', () => {
  it('computes the federal holidays of a year as observed (5 U.S.C. 6103)', () => {
    expect(holidaysIn(FEDERAL_HOLIDAYS, 2026)).toEqual([
      '2026-01-01',
      '2026-01-19',
      '2026-02-16',
      '2026-05-25',
      '2026-06-19',
      '2026-07-03', // July 4 is a Saturday
      '2026-09-07',
      '2026-10-12',
      '2026-11-11',
      '2026-11-26',
      '2026-12-25',
    ]);
    expect(holidaysIn(FEDERAL_HOLIDAYS, 2027)).toContain('2027-12-24'); // Christmas on a Saturday
    expect(holidaysIn(FEDERAL_HOLIDAYS, 2027)).toContain('2027-12-31'); // New Year's Day 2028 is a Saturday
    expect(holidaysIn(FEDERAL_HOLIDAYS, 2028)).not.toContain('2028-01-01');
    expect(holidaysIn(FEDERAL_HOLIDAYS, 2020)).not.toContain('2020-06-19'); // Juneteenth only from 2021
  });

  it("computes Vermont's holidays (1 V.S.A. § 371), the ones the call centre shipped by hand included", () => {
    const vt2026 = holidaysIn(VERMONT_HOLIDAYS, 2026);
    expect(vt2026).toEqual(['2026-01-01', '2026-01-19', '2026-02-16', '2026-03-03', '2026-05-25', '2026-07-03', '2026-08-17', '2026-09-07', '2026-10-12', '2026-11-11', '2026-11-26', '2026-12-25']);
    expect(holidaysIn(VERMONT_HOLIDAYS, 2027)).toEqual([
      '2027-01-01',
      '2027-01-18',
      '2027-02-15',
      '2027-03-02',
      '2027-05-31',
      '2027-07-05',
      '2027-08-16',
      '2027-09-06',
      '2027-10-11',
      '2027-11-11',
      '2027-11-25',
      '2027-12-24',
      '2027-12-31',
    ]);
    const line = vermont.phoneLines.customerSupport.closedOn;
    for (const day of ['2026-11-26', '2026-12-25', '2027-01-01', '2035-11-22']) expect(line.includes(day)).toBe(true);
    for (const day of ['2026-12-07', '2026-12-31', '2027-03-01']) expect(line.includes(day)).toBe(false);
    expect(holidayCalendar(VERMONT_HOLIDAYS).inYear(2030)).toHaveLength(12);
  });
});
