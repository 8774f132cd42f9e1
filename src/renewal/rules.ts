/**
 * Passive re-enrollment as a pure rule (45 CFR 155.335(j); RULES.md "Annual
 * redetermination and re-enrollment"; docs/adr/0105-annual-renewal.md):
 *
 *   1. the same plan, when next year's catalog still offers it;
 *   2. otherwise the plan the issuer's crosswalk names for it, when offered;
 *   3. otherwise a plan of the same product (HIOS product id: the plan id's
 *      first 10 characters) at the same metal level, then one level higher
 *      or lower, then any other level of that product;
 *   4. otherwise a plan of the same issuer in another product, in the same
 *      order of metal levels;
 *   5. and for an enrollee who now qualifies for cost-sharing reductions and
 *      would land in bronze: the silver plan of the same product and network
 *      instead, when it costs no more after the credit (155.335(j)(4)).
 * Among several plans at a step, the one the household pays least for, then
 * the lower gross premium, then the plan id (so the same facts always give the
 * same plan). No plan of the issuer: not renewed (`no-plan`); the person is
 * told to choose one.
 */
import type { Metal } from '../enrollment/engine.js';

export type RenewalRule =
  | 'same-plan'
  | 'crosswalk'
  | 'same-product-same-metal'
  | 'same-product-adjacent-metal'
  | 'same-product-other-metal'
  | 'same-issuer-same-metal'
  | 'same-issuer-adjacent-metal'
  | 'same-issuer-other-metal'
  | 'bronze-to-silver';

export interface CurrentPlan {
  /** HIOS standard component id, 14 characters. */
  planHiosId: string;
  issuerId: string;
  metal: Metal;
  networkType: string | null;
}

export interface NextYearPlan {
  planHiosId: string;
  /** The variant the household gets next year (its new cost-sharing level). */
  variant: string;
  issuerId: string;
  metal: Metal;
  networkType: string;
  grossPremiumCents: number;
  /** What the household would pay a month after its credit and state help. */
  netPremiumCents: number;
}

export interface RenewalChoice<P extends NextYearPlan = NextYearPlan> {
  plan: P;
  rule: RenewalRule;
}

/** Metal levels in order of actuarial value; expanded bronze counts as bronze. */
const RANK: Record<Metal, number> = { catastrophic: 0, bronze: 1, 'expanded-bronze': 1, silver: 2, gold: 3, platinum: 4 };

export const productOf = (planHiosId: string): string => planHiosId.slice(0, 10);

function cheapest<P extends NextYearPlan>(plans: readonly P[]): P | undefined {
  return [...plans].sort((a, b) => a.netPremiumCents - b.netPremiumCents || a.grossPremiumCents - b.grossPremiumCents || a.planHiosId.localeCompare(b.planHiosId))[0];
}

function byMetal<P extends NextYearPlan>(plans: readonly P[], metal: Metal, scope: 'same-product' | 'same-issuer'): RenewalChoice<P> | null {
  const same = cheapest(plans.filter((p) => RANK[p.metal] === RANK[metal]));
  if (same) return { plan: same, rule: `${scope}-same-metal` };
  const adjacent = cheapest(plans.filter((p) => Math.abs(RANK[p.metal] - RANK[metal]) === 1));
  if (adjacent) return { plan: adjacent, rule: `${scope}-adjacent-metal` };
  const other = cheapest(plans);
  return other ? { plan: other, rule: `${scope}-other-metal` } : null;
}

/** The plan a household that does nothing is renewed into, or null when its issuer offers none. */
export function chooseRenewalPlan<P extends NextYearPlan>(current: CurrentPlan, offers: readonly P[], opts: { crosswalkTo?: string | null; costSharingReductions: boolean }): RenewalChoice<P> | null {
  const choice = baseChoice(current, offers, opts.crosswalkTo ?? null);
  if (!choice || !opts.costSharingReductions || RANK[choice.plan.metal] !== RANK.bronze) return choice;
  const silver = cheapest(
    offers.filter(
      (p) => p.metal === 'silver' && productOf(p.planHiosId) === productOf(choice.plan.planHiosId) && p.networkType === choice.plan.networkType && p.netPremiumCents <= choice.plan.netPremiumCents,
    ),
  );
  return silver ? { plan: silver, rule: 'bronze-to-silver' } : choice;
}

function baseChoice<P extends NextYearPlan>(current: CurrentPlan, offers: readonly P[], crosswalkTo: string | null): RenewalChoice<P> | null {
  const same = offers.find((p) => p.planHiosId === current.planHiosId);
  if (same) return { plan: same, rule: 'same-plan' };
  const crosswalk = crosswalkTo ? offers.find((p) => p.planHiosId === crosswalkTo) : undefined;
  if (crosswalk) return { plan: crosswalk, rule: 'crosswalk' };
  const product = offers.filter((p) => productOf(p.planHiosId) === productOf(current.planHiosId));
  const inProduct = byMetal(product, current.metal, 'same-product');
  if (inProduct) return inProduct;
  return byMetal(
    offers.filter((p) => p.issuerId === current.issuerId),
    current.metal,
    'same-issuer',
  );
}

/** Cost-sharing reductions for an enrollee: a silver variant beyond the standard one (04–06, Vermont's own, AI/AN 02/03). */
export function hasCostSharingReductions(csrVariant: string): boolean {
  return csrVariant !== '01' && csrVariant !== '00';
}
