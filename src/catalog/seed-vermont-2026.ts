/**
 * The Vermont 2026 catalog, consistent with the published figures (RULES.md):
 * both carriers' standard platinum, gold, silver and bronze designs and their
 * HSA-qualified versions, every plan variant (AI/AN, Vermont's Silver 94/87/77
 * and the state-funded Silver 73), family-tier rates for the one statewide
 * rating area. Benchmark (second-lowest silver) $1,299.18 a month for one
 * adult; lowest bronze $824.11. It goes in through the PUF importer itself.
 */
import type { Tx } from '../platform/database.js';
import type { FamilyTierFactors } from '../states/profile.js';
import { vermont } from '../states/vt.js';
import { divRound } from '../eligibility/money.js';
import { csvLine } from './csv.js';
import { importPuf, textSource, type ImportResult } from './import-puf.js';

export const VT_COUNTIES = [
  'Addison',
  'Bennington',
  'Caledonia',
  'Chittenden',
  'Essex',
  'Franklin',
  'Grand Isle',
  'Lamoille',
  'Orange',
  'Orleans',
  'Rutland',
  'Washington',
  'Windham',
  'Windsor',
] as const;
/** Vermont's ZIP codes start with these three digits (055 belongs to Massachusetts). */
export const VT_ZIP_PREFIXES = ['050', '051', '052', '053', '054', '056', '057', '058', '059'] as const;
export const VT_RATING_AREA = 'Rating Area 1';

interface Design {
  deductible: [number, number];
  oop: [number, number];
  copays: [string, string, string, string];
  hsa: boolean;
}

const d = (deductible: [number, number], oop: [number, number], copays: [string, string, string, string], hsa = false): Design => ({ deductible, oop, copays, hsa });

/** Vermont's standard designs (same for both carriers), by metal and variant. */
const DESIGNS: Record<string, Record<string, Design>> = {
  platinum: { '01': d([300, 600], [2_900, 5_800], ['$15', '$35', '$5', '$200']) },
  gold: { '01': d([1_500, 3_000], [6_000, 12_000], ['$25', '$60', '$10', '$350']) },
  'gold-hsa': { '01': d([2_000, 4_000], [5_000, 10_000], ['$25 Copay after deductible', '$60 Copay after deductible', '$10 Copay after deductible', '20% Coinsurance after deductible'], true) },
  silver: {
    '01': d([4_500, 9_000], [9_400, 18_800], ['$40', '$80', '$15', '$500 Copay after deductible']),
    '04': d([2_600, 5_200], [6_000, 12_000], ['$30', '$60', '$10', '$350']),
    '05': d([1_000, 2_000], [3_300, 6_600], ['$15', '$30', '$5', '$200']),
    '06': d([150, 300], [1_200, 2_400], ['$5', '$10', '$3', '$75']),
    '07': d([3_600, 7_200], [7_500, 15_000], ['$35', '$70', '$12', '$400']),
  },
  'silver-hsa': {
    '01': d([3_600, 7_200], [8_200, 16_400], ['30% Coinsurance after deductible', '30% Coinsurance after deductible', '$15 Copay after deductible', '30% Coinsurance after deductible'], true),
    '04': d([2_700, 5_400], [6_000, 12_000], ['20% Coinsurance after deductible', '20% Coinsurance after deductible', '$10 Copay after deductible', '20% Coinsurance after deductible'], true),
    '05': d([1_700, 3_400], [3_300, 6_600], ['10% Coinsurance after deductible', '10% Coinsurance after deductible', '$5 Copay after deductible', '10% Coinsurance after deductible'], true),
    '06': d([1_700, 3_400], [2_000, 4_000], ['No Charge after deductible', 'No Charge after deductible', '$3 Copay after deductible', 'No Charge after deductible'], true),
    '07': d([3_300, 6_600], [7_300, 14_600], ['25% Coinsurance after deductible', '25% Coinsurance after deductible', '$12 Copay after deductible', '25% Coinsurance after deductible'], true),
  },
  bronze: { '01': d([7_000, 14_000], [10_000, 20_000], ['$60', '50% Coinsurance after deductible', '$25', '50% Coinsurance after deductible']) },
  'bronze-hsa': { '01': d([8_300, 16_600], [8_300, 16_600], ['No Charge after deductible', 'No Charge after deductible', 'No Charge after deductible', 'No Charge after deductible'], true) },
};

const ZERO = d([0, 0], [0, 0], ['No Charge', 'No Charge', 'No Charge', 'No Charge']);

const VARIANT_TYPES: Record<string, (metal: string) => string> = {
  '01': (metal) => `Standard ${metal} On Exchange Plan`,
  '02': () => 'Zero Cost Sharing Plan Variation',
  '03': () => 'Limited Cost Sharing Plan Variation',
  '04': () => '77% AV Level Silver Plan',
  '05': () => '87% AV Level Silver Plan',
  '06': () => '94% AV Level Silver Plan',
  '07': () => '73% AV Level Silver Plan (State)',
};

interface SeedPlan {
  id: string;
  name: string;
  design: keyof typeof DESIGNS;
  singleCents: number;
}

export const VT_2026_CARRIERS = [
  {
    issuerId: '13627',
    name: 'Blue Cross and Blue Shield of Vermont',
    network: 'PPO',
    plans: [
      { id: '13627VT0010001', name: 'BlueCross Standard Platinum', design: 'platinum', singleCents: 1_652_37 },
      { id: '13627VT0010002', name: 'BlueCross Standard Gold', design: 'gold', singleCents: 1_436_52 },
      { id: '13627VT0010003', name: 'BlueCross Gold CDHP', design: 'gold-hsa', singleCents: 1_398_70 },
      { id: '13627VT0010004', name: 'BlueCross Standard Silver', design: 'silver', singleCents: 1_327_40 },
      { id: '13627VT0010005', name: 'BlueCross Silver CDHP', design: 'silver-hsa', singleCents: 1_311_54 },
      { id: '13627VT0010006', name: 'BlueCross Standard Bronze', design: 'bronze', singleCents: 872_96 },
      { id: '13627VT0010007', name: 'BlueCross Bronze CDHP', design: 'bronze-hsa', singleCents: 851_33 },
    ] as SeedPlan[],
  },
  {
    issuerId: '77566',
    name: 'MVP Health Care',
    network: 'HMO',
    plans: [
      { id: '77566VT0020001', name: 'MVP VT Standard Platinum', design: 'platinum', singleCents: 1_603_85 },
      { id: '77566VT0020002', name: 'MVP VT Standard Gold', design: 'gold', singleCents: 1_389_12 },
      { id: '77566VT0020003', name: 'MVP VT HDHP Gold', design: 'gold-hsa', singleCents: 1_362_40 },
      { id: '77566VT0020004', name: 'MVP VT Standard Silver', design: 'silver', singleCents: 1_274_63 },
      { id: '77566VT0020005', name: 'MVP VT HDHP Silver', design: 'silver-hsa', singleCents: 1_299_18 },
      { id: '77566VT0020006', name: 'MVP VT Standard Bronze', design: 'bronze', singleCents: 846_27 },
      { id: '77566VT0020007', name: 'MVP VT HDHP Bronze', design: 'bronze-hsa', singleCents: 824_11 },
    ] as SeedPlan[],
  },
] as const;

export const PLAN_HEADER = [
  'BusinessYear',
  'StateCode',
  'IssuerId',
  'IssuerMarketPlaceMarketingName',
  'MarketCoverage',
  'DentalOnlyPlan',
  'StandardComponentId',
  'PlanMarketingName',
  'PlanType',
  'MetalLevel',
  'PlanId',
  'CSRVariationType',
  'IsHSAEligible',
  'TEHBDedInnTier1Individual',
  'TEHBDedInnTier1FamilyPerGroup',
  'TEHBInnTier1IndividualMOOP',
  'TEHBInnTier1FamilyPerGroupMOOP',
  'CopayPrimaryCare',
  'CopaySpecialist',
  'CopayGenericDrugs',
  'CopayEmergencyRoom',
];

export const RATE_HEADER = [
  'BusinessYear',
  'StateCode',
  'IssuerId',
  'RateEffectiveDate',
  'RateExpirationDate',
  'PlanId',
  'RatingAreaId',
  'Tobacco',
  'Age',
  'IndividualRate',
  'IndividualTobaccoRate',
  'Couple',
  'PrimarySubscriberAndOneDependent',
  'PrimarySubscriberAndTwoDependents',
  'PrimarySubscriberAndThreeOrMoreDependents',
  'CoupleAndOneDependent',
  'CoupleAndTwoDependents',
  'CoupleAndThreeOrMoreDependents',
];

const dollars = (n: number) => `$${n.toLocaleString('en-US')}`;
export const centsText = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

export function vermont2026PlanCsv(year = 2026): string {
  let out = csvLine(PLAN_HEADER);
  for (const carrier of VT_2026_CARRIERS) {
    for (const plan of carrier.plans) {
      const metal = plan.design.split('-')[0]!;
      const Metal = metal[0]!.toUpperCase() + metal.slice(1);
      const designs = DESIGNS[plan.design]!;
      const variants = { ...designs, '02': ZERO, '03': designs['01']! };
      for (const [variant, design] of Object.entries(variants).sort(([a], [b]) => a.localeCompare(b))) {
        const hsa = design.hsa && design.deductible[0] > 0;
        out += csvLine([
          year,
          'VT',
          carrier.issuerId,
          carrier.name,
          'Individual',
          'No',
          plan.id,
          plan.name,
          carrier.network,
          Metal,
          `${plan.id}-${variant}`,
          VARIANT_TYPES[variant]!(Metal),
          hsa ? 'Yes' : 'No',
          dollars(design.deductible[0]),
          dollars(design.deductible[1]),
          dollars(design.oop[0]),
          dollars(design.oop[1]),
          ...design.copays,
        ]);
      }
    }
  }
  return out;
}

/** Family-option rows: the single rate and Vermont's tier multiples of it, to the cent. */
function vermontTiers(): FamilyTierFactors {
  if (vermont.rating.method !== 'family-tier') throw new Error('the Vermont profile rates by family tier');
  return vermont.rating.tiers;
}

export function familyOptionCents(singleCents: number, tiers: FamilyTierFactors = vermontTiers()) {
  const times = (factor: number) => divRound(singleCents * Math.round(factor * 1000), 1000);
  const couple = times(tiers.twoAdults);
  const withChildren = times(tiers.adultWithChildren);
  const family = times(tiers.family);
  return [couple, withChildren, withChildren, withChildren, family, family, family];
}

export function vermont2026RateCsv(year = 2026): string {
  let out = csvLine(RATE_HEADER);
  for (const carrier of VT_2026_CARRIERS) {
    for (const plan of carrier.plans) {
      out += csvLine([
        year,
        'VT',
        carrier.issuerId,
        `${year}-01-01`,
        `${year}-12-31`,
        plan.id,
        VT_RATING_AREA,
        'No Preference',
        'Family Option',
        centsText(plan.singleCents),
        '',
        ...familyOptionCents(plan.singleCents).map(centsText),
      ]);
    }
  }
  return out;
}

/** Vermont's one statewide rating area, by county and ZIP prefix, as a rating-area file. */
export function vermontAreaCsv(): string {
  let out = csvLine(['StateCode', 'RatingAreaId', 'County', 'ZipPrefix']);
  for (const county of VT_COUNTIES) out += csvLine(['VT', VT_RATING_AREA, county, '']);
  for (const zip of VT_ZIP_PREFIXES) out += csvLine(['VT', VT_RATING_AREA, '', zip]);
  return out;
}

/** Loads (or reloads) the Vermont 2026 catalog into a database; tests and the seed call it. */
export async function loadVermont2026Catalog(tx: Tx): Promise<ImportResult> {
  return importPuf(tx, {
    areas: textSource('vermont-rating-areas.csv', vermontAreaCsv()),
    plans: textSource('vermont-2026-plans.csv', vermont2026PlanCsv()),
    rates: textSource('vermont-2026-rates.csv', vermont2026RateCsv()),
    source: 'Vermont 2026 seed catalog',
  });
}

/**
 * PROVISIONAL source of the Vermont 2027 catalog: the Green Mountain Care Board's 2027
 * individual-market decisions were not found when this was shipped, so the same plans and
 * designs are offered with their 2026 approved rates carried forward, and every price shown
 * from them is labelled as an estimate. An operator replaces them by importing the
 * published 2027 PUF files (`candor catalog import`), then marking the catalog published
 * (`candor plan-year load`).
 */
export const VT_2027_CATALOG_SOURCE = 'Estimate: Vermont 2026 approved rates (GMCB) carried forward until the 2027 rates are loaded';

/** Loads (or reloads) the provisional Vermont 2027 catalog: the 2026 plans with their rates carried forward. */
export async function loadVermont2027Catalog(tx: Tx): Promise<ImportResult> {
  return importPuf(tx, {
    areas: textSource('vermont-rating-areas.csv', vermontAreaCsv()),
    plans: textSource('vermont-2027-plans.csv', vermont2026PlanCsv(2027)),
    rates: textSource('vermont-2027-rates.csv', vermont2026RateCsv(2027)),
    source: VT_2027_CATALOG_SOURCE,
  });
}
