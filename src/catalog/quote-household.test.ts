import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/support/database.js';
import type { Database } from '../platform/database.js';
import { CandorError } from '../platform/errors.js';
import { vermont } from '../states/vt.js';
import { determineEligibility } from '../eligibility/determine-eligibility.js';
import { loadAreaCatalog } from './load-catalog.js';
import { memberIds, priceHousehold, quoteHousehold, type QuoteInput } from './quote-household.js';
import { loadVermont2026Catalog, PLAN_HEADER, RATE_HEADER, centsText } from './seed-vermont-2026.js';
import type { StateProfile } from '../states/profile.js';
import { csvLine } from './csv.js';
import { importPuf, textSource } from './import-puf.js';
import { RATE_PUF_AGE_BANDS, rateFromCurve } from './rating.js';
import { ratingAreaPlaces } from './schema.js';

let database: Database & { drop(): Promise<void> };
beforeAll(async () => {
  database = await openTestDatabase();
  await database.db.transaction((tx) => loadVermont2026Catalog(tx));
});
afterAll(async () => {
  await database?.drop();
});

const base: QuoteInput = { planYear: 2026, zip: '05602', annualIncomeCents: 90_000_00, members: [{ age: 40 }], asOf: '2025-11-15' };
const quote = (over: Partial<QuoteInput>) => quoteHousehold(database.db, vermont, { ...base, ...over });

describe('quoting a Vermont 2026 household', () => {
  it('matches the published figures: benchmark $1,299.18 single, lowest bronze $824.11', async () => {
    const q = await quote({});
    expect(q.benchmark).toEqual({ planId: '77566VT0020005-01', name: 'MVP VT HDHP Silver', premiumCents: 1_299_18 });
    const bronze = q.plans.filter((p) => p.metalLevel === 'bronze').map((p) => p.premiumCents);
    expect(Math.min(...bronze)).toBe(824_11);
    expect(q.plans).toHaveLength(14);
    expect(new Set(q.plans.map((p) => p.carrierName))).toEqual(new Set(['Blue Cross and Blue Shield of Vermont', 'MVP Health Care']));
    expect(q.plans.every((p) => p.variant === '01')).toBe(true);
    expect(q.ratingAreaId).toBe('Rating Area 1');
    expect(q.tier).toBe('single');
  });

  it('prices a single adult at 200 % FPL: credit, Vermont Premium Assistance and Silver 87', async () => {
    const q = await quote({ annualIncomeCents: 31_300_00 });
    expect(q.eligibility.fplPercent).toBe(200);
    expect(q.maxCreditMonthlyCents).toBe(1_299_18 - 172_15);
    expect(q.maxPremiumAssistanceMonthlyCents).toBe(172_15 - 133_03);
    const benchmark = q.plans.find((p) => p.isBenchmark)!;
    expect(benchmark).toMatchObject({
      planId: '77566VT0020005-05',
      costSharingLevel: '87',
      premiumCents: 1_299_18,
      creditCents: 1_127_03,
      premiumAssistanceCents: 39_12,
      premiumAfterHelpCents: 133_03,
    });
    const silver = q.plans.filter((p) => p.metalLevel === 'silver');
    expect(silver.every((p) => p.variant === '05' && p.deductibleIndividualCents < 4_500_00)).toBe(true);
    expect(q.plans.filter((p) => p.metalLevel !== 'silver').every((p) => p.variant === '01')).toBe(true);
    // A bronze plan cheaper than the credit costs nothing.
    expect(q.plans.find((p) => p.premiumCents === 824_11)!.premiumAfterHelpCents).toBe(0);
    const text = q.explanation.map((l) => l.en).join(' ');
    expect(text).toContain('Your benchmark plan, the second-lowest-cost silver plan for the people who get the credit, costs $1,299.18 a month.');
    expect(text).toContain('You are expected to pay 6.60% of your income');
    expect(q.explanation.map((l) => l.es).join(' ')).toContain('cuesta $1,299.18 al mes');
  });

  it('prices a family of four by Vermont’s family tier', async () => {
    const q = await quote({ annualIncomeCents: 150_000_00, members: [{ age: 44 }, { age: 41 }, { age: 12 }, { age: 9 }] });
    expect(q.tier).toBe('family');
    expect(q.benchmark!.premiumCents).toBe(3_650_70);
    expect(q.eligibility.fplPercent).toBe(466);
    expect(q.eligibility.credit).toEqual({ eligible: false, reason: 'above-ceiling' });
    expect(q.plans.every((p) => p.premiumAfterHelpCents === p.premiumCents)).toBe(true);
  });

  it('refers children to Dr. Dynasaur and prices only the adults', async () => {
    const q = await quote({
      annualIncomeCents: 60_000_00,
      members: [
        { id: 'mom', age: 38 },
        { id: 'kid', age: 7 },
      ],
    });
    expect(q.eligibility.members.find((m) => m.id === 'kid')!.outcome).toBe('chip');
    expect(q.pricedMemberIds).toEqual(['mom']);
    expect(q.tier).toBe('single');
    expect(q.explanation.map((l) => l.code)).toContain('eligibility.referral.child');
  });

  it('shows AI/AN households the zero cost sharing variant on every metal', async () => {
    const q = await quote({ annualIncomeCents: 40_000_00, members: [{ age: 40, americanIndianAlaskaNative: true }] });
    expect(q.plans.every((p) => p.variant === '02' && p.costSharingLevel === 'zero' && p.deductibleIndividualCents === 0)).toBe(true);
  });

  it('finds the rating area by county as by ZIP, and refuses places outside the state', async () => {
    const byCounty = await quote({ zip: undefined, county: 'washington' });
    expect(byCounty.ratingAreaId).toBe('Rating Area 1');
    await expect(quote({ zip: '10001' })).rejects.toMatchObject({ details: { fields: [{ field: 'zip', messageKey: 'catalog.errors.zipOutside' }] } });
    await expect(quote({ zip: undefined, county: 'Kings' })).rejects.toBeInstanceOf(CandorError);
  });

  it('refuses 2028 (no rules) and a year without plans', async () => {
    await expect(quote({ planYear: 2028 })).rejects.toMatchObject({ details: { fields: [{ field: 'planYear', messageKey: 'eligibility.errors.yearUnknown' }] } });
    await expect(quote({ planYear: 2025 })).rejects.toMatchObject({ details: { fields: [{ field: 'planYear', messageKey: 'catalog.errors.noPlans' }] } });
  });

  it('never gives a negative premium after help, nor a credit above a premium, whatever the household and its order', async () => {
    const catalog = await loadAreaCatalog(database.db, { planYear: 2026, stateCode: 'VT', ratingAreaId: 'Rating Area 1', on: '2026-01-01' });
    const member = fc.record({ age: fc.integer({ min: 0, max: 90 }), pregnant: fc.boolean(), americanIndianAlaskaNative: fc.boolean() });
    fc.assert(
      fc.property(fc.array(member, { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 250_000_00 }), (list, income) => {
        const members = memberIds(list);
        const price = (ms: typeof members) => {
          const e = determineEligibility(
            { planYear: 2026, householdSize: ms.length, annualIncomeCents: income, members: ms.map((m) => ({ ...m, seekingCoverage: true })), asOf: '2025-11-15' },
            vermont.subsidies,
          );
          return priceHousehold(catalog, e, ms, vermont, '2026-01-01');
        };
        const q = price(members);
        for (const p of q.plans) {
          expect(p.premiumAfterHelpCents).toBeGreaterThanOrEqual(0);
          expect(p.creditCents).toBeGreaterThanOrEqual(0);
          expect(p.creditCents + p.premiumAssistanceCents).toBeLessThanOrEqual(p.premiumCents);
        }
        expect(price([...members].reverse())).toEqual(q);
      }),
      { numRuns: 200 },
    );
  });
});

describe('quoting in an age-rated state', () => {
  /** A state rated per member on the federal curve, with tobacco rates, and three silver plans. */
  const ageState: StateProfile = {
    ...vermont,
    id: 'zz',
    rating: { method: 'age', stateCode: 'ZZ', ratesTobacco: true, childUnderAge: 21, maxChargedChildren: 3 },
    subsidies: { ...vermont.subsidies, premiumAssistance: null },
  };
  const bases: Record<string, number> = { '11111ZZ0010001': 400_00, '11111ZZ0010002': 420_00, '11111ZZ0010003': 450_00 };

  beforeAll(async () => {
    let plans = csvLine(PLAN_HEADER);
    let rates = csvLine(RATE_HEADER);
    for (const [id, base] of Object.entries(bases)) {
      plans += csvLine([
        '2026',
        'ZZ',
        '11111',
        'Carrier Z',
        'Individual',
        'No',
        id,
        `Silver ${id.slice(-1)}`,
        'HMO',
        'Silver',
        `${id}-01`,
        'Standard Silver On Exchange Plan',
        'No',
        '$3,000',
        '',
        '$9,000',
        '',
        '',
        '',
        '',
        '',
      ]);
      for (const band of RATE_PUF_AGE_BANDS) {
        const rate = rateFromCurve(base, band.from);
        rates += csvLine([
          '2026',
          'ZZ',
          '11111',
          '',
          '',
          id,
          'Rating Area 3',
          'Tobacco User/Non-Tobacco User',
          band.age,
          centsText(rate),
          centsText(Math.round(rate * 1.5)),
          '',
          '',
          '',
          '',
          '',
          '',
          '',
        ]);
      }
    }
    await database.db.transaction(async (tx) => {
      await importPuf(tx, { plans: textSource('zz-plans.csv', plans), rates: textSource('zz-rates.csv', rates) });
      await tx.insert(ratingAreaPlaces).values({ stateCode: 'ZZ', ratingAreaId: 'Rating Area 3', zipPrefix: '999' });
    });
  });

  it('charges each member by age and tobacco, only three children, and leaves tobacco out of the benchmark', async () => {
    const members = [{ age: 45, tobacco: true }, { age: 43 }, { age: 16 }, { age: 12 }, { age: 9 }, { age: 4 }];
    const q = await quoteHousehold(database.db, ageState, { planYear: 2026, zip: '99901', annualIncomeCents: 80_000_00, members, asOf: '2025-11-15', householdSize: 6 });
    // 80,000 for six is under 312 %: the children are referred to Dr. Dynasaur; only the adults are priced.
    expect(q.pricedMemberIds).toEqual(['m1', 'm2']);
    const second = bases['11111ZZ0010002']!;
    const adults = (base: number, tobacco: boolean) => (tobacco ? Math.round(rateFromCurve(base, 45) * 1.5) : rateFromCurve(base, 45)) + rateFromCurve(base, 43);
    expect(q.benchmark).toMatchObject({ planId: '11111ZZ0010002-01', premiumCents: adults(second, false) });
    const plan = q.plans.find((p) => p.standardComponentId === '11111ZZ0010002')!;
    expect(plan.premiumCents).toBe(adults(second, true));
    expect(q.explanation.map((l) => l.code)).toContain('eligibility.credit.tobacco');

    const rich = await quoteHousehold(database.db, ageState, { planYear: 2026, zip: '99901', annualIncomeCents: 300_000_00, members, asOf: '2025-11-15' });
    const kids = [16, 12, 9].reduce((sum, age) => sum + rateFromCurve(bases['11111ZZ0010001']!, age), 0); // the 4-year-old is not charged
    expect(rich.plans.find((p) => p.standardComponentId === '11111ZZ0010001')!.premiumCents).toBe(adults(bases['11111ZZ0010001']!, true) + kids);
    expect(rich.tier).toBeNull();
  });
});
