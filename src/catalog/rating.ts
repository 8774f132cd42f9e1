/**
 * Premium rating (45 CFR 147.102), pure: per-member age rating with the
 * federal default age curve (only the three oldest children under 21 are
 * charged; tobacco rates where the state allows them), or family-tier
 * rating (Vermont's four tiers). The state profile chooses.
 */
import type { FamilyTierFactors, RatingRules } from '../states/profile.js';
import { divRound } from '../eligibility/money.js';

/** Federal default age curve, in thousandths, for ages 0 … 64 (64 and over share the last factor). */
export const FEDERAL_DEFAULT_AGE_CURVE: readonly number[] = (() => {
  const curve: number[] = [];
  for (let age = 0; age <= 14; age++) curve.push(765);
  curve.push(833, 859, 885, 913, 941, 970); // 15–20
  curve.push(1000, 1000, 1000, 1000); // 21–24
  curve.push(1004, 1024, 1048, 1087, 1119, 1135, 1159, 1183, 1198, 1214, 1222, 1230, 1238, 1246, 1262); // 25–39
  curve.push(1278, 1302, 1325, 1357, 1397, 1444, 1500, 1563, 1635, 1706); // 40–49
  curve.push(1786, 1865, 1952, 2040, 2135, 2230, 2333, 2437, 2548, 2603); // 50–59
  curve.push(2714, 2810, 2873, 2952, 3000); // 60–64
  return Object.freeze(curve);
})();

export function ageFactorThousandths(age: number): number {
  return FEDERAL_DEFAULT_AGE_CURVE[Math.min(Math.max(0, Math.floor(age)), 64)]!;
}

/** The rate at an age from a carrier's base rate at 21 on the default curve, to the cent. */
export function rateFromCurve(baseAt21Cents: number, age: number): number {
  return divRound(baseAt21Cents * ageFactorThousandths(age), 1000);
}

/** The Rate PUF's age bands: "0-14", "15" … "63", "64 and over". */
export const RATE_PUF_AGE_BANDS: ReadonlyArray<{ age: string; from: number; to: number }> = [
  { age: '0-14', from: 0, to: 14 },
  ...Array.from({ length: 49 }, (_, i) => ({ age: String(15 + i), from: 15 + i, to: 15 + i })),
  { age: '64 and over', from: 64, to: 120 },
];

/** A plan's rates in one rating area, ready for pricing. */
export interface PlanRates {
  /** Monthly rate by age 0…120 (−1 where the plan has none). */
  individual: Int32Array;
  /** Tobacco rate by age (−1: none; the non-tobacco rate applies). */
  tobacco: Int32Array;
  family: FamilyOptionRates | null;
}

/** The Rate PUF's family-option columns, in cents. */
export interface FamilyOptionRates {
  individual: number;
  couple: number | null;
  primaryOneDependent: number | null;
  primaryTwoDependents: number | null;
  primaryThreeOrMoreDependents: number | null;
  coupleOneDependent: number | null;
  coupleTwoDependents: number | null;
  coupleThreeOrMoreDependents: number | null;
}

export interface RatedMember {
  id: string;
  age: number;
  tobacco?: boolean;
  relationship?: 'subscriber' | 'spouse' | 'dependent';
}

export interface MemberPremium {
  id: string;
  premiumCents: number;
  /** False for a fourth or later child under 21, who is not charged. */
  charged: boolean;
}

export type FamilyTier = keyof FamilyTierFactors;

export interface HouseholdPremium {
  /** Monthly premium for everyone, with tobacco rates where they apply. */
  totalCents: number;
  /** The same without any tobacco surcharge (what the benchmark uses). */
  withoutTobaccoCents: number;
  members: MemberPremium[];
  tier: FamilyTier | null;
}

/** Oldest first, ties by id: the canonical order that makes results independent of input order. */
function byAge<T extends { id: string; age: number }>(members: readonly T[]): T[] {
  return [...members].sort((a, b) => b.age - a.age || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Per-member age rating; null when the plan has no rate for some member's age. */
export function ageRatedPremium(members: readonly RatedMember[], rates: PlanRates, rules: { ratesTobacco: boolean; childUnderAge: number; maxChargedChildren: number }): HouseholdPremium | null {
  let children = 0;
  let total = 0;
  let withoutTobacco = 0;
  const out: MemberPremium[] = [];
  for (const m of byAge(members)) {
    const age = Math.min(Math.max(0, Math.floor(m.age)), 120);
    const isChild = age < rules.childUnderAge;
    if (isChild && ++children > rules.maxChargedChildren) {
      out.push({ id: m.id, premiumCents: 0, charged: false });
      continue;
    }
    const base = rates.individual[age]!;
    if (base < 0) return null;
    const tobacco = rates.tobacco[age]!;
    const premium = rules.ratesTobacco && m.tobacco && tobacco >= 0 ? tobacco : base;
    total += premium;
    withoutTobacco += base;
    out.push({ id: m.id, premiumCents: premium, charged: true });
  }
  return { totalCents: total, withoutTobaccoCents: withoutTobacco, members: out, tier: null };
}

/**
 * Adults and dependents on one policy. With stated relationships they count as
 * given; with ages alone the oldest is the subscriber, the next member at or
 * above `childUnderAge` the spouse, and everyone else a dependent.
 */
export function policyShape(members: readonly RatedMember[], childUnderAge: number): { adults: number; dependents: number } {
  if (members.length === 0) return { adults: 0, dependents: 0 };
  if (members.every((m) => m.relationship)) {
    const adults = members.filter((m) => m.relationship !== 'dependent').length;
    return { adults: Math.min(2, Math.max(1, adults)), dependents: members.length - Math.min(2, Math.max(1, adults)) };
  }
  const sorted = byAge(members);
  const spouse = sorted.length > 1 && sorted[1]!.age >= childUnderAge ? 1 : 0;
  return { adults: 1 + spouse, dependents: sorted.length - 1 - spouse };
}

export function familyTier(shape: { adults: number; dependents: number }): FamilyTier {
  if (shape.dependents === 0) return shape.adults >= 2 ? 'twoAdults' : 'single';
  return shape.adults >= 2 ? 'family' : 'adultWithChildren';
}

/** The family-option column for a policy shape, when the carrier filed one. */
function familyOptionCents(family: FamilyOptionRates, shape: { adults: number; dependents: number }): number | null {
  const deps = Math.min(shape.dependents, 3);
  if (shape.adults < 2) return [family.individual, family.primaryOneDependent, family.primaryTwoDependents, family.primaryThreeOrMoreDependents][deps] ?? null;
  return [family.couple, family.coupleOneDependent, family.coupleTwoDependents, family.coupleThreeOrMoreDependents][deps] ?? null;
}

/**
 * Family-tier rating: the carrier's filed family-option rate for the policy's
 * shape, or else the single rate times the state's tier factor, to the cent.
 */
export function tierRatedPremium(members: readonly RatedMember[], rates: PlanRates, tiers: FamilyTierFactors, childUnderAge: number): HouseholdPremium | null {
  if (members.length === 0) return { totalCents: 0, withoutTobaccoCents: 0, members: [], tier: null };
  const single = rates.family?.individual ?? (rates.individual[21]! >= 0 ? rates.individual[21]! : -1);
  if (single < 0) return null;
  const shape = policyShape(members, childUnderAge);
  const tier = familyTier(shape);
  const filed = rates.family ? familyOptionCents(rates.family, shape) : null;
  const total = filed ?? divRound(single * Math.round(tiers[tier] * 1000), 1000);
  return { totalCents: total, withoutTobaccoCents: total, members: byAge(members).map((m) => ({ id: m.id, premiumCents: 0, charged: true })), tier };
}

/** The monthly premium for a household under the state's rating rules. */
export function ratePremium(members: readonly RatedMember[], rates: PlanRates, rules: RatingRules): HouseholdPremium | null {
  if (rules.method === 'family-tier') return tierRatedPremium(members, rates, rules.tiers, rules.childUnderAge);
  return ageRatedPremium(members, rates, rules);
}

/** Builds the per-age arrays from rate rows (age bands and an optional family-option row). */
export function planRatesFromRows(
  rows: ReadonlyArray<{ ageFrom: number | null; ageTo: number | null; individualCents: number; tobaccoCents: number | null; family?: FamilyOptionRates | null }>,
): PlanRates {
  const individual = new Int32Array(121).fill(-1);
  const tobacco = new Int32Array(121).fill(-1);
  let family: FamilyOptionRates | null = null;
  for (const r of rows) {
    if (r.ageFrom === null || r.ageTo === null) {
      family = r.family ?? null;
      continue;
    }
    for (let a = r.ageFrom; a <= Math.min(r.ageTo, 120); a++) {
      individual[a] = r.individualCents;
      tobacco[a] = r.tobaccoCents ?? -1;
    }
  }
  return { individual, tobacco, family };
}
