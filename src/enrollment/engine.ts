/**
 * The seam between enrollment and the eligibility and plan-catalog engines
 * (src/eligibility, src/catalog): enrollment asks two questions — what does
 * this household qualify for, and which plans may it buy at what price — and
 * depends on nothing else of theirs. The adapter in engine-adapter.ts
 * answers them with those modules' exported functions.
 */
import type { DeterminationOutcome } from './schema.js';

export interface ApplicantFacts {
  id: string;
  isPrimary: boolean;
  /** YYYY-MM-DD */
  dateOfBirth: string;
  /** Relationship to the primary applicant (`self` for the primary). */
  relationship: 'self' | 'spouse' | 'child' | 'parent' | 'sibling' | 'domestic-partner' | 'other';
  seekingCoverage: boolean;
  pregnant: boolean;
  americanIndianAlaskaNative: boolean;
  citizenship: 'citizen' | 'lawfully-present' | 'not-lawfully-present';
  incarcerated: boolean;
  otherCoverage: boolean;
  tobaccoUse: boolean;
  taxFiling: 'filer' | 'joint-filer' | 'dependent' | 'non-filer';
}

export interface EligibilityRequest {
  state: string;
  planYear: number;
  /** The application date (YYYY-MM-DD), which picks the poverty guidelines Medicaid uses. */
  applicationDay: string;
  /** Expected household MAGI for the plan year, cents. */
  annualIncomeCents: number;
  taxHouseholdSize: number;
  ratingArea: string;
  members: ApplicantFacts[];
}

export interface EligibilityDecision {
  fplPercent: number;
  /** Monthly maximum premium tax credit for the household, cents. */
  maxAptcCents: number;
  /** Monthly state premium assistance, cents. */
  stateAssistanceCents: number;
  /** Silver plan variant when cost-sharing reductions apply ('01' when none). */
  csrVariant: string;
  members: Array<{ memberId: string; outcome: DeterminationOutcome; reasons: string[] }>;
}

export type Metal = 'catastrophic' | 'bronze' | 'silver' | 'gold' | 'platinum';

export interface PlanOffer {
  carrierHiosId: string;
  carrierName: string;
  /** HIOS standard component id (14 characters). */
  planHiosId: string;
  /** The variant the household would get (CSR applies to silver plans only). */
  variant: string;
  name: string;
  metal: Metal;
  hsaEligible: boolean;
  /** Monthly gross premium for the members covered, cents. */
  grossPremiumCents: number;
  /** Each member's share of the gross premium (they add up to it exactly). */
  memberPremiums: Array<{ memberId: string; cents: number }>;
  /** Yearly deductible and out-of-pocket maximum for one person, cents (for comparing). */
  deductibleCents: number | null;
  outOfPocketMaxCents: number | null;
}

export interface PlanRequest {
  state: string;
  planYear: number;
  ratingArea: string;
  coverageStart: string;
  csrVariant: string;
  members: ApplicantFacts[];
}

export interface PlanDescription {
  name: string;
  carrierName: string;
  metal: Metal;
}

export interface EnrollmentEngine {
  /** Names a plan for display (null for a plan the catalog no longer knows). */
  describePlan(planYear: number, planHiosId: string): Promise<PlanDescription | null>;
  determine(req: EligibilityRequest): Promise<EligibilityDecision>;
  /** Plans on sale for the members, priced; empty when the catalog has none for that year. */
  plans(req: PlanRequest): Promise<PlanOffer[]>;
  /**
   * The maximum credit for the members actually enrolling (the benchmark is
   * the second-lowest silver for them), given the household's decision.
   */
  creditFor(req: PlanRequest & { eligibility: EligibilityDecision; annualIncomeCents: number; taxHouseholdSize: number }): Promise<{ maxAptcCents: number; stateAssistanceCents: number }>;
}
