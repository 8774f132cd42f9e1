import { describe, expect, it } from 'vitest';
import { vermont } from '../states/vt.js';
import { cronFor, nextRun, periodAt, periodsToExport, previousPeriod } from './schedule.js';

const tz = vermont.timeZone;
const s = vermont.carrierFiles;

describe('the carrier files schedule', () => {
  it('reads the cron expressions from the state profile, and refuses a time or day that is not one', () => {
    expect(cronFor('834', s)).toBe('0 2 * * *');
    expect(cronFor('820', s)).toBe('0 3 10 * *');
    expect(cronFor('834', { ...s, daily834At: '23:45' })).toBe('45 23 * * *');
    expect(() => cronFor('834', { ...s, daily834At: '24:00' })).toThrow(/HH:MM/);
    expect(() => cronFor('820', { ...s, monthly820Day: 31 })).toThrow(/1 to 28/);
  });

  it('a run is for the day before (834) and the profile’s coverage month (820), in the state’s time zone', () => {
    // The local date decides: 06:30 UTC on 1 March is 01:30 in Vermont, and the day before is 28 February; 07:00 UTC on 1 January is 2 am.
    expect(periodAt('834', new Date('2026-03-01T06:30:00Z'), tz, s)).toBe('2026-02-28');
    expect(periodAt('834', new Date('2026-01-01T07:00:00Z'), tz, s)).toBe('2025-12-31');
    expect(periodAt('820', new Date('2026-01-10T08:00:00Z'), tz, s)).toBe('2026-01');
    expect(periodAt('820', new Date('2026-01-10T08:00:00Z'), tz, { ...s, monthly820CoverageMonth: 'previous' })).toBe('2025-12');
    expect(previousPeriod('820', '2026-01')).toBe('2025-12');
    expect(previousPeriod('834', '2026-03-01')).toBe('2026-02-28');
  });

  it('the next run is the profile’s local time, across a change to daylight saving time', () => {
    // Saturday 7 March 2026, 12:00 in Vermont (EST): the next 2 am is Sunday's, which daylight saving skips to 3 am EDT.
    expect(nextRun('834', new Date('2026-03-07T17:00:00Z'), tz, s).toISOString()).toBe('2026-03-08T07:00:00.000Z');
    // After it, Monday's 2 am EDT.
    expect(nextRun('834', new Date('2026-03-08T08:00:00Z'), tz, s).toISOString()).toBe('2026-03-09T06:00:00.000Z');
    // Before 3 am on the 10th: that day; after: the 10th of the next month.
    expect(nextRun('820', new Date('2026-01-10T07:59:00Z'), tz, s).toISOString()).toBe('2026-01-10T08:00:00.000Z');
    expect(nextRun('820', new Date('2026-01-10T08:00:00Z'), tz, s).toISOString()).toBe('2026-02-10T08:00:00.000Z');
    expect(nextRun('820', new Date('2026-12-20T12:00:00Z'), tz, s).toISOString()).toBe('2027-01-10T08:00:00.000Z');
  });

  it('catches up on the periods missed since the latest one made, never one already made, at most a bounded number', () => {
    expect(periodsToExport('834', '2026-01-08', '2026-01-08')).toEqual([]);
    expect(periodsToExport('834', '2026-01-08', null)).toEqual(['2026-01-08']);
    expect(periodsToExport('834', '2026-01-08', '2026-01-05')).toEqual(['2026-01-06', '2026-01-07', '2026-01-08']);
    expect(periodsToExport('834', '2026-01-08', '2025-12-01', 3)).toEqual(['2026-01-06', '2026-01-07', '2026-01-08']);
    expect(periodsToExport('820', '2026-03', '2025-12')).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(periodsToExport('820', '2026-03', '2025-01')).toEqual(['2026-01', '2026-02', '2026-03']);
  });
});
