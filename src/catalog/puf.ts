/**
 * Reading rows of the CMS Exchange public use files (Plan Attributes PUF and
 * Rate PUF): column names as CMS publishes them, values checked one by one.
 * A row that does not fit is refused with the reason; nothing guesses.
 */
import { parseDollars } from '../eligibility/money.js';
import type { CostShare, KeyCostSharing, MetalLevel } from './schema.js';

export class RowError extends Error {}

export const PLAN_COLUMNS = {
  required: [
    'BusinessYear',
    'StateCode',
    'IssuerId',
    'IssuerMarketPlaceMarketingName',
    'StandardComponentId',
    'PlanMarketingName',
    'PlanId',
    'CSRVariationType',
    'MetalLevel',
    'PlanType',
    'IsHSAEligible',
    'MarketCoverage',
    'DentalOnlyPlan',
  ],
  /** Deductible and out-of-pocket maximum: the integrated (TEHB) figure, or the medical (MEHB) one. */
  money: ['TEHBDedInnTier1Individual', 'MEHBDedInnTier1Individual', 'TEHBInnTier1IndividualMOOP', 'MEHBInnTier1IndividualMOOP'],
  optional: [
    'TEHBDedInnTier1FamilyPerGroup',
    'MEHBDedInnTier1FamilyPerGroup',
    'TEHBInnTier1FamilyPerGroupMOOP',
    'MEHBInnTier1FamilyPerGroupMOOP',
    // Candor's columns for the key copays, in the Benefits and Cost Sharing PUF's wording ("$30", "20% Coinsurance after deductible", "No Charge").
    'CopayPrimaryCare',
    'CopaySpecialist',
    'CopayGenericDrugs',
    'CopayEmergencyRoom',
  ],
} as const;

export const RATE_COLUMNS = {
  required: ['BusinessYear', 'StateCode', 'PlanId', 'RatingAreaId', 'Age', 'IndividualRate'],
  optional: [
    'RateEffectiveDate',
    'RateExpirationDate',
    'Tobacco',
    'IndividualTobaccoRate',
    'Couple',
    'PrimarySubscriberAndOneDependent',
    'PrimarySubscriberAndTwoDependents',
    'PrimarySubscriberAndThreeOrMoreDependents',
    'CoupleAndOneDependent',
    'CoupleAndTwoDependents',
    'CoupleAndThreeOrMoreDependents',
  ],
} as const;

/** Maps a header row to column positions; refuses a file without the required columns. */
export function columnIndex(header: string[], required: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  header.forEach((name, i) => index.set(name.trim(), i));
  const missing = required.filter((c) => !index.has(c));
  if (missing.length) throw new RowError(`missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  return index;
}

export type Row = (name: string) => string;

export function rowReader(fields: string[], index: Map<string, number>): Row {
  return (name) => {
    const i = index.get(name);
    return i === undefined ? '' : (fields[i] ?? '').trim();
  };
}

const STANDARD_COMPONENT = /^(\d{5})([A-Z]{2})\d{7}$/;
const PLAN_ID = /^(\d{5}[A-Z]{2}\d{7})-(\d{2})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function year(value: string): number {
  if (!/^\d{4}$/.test(value) || Number(value) < 2014 || Number(value) > 2100) throw new RowError(`BusinessYear "${value}" is not a plan year`);
  return Number(value);
}

function stateCode(value: string): string {
  if (!/^[A-Z]{2}$/.test(value)) throw new RowError(`StateCode "${value}" is not a two-letter state code`);
  return value;
}

function amount(column: string, value: string): number {
  const cents = parseDollars(value);
  if (cents === null) throw new RowError(`${column} "${value}" is not an amount in dollars and cents`);
  return cents;
}

function optionalAmount(column: string, value: string): number | null {
  if (value === '' || /^not applicable$/i.test(value)) return null;
  return amount(column, value);
}

const METALS: Record<string, MetalLevel> = {
  platinum: 'platinum',
  gold: 'gold',
  silver: 'silver',
  bronze: 'bronze',
  'expanded bronze': 'expanded-bronze',
  catastrophic: 'catastrophic',
};

const NETWORKS = ['HMO', 'PPO', 'EPO', 'POS', 'Indemnity'];

/** Reads a cost-sharing cell in the Benefits PUF's wording; null when blank or not applicable. */
export function parseCostShare(column: string, value: string): CostShare | null {
  const v = value.trim();
  if (v === '' || /^not applicable$/i.test(v)) return null;
  const after = /after deductible/i.test(v);
  if (/^no charge/i.test(v)) return { kind: 'no-charge', afterDeductible: after };
  const copay = /^\$([\d,]+(?:\.\d{1,2})?)(?:\s+copay)?(?:\s+(?:after|before|with) deductible)?$/i.exec(v);
  if (copay) return { kind: 'copay', cents: parseDollars(copay[1]!)!, afterDeductible: after };
  const coins = /^(\d{1,3}(?:\.\d+)?)%(?:\s+coinsurance)?(?:\s+(?:after|before|with) deductible)?$/i.exec(v);
  if (coins && Number(coins[1]) <= 100) return { kind: 'coinsurance', percent: Number(coins[1]), afterDeductible: after };
  throw new RowError(`${column} "${value}" is not a copay, a coinsurance or "No Charge"`);
}

export interface PlanRow {
  planYear: number;
  planId: string;
  standardComponentId: string;
  variant: string;
  issuerId: string;
  issuerName: string;
  stateCode: string;
  name: string;
  csrVariationType: string;
  metalLevel: MetalLevel;
  networkType: string;
  hsaEligible: boolean;
  deductibleIndividualCents: number;
  deductibleFamilyCents: number | null;
  oopMaxIndividualCents: number;
  oopMaxFamilyCents: number | null;
  costSharing: KeyCostSharing;
}

/** One Plan Attributes row; null for rows the exchange does not sell (dental-only, small-group). */
export function parsePlanRow(get: Row): PlanRow | null {
  if (/^yes$/i.test(get('DentalOnlyPlan'))) return null;
  const market = get('MarketCoverage');
  if (market && !/^individual$/i.test(market)) return null;
  const planYear = year(get('BusinessYear'));
  const state = stateCode(get('StateCode'));
  const issuerId = get('IssuerId');
  if (!/^\d{5}$/.test(issuerId)) throw new RowError(`IssuerId "${issuerId}" is not a five-digit HIOS issuer id`);
  const issuerName = get('IssuerMarketPlaceMarketingName');
  if (!issuerName) throw new RowError('IssuerMarketPlaceMarketingName is empty');
  const scid = get('StandardComponentId');
  const sc = STANDARD_COMPONENT.exec(scid);
  if (!sc) throw new RowError(`StandardComponentId "${scid}" is not a HIOS plan id (5 digits, state, 7 digits)`);
  if (sc[1] !== issuerId || sc[2] !== state) throw new RowError(`StandardComponentId "${scid}" does not belong to issuer ${issuerId} in ${state}`);
  const planId = get('PlanId');
  const pid = PLAN_ID.exec(planId);
  if (!pid) throw new RowError(`PlanId "${planId}" is not a HIOS plan id with a variant ("…-01")`);
  if (pid[1] !== scid) throw new RowError(`PlanId "${planId}" is not a variant of ${scid}`);
  const name = get('PlanMarketingName');
  if (!name) throw new RowError('PlanMarketingName is empty');
  const metal = METALS[get('MetalLevel').toLowerCase()];
  if (!metal) throw new RowError(`MetalLevel "${get('MetalLevel')}" is not platinum, gold, silver, bronze, expanded bronze or catastrophic`);
  const network = NETWORKS.find((n) => n.toLowerCase() === get('PlanType').toLowerCase());
  if (!network) throw new RowError(`PlanType "${get('PlanType')}" is not one of ${NETWORKS.join(', ')}`);
  const hsa = get('IsHSAEligible');
  if (!/^(yes|no)$/i.test(hsa)) throw new RowError(`IsHSAEligible "${hsa}" is not Yes or No`);
  const csr = get('CSRVariationType');
  if (!csr) throw new RowError('CSRVariationType is empty');
  const pick = (t: string, m: string) => {
    const value = optionalAmount(t, get(t));
    return value ?? optionalAmount(m, get(m));
  };
  const deductible = pick('TEHBDedInnTier1Individual', 'MEHBDedInnTier1Individual');
  if (deductible === null) throw new RowError('TEHBDedInnTier1Individual and MEHBDedInnTier1Individual are both empty');
  const moop = pick('TEHBInnTier1IndividualMOOP', 'MEHBInnTier1IndividualMOOP');
  if (moop === null) throw new RowError('TEHBInnTier1IndividualMOOP and MEHBInnTier1IndividualMOOP are both empty');
  return {
    planYear,
    planId,
    standardComponentId: scid,
    variant: pid[2]!,
    issuerId,
    issuerName,
    stateCode: state,
    name,
    csrVariationType: csr,
    metalLevel: metal,
    networkType: network,
    hsaEligible: /^yes$/i.test(hsa),
    deductibleIndividualCents: deductible,
    deductibleFamilyCents: pick('TEHBDedInnTier1FamilyPerGroup', 'MEHBDedInnTier1FamilyPerGroup'),
    oopMaxIndividualCents: moop,
    oopMaxFamilyCents: pick('TEHBInnTier1FamilyPerGroupMOOP', 'MEHBInnTier1FamilyPerGroupMOOP'),
    costSharing: {
      primaryCare: parseCostShare('CopayPrimaryCare', get('CopayPrimaryCare')),
      specialist: parseCostShare('CopaySpecialist', get('CopaySpecialist')),
      genericDrugs: parseCostShare('CopayGenericDrugs', get('CopayGenericDrugs')),
      emergencyRoom: parseCostShare('CopayEmergencyRoom', get('CopayEmergencyRoom')),
    },
  };
}

export interface RateRow {
  planYear: number;
  stateCode: string;
  standardComponentId: string;
  ratingAreaId: string;
  effectiveOn: string;
  expiresOn: string;
  age: string;
  ageFrom: number | null;
  ageTo: number | null;
  individualCents: number;
  tobaccoCents: number | null;
  family: [number | null, number | null, number | null, number | null, number | null, number | null, number | null];
}

function date(column: string, value: string, fallback: string): string {
  if (value === '') return fallback;
  const m = DATE.exec(value);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12 || Number(m[3]) < 1 || Number(m[3]) > 31) throw new RowError(`${column} "${value}" is not a date (YYYY-MM-DD)`);
  return value;
}

/** Age bands as the Rate PUF writes them. */
export function ageBand(value: string): { age: string; from: number | null; to: number | null } | null {
  if (value === 'Family Option') return { age: value, from: null, to: null };
  if (value === '0-14') return { age: value, from: 0, to: 14 };
  if (value === '0-20') return { age: value, from: 0, to: 20 };
  if (value === '64 and over') return { age: value, from: 64, to: 120 };
  if (value === '65 and over') return { age: value, from: 65, to: 120 };
  if (/^\d{1,2}$/.test(value) && Number(value) <= 64) return { age: String(Number(value)), from: Number(value), to: Number(value) };
  return null;
}

const FAMILY_COLUMNS = [
  'Couple',
  'PrimarySubscriberAndOneDependent',
  'PrimarySubscriberAndTwoDependents',
  'PrimarySubscriberAndThreeOrMoreDependents',
  'CoupleAndOneDependent',
  'CoupleAndTwoDependents',
  'CoupleAndThreeOrMoreDependents',
] as const;

export function parseRateRow(get: Row): RateRow {
  const planYear = year(get('BusinessYear'));
  const state = stateCode(get('StateCode'));
  const scid = get('PlanId');
  const sc = STANDARD_COMPONENT.exec(scid);
  if (!sc) throw new RowError(`PlanId "${scid}" is not a HIOS standard component id (5 digits, state, 7 digits)`);
  if (sc[2] !== state) throw new RowError(`PlanId "${scid}" is not a plan of ${state}`);
  const area = get('RatingAreaId');
  if (!/^Rating Area \d{1,3}$/.test(area)) throw new RowError(`RatingAreaId "${area}" is not "Rating Area N"`);
  const band = ageBand(get('Age'));
  if (!band) throw new RowError(`Age "${get('Age')}" is not an age band of the Rate PUF ("0-14", "15" … "63", "64 and over", "Family Option")`);
  const effectiveOn = date('RateEffectiveDate', get('RateEffectiveDate'), `${planYear}-01-01`);
  const expiresOn = date('RateExpirationDate', get('RateExpirationDate'), `${planYear}-12-31`);
  if (expiresOn < effectiveOn) throw new RowError(`RateExpirationDate ${expiresOn} is before RateEffectiveDate ${effectiveOn}`);
  const family = FAMILY_COLUMNS.map((c) => (band.from === null ? optionalAmount(c, get(c)) : null)) as RateRow['family'];
  if (band.from === null && family[0] === null) throw new RowError('a Family Option row needs at least the Couple rate');
  return {
    planYear,
    stateCode: state,
    standardComponentId: scid,
    ratingAreaId: area,
    effectiveOn,
    expiresOn,
    age: band.age,
    ageFrom: band.from,
    ageTo: band.to,
    individualCents: amount('IndividualRate', get('IndividualRate')),
    tobaccoCents: optionalAmount('IndividualTobaccoRate', get('IndividualTobaccoRate')),
    family,
  };
}

/** Rating-area geography: one row per county or ZIP prefix (3 to 5 digits) of a rating area. */
export const AREA_COLUMNS = { required: ['StateCode', 'RatingAreaId'], optional: ['County', 'ZipPrefix'] } as const;

export interface AreaRow {
  stateCode: string;
  ratingAreaId: string;
  county: string | null;
  zipPrefix: string | null;
}

export function parseAreaRow(get: Row): AreaRow {
  const state = stateCode(get('StateCode'));
  const area = get('RatingAreaId');
  if (!/^Rating Area \d{1,3}$/.test(area)) throw new RowError(`RatingAreaId "${area}" is not "Rating Area N"`);
  const county = get('County') || null;
  const zip = get('ZipPrefix') || null;
  if (!county && !zip) throw new RowError('a row needs a County or a ZipPrefix');
  if (county && zip) throw new RowError('give a County or a ZipPrefix on a row, not both');
  if (zip && !/^\d{3,5}$/.test(zip)) throw new RowError(`ZipPrefix "${zip}" is not 3 to 5 digits`);
  return { stateCode: state, ratingAreaId: area, county, zipPrefix: zip };
}
