/**
 * The demo audiences' data: for every notice type, what the demo enrollees
 * would be sent is valid data for that type (dates moved, amounts varied
 * together), so a campaign of any type to them can be created.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { demoData } from './audiences.js';
import '../app/notice-types.js'; // the notice types every module declares, as in the assembled exchange
import { NOTICE_TYPES } from './catalogue.js';

describe('demo audience data', () => {
  it('is valid for every notice type, whoever the person and whatever the day', () => {
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: Date.parse('2026-01-01'), max: Date.parse('2030-12-31') }), (seed, day) => {
        const today = new Date(day).toISOString().slice(0, 10);
        for (const notice of Object.values(NOTICE_TYPES)) {
          const data = demoData(notice, seed, today);
          const parsed = notice.schema.safeParse(data);
          expect(parsed.success, `${notice.id}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});
