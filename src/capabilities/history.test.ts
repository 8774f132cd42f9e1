import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dailyAvailability, incidents, overallAvailability, type TimelineEvent } from './history.js';
import { parseDateTime, toLocalInput } from './time.js';

const T0 = new Date('2026-11-18T15:00:00Z');
let seq = 0;
const ev = (capabilityId: string, minutes: number, status: string, previousStatus = 'operational'): TimelineEvent => ({
  seq: ++seq,
  capabilityId,
  at: new Date(T0.getTime() + minutes * 60_000),
  status,
  previousStatus,
  reasonEn: '',
  reasonEs: '',
  internalNote: '',
  setByKind: 'person',
  setById: 'op',
  expectedEnd: null,
});

describe('incidents and availability', () => {
  it('groups changes from leaving operational to returning into one incident, worst status kept', () => {
    const list = incidents([ev('a', 0, 'degraded'), ev('a', 5, 'down', 'degraded'), ev('a', 30, 'operational', 'down'), ev('b', 10, 'maintenance'), ev('a', 50, 'operational')]);
    expect(list.map((i) => [i.capabilityId, i.worst, i.events.length, i.to ? 'resolved' : 'ongoing'])).toEqual([
      ['a', 'down', 3, 'resolved'],
      ['b', 'maintenance', 1, 'ongoing'],
    ]);
  });

  it('counts the unavailable share of each day; degraded counts as available', () => {
    const now = new Date(T0.getTime() + 24 * 3_600_000);
    const days = dailyAvailability('operational', [ev('a', 0, 'down'), ev('a', 6 * 60, 'degraded'), ev('a', 12 * 60, 'operational')], now, 2);
    expect(days[0]!.available).toBe(1);
    expect(days[1]!.available).toBeCloseTo(0.75, 6);
    expect(dailyAvailability('maintenance', [], now, 3).map((d) => d.available)).toEqual([0, 0, 0]);
  });

  it('property: availability stays within [0, 1] and is 1 without unavailable statuses', () => {
    const arb = fc.array(fc.tuple(fc.integer({ min: -40 * 24 * 60, max: 0 }), fc.constantFrom('operational', 'degraded', 'maintenance', 'down')), { maxLength: 30 });
    fc.assert(
      fc.property(arb, fc.constantFrom('operational', 'down'), (changes, initial) => {
        const events = changes.map(([m, s]) => ev('a', m, s));
        const days = dailyAvailability(initial, events, T0, 30);
        expect(days).toHaveLength(30);
        for (const d of days) expect(d.available >= -1e-9 && d.available <= 1 + 1e-9).toBe(true);
        if (initial === 'operational' && changes.every(([, s]) => s === 'operational' || s === 'degraded')) expect(overallAvailability(days)).toBe(1);
      }),
    );
  });
});

describe('operator date-times in the state’s time zone', () => {
  it('reads a datetime-local value as Vermont wall time, across daylight saving', () => {
    expect(parseDateTime('2026-11-18T10:00', 'America/New_York')!.toISOString()).toBe('2026-11-18T15:00:00.000Z');
    expect(parseDateTime('2026-07-01T10:00', 'America/New_York')!.toISOString()).toBe('2026-07-01T14:00:00.000Z');
    expect(parseDateTime('2026-11-18T15:00:00Z', 'America/New_York')!.toISOString()).toBe('2026-11-18T15:00:00.000Z');
    expect(parseDateTime('2026-11-18T10:00:00-05:00', 'America/New_York')!.toISOString()).toBe('2026-11-18T15:00:00.000Z');
    for (const bad of ['', 'tomorrow', '2026-13-01T10:00', '2026-11-18', '18/11/2026 10:00']) expect(parseDateTime(bad, 'America/New_York')).toBeNull();
  });

  it('property: toLocalInput and parseDateTime round-trip to the minute', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2028-01-01T00:00:00Z'), noInvalidDate: true }), (d) => {
        const minute = new Date(Math.floor(d.getTime() / 60_000) * 60_000);
        const back = parseDateTime(toLocalInput(minute, 'America/New_York'), 'America/New_York')!;
        // The repeated hour when clocks fall back is ambiguous: either reading is an hour apart.
        expect([0, 3_600_000]).toContain(Math.abs(back.getTime() - minute.getTime()));
      }),
    );
  });
});
