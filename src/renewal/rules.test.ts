/** The re-enrollment hierarchy (45 CFR 155.335(j)) as a pure rule, step by step. */
import { describe, expect, it } from 'vitest';
import { chooseRenewalPlan, hasCostSharingReductions, type NextYearPlan } from './rules.js';

const plan = (planHiosId: string, metal: NextYearPlan['metal'], netPremiumCents: number, over: Partial<NextYearPlan> = {}): NextYearPlan => ({
  planHiosId,
  variant: '01',
  issuerId: planHiosId.slice(0, 5),
  metal,
  networkType: 'PPO',
  grossPremiumCents: netPremiumCents + 50_000,
  netPremiumCents,
  ...over,
});

const current = { planHiosId: '13627VT0010004', issuerId: '13627', metal: 'silver' as const, networkType: 'PPO' };
const noCsr = { costSharingReductions: false };

describe('chooseRenewalPlan', () => {
  const catalog = [
    plan('13627VT0010004', 'silver', 40_000),
    plan('13627VT0010005', 'silver', 35_000),
    plan('13627VT0010002', 'gold', 60_000),
    plan('13627VT0010006', 'bronze', 10_000),
    plan('13627VT0020001', 'silver', 20_000), // same issuer, another product
    plan('77566VT0020004', 'silver', 5_000), // another issuer
  ];

  it('keeps the same plan when it is still offered, even when another costs less', () => {
    expect(chooseRenewalPlan(current, catalog, noCsr)).toMatchObject({ rule: 'same-plan', plan: { planHiosId: '13627VT0010004' } });
  });

  it('follows the issuer’s crosswalk for a discontinued plan, but not to a plan that is not offered', () => {
    const without = catalog.filter((p) => p.planHiosId !== '13627VT0010004');
    expect(chooseRenewalPlan(current, without, { ...noCsr, crosswalkTo: '13627VT0010002' })).toMatchObject({ rule: 'crosswalk', plan: { planHiosId: '13627VT0010002' } });
    expect(chooseRenewalPlan(current, without, { ...noCsr, crosswalkTo: '13627VT0019999' })).toMatchObject({ rule: 'same-product-same-metal', plan: { planHiosId: '13627VT0010005' } });
  });

  it('then the same product one metal level away, then any level, then the issuer’s other products; never another issuer', () => {
    const noSilver = catalog.filter((p) => !p.planHiosId.startsWith('13627VT00100') || p.metal !== 'silver');
    // Gold (one level up, 60,000) and bronze (one level down, 10,000) are both adjacent: the cheaper to the household wins.
    expect(chooseRenewalPlan(current, noSilver, noCsr)).toMatchObject({ rule: 'same-product-adjacent-metal', plan: { planHiosId: '13627VT0010006' } });
    const platinumOnly = [plan('13627VT0010001', 'platinum', 90_000), plan('77566VT0020004', 'silver', 5_000)];
    expect(chooseRenewalPlan(current, platinumOnly, noCsr)).toMatchObject({ rule: 'same-product-other-metal', plan: { planHiosId: '13627VT0010001' } });
    const otherProduct = [plan('13627VT0020001', 'silver', 20_000), plan('77566VT0020004', 'silver', 5_000)];
    expect(chooseRenewalPlan(current, otherProduct, noCsr)).toMatchObject({ rule: 'same-issuer-same-metal', plan: { planHiosId: '13627VT0020001' } });
    expect(chooseRenewalPlan(current, [plan('77566VT0020004', 'silver', 5_000)], noCsr)).toBeNull();
  });

  it('moves a bronze enrollee who now has cost-sharing reductions to silver in the same product and network when it costs no more', () => {
    const bronze = { ...current, planHiosId: '13627VT0010006', metal: 'bronze' as const };
    const offers = [plan('13627VT0010006', 'bronze', 10_000), plan('13627VT0010004', 'silver', 9_000, { variant: '05' }), plan('13627VT0010005', 'silver', 9_500, { networkType: 'HMO' })];
    expect(chooseRenewalPlan(bronze, offers, { costSharingReductions: true })).toMatchObject({ rule: 'bronze-to-silver', plan: { planHiosId: '13627VT0010004', variant: '05' } });
    expect(chooseRenewalPlan(bronze, offers, noCsr)).toMatchObject({ rule: 'same-plan' });
    const dearer = [plan('13627VT0010006', 'bronze', 10_000), plan('13627VT0010004', 'silver', 10_001, { variant: '05' })];
    expect(chooseRenewalPlan(bronze, dearer, { costSharingReductions: true })).toMatchObject({ rule: 'same-plan' });
  });

  it('gives the same plan whatever the order of the catalog', () => {
    const noSilver = catalog.filter((p) => p.metal !== 'silver');
    const a = chooseRenewalPlan(current, noSilver, noCsr);
    const b = chooseRenewalPlan(current, [...noSilver].reverse(), noCsr);
    expect(a).toEqual(b);
  });
});

describe('hasCostSharingReductions', () => {
  it('is true for every variant but the standard and off-exchange ones', () => {
    expect(['00', '01'].map(hasCostSharingReductions)).toEqual([false, false]);
    expect(['02', '03', '04', '05', '06', '07'].every(hasCostSharingReductions)).toBe(true);
  });
});
