/** The quote API's shapes: JSON schemas for the OpenAPI document, and the presenter from the domain's quote. */
import type { Quote } from './quote-household.js';

const cents = { type: 'integer', minimum: 0 } as const;
const nullableCents = { type: ['integer', 'null'] } as const;

export const quoteRequestSchema = {
  type: 'object',
  required: ['planYear', 'annualIncomeCents', 'members'],
  additionalProperties: false,
  properties: {
    planYear: { type: 'integer', minimum: 2014, maximum: 2100 },
    zip: { type: 'string', pattern: '^[0-9]{5}$', description: 'ZIP code (or give county).' },
    county: { type: 'string', minLength: 1, maxLength: 60 },
    householdSize: { type: 'integer', minimum: 1, maximum: 20, description: 'Tax household size; defaults to the number of members.' },
    annualIncomeCents: { type: 'integer', minimum: 0, maximum: 100_000_000_00, description: 'Expected household MAGI for the plan year, in cents.' },
    asOf: { type: 'string', format: 'date', description: 'Day of the quote (which guidelines Medicaid uses); defaults to today.' },
    coverageStart: { type: 'string', format: 'date' },
    enrollmentPeriod: { type: 'string', enum: ['open', 'special', 'income-based-sep'] },
    members: {
      type: 'array',
      minItems: 1,
      maxItems: 20,
      items: {
        type: 'object',
        required: ['age'],
        additionalProperties: false,
        properties: {
          id: { type: 'string', minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_-]+$', description: 'Your reference for the member (no personal data).' },
          age: { type: 'integer', minimum: 0, maximum: 120 },
          seekingCoverage: { type: 'boolean', default: true },
          tobacco: { type: 'boolean' },
          pregnant: { type: 'boolean' },
          americanIndianAlaskaNative: { type: 'boolean' },
          immigration: { type: 'string', enum: ['citizen', 'lawfully-present', 'not-lawfully-present'] },
          relationship: { type: 'string', enum: ['subscriber', 'spouse', 'dependent'] },
          employerSelfOnlyMonthlyCents: { type: ['integer', 'null'], minimum: 0 },
        },
      },
    },
  },
} as const;

const explanation = {
  type: 'array',
  items: { type: 'object', properties: { code: { type: 'string' }, en: { type: 'string' }, es: { type: 'string' } } },
} as const;

export const quoteResponseSchema = {
  type: 'object',
  properties: {
    planYear: { type: 'integer' },
    // True while a table behind these figures is provisional: they are an estimate until the published table is loaded.
    estimate: { type: 'boolean' },
    estimates: { type: 'array', items: { type: 'object', properties: { table: { type: 'string' }, source: { type: 'string' } } } },
    stateCode: { type: 'string' },
    ratingAreaId: { type: 'string' },
    coverageStart: { type: 'string' },
    tier: { type: ['string', 'null'] },
    household: {
      type: 'object',
      properties: {
        size: { type: 'integer' },
        annualIncomeCents: cents,
        povertyLineCents: cents,
        guidelineYear: { type: 'integer' },
        fplPercent: { type: 'integer' },
        medicaidFplPercent: { type: 'integer' },
      },
    },
    members: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          age: { type: 'integer' },
          outcome: { type: 'string', enum: ['qhp-aptc', 'qhp', 'medicaid', 'chip', 'ineligible', 'not-seeking'] },
          reasons: { type: 'array', items: { type: 'string' } },
        },
      },
    },
    credit: {
      type: 'object',
      properties: {
        eligible: { type: 'boolean' },
        reason: { type: ['string', 'null'] },
        applicablePercentageBasisPoints: { type: ['integer', 'null'] },
        requiredContributionMonthlyCents: nullableCents,
        requiredContributionYearlyCents: nullableCents,
        maxMonthlyCents: cents,
        maxYearlyCents: cents,
      },
    },
    premiumAssistance: {
      type: 'object',
      properties: {
        applicablePercentageBasisPoints: { type: ['integer', 'null'] },
        requiredContributionMonthlyCents: nullableCents,
        maxMonthlyCents: cents,
      },
    },
    costSharing: {
      type: 'object',
      properties: { level: { type: ['string', 'null'] }, variant: { type: 'string' }, metals: { type: 'string' }, fundedBy: { type: ['string', 'null'] } },
    },
    benchmark: { type: ['object', 'null'], properties: { planId: { type: 'string' }, name: { type: 'string' }, premiumCents: cents } },
    plans: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          planId: { type: 'string' },
          standardComponentId: { type: 'string' },
          variant: { type: 'string' },
          name: { type: 'string' },
          issuerId: { type: 'string' },
          carrierName: { type: 'string' },
          metalLevel: { type: 'string' },
          networkType: { type: 'string' },
          hsaEligible: { type: 'boolean' },
          costSharingLevel: { type: ['string', 'null'] },
          deductibleIndividualCents: cents,
          deductibleFamilyCents: nullableCents,
          oopMaxIndividualCents: cents,
          oopMaxFamilyCents: nullableCents,
          costSharing: { type: 'object', additionalProperties: true },
          premiumCents: cents,
          creditCents: cents,
          premiumAssistanceCents: cents,
          premiumAfterHelpCents: cents,
          isBenchmark: { type: 'boolean' },
        },
      },
    },
    explanation,
  },
} as const;

/** The domain's quote as the API shows it. */
export function presentQuote(q: Quote) {
  const e = q.eligibility;
  return {
    planYear: q.planYear,
    estimate: q.estimates.length > 0,
    estimates: q.estimates,
    stateCode: q.stateCode,
    ratingAreaId: q.ratingAreaId,
    coverageStart: q.coverageStart,
    tier: q.tier,
    household: {
      size: e.householdSize,
      annualIncomeCents: e.annualIncomeCents,
      povertyLineCents: e.povertyLineCents,
      guidelineYear: e.guidelineYear,
      fplPercent: e.fplPercent,
      medicaidFplPercent: e.medicaidFplPercent,
    },
    members: e.members,
    credit: e.credit.eligible
      ? {
          eligible: true,
          reason: null,
          applicablePercentageBasisPoints: e.credit.applicablePercentageBp,
          requiredContributionMonthlyCents: e.credit.requiredContributionMonthlyCents,
          requiredContributionYearlyCents: e.credit.requiredContributionYearlyCents,
          maxMonthlyCents: q.maxCreditMonthlyCents,
          maxYearlyCents: q.maxCreditMonthlyCents * 12,
        }
      : {
          eligible: false,
          reason: e.credit.reason,
          applicablePercentageBasisPoints: null,
          requiredContributionMonthlyCents: null,
          requiredContributionYearlyCents: null,
          maxMonthlyCents: 0,
          maxYearlyCents: 0,
        },
    premiumAssistance: {
      applicablePercentageBasisPoints: e.premiumAssistance?.applicablePercentageBp ?? null,
      requiredContributionMonthlyCents: e.premiumAssistance?.requiredContributionMonthlyCents ?? null,
      maxMonthlyCents: q.maxPremiumAssistanceMonthlyCents,
    },
    costSharing: e.costSharing,
    benchmark: q.benchmark,
    plans: q.plans,
    explanation: q.explanation,
  };
}
