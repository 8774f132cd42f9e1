import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RatingRules } from '../states/profile.js';
import { vermont } from '../states/vt.js';
import { ageFactorThousandths, ageRatedPremium, familyTier, planRatesFromRows, policyShape, rateFromCurve, ratePremium, RATE_PUF_AGE_BANDS, tierRatedPremium, type RatedMember } from './rating.js';
import { familyOptionCents } from './seed-vermont-2026.js';

const AGE_RULES = { method: 'age', stateCode: 'XX', ratesTobacco: true, childUnderAge: 21, maxChargedChildren: 3 } as const satisfies RatingRules;
const BASE = 400_00; // rate at 21

/** A plan rated on the default curve with a 1.5 tobacco factor, as Rate PUF rows. */
function curvePlan(base = BASE) {
  return planRatesFromRows(
    RATE_PUF_AGE_BANDS.map((b) => {
      const rate = rateFromCurve(base, b.from);
      return { ageFrom: b.from, ageTo: b.to, individualCents: rate, tobaccoCents: b.from >= 18 ? Math.round(rate * 1.5) : null };
    }),
  );
}

describe('the federal default age curve', () => {
  it.each([
    [0, 765],
    [14, 765],
    [15, 833],
    [20, 970],
    [21, 1000],
    [24, 1000],
    [25, 1004],
    [30, 1135],
    [40, 1278],
    [50, 1786],
    [60, 2714],
    [63, 2952],
    [64, 3000],
    [80, 3000],
  ])('age %i: %i thousandths', (age, factor) => expect(ageFactorThousandths(age)).toBe(factor));

  it('keeps adults within 3:1', () => {
    expect(ageFactorThousandths(64) / ageFactorThousandths(21)).toBe(3);
  });

  it('rates to the cent, halves up', () => {
    expect(rateFromCurve(400_00, 40)).toBe(511_20);
    expect(rateFromCurve(333_33, 33)).toBe(399_33); // 333.33 × 1.198 = 399.329…
    expect(rateFromCurve(50, 0)).toBe(38); // 0.50 × 0.765 = 0.3825 → 0.38
  });
});

describe('per-member age rating', () => {
  const plan = curvePlan();
  it('adds each member’s rate, tobacco users at the tobacco rate', () => {
    const p = ageRatedPremium(
      [
        { id: 'a', age: 40, tobacco: true },
        { id: 'b', age: 38 },
      ],
      plan,
      AGE_RULES,
    )!;
    expect(p.totalCents).toBe(Math.round(511_20 * 1.5) + rateFromCurve(BASE, 38));
    expect(p.withoutTobaccoCents).toBe(511_20 + rateFromCurve(BASE, 38));
  });

  it('charges only the three oldest children under 21', () => {
    const kids: RatedMember[] = [3, 17, 9, 12, 20, 1].map((age, i) => ({ id: `k${i}`, age }));
    const p = ageRatedPremium([{ id: 'p', age: 45 }, ...kids], plan, AGE_RULES)!;
    const charged = p.members.filter((m) => m.charged).map((m) => m.id);
    expect(charged).toEqual(['p', 'k4', 'k1', 'k3']); // 45, 20, 17, 12
    expect(p.totalCents).toBe(rateFromCurve(BASE, 45) + rateFromCurve(BASE, 20) + rateFromCurve(BASE, 17) + rateFromCurve(BASE, 12));
  });

  it('counts a 21-year-old as an adult, never capped', () => {
    const p = ageRatedPremium(
      [21, 21, 21, 21].map((age, i) => ({ id: `a${i}`, age })),
      plan,
      AGE_RULES,
    )!;
    expect(p.members.every((m) => m.charged)).toBe(true);
  });

  it('ignores tobacco where the state does not rate it', () => {
    const p = ageRatedPremium([{ id: 'a', age: 40, tobacco: true }], plan, { ...AGE_RULES, ratesTobacco: false })!;
    expect(p.totalCents).toBe(511_20);
  });

  it('does not depend on member order, and is never negative', () => {
    const member = fc.record({ age: fc.integer({ min: 0, max: 99 }), tobacco: fc.boolean() });
    fc.assert(
      fc.property(fc.array(member, { minLength: 1, maxLength: 9 }), (list) => {
        const members = list.map((m, i) => ({ ...m, id: `m${i}` }));
        const a = ageRatedPremium(members, plan, AGE_RULES)!;
        const b = ageRatedPremium([...members].reverse(), plan, AGE_RULES)!;
        expect(b).toEqual(a);
        expect(a.totalCents).toBeGreaterThanOrEqual(a.withoutTobaccoCents);
        expect(a.members.filter((m) => !m.charged).length).toBe(Math.max(0, members.filter((m) => m.age < 21).length - 3));
      }),
    );
  });
});

describe('family-tier rating (Vermont)', () => {
  const rules = vermont.rating;
  if (rules.method !== 'family-tier') throw new Error('Vermont rates by family tier');
  const single = 1_299_18;
  const filed = planRatesFromRows([
    {
      ageFrom: null,
      ageTo: null,
      individualCents: single,
      tobaccoCents: null,
      family: (() => {
        const [couple, p1, p2, p3, c1, c2, c3] = familyOptionCents(single, rules.tiers);
        return {
          individual: single,
          couple: couple!,
          primaryOneDependent: p1!,
          primaryTwoDependents: p2!,
          primaryThreeOrMoreDependents: p3!,
          coupleOneDependent: c1!,
          coupleTwoDependents: c2!,
          coupleThreeOrMoreDependents: c3!,
        };
      })(),
    },
  ]);
  it.each([
    [[40], 'single', 1_299_18],
    [[40, 38], 'twoAdults', 2_598_36],
    [[40, 10], 'adultWithChildren', 2_507_42], // 1,299.18 × 1.93 = 2,507.4174
    [[40, 10, 8, 3], 'adultWithChildren', 2_507_42],
    [[40, 38, 10], 'family', 3_650_70], // 1,299.18 × 2.81 = 3,650.6958
    [[40, 38, 10, 8, 6, 4, 2], 'family', 3_650_70],
    [[50, 23], 'twoAdults', 2_598_36],
    [[10], 'single', 1_299_18],
  ] as const)('ages %j: %s, %i cents', (ages, tier, cents) => {
    const members = ages.map((age, i) => ({ id: `m${i}`, age }));
    const p = tierRatedPremium(members, filed, rules.tiers, rules.childUnderAge)!;
    expect(p.tier).toBe(tier);
    expect(p.totalCents).toBe(cents);
    // Without filed family rates the tier factor gives the same figure.
    const unfiled = planRatesFromRows([{ ageFrom: 0, ageTo: 120, individualCents: single, tobaccoCents: null }]);
    expect(tierRatedPremium(members, unfiled, rules.tiers, rules.childUnderAge)!.totalCents).toBe(cents);
  });

  it('uses stated relationships over ages', () => {
    expect(
      familyTier(
        policyShape(
          [
            { id: 'a', age: 50, relationship: 'subscriber' },
            { id: 'b', age: 23, relationship: 'dependent' },
          ],
          21,
        ),
      ),
    ).toBe('adultWithChildren');
    expect(
      familyTier(
        policyShape(
          [
            { id: 'a', age: 50, relationship: 'subscriber' },
            { id: 'b', age: 48, relationship: 'spouse' },
            { id: 'c', age: 23, relationship: 'dependent' },
          ],
          21,
        ),
      ),
    ).toBe('family');
  });

  it('is chosen by the state profile', () => {
    const members = [{ id: 'a', age: 60 }];
    expect(ratePremium(members, filed, rules)!.totalCents).toBe(single); // no age factor in Vermont
    expect(ratePremium(members, curvePlan(), AGE_RULES)!.totalCents).toBe(rateFromCurve(BASE, 60));
  });
});
