/**
 * INTERIM: a fixed Vermont plan list standing in for the plan catalog
 * (src/catalog) until it exports plan quotes; engine-adapter.ts switches to
 * the catalog then and this file goes. Figures follow RULES.md: community
 * rating with Vermont's family tiers, benchmark silver $1,299 a month for a
 * single adult, lowest bronze $824.
 */
import type { RatingRules } from '../states/profile.js';
import { ageOn } from './dates.js';
import type { Metal } from './engine.js';
import { shareCents } from './premium.js';

export interface InterimPlan {
  carrierHiosId: string;
  carrierName: string;
  planHiosId: string;
  name: string;
  metal: Metal;
  hsaEligible: boolean;
  singleMonthlyCents: number;
  deductibleCents: number;
  outOfPocketMaxCents: number;
}

const BCBS = { carrierHiosId: '13627', carrierName: 'Blue Cross and Blue Shield of Vermont' };
const MVP = { carrierHiosId: '77566', carrierName: 'MVP Health Care' };

const PLANS_2026: InterimPlan[] = [
  { ...BCBS, planHiosId: '13627VT0010001', name: 'BlueCross Platinum', metal: 'platinum', hsaEligible: false, singleMonthlyCents: 158_900, deductibleCents: 50_000, outOfPocketMaxCents: 250_000 },
  { ...BCBS, planHiosId: '13627VT0010002', name: 'BlueCross Gold', metal: 'gold', hsaEligible: false, singleMonthlyCents: 140_200, deductibleCents: 150_000, outOfPocketMaxCents: 650_000 },
  { ...BCBS, planHiosId: '13627VT0010003', name: 'BlueCross Silver', metal: 'silver', hsaEligible: false, singleMonthlyCents: 129_900, deductibleCents: 400_000, outOfPocketMaxCents: 920_000 },
  { ...BCBS, planHiosId: '13627VT0010004', name: 'BlueCross Bronze', metal: 'bronze', hsaEligible: false, singleMonthlyCents: 89_100, deductibleCents: 750_000, outOfPocketMaxCents: 1_000_000 },
  { ...BCBS, planHiosId: '13627VT0010005', name: 'BlueCross Bronze HSA', metal: 'bronze', hsaEligible: true, singleMonthlyCents: 86_700, deductibleCents: 700_000, outOfPocketMaxCents: 830_000 },
  { ...MVP, planHiosId: '77566VT0020001', name: 'MVP Platinum', metal: 'platinum', hsaEligible: false, singleMonthlyCents: 155_200, deductibleCents: 50_000, outOfPocketMaxCents: 250_000 },
  { ...MVP, planHiosId: '77566VT0020002', name: 'MVP Gold', metal: 'gold', hsaEligible: false, singleMonthlyCents: 137_100, deductibleCents: 150_000, outOfPocketMaxCents: 650_000 },
  { ...MVP, planHiosId: '77566VT0020003', name: 'MVP Silver', metal: 'silver', hsaEligible: false, singleMonthlyCents: 126_200, deductibleCents: 400_000, outOfPocketMaxCents: 920_000 },
  { ...MVP, planHiosId: '77566VT0020004', name: 'MVP Bronze', metal: 'bronze', hsaEligible: false, singleMonthlyCents: 82_400, deductibleCents: 750_000, outOfPocketMaxCents: 1_000_000 },
];

export function interimPlans(planYear: number): InterimPlan[] {
  if (planYear === 2026) return PLANS_2026;
  if (planYear === 2027) return PLANS_2026.map((p) => ({ ...p, planHiosId: p.planHiosId, singleMonthlyCents: Math.round(p.singleMonthlyCents * 1.06) }));
  return [];
}

/** Vermont's family tier factor for the members covered. */
export function tierFactor(rating: RatingRules, birthDates: string[], coverageStart: string): number {
  if (rating.method !== 'family-tier') return birthDates.length; // INTERIM: age rating is the catalog's
  const adults = birthDates.filter((d) => ageOn(d, coverageStart) >= rating.childUnderAge).length;
  const children = birthDates.length - adults;
  if (children === 0) return adults <= 1 ? rating.tiers.single : rating.tiers.twoAdults;
  if (adults === 0 && children === 1) return rating.tiers.single;
  return adults >= 2 ? rating.tiers.family : rating.tiers.adultWithChildren;
}

export function premiumFor(plan: InterimPlan, factor: number): number {
  return Math.round(plan.singleMonthlyCents * factor);
}

export { shareCents };
