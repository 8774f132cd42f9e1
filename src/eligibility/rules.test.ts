/** Table-driven tests from the published tables (RULES.md), and property tests of the rules. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { vermont } from '../states/vt.js';
import type { SubsidyRules } from '../states/profile.js';
import { CandorError } from '../platform/errors.js';
import { applicablePercentage } from './applicable-percentage.js';
import { determineEligibility, type EligibilityInput, type HouseholdMember } from './determine-eligibility.js';
import { applyHelp, householdHelp } from './household-help.js';
import { divRound, parseDollars } from './money.js';
import { incomePercentOfPoverty, medicaidGuidelineYear, povertyLineCents } from './poverty.js';

const VT = vermont.subsidies;
const FEDERAL: SubsidyRules = {
  ...VT,
  csr: [
    { maxFplPercent: 150, level: '94', variant: '06', fundedBy: 'federal' },
    { maxFplPercent: 200, level: '87', variant: '05', fundedBy: 'federal' },
    { maxFplPercent: 250, level: '73', variant: '04', fundedBy: 'federal' },
  ],
  premiumAssistance: null,
};

/** Rules of a state without the Medicaid expansion, so low incomes reach the credit rules. */
const NO_EXPANSION = (rules: SubsidyRules): SubsidyRules => ({ ...rules, medicaid: { ...rules.medicaid, adultMaxFplPercent: -1 } });

const adult = (id: string, age = 40, extra: Partial<HouseholdMember> = {}): HouseholdMember => ({ id, age, seekingCoverage: true, ...extra });
function input(over: Partial<EligibilityInput> & { percent?: number } = {}): EligibilityInput {
  const members = over.members ?? [adult('a')];
  const householdSize = over.householdSize ?? members.length;
  const planYear = over.planYear ?? 2026;
  const guideline = planYear - 1;
  const income = over.annualIncomeCents ?? Math.ceil((povertyLineCents(guideline, 'contiguous', householdSize) * (over.percent ?? 250)) / 100);
  return { planYear, householdSize, annualIncomeCents: income, members, asOf: over.asOf ?? `${planYear - 1}-11-15`, enrollmentPeriod: over.enrollmentPeriod };
}

describe('the federal poverty line', () => {
  it.each([
    [2024, 'contiguous', 1, 15_060_00],
    [2024, 'contiguous', 4, 31_200_00],
    [2024, 'alaska', 1, 18_810_00],
    [2024, 'hawaii', 3, 29_690_00],
    [2025, 'contiguous', 1, 15_650_00],
    [2025, 'contiguous', 4, 32_150_00],
    [2025, 'alaska', 2, 26_430_00],
    [2025, 'hawaii', 2, 24_320_00],
    [2026, 'contiguous', 1, 15_960_00],
    [2026, 'contiguous', 3, 27_320_00],
    [2026, 'alaska', 4, 41_250_00],
    [2026, 'hawaii', 1, 18_360_00],
  ] as const)('%i guidelines, %s, family of %i: %i cents', (year, region, size, cents) => {
    expect(povertyLineCents(year, region, size)).toBe(cents);
  });

  it('uses the guidelines published the year before the plan year', () => {
    const e = determineEligibility(input({ planYear: 2026, householdSize: 2, members: [adult('a'), adult('b')], annualIncomeCents: 42_300_00 }), VT);
    expect(e.guidelineYear).toBe(2025);
    expect(e.povertyLineCents).toBe(21_150_00);
    expect(e.fplPercent).toBe(200);
  });

  it('takes income as a whole percent, rounded down', () => {
    expect(incomePercentOfPoverty(31_300_00, 15_650_00)).toBe(200);
    expect(incomePercentOfPoverty(31_299_99, 15_650_00)).toBe(199);
    expect(incomePercentOfPoverty(0, 15_650_00)).toBe(0);
  });

  it('switches Medicaid to the new guidelines on the state’s day', () => {
    expect(medicaidGuidelineYear('2026-03-31', '04-01')).toBe(2025);
    expect(medicaidGuidelineYear('2026-04-01', '04-01')).toBe(2026);
    expect(medicaidGuidelineYear('2031-06-01', '04-01')).toBe(2026); // newest loaded
  });
});

describe('the applicable percentage', () => {
  it.each([
    // plan year 2026, Rev. Proc. 2025-25: band edges and interpolation, rounded to 0.01 %
    [2026, 100, 210],
    [2026, 132, 210],
    [2026, 133, 314],
    [2026, 140, 357], // 3.14 + 1.05 × 7/17 = 3.5723… → 3.57
    [2026, 149, 413], // 3.14 + 1.05 × 16/17 = 4.1282… → 4.13
    [2026, 150, 419],
    [2026, 175, 540], // 4.19 + 2.41 × ½ = 5.395 → 5.40 (half up)
    [2026, 199, 655],
    [2026, 200, 660],
    [2026, 225, 752],
    [2026, 249, 840],
    [2026, 250, 844],
    [2026, 275, 920],
    [2026, 299, 993],
    [2026, 300, 996],
    [2026, 350, 996],
    [2026, 400, 996],
    // plan year 2025, Rev. Proc. 2024-35
    [2025, 100, 0],
    [2025, 149, 0],
    [2025, 150, 0],
    [2025, 175, 100],
    [2025, 200, 200],
    [2025, 233, 332],
    [2025, 250, 400],
    [2025, 300, 600],
    [2025, 350, 725],
    [2025, 399, 848], // 6.00 + 2.50 × 99/100 = 8.475 → 8.48
    [2025, 400, 850],
    [2025, 401, 850],
    [2025, 800, 850],
  ] as const)('plan year %i at %i%% FPL: %i basis points', (year, percent, bp) => {
    expect(applicablePercentage(year, percent)).toEqual({ eligible: true, basisPoints: bp });
  });

  it('has the 400 % cliff in 2026', () => {
    expect(applicablePercentage(2026, 400).eligible).toBe(true);
    expect(applicablePercentage(2026, 401)).toEqual({ eligible: false, reason: 'above-ceiling' });
    const e = determineEligibility(input({ percent: 401 }), VT);
    expect(e.credit).toEqual({ eligible: false, reason: 'above-ceiling' });
    expect(e.explanation.map((l) => l.code)).toContain('eligibility.none.aboveCeiling');
    expect(determineEligibility(input({ percent: 400 }), VT).credit.eligible).toBe(true);
  });

  it('refuses 2028, a year without rules, with a clear message', () => {
    let thrown: unknown;
    try {
      determineEligibility(input({ planYear: 2028, annualIncomeCents: 40_000_00 }), VT);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(CandorError);
    expect((thrown as CandorError).details.fields).toEqual([{ field: 'planYear', messageKey: 'eligibility.errors.yearUnknown', values: { year: 2028 } }]);
    expect(() => applicablePercentage(2024, 200)).toThrow(CandorError);
  });
});

describe('plan year 2027', () => {
  it('uses the 2026 HHS guidelines (91 FR 1797) and an applicable-percentage table marked provisional', async () => {
    const { PLAN_YEARS, POVERTY_GUIDELINE_SOURCES } = await import('./tables.js');
    const e = determineEligibility(input({ planYear: 2027, householdSize: 1, annualIncomeCents: 31_920_00 }), VT);
    expect(e.guidelineYear).toBe(2026);
    expect(e.povertyLineCents).toBe(15_960_00);
    expect(e.fplPercent).toBe(200);
    expect(e.credit).toMatchObject({ eligible: true, applicablePercentageBp: 660 });
    expect(PLAN_YEARS[2027]!.applicablePercentage).toMatchObject({ state: 'provisional', source: expect.stringContaining('Estimate') });
    expect(PLAN_YEARS[2026]!.applicablePercentage).toMatchObject({ state: 'published', source: 'Rev. Proc. 2025-25' });
    expect(POVERTY_GUIDELINE_SOURCES[2026]).toContain('91 FR 1797');
  });
});

describe('money rounding', () => {
  it.each([
    [5, 2, 3],
    [3, 2, 2],
    [1, 3, 0],
    [2, 3, 1],
    [-5, 2, -3],
    [159_630_00, 12, 13_302_50],
    [15_963_000, 12, 1_330_250],
  ])('%i / %i → %i', (n, d, q) => expect(divRound(n, d)).toBe(q));

  it('reads dollar amounts exactly', () => {
    expect(parseDollars('1,299.18')).toBe(129_918);
    expect(parseDollars('$824.1')).toBe(82_410);
    expect(parseDollars('12')).toBe(1_200);
    expect(parseDollars('1.234')).toBeNull();
    expect(parseDollars('abc')).toBeNull();
  });
});

describe('the required contribution and the credit', () => {
  it('computes the worked example: a single adult at 200 % FPL in Vermont, 2026', () => {
    const e = determineEligibility(input({ annualIncomeCents: 31_300_00 }), VT);
    expect(e.fplPercent).toBe(200);
    expect(e.credit).toEqual({ eligible: true, applicablePercentageBp: 660, requiredContributionYearlyCents: 2_065_80, requiredContributionMonthlyCents: 172_15 });
    // Vermont Premium Assistance: 6.60 − 1.50 = 5.10 %; 31,300 × 5.10 % = 1,596.30 a year; /12 = 133.025 → 133.03
    expect(e.premiumAssistance).toEqual({ applicablePercentageBp: 510, requiredContributionYearlyCents: 1_596_30, requiredContributionMonthlyCents: 133_03 });
    const help = householdHelp(e, 1_299_18, VT);
    expect(help.maxCreditMonthlyCents).toBe(1_299_18 - 172_15);
    expect(help.maxPremiumAssistanceMonthlyCents).toBe(172_15 - 133_03);
    const en = help.explanation.map((l) => l.en).join(' ');
    expect(en).toContain('costs $1,299.18 a month');
    expect(en).toContain('up to $1,127.03 a month');
    expect(help.explanation.every((l) => l.es.length > 0 && l.es !== l.en)).toBe(true);
    // A plan cheaper than the credit costs nothing, and the state pays nothing on it.
    expect(applyHelp(help, 824_11)).toEqual({ premiumCents: 824_11, creditCents: 824_11, premiumAssistanceCents: 0, premiumAfterHelpCents: 0 });
    // The benchmark itself costs the state contribution.
    expect(applyHelp(help, 1_299_18).premiumAfterHelpCents).toBe(133_03);
  });

  it('caps premium assistance at what is left of the benchmark', () => {
    const e = determineEligibility(input({ annualIncomeCents: 31_300_00 }), VT);
    const help = householdHelp(e, 120_00, VT); // benchmark below both contributions: no help at all
    expect(help.maxCreditMonthlyCents).toBe(0);
    expect(help.maxPremiumAssistanceMonthlyCents).toBe(0);
    const help2 = householdHelp(e, 160_00, VT); // between: credit 0, state help up to benchmark − state contribution
    expect(help2.maxCreditMonthlyCents).toBe(0);
    expect(help2.maxPremiumAssistanceMonthlyCents).toBe(160_00 - 133_03);
  });

  it('gives no Vermont Premium Assistance above 300 % FPL', () => {
    expect(determineEligibility(input({ percent: 300 }), VT).premiumAssistance).not.toBeNull();
    expect(determineEligibility(input({ percent: 301 }), VT).premiumAssistance).toBeNull();
    expect(determineEligibility(input({ percent: 200 }), FEDERAL).premiumAssistance).toBeNull();
  });
});

describe('cost-sharing reductions', () => {
  it.each([
    [100, '94', '06', 'federal'],
    [150, '94', '06', 'federal'],
    [151, '87', '05', 'federal'],
    [200, '87', '05', 'federal'],
    [201, '77', '04', 'federal'],
    [250, '77', '04', 'federal'],
    [251, '73', '07', 'state'],
    [300, '73', '07', 'state'],
    [301, null, '01', null],
  ] as const)('Vermont at %i%% FPL: Silver %s, variant -%s', (percent, level, variant, fundedBy) => {
    const e = determineEligibility(input({ percent }), NO_EXPANSION(VT));
    expect(e.costSharing).toMatchObject({ level, variant, fundedBy });
  });

  it.each([
    [150, '94', '06'],
    [200, '87', '05'],
    [250, '73', '04'],
    [251, null, '01'],
  ] as const)('federal at %i%% FPL: %s, variant -%s', (percent, level, variant) => {
    expect(determineEligibility(input({ percent }), NO_EXPANSION(FEDERAL)).costSharing).toMatchObject({ level, variant });
  });

  it('requires eligibility for the credit', () => {
    const e = determineEligibility(input({ percent: 200, enrollmentPeriod: 'income-based-sep' }), VT);
    expect(e.credit).toEqual({ eligible: false, reason: 'income-based-sep' });
    expect(e.costSharing.level).toBeNull();
  });
});

describe('American Indian / Alaska Native provisions', () => {
  const aian = (id: string, age = 40) => adult(id, age, { americanIndianAlaskaNative: true });
  it('gives zero cost sharing on every metal at or below 300 % FPL with the credit', () => {
    const e = determineEligibility(input({ percent: 280, members: [aian('a'), aian('b')] }), VT);
    expect(e.costSharing).toEqual({ level: 'zero', variant: '02', metals: 'all', fundedBy: 'federal' });
  });
  it('gives limited cost sharing at any income', () => {
    expect(determineEligibility(input({ percent: 301, members: [aian('a')] }), VT).costSharing).toMatchObject({ level: 'limited', variant: '03' });
    expect(determineEligibility(input({ percent: 900, members: [aian('a')] }), VT).costSharing).toMatchObject({ level: 'limited', variant: '03' });
  });
  it('applies only when everyone enrolling qualifies', () => {
    expect(determineEligibility(input({ percent: 280, members: [aian('a'), adult('b')] }), VT).costSharing.level).toBe('73');
  });
});

describe('Medicaid and Dr. Dynasaur screening (a referral)', () => {
  const asOf = '2026-11-27'; // Medicaid uses the 2026 guidelines: 15,960 for one
  it('refers adults at or below 138 % FPL', () => {
    const edge = determineEligibility({ ...input(), annualIncomeCents: 22_024_80, asOf }, VT);
    expect(edge.medicaidFplPercent).toBe(138);
    expect(edge.members[0]!.outcome).toBe('medicaid');
    const above = determineEligibility({ ...input(), annualIncomeCents: 22_184_40, asOf }, VT);
    expect(above.medicaidFplPercent).toBe(139);
    expect(above.members[0]!.outcome).toBe('qhp-aptc');
  });

  it('refers children under 19 below 312 % and pregnant people below 208 %', () => {
    const members = [adult('p', 35), adult('c', 10), adult('t', 18), adult('y', 19)];
    const size = 4;
    const line = povertyLineCents(2026, 'contiguous', size);
    const at = (percent: number) => determineEligibility({ planYear: 2026, householdSize: size, members, annualIncomeCents: (line * percent) / 100, asOf }, VT);
    const outcomes = (percent: number) => Object.fromEntries(at(percent).members.map((m) => [m.id, m.outcome]));
    expect(outcomes(311)).toEqual({ p: 'qhp-aptc', y: 'qhp-aptc', t: 'chip', c: 'chip' });
    expect(outcomes(312)).toEqual({ p: 'qhp-aptc', y: 'qhp-aptc', t: 'qhp-aptc', c: 'qhp-aptc' });
    const pregnant = (percent: number) =>
      determineEligibility(
        { planYear: 2026, householdSize: 2, members: [adult('p', 30, { pregnant: true }), adult('q', 31)], annualIncomeCents: (povertyLineCents(2026, 'contiguous', 2) * percent) / 100, asOf },
        VT,
      ).members;
    expect(pregnant(207).find((m) => m.id === 'p')!.outcome).toBe('chip');
    expect(pregnant(208).find((m) => m.id === 'p')!.outcome).toBe('qhp-aptc');
  });

  it('shows plans at full price when everyone is referred', () => {
    const e = determineEligibility({ ...input(), annualIncomeCents: 10_000_00, asOf }, VT);
    expect(e.credit).toEqual({ eligible: false, reason: 'all-referred' });
    expect(e.explanation.map((l) => l.code)).toEqual(['eligibility.income', 'eligibility.referral.adult', 'eligibility.none.allReferred']);
  });
});

describe('the 2026 exclusions', () => {
  it('gives no credit to lawfully present people under 100 % FPL in 2026, but did in 2025', () => {
    const member = adult('a', 40, { immigration: 'lawfully-present' });
    const y2026 = determineEligibility({ ...input({ members: [member] }), annualIncomeCents: 12_000_00, asOf: '2025-11-15' }, VT);
    expect(y2026.credit).toEqual({ eligible: false, reason: 'all-referred' });
    expect(y2026.members[0]!.outcome).toBe('medicaid');
    expect(y2026.explanation.map((l) => l.code)).toContain('eligibility.none.lawfullyPresentBelowPoverty');
    // Where Medicaid does not cover them (no expansion), the 2026 exclusion is the reason.
    const noExpansion = determineEligibility({ ...input({ members: [member] }), annualIncomeCents: 12_000_00 }, NO_EXPANSION(VT));
    expect(noExpansion.credit).toEqual({ eligible: false, reason: 'lawfully-present-below-poverty' });
    expect(noExpansion.members[0]!.outcome).toBe('qhp');
    const y2025 = determineEligibility({ ...input({ members: [member], planYear: 2025 }), annualIncomeCents: 12_000_00, asOf: '2024-11-15' }, VT);
    expect(y2025.credit).toMatchObject({ eligible: true, applicablePercentageBp: 0 });
    expect(y2025.members[0]!.outcome).toBe('qhp-aptc');
    expect(y2025.costSharing.level).toBe('94');
  });

  it('gives no credit to citizens under 100 % FPL who are not referred', () => {
    const e = determineEligibility({ ...input({ members: [adult('a', 70)] }), annualIncomeCents: 10_000_00 }, VT);
    expect(e.credit).toEqual({ eligible: false, reason: 'below-poverty' });
  });

  it('refuses the credit with affordable employer coverage', () => {
    const income = 60_000_00;
    const cheap = determineEligibility({ ...input({ members: [adult('a', 40, { employerSelfOnlyMonthlyCents: 100_00 })] }), annualIncomeCents: income }, VT);
    expect(cheap.credit.eligible).toBe(false);
    expect(cheap.members[0]!.reasons).toContain('affordable-employer-coverage');
    const dear = determineEligibility({ ...input({ members: [adult('a', 40, { employerSelfOnlyMonthlyCents: 600_00 })] }), annualIncomeCents: income }, VT);
    expect(dear.credit.eligible).toBe(true);
  });
});

describe('properties', () => {
  const member = fc.record({
    age: fc.integer({ min: 0, max: 90 }),
    pregnant: fc.boolean(),
    americanIndianAlaskaNative: fc.boolean(),
    seekingCoverage: fc.boolean(),
    immigration: fc.constantFrom('citizen', 'lawfully-present') as fc.Arbitrary<'citizen' | 'lawfully-present'>,
  });
  const household = fc.record({
    planYear: fc.constantFrom(2025, 2026),
    members: fc.array(member, { minLength: 1, maxLength: 7 }),
    extra: fc.integer({ min: 0, max: 3 }),
    income: fc.integer({ min: 0, max: 400_000_00 }),
    rules: fc.constantFrom(VT, FEDERAL),
  });
  const build = (h: { planYear: number; members: Array<Omit<HouseholdMember, 'id'>>; extra: number; income: number }): EligibilityInput => ({
    planYear: h.planYear,
    householdSize: h.members.length + h.extra,
    annualIncomeCents: h.income,
    members: h.members.map((m, i) => ({ ...m, id: `m${i}` })),
    asOf: `${h.planYear - 1}-12-01`,
  });

  it('never gives a credit above the plan premium or below zero, and never a negative premium after help', () => {
    fc.assert(
      fc.property(household, fc.integer({ min: 0, max: 5_000_00 }), fc.integer({ min: 0, max: 8_000_00 }), fc.boolean(), (h, benchmark, premium, allowed) => {
        const e = determineEligibility(build(h), h.rules);
        const help = householdHelp(e, benchmark, h.rules);
        const plan = applyHelp(help, premium, allowed);
        expect(plan.creditCents).toBeGreaterThanOrEqual(0);
        expect(plan.creditCents).toBeLessThanOrEqual(premium);
        expect(plan.premiumAssistanceCents).toBeGreaterThanOrEqual(0);
        expect(plan.premiumAfterHelpCents).toBeGreaterThanOrEqual(0);
        expect(plan.creditCents + plan.premiumAssistanceCents + plan.premiumAfterHelpCents).toBe(premium);
        if (!e.credit.eligible) expect(plan.creditCents).toBe(0);
      }),
    );
  });

  it('never lowers the required contribution as income rises within a year', () => {
    fc.assert(
      fc.property(fc.constantFrom(2025, 2026), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 300_000_00 }), fc.integer({ min: 0, max: 50_000_00 }), (planYear, size, low, step) => {
        const members = [adult('a')];
        const at = (income: number) => determineEligibility({ planYear, householdSize: size, members, annualIncomeCents: income, asOf: `${planYear - 1}-12-01` }, FEDERAL).credit;
        const a = at(low);
        const b = at(low + step);
        if (a.eligible && b.eligible) {
          expect(b.requiredContributionYearlyCents).toBeGreaterThanOrEqual(a.requiredContributionYearlyCents);
          expect(b.requiredContributionMonthlyCents).toBeGreaterThanOrEqual(a.requiredContributionMonthlyCents);
          expect(b.applicablePercentageBp).toBeGreaterThanOrEqual(a.applicablePercentageBp);
        }
      }),
    );
  });

  it('gives the same result whatever the order of the members', () => {
    fc.assert(
      fc.property(household, fc.integer(), (h, seed) => {
        const a = build(h);
        const shuffled = [...a.members].sort((x, y) => ((x.id.charCodeAt(1) * 31 + seed) % 7) - ((y.id.charCodeAt(1) * 31 + seed) % 7));
        expect(determineEligibility({ ...a, members: shuffled }, h.rules)).toEqual(determineEligibility(a, h.rules));
      }),
    );
  });

  it('explains every result in English and Spanish', () => {
    fc.assert(
      fc.property(household, (h) => {
        const e = determineEligibility(build(h), h.rules);
        expect(e.explanation.length).toBeGreaterThan(0);
        for (const l of e.explanation) {
          expect(l.en).not.toMatch(/\{\w+\}/);
          expect(l.es).not.toMatch(/\{\w+\}/);
        }
      }),
    );
  });
});

describe('explanation formatting', () => {
  it('writes money exactly as the page shell does', async () => {
    const { formatMoney } = await import('../web/i18n.js');
    const { formatCents } = await import('./explanation.js');
    for (const cents of [0, 5, 1_299_18, 100_000_000_00]) for (const lang of ['en', 'es'] as const) expect(formatCents(cents, lang)).toBe(formatMoney(cents, lang));
  });
});
