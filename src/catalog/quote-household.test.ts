import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/support/database.js';
import type { Database } from '../platform/database.js';
import { CandorError } from '../platform/errors.js';
import { vermont } from '../states/vt.js';
import { determineEligibility } from '../eligibility/determine-eligibility.js';
import { loadAreaCatalog } from './load-catalog.js';
import { memberIds, priceHousehold, quoteHousehold, type QuoteInput } from './quote-household.js';
import { loadVermont2026Catalog } from './seed-vermont-2026.js';

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
    expect(benchmark).toMatchObject({ planId: '77566VT0020005-05', costSharingLevel: '87', premiumCents: 1_299_18, creditCents: 1_127_03, premiumAssistanceCents: 39_12, premiumAfterHelpCents: 133_03 });
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
    const q = await quote({ annualIncomeCents: 60_000_00, members: [{ id: 'mom', age: 38 }, { id: 'kid', age: 7 }] });
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

  it('refuses 2027 (no applicable-percentage table) and a year without plans', async () => {
    await expect(quote({ planYear: 2027 })).rejects.toMatchObject({ details: { fields: [{ field: 'planYear', messageKey: 'eligibility.errors.yearNotPublished' }] } });
    await expect(quote({ planYear: 2025 })).rejects.toMatchObject({ details: { fields: [{ field: 'planYear', messageKey: 'catalog.errors.noPlans' }] } });
  });

  it('never gives a negative premium after help, nor a credit above a premium, whatever the household and its order', async () => {
    const catalog = await loadAreaCatalog(database.db, { planYear: 2026, stateCode: 'VT', ratingAreaId: 'Rating Area 1', on: '2026-01-01' });
    const member = fc.record({ age: fc.integer({ min: 0, max: 90 }), pregnant: fc.boolean(), americanIndianAlaskaNative: fc.boolean() });
    fc.assert(
      fc.property(fc.array(member, { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 250_000_00 }), (list, income) => {
        const members = memberIds(list);
        const price = (ms: typeof members) => {
          const e = determineEligibility({ planYear: 2026, householdSize: ms.length, annualIncomeCents: income, members: ms.map((m) => ({ ...m, seekingCoverage: true })), asOf: '2025-11-15' }, vermont.subsidies);
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
