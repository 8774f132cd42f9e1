import { describe, expect, it } from 'vitest';
import { describeHours, formatClock, lineNow } from './hours.js';
import { vermont } from './vt.js';

const line = vermont.phoneLines.customerSupport;
const tz = vermont.timeZone;

describe('opening hours in the state time zone', () => {
  it('is open on a weekday afternoon and says until when', () => {
    // Tuesday 2026-12-01 14:30 in Vermont (UTC-5)
    expect(lineNow(line, new Date('2026-12-01T19:30:00Z'), tz)).toEqual({ open: true, closes: '17:00' });
  });
  it('is closed at closing time, before opening, at weekends and on holidays', () => {
    expect(lineNow(line, new Date('2026-12-01T22:00:00Z'), tz).open).toBe(false); // 17:00
    expect(lineNow(line, new Date('2026-12-01T12:59:00Z'), tz).open).toBe(false); // 07:59
    expect(lineNow(line, new Date('2026-12-05T15:00:00Z'), tz)).toEqual({ open: false, opensNext: { weekday: 1, opens: '08:00' } }); // Saturday
    expect(lineNow(line, new Date('2026-11-26T15:00:00Z'), tz).open).toBe(false); // Thanksgiving
  });
  it('follows daylight saving time', () => {
    // Monday 2026-07-06 08:30 EDT is 12:30 UTC
    expect(lineNow(line, new Date('2026-07-06T12:30:00Z'), tz).open).toBe(true);
  });
  it('writes times and weekly hours in both languages', () => {
    expect(formatClock('17:00', 'en')).toBe('5 pm');
    expect(formatClock('08:30', 'es')).toBe('8:30 a. m.');
    expect(describeHours(line, 'en')).toBe('Monday–Friday 8 am–5 pm');
    expect(describeHours(vermont.phoneLines.payments, 'es')).toBe('lunes–viernes 8 a. m.–5 p. m.; sábado 9 a. m.–1 p. m.');
  });
});
