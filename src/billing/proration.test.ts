/**
 * Proration of partial months (docs/adr/0065-proration.md): the pure rule's
 * properties, worked figures, and its SQL twin `billing_prorate()` (the
 * billing run's) agreeing with it on the real database.
 */
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/support/database.js';
import type { Database } from '../platform/database.js';
import { addDays, addMonths } from './dates.js';
import { coveredDays, invoiceAmounts, monthLength, prorateAmounts, prorateCents, type MonthlyAmounts } from './proration.js';

const monthArb = fc.record({ y: fc.integer({ min: 2024, max: 2032 }), m: fc.integer({ min: 1, max: 12 }) }).map(({ y, m }) => `${y}-${String(m).padStart(2, '0')}-01`);

/** Monthly amounts as enrollment keeps them: credit and state help never more than the premium. */
const amountsArb: fc.Arbitrary<MonthlyAmounts> = fc
  .record({ gross: fc.integer({ min: 0, max: 5_000_000 }), aptcShare: fc.double({ min: 0, max: 1, noNaN: true }), stateShare: fc.double({ min: 0, max: 1, noNaN: true }) })
  .map(({ gross, aptcShare, stateShare }) => {
    const aptc = Math.floor(gross * aptcShare);
    return { grossPremiumCents: gross, aptcCents: aptc, stateAssistanceCents: Math.floor((gross - aptc) * stateShare) };
  });

describe('prorating a month', () => {
  it('worked figures: $600 for 17 of 31 days, the credit and state help the same way', () => {
    // 60,000 × 17 / 31 = 32,903.2 → 32,903; 30,000 × 17 / 31 = 16,451.6 → 16,452; (30,000 + 5,000) × 17 / 31 = 19,193.5 → 19,194.
    expect(prorateAmounts({ grossPremiumCents: 60_000, aptcCents: 30_000, stateAssistanceCents: 5_000 }, 17, 31)).toEqual({
      grossPremiumCents: 32_903,
      aptcCents: 16_452,
      stateAssistanceCents: 2_742,
      amountCents: 13_709,
      coveredDays: 17,
      monthDays: 31,
    });
    // A half cent rounds away from zero: 1 × 15 / 30 = 0.5 → 1.
    expect(prorateCents(1, 15, 30)).toBe(1);
    expect(coveredDays('2026-03-01', '2026-03-15', '2026-12-31')).toBe(17);
    expect(coveredDays('2026-02-01', '2026-01-01', '2026-02-10')).toBe(10);
    expect(coveredDays('2026-04-01', '2026-01-01', '2026-03-31')).toBe(0);
    expect(coveredDays('2028-02-01', '2028-01-01', '2028-12-31')).toBe(29);
  });

  it('a whole month is the unprorated month', () => {
    fc.assert(
      fc.property(amountsArb, monthArb, (m, month) => {
        const a = invoiceAmounts(m, month, { coverageStart: addMonths(month, -2), coverageEnd: addMonths(month, 3) });
        expect(a).toEqual({ ...m, amountCents: m.grossPremiumCents - m.aptcCents - m.stateAssistanceCents, coveredDays: monthLength(month), monthDays: monthLength(month) });
      }),
    );
  });

  it('never negative, never more than the month, and the person owes premium less help', () => {
    fc.assert(
      fc.property(amountsArb, monthArb, fc.integer({ min: 0, max: 31 }), (m, month, d) => {
        const days = Math.min(d, monthLength(month));
        const a = prorateAmounts(m, days, monthLength(month));
        for (const k of ['grossPremiumCents', 'aptcCents', 'stateAssistanceCents', 'amountCents'] as const) expect(a[k]).toBeGreaterThanOrEqual(0);
        expect(a.grossPremiumCents).toBeLessThanOrEqual(m.grossPremiumCents);
        expect(a.aptcCents).toBeLessThanOrEqual(m.aptcCents);
        expect(a.amountCents).toBe(a.grossPremiumCents - a.aptcCents - a.stateAssistanceCents);
        expect(a.amountCents).toBeLessThanOrEqual(m.grossPremiumCents - m.aptcCents - m.stateAssistanceCents);
      }),
    );
  });

  it('a month split between two enrollments (one ends, the next starts the day after) adds up to the whole month within a cent', () => {
    fc.assert(
      fc.property(amountsArb, monthArb, fc.integer({ min: 1, max: 30 }), (m, month, cut) => {
        const last = addDays(month, Math.min(cut, monthLength(month) - 1) - 1);
        const before = invoiceAmounts(m, month, { coverageStart: addMonths(month, -1), coverageEnd: last });
        const after = invoiceAmounts(m, month, { coverageStart: addDays(last, 1), coverageEnd: addMonths(month, 2) });
        expect(before.coveredDays + after.coveredDays).toBe(monthLength(month));
        const whole = prorateAmounts(m, monthLength(month), monthLength(month));
        for (const k of ['grossPremiumCents', 'aptcCents', 'stateAssistanceCents', 'amountCents'] as const) {
          expect(Math.abs(before[k] + after[k] - whole[k])).toBeLessThanOrEqual(1);
        }
      }),
    );
  });

  it('refuses what is not a share of a month', () => {
    expect(() => prorateCents(100, 32, 31)).toThrow(RangeError);
    expect(() => prorateCents(-1, 3, 31)).toThrow(RangeError);
    expect(() => prorateCents(10.5, 3, 31)).toThrow(RangeError);
  });
});

describe('billing_prorate() in SQL', () => {
  let database: Database & { drop(): Promise<void> };
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => database?.drop());

  it('gives the same cents as the code, halves included', async () => {
    const samples = fc.sample(fc.record({ cents: fc.integer({ min: 0, max: 20_000_000 }), n: fc.integer({ min: 28, max: 31 }), d: fc.integer({ min: 0, max: 31 }) }), { numRuns: 2_000, seed: 65 });
    const cases = [...samples.map((s) => ({ ...s, d: Math.min(s.d, s.n) })), { cents: 1, n: 30, d: 15 }, { cents: 3, n: 30, d: 15 }, { cents: 129_900, n: 31, d: 31 }];
    const r = await database.db.execute<{ i: number; got: number }>(sql`
      SELECT i::int, billing_prorate(c, d, n) AS got
        FROM unnest(${sql.param(cases.map((c) => c.cents))}::int[], ${sql.param(cases.map((c) => c.d))}::int[], ${sql.param(cases.map((c) => c.n))}::int[]) WITH ORDINALITY AS t(c, d, n, i)`);
    expect(r.rows).toHaveLength(cases.length);
    for (const row of r.rows) {
      const c = cases[row.i - 1]!;
      expect(row.got).toBe(prorateCents(c.cents, c.d, c.n));
    }
  });
});
