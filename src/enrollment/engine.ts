/**
 * The seam between enrollment and the eligibility and plan-catalog engines
 * (src/eligibility, src/catalog): enrollment asks two questions — what does
 * this household qualify for, and which plans may it buy at what price — and
 * depends on nothing else of theirs. The adapter in engine-adapter.ts
 * answers them with those modules' exported functions.
 */
import type { Tx } from '../platform/database.js';
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
  zip?: string;
  county?: string;
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

export type Metal = 'catastrophic' | 'bronze' | 'expanded-bronze' | 'silver' | 'gold' | 'platinum';

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

export interface QuoteRequest {
  state: string;
  planYear: number;
  /** First day of coverage (rates and ages apply on it). */
  coverageStart: string;
  /** Day of the quote (which poverty guidelines Medicaid screening uses). */
  asOf: string;
  annualIncomeCents: number;
  taxHouseholdSize: number;
  zip?: string;
  county?: string;
  /** The members who would enroll. */
  members: ApplicantFacts[];
}

export interface HouseholdQuote {
  offers: PlanOffer[];
  /** The most credit a month for these members (the benchmark is for them). */
  maxAptcCents: number;
  stateAssistanceCents: number;
  /** The CSR variant these members qualify for ('01' when none). */
  csrVariant: string;
  /** Provisional tables behind these amounts (docs/adr/0100-plan-year-as-data.md): shown as an estimate while any. */
  estimates?: Array<{ table: string; source: string }>;
}

export interface PlanDescription {
  name: string;
  carrierName: string;
  metal: Metal;
}

export interface EnrollmentEngine {
  /** Names a plan (`planHiosId`, 14 characters) for display; null for one the catalog does not know. */
  describePlan(tx: Tx, planYear: number, planHiosId: string, variant: string): Promise<PlanDescription | null>;
  determine(tx: Tx, req: EligibilityRequest): Promise<EligibilityDecision>;
  /** Plans on sale for the members, priced, with the credit and help they may apply. */
  quote(tx: Tx, req: QuoteRequest): Promise<HouseholdQuote>;
  /**
   * A redetermination and the price of keeping coverage, for annual renewal: every member
   * determined (ages on `coverageStart`), and the plans priced for those of `cover` who stay
   * eligible for a plan (null when none does) — with one pricing when they are the household's
   * eligible members, as they nearly always are.
   */
  redetermine(tx: Tx, req: EligibilityRequest & { coverageStart: string; cover: readonly string[] }): Promise<{ decision: EligibilityDecision; quote: HouseholdQuote | null }>;
}
