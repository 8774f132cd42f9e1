/**
 * The quote engine: eligibility, the benchmark, the credit and every plan's
 * price for a household, in one call. Window shopping, the quote API and
 * enrollment all use it, so they show the same numbers.
 *   quoteHousehold(tx, profile, input) — reads the catalog (cached)
 *   priceHousehold(catalog, eligibility, members, profile) — pure
 */
import type { Tx } from '../platform/database.js';
import { invalidInput } from '../platform/errors.js';
import type { StateProfile } from '../states/profile.js';
import { determineEligibility, type Eligibility, type HouseholdMember, type Immigration } from '../eligibility/determine-eligibility.js';
import type { ExplanationLine } from '../eligibility/explanation.js';
import { applyHelp, householdHelp } from '../eligibility/household-help.js';
import { catalogGeneration, loadAreaCatalog, resolveRatingArea, type AreaCatalog, type CatalogPlan } from './load-catalog.js';
import { ratePremium, type FamilyTier, type RatedMember } from './rating.js';
import { estimatesFor, refreshLoadedTables } from '../plan-years/plan-year-tables.js';

export interface QuoteMemberInput {
  id?: string;
  age: number;
  /** Defaults to true: only members who need coverage are priced. */
  seekingCoverage?: boolean;
  tobacco?: boolean;
  pregnant?: boolean;
  americanIndianAlaskaNative?: boolean;
  immigration?: Immigration;
  relationship?: 'subscriber' | 'spouse' | 'dependent';
  employerSelfOnlyMonthlyCents?: number | null;
}

export interface QuoteInput {
  planYear: number;
  zip?: string;
  county?: string;
  /** Tax household size; defaults to the number of members. */
  householdSize?: number;
  annualIncomeCents: number;
  members: QuoteMemberInput[];
  /** Day of the quote (YYYY-MM-DD): which guidelines Medicaid screening uses. */
  asOf: string;
  /** First day of coverage (YYYY-MM-DD), which rates apply; defaults to January 1 of the plan year. */
  coverageStart?: string;
  enrollmentPeriod?: 'open' | 'special' | 'income-based-sep';
}

export interface PricedPlan {
  planId: string;
  standardComponentId: string;
  variant: string;
  name: string;
  issuerId: string;
  carrierName: string;
  metalLevel: CatalogPlan['metalLevel'];
  networkType: string;
  hsaEligible: boolean;
  deductibleIndividualCents: number;
  deductibleFamilyCents: number | null;
  oopMaxIndividualCents: number;
  oopMaxFamilyCents: number | null;
  costSharing: CatalogPlan['costSharing'];
  /** The cost-sharing reduction this variant carries ('94', '87', '77', '73', 'zero', 'limited'), or null. */
  costSharingLevel: string | null;
  premiumCents: number;
  creditCents: number;
  premiumAssistanceCents: number;
  premiumAfterHelpCents: number;
  isBenchmark: boolean;
}

export interface Quote {
  planYear: number;
  stateCode: string;
  ratingAreaId: string;
  coverageStart: string;
  tier: FamilyTier | null;
  eligibility: Eligibility;
  benchmark: { planId: string; name: string; premiumCents: number } | null;
  maxCreditMonthlyCents: number;
  maxPremiumAssistanceMonthlyCents: number;
  /** Ids of the members priced (who need coverage and are not referred to Medicaid or Dr. Dynasaur). */
  pricedMemberIds: string[];
  plans: PricedPlan[];
  explanation: ExplanationLine[];
  /**
   * The tables behind these figures that are provisional (docs/adr/0100-plan-year-as-data.md):
   * every page and response that shows the quote labels it as an estimate while this is not empty.
   */
  estimates: Array<{ table: string; source: string }>;
}

export function memberIds(members: QuoteMemberInput[]): Array<QuoteMemberInput & { id: string }> {
  return members.map((m, i) => ({ ...m, id: m.id ?? `m${i + 1}` }));
}

/**
 * The second-lowest-cost silver plan of an area for these members, and its
 * premium without any tobacco surcharge (the benchmark of the credit and of
 * Form 1095-A's column B), or null when no silver plan rates them. Pure.
 */
export function benchmarkPlan(catalog: AreaCatalog, members: readonly RatedMember[], rating: StateProfile['rating']): Quote['benchmark'] {
  if (!members.length) return null;
  const silver = catalog.offers
    .map((o) => ({ offer: o, premium: ratePremium(members, o.rates, rating) }))
    .filter((x) => x.offer.variants.get('01')!.metalLevel === 'silver' && x.premium !== null)
    .sort((a, b) => a.premium!.withoutTobaccoCents - b.premium!.withoutTobaccoCents || a.offer.standardComponentId.localeCompare(b.offer.standardComponentId));
  const pick = silver[Math.min(1, silver.length - 1)];
  return pick ? { planId: pick.offer.variants.get('01')!.planId, name: pick.offer.variants.get('01')!.name, premiumCents: pick.premium!.withoutTobaccoCents } : null;
}

/** Prices every plan of an area for a household whose eligibility is known. Pure. */
export function priceHousehold(catalog: AreaCatalog, eligibility: Eligibility, members: ReadonlyArray<QuoteMemberInput & { id: string }>, profile: StateProfile, coverageStart: string): Quote {
  const outcome = new Map(eligibility.members.map((m) => [m.id, m.outcome]));
  const seeking = members.filter((m) => (m.seekingCoverage ?? true) && outcome.get(m.id) !== 'ineligible');
  let priced = seeking.filter((m) => outcome.get(m.id) === 'qhp' || outcome.get(m.id) === 'qhp-aptc');
  if (priced.length === 0) priced = seeking.filter((m) => outcome.get(m.id) !== 'ineligible'); // all referred: show full prices
  const creditMembers = priced.filter((m) => outcome.get(m.id) === 'qhp-aptc');
  const rated = (list: typeof priced): RatedMember[] => list.map((m) => ({ id: m.id, age: m.age, tobacco: m.tobacco, relationship: m.relationship }));

  // The benchmark: the second-lowest-cost silver plan for the members who get the credit, without tobacco.
  let benchmark: Quote['benchmark'] = null;
  // Without a credit the benchmark is still shown, for everyone priced.
  const coverageFamily = creditMembers.length ? creditMembers : priced;
  if (coverageFamily.length) benchmark = benchmarkPlan(catalog, rated(coverageFamily), profile.rating);
  const tobaccoRated = profile.rating.ratesTobacco && priced.some((m) => m.tobacco);
  const help = householdHelp(eligibility, benchmark?.premiumCents ?? null, profile.subsidies, { tobaccoRated, partialHousehold: creditMembers.length > 0 && creditMembers.length < priced.length });

  const cs = eligibility.costSharing;
  const plans: PricedPlan[] = [];
  let tier: FamilyTier | null = null;
  for (const offer of catalog.offers) {
    const premium = ratePremium(rated(priced), offer.rates, profile.rating);
    if (!premium) continue;
    tier = premium.tier;
    const standard = offer.variants.get('01')!;
    const wants = cs.level && (cs.metals === 'all' || standard.metalLevel === 'silver') ? cs.variant : '01';
    const plan = offer.variants.get(wants) ?? standard;
    const money = applyHelp(help, premium.totalCents, standard.metalLevel !== 'catastrophic');
    plans.push({
      planId: plan.planId,
      standardComponentId: offer.standardComponentId,
      variant: plan.variant,
      name: plan.name,
      issuerId: plan.issuerId,
      carrierName: plan.carrierName,
      metalLevel: plan.metalLevel,
      networkType: plan.networkType,
      hsaEligible: plan.hsaEligible,
      deductibleIndividualCents: plan.deductibleIndividualCents,
      deductibleFamilyCents: plan.deductibleFamilyCents,
      oopMaxIndividualCents: plan.oopMaxIndividualCents,
      oopMaxFamilyCents: plan.oopMaxFamilyCents,
      costSharing: plan.costSharing,
      costSharingLevel: plan.variant !== '01' ? cs.level : null,
      premiumCents: money.premiumCents,
      creditCents: money.creditCents,
      premiumAssistanceCents: money.premiumAssistanceCents,
      premiumAfterHelpCents: money.premiumAfterHelpCents,
      isBenchmark: benchmark !== null && standard.planId === benchmark.planId,
    });
  }
  plans.sort((a, b) => a.premiumAfterHelpCents - b.premiumAfterHelpCents || a.premiumCents - b.premiumCents || a.planId.localeCompare(b.planId));
  return {
    estimates: [],
    planYear: catalog.planYear,
    stateCode: catalog.stateCode,
    ratingAreaId: catalog.ratingAreaId,
    coverageStart,
    tier,
    eligibility,
    benchmark,
    maxCreditMonthlyCents: help.maxCreditMonthlyCents,
    maxPremiumAssistanceMonthlyCents: help.maxPremiumAssistanceMonthlyCents,
    pricedMemberIds: priced.map((m) => m.id).sort(),
    plans,
    explanation: [...eligibility.explanation, ...help.explanation],
  };
}

/** Quotes a household: rating area, eligibility, benchmark, credit and every plan's price. */
export async function quoteHousehold(tx: Tx, profile: StateProfile, input: QuoteInput): Promise<Quote> {
  await refreshLoadedTables(tx);
  const members = memberIds(input.members);
  const eligibility = determineEligibility(
    {
      planYear: input.planYear,
      householdSize: input.householdSize ?? members.length,
      annualIncomeCents: input.annualIncomeCents,
      members: members.map((m): HouseholdMember => ({
        id: m.id,
        age: m.age,
        seekingCoverage: m.seekingCoverage ?? true,
        pregnant: m.pregnant,
        americanIndianAlaskaNative: m.americanIndianAlaskaNative,
        immigration: m.immigration,
        employerSelfOnlyMonthlyCents: m.employerSelfOnlyMonthlyCents,
      })),
      asOf: input.asOf,
      enrollmentPeriod: input.enrollmentPeriod,
    },
    profile.subsidies,
  );
  const generation = await catalogGeneration(tx);
  const stateCode = profile.rating.stateCode;
  const ratingAreaId = await resolveRatingArea(tx, stateCode, { zip: input.zip, county: input.county }, generation);
  const coverageStart = input.coverageStart ?? `${input.planYear}-01-01`;
  const catalog = await loadAreaCatalog(tx, { planYear: input.planYear, stateCode, ratingAreaId, on: coverageStart }, generation);
  if (catalog.offers.length === 0) throw invalidInput([{ field: 'planYear', messageKey: 'catalog.errors.noPlans', values: { year: input.planYear } }]);
  const estimates = await estimatesFor(tx, input.planYear, stateCode);
  return { ...priceHousehold(catalog, eligibility, members, profile, coverageStart), estimates };
}
