/**
 * The federal figures as data (RULES.md, with sources). A later law or a new
 * year is a new entry here, never a code change. A plan year whose
 * applicable-percentage table is not published has `applicablePercentage: null`
 * and is refused, never guessed.
 */

/** HHS poverty guidelines, in cents: the first person and each extra person. */
export interface PovertyGuideline {
  firstPersonCents: number;
  eachExtraPersonCents: number;
}

export type PovertyRegion = 'contiguous' | 'alaska' | 'hawaii';

/** Where each year's guidelines were published (all are published figures). */
export const POVERTY_GUIDELINE_SOURCES: Readonly<Record<number, string>> = {
  2024: 'HHS poverty guidelines, 89 FR 2961 (17 January 2024)',
  2025: 'HHS poverty guidelines, 90 FR 5917 (17 January 2025)',
  2026: 'HHS poverty guidelines, 91 FR 1797 (15 January 2026)',
};

/** Guidelines by the year HHS published them. */
export const POVERTY_GUIDELINES: Readonly<Record<number, Readonly<Record<PovertyRegion, PovertyGuideline>>>> = {
  2024: {
    contiguous: { firstPersonCents: 1_506_000, eachExtraPersonCents: 538_000 },
    alaska: { firstPersonCents: 1_881_000, eachExtraPersonCents: 673_000 },
    hawaii: { firstPersonCents: 1_731_000, eachExtraPersonCents: 619_000 },
  },
  2025: {
    contiguous: { firstPersonCents: 1_565_000, eachExtraPersonCents: 550_000 },
    alaska: { firstPersonCents: 1_955_000, eachExtraPersonCents: 688_000 },
    hawaii: { firstPersonCents: 1_799_000, eachExtraPersonCents: 633_000 },
  },
  2026: {
    contiguous: { firstPersonCents: 1_596_000, eachExtraPersonCents: 568_000 },
    alaska: { firstPersonCents: 1_995_000, eachExtraPersonCents: 710_000 },
    hawaii: { firstPersonCents: 1_836_000, eachExtraPersonCents: 653_000 },
  },
};

/**
 * One band of the applicable-percentage table: incomes from `from` % FPL
 * (inclusive) to `to` % (exclusive; the last band includes `to`), the
 * percentage rising linearly from `startBp` to `endBp` (basis points).
 */
export interface ApplicablePercentageBand {
  from: number;
  to: number;
  startBp: number;
  endBp: number;
}

/**
 * Whether a table's figures are the ones its source published, or an
 * estimate the exchange uses until they are (docs/adr/0100-plan-year-as-data.md).
 * A provisional figure is labelled as an estimate wherever a person sees it.
 */
export type TableState = 'published' | 'provisional';

export interface ApplicablePercentageTable {
  source: string;
  state: TableState;
  bands: readonly ApplicablePercentageBand[];
  /** Above the last band's `to`: this percentage, or null for no credit (the 400 % cliff). */
  aboveLastBandBp: number | null;
}

export interface PlanYearRules {
  /** Plan year N uses the guidelines HHS published in year N−1. */
  guidelineYear: number;
  applicablePercentage: ApplicablePercentageTable | null;
  /** Employer coverage is affordable when its self-only premium is at most this share of income. */
  employerAffordabilityBp: number | null;
  /** Lawfully present people under 100 % FPL, not eligible for Medicaid because of status, may get the credit. */
  lawfullyPresentBelowPovertyEligible: boolean;
  /** Coverage bought through the income-based special enrollment period may get the credit. */
  creditInIncomeBasedSep: boolean;
}

/** The bands of Rev. Proc. 2025-25 (plan year 2026), also carried forward as 2027's provisional table. */
const REV_PROC_2025_25_BANDS: readonly ApplicablePercentageBand[] = [
  { from: 0, to: 133, startBp: 210, endBp: 210 },
  { from: 133, to: 150, startBp: 314, endBp: 419 },
  { from: 150, to: 200, startBp: 419, endBp: 660 },
  { from: 200, to: 250, startBp: 660, endBp: 844 },
  { from: 250, to: 300, startBp: 844, endBp: 996 },
  { from: 300, to: 400, startBp: 996, endBp: 996 },
];

export const PLAN_YEARS: Readonly<Record<number, PlanYearRules>> = {
  2025: {
    guidelineYear: 2024,
    applicablePercentage: {
      source: 'Rev. Proc. 2024-35',
      state: 'published',
      bands: [
        { from: 0, to: 133, startBp: 0, endBp: 0 },
        { from: 133, to: 150, startBp: 0, endBp: 0 },
        { from: 150, to: 200, startBp: 0, endBp: 200 },
        { from: 200, to: 250, startBp: 200, endBp: 400 },
        { from: 250, to: 300, startBp: 400, endBp: 600 },
        { from: 300, to: 400, startBp: 600, endBp: 850 },
      ],
      aboveLastBandBp: 850,
    },
    employerAffordabilityBp: 902,
    lawfullyPresentBelowPovertyEligible: true,
    creditInIncomeBasedSep: true,
  },
  2026: {
    guidelineYear: 2025,
    applicablePercentage: {
      source: 'Rev. Proc. 2025-25',
      state: 'published',
      bands: REV_PROC_2025_25_BANDS,
      aboveLastBandBp: null,
    },
    employerAffordabilityBp: 996,
    lawfullyPresentBelowPovertyEligible: false,
    creditInIncomeBasedSep: false,
  },
  2027: {
    guidelineYear: 2026,
    // PROVISIONAL: the Revenue Procedure for 2027 was not found when this was shipped. The 2026
    // table (Rev. Proc. 2025-25) is carried forward unchanged and labelled as an estimate on every
    // page, notice and API response that shows a figure computed from it; an operator replaces it
    // with `candor plan-year load` once the IRS publishes the 2027 table.
    applicablePercentage: {
      source: 'Estimate: Rev. Proc. 2025-25 (plan year 2026) carried forward until the IRS publishes the 2027 table',
      state: 'provisional',
      bands: REV_PROC_2025_25_BANDS,
      aboveLastBandBp: null,
    },
    employerAffordabilityBp: 996,
    lawfullyPresentBelowPovertyEligible: false,
    creditInIncomeBasedSep: false,
  },
};

/** The premium tax credit is for incomes of at least this percent of FPL (26 USC 36B(c)(1)). */
export const CREDIT_FLOOR_FPL_PERCENT = 100;
/** American Indians and Alaska Natives at or below this income get zero cost sharing (45 CFR 155.350(a)). */
export const AIAN_ZERO_COST_SHARING_MAX_FPL_PERCENT = 300;
/** Plan variant suffixes of the federal rules (45 CFR 156.420). */
export const VARIANTS = { offExchange: '00', standard: '01', zeroCostSharing: '02', limitedCostSharing: '03' } as const;

// ── tables an operator loaded (src/plan-years: `candor plan-year load`) ──

const loadedRules = new Map<number, PlanYearRules>();
const loadedGuidelines = new Map<number, Record<PovertyRegion, PovertyGuideline>>();

/**
 * Puts the loaded tables in force in this process: a year's rules (its
 * applicable-percentage table replacing the shipped one) and poverty
 * guidelines by the year HHS published them. Called by the plan-years module
 * with everything loaded, whenever it reads a new generation.
 */
export function useLoadedTables(loaded: { rules: ReadonlyMap<number, PlanYearRules>; guidelines: ReadonlyMap<number, Record<PovertyRegion, PovertyGuideline>> }): void {
  loadedRules.clear();
  loadedGuidelines.clear();
  for (const [y, r] of loaded.rules) loadedRules.set(y, r);
  for (const [y, g] of loaded.guidelines) loadedGuidelines.set(y, g);
}

/** A plan year's rules in force: loaded, else shipped. */
export function rulesInForce(planYear: number): PlanYearRules | undefined {
  return loadedRules.get(planYear) ?? PLAN_YEARS[planYear];
}

/** Poverty guidelines in force by the year HHS published them: loaded, else shipped. */
export function guidelinesInForce(year: number): Readonly<Record<PovertyRegion, PovertyGuideline>> | undefined {
  return loadedGuidelines.get(year) ?? POVERTY_GUIDELINES[year];
}

/** Every guideline year known (shipped or loaded), ascending. */
export function guidelineYearsInForce(): number[] {
  return [...new Set([...Object.keys(POVERTY_GUIDELINES).map(Number), ...loadedGuidelines.keys()])].sort((a, b) => a - b);
}
