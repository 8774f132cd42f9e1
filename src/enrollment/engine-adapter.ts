/**
 * The enrollment engine (engine.ts) answered by the eligibility module's
 * pure rules (src/eligibility) and, until the plan catalog exports quotes,
 * the interim Vermont plan list (interim-catalog.ts).
 */
import { determineEligibility, type HouseholdMember } from '../eligibility/determine-eligibility.js';
import { householdHelp } from '../eligibility/household-help.js';
import type { StateProfile } from '../states/profile.js';
import { ageOn } from './dates.js';
import type { ApplicantFacts, EligibilityDecision, EligibilityRequest, EnrollmentEngine, PlanOffer, PlanRequest } from './engine.js';
import { interimPlans, premiumFor, tierFactor } from './interim-catalog.js';
import { shareCents } from './premium.js';
import type { DeterminationOutcome } from './schema.js';

function eligibilityMembers(members: ApplicantFacts[], on: string): HouseholdMember[] {
  return members.map((m) => ({
    id: m.id,
    age: Math.max(0, ageOn(m.dateOfBirth, on)),
    // Other minimum essential coverage or incarceration bars a marketplace plan; such a member is not seeking one.
    seekingCoverage: m.seekingCoverage && !m.incarcerated,
    pregnant: m.pregnant,
    americanIndianAlaskaNative: m.americanIndianAlaskaNative,
    immigration: m.citizenship,
  }));
}

export function createEngine(profile: StateProfile): EnrollmentEngine {
  function offers(req: PlanRequest): PlanOffer[] {
    const covered = req.members;
    if (!covered.length) return [];
    const factor = tierFactor(profile.rating, covered.map((m) => m.dateOfBirth), req.coverageStart);
    const aian = req.csrVariant === '02' || req.csrVariant === '03';
    return interimPlans(req.planYear).map((p) => {
      const gross = premiumFor(p, factor);
      const shares = shareCents(gross, covered.length);
      return {
        carrierHiosId: p.carrierHiosId,
        carrierName: p.carrierName,
        planHiosId: p.planHiosId,
        variant: p.metal === 'silver' || aian ? req.csrVariant : '01',
        name: p.name,
        metal: p.metal,
        hsaEligible: p.hsaEligible,
        grossPremiumCents: gross,
        memberPremiums: covered.map((m, i) => ({ memberId: m.id, cents: shares[i]! })),
        deductibleCents: p.deductibleCents,
        outOfPocketMaxCents: p.outOfPocketMaxCents,
      };
    });
  }

  /** Second-lowest-cost silver premium for the members (tobacco excluded: community rating has none). */
  function benchmark(req: PlanRequest): number | null {
    const silver = offers(req)
      .filter((o) => o.metal === 'silver')
      .map((o) => o.grossPremiumCents)
      .sort((a, b) => a - b);
    return silver[1] ?? silver[0] ?? null;
  }

  function decide(req: EligibilityRequest) {
    const asOf = req.applicationDay;
    const eligibility = determineEligibility(
      { planYear: req.planYear, householdSize: Math.max(req.taxHouseholdSize, req.members.length), annualIncomeCents: req.annualIncomeCents, members: eligibilityMembers(req.members, asOf), asOf },
      profile.subsidies,
    );
    return eligibility;
  }

  return {
    async describePlan(planYear, planHiosId) {
      const plan = interimPlans(planYear).find((p) => p.planHiosId === planHiosId);
      return plan ? { name: plan.name, carrierName: plan.carrierName, metal: plan.metal } : null;
    },
    async determine(req) {
      const eligibility = decide(req);
      const creditIds = new Set(eligibility.members.filter((m) => m.outcome === 'qhp-aptc').map((m) => m.id));
      const coverageStart = `${req.planYear}-01-01`;
      const help = householdHelp(eligibility, benchmark({ ...req, coverageStart, csrVariant: '01', members: req.members.filter((m) => creditIds.has(m.id)) }), profile.subsidies);
      const decision: EligibilityDecision = {
        fplPercent: eligibility.fplPercent,
        maxAptcCents: help.maxCreditMonthlyCents,
        stateAssistanceCents: help.maxPremiumAssistanceMonthlyCents,
        csrVariant: eligibility.costSharing.variant,
        members: eligibility.members
          .filter((m) => m.outcome !== 'not-seeking')
          .map((m) => ({ memberId: m.id, outcome: m.outcome as DeterminationOutcome, reasons: m.reasons })),
      };
      return decision;
    },
    async plans(req) {
      return offers(req);
    },
    async creditFor(req) {
      const eligibility = decide({ ...req, applicationDay: req.coverageStart, members: req.members });
      const creditIds = new Set(eligibility.members.filter((m) => m.outcome === 'qhp-aptc').map((m) => m.id));
      const enrolling = req.members.filter((m) => creditIds.has(m.id));
      if (!enrolling.length) return { maxAptcCents: 0, stateAssistanceCents: 0 };
      const help = householdHelp(eligibility, benchmark({ ...req, members: enrolling }), profile.subsidies, { partialHousehold: enrolling.length < req.members.length });
      return { maxAptcCents: help.maxCreditMonthlyCents, stateAssistanceCents: help.maxPremiumAssistanceMonthlyCents };
    },
  };
}
