/**
 * The enrollment engine (engine.ts) answered by the plan catalog's quote
 * engine (src/catalog/quote-household.ts), which runs the eligibility rules
 * (src/eligibility) and prices every plan: the determination, the plans on
 * the selection page and the enrollment's amounts are the same numbers the
 * window-shopping pages show.
 */
import { and, eq } from 'drizzle-orm';
import { carriers, plans as catalogPlans } from '../catalog/schema.js';
import { quoteHousehold, type Quote, type QuoteMemberInput } from '../catalog/quote-household.js';
import { CandorError } from '../platform/errors.js';
import type { Tx } from '../platform/database.js';
import type { StateProfile } from '../states/profile.js';
import { ageOn } from './dates.js';
import type { ApplicantFacts, EligibilityDecision, EnrollmentEngine, HouseholdQuote, PlanOffer } from './engine.js';
import { shareCents } from './premium.js';
import type { DeterminationOutcome } from './schema.js';

function quoteMembers(members: ApplicantFacts[], on: string): QuoteMemberInput[] {
  return members.map((m) => ({
    id: m.id,
    age: Math.min(120, Math.max(0, ageOn(m.dateOfBirth, on))),
    // Incarceration bars a marketplace plan: such a member is not seeking one now.
    seekingCoverage: m.seekingCoverage && !m.incarcerated,
    tobacco: m.tobaccoUse,
    pregnant: m.pregnant,
    americanIndianAlaskaNative: m.americanIndianAlaskaNative,
    immigration: m.citizenship,
    relationship: m.isPrimary ? 'subscriber' : m.relationship === 'spouse' || m.relationship === 'domestic-partner' ? 'spouse' : 'dependent',
    // Other coverage: an affordable employer offer bars the credit (priced at zero so it always counts as affordable).
    employerSelfOnlyMonthlyCents: m.otherCoverage ? 0 : null,
  }));
}

/** The catalog has no plans for that year: nothing can be priced, so nothing is decided. */
function catalogMissing(err: unknown): never {
  if (err instanceof CandorError && err.name === 'invalid-input') throw new CandorError('conflict', 'errors.catalogMissing');
  throw err;
}

export function createEngine(profile: StateProfile): EnrollmentEngine {
  async function quote(tx: Tx, req: Parameters<EnrollmentEngine['quote']>[1]): Promise<HouseholdQuote> {
    const q = await quoteHousehold(tx, profile, {
      planYear: req.planYear,
      zip: req.zip,
      county: req.county || undefined,
      householdSize: Math.max(req.taxHouseholdSize, req.members.length),
      annualIncomeCents: req.annualIncomeCents,
      members: quoteMembers(req.members, req.coverageStart),
      asOf: req.asOf,
      coverageStart: req.coverageStart,
    }).catch(catalogMissing);
    return householdQuote(q, req.members);
  }

  function decisionOf(q: Quote): EligibilityDecision {
    const e = q.eligibility;
    return {
      fplPercent: e.fplPercent,
      maxAptcCents: q.maxCreditMonthlyCents,
      stateAssistanceCents: q.maxPremiumAssistanceMonthlyCents,
      csrVariant: e.costSharing.level ? e.costSharing.variant : '01',
      members: e.members.filter((m) => m.outcome !== 'not-seeking').map((m) => ({ memberId: m.id, outcome: m.outcome as DeterminationOutcome, reasons: m.reasons })),
    };
  }

  function householdQuote(q: Quote, members: ApplicantFacts[]): HouseholdQuote {
    const priced = members.filter((m) => q.pricedMemberIds.includes(m.id));
    const offers: PlanOffer[] = q.plans.map((p) => {
      const shares = shareCents(p.premiumCents, Math.max(1, priced.length));
      return {
        carrierHiosId: p.issuerId,
        carrierName: p.carrierName,
        planHiosId: p.standardComponentId,
        variant: p.variant,
        name: p.name,
        metal: p.metalLevel,
        hsaEligible: p.hsaEligible,
        grossPremiumCents: p.premiumCents,
        memberPremiums: priced.map((m, i) => ({ memberId: m.id, cents: shares[i]! })),
        deductibleCents: p.deductibleIndividualCents,
        outOfPocketMaxCents: p.oopMaxIndividualCents,
      };
    });
    return {
      offers,
      maxAptcCents: q.maxCreditMonthlyCents,
      stateAssistanceCents: q.maxPremiumAssistanceMonthlyCents,
      csrVariant: q.eligibility.costSharing.level ? q.eligibility.costSharing.variant : '01',
      estimates: q.estimates,
    };
  }

  return {
    async describePlan(tx, planYear, planHiosId, variant) {
      const [row] = await tx
        .select({ name: catalogPlans.name, issuerId: catalogPlans.issuerId, metal: catalogPlans.metalLevel })
        .from(catalogPlans)
        .where(and(eq(catalogPlans.planYear, planYear), eq(catalogPlans.planId, `${planHiosId}-${variant}`)));
      if (!row) return null;
      const [carrier] = await tx.select({ name: carriers.name }).from(carriers).where(eq(carriers.issuerId, row.issuerId));
      return { name: row.name, carrierName: carrier?.name ?? row.issuerId, metal: row.metal };
    },

    async redetermine(tx, req) {
      const ask = {
        planYear: req.planYear,
        zip: req.zip,
        county: req.county || undefined,
        householdSize: Math.max(req.taxHouseholdSize, req.members.length),
        annualIncomeCents: req.annualIncomeCents,
        asOf: req.applicationDay,
        coverageStart: req.coverageStart,
      };
      const q = await quoteHousehold(tx, profile, { ...ask, members: quoteMembers(req.members, req.coverageStart) }).catch(catalogMissing);
      const decision = decisionOf(q);
      const eligible = new Set(decision.members.filter((m) => (m.outcome === 'qhp' || m.outcome === 'qhp-aptc') && req.cover.includes(m.memberId)).map((m) => m.memberId));
      if (!eligible.size) return { decision, quote: null };
      const members = req.members.filter((m) => eligible.has(m.id));
      // The household's own quote priced exactly these members: use it; otherwise price them alone.
      if (q.pricedMemberIds.length === eligible.size && q.pricedMemberIds.every((id) => eligible.has(id))) return { decision, quote: householdQuote(q, members) };
      return { decision, quote: await quote(tx, { ...req, asOf: req.applicationDay, members }) };
    },

    async determine(tx, req) {
      const q = await quoteHousehold(tx, profile, {
        planYear: req.planYear,
        zip: req.zip,
        county: req.county || undefined,
        householdSize: Math.max(req.taxHouseholdSize, req.members.length),
        annualIncomeCents: req.annualIncomeCents,
        members: quoteMembers(req.members, req.applicationDay),
        asOf: req.applicationDay,
      }).catch(catalogMissing);
      const e = q.eligibility;
      const decision: EligibilityDecision = {
        fplPercent: e.fplPercent,
        maxAptcCents: q.maxCreditMonthlyCents,
        stateAssistanceCents: q.maxPremiumAssistanceMonthlyCents,
        csrVariant: e.costSharing.level ? e.costSharing.variant : '01',
        members: e.members.filter((m) => m.outcome !== 'not-seeking').map((m) => ({ memberId: m.id, outcome: m.outcome as DeterminationOutcome, reasons: m.reasons })),
      };
      return decision;
    },

    quote,
  };
}
