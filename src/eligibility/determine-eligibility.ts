/**
 * Who in a household can get what help (RULES.md): income as a percent of the
 * poverty line, Medicaid and Dr. Dynasaur screening (a referral), the premium
 * tax credit's applicable percentage and required contribution, cost-sharing
 * reductions, state premium assistance and the American Indian / Alaska
 * Native provisions. Pure: no clock, no database; the same input gives the
 * same result whatever the order of the members.
 */
import type { SubsidyRules } from '../states/profile.js';
import { invalidInput } from '../platform/errors.js';
import { applicablePercentageFrom, applicableTable } from './applicable-percentage.js';
import { line, type ExplanationLine } from './explanation.js';
import { monthlyFromYearly, percentOfCents } from './money.js';
import { incomePercentOfPoverty, medicaidGuidelineYear, planYearRules, povertyLineCents } from './poverty.js';
import { AIAN_ZERO_COST_SHARING_MAX_FPL_PERCENT, CREDIT_FLOOR_FPL_PERCENT, VARIANTS } from './tables.js';

export type Immigration = 'citizen' | 'lawfully-present' | 'not-lawfully-present';

export interface HouseholdMember {
  id: string;
  age: number;
  /** Wants coverage now (others count in the household size only). */
  seekingCoverage: boolean;
  pregnant?: boolean;
  americanIndianAlaskaNative?: boolean;
  immigration?: Immigration;
  /** Monthly employee premium of the lowest-cost self-only employer plan offered to this member, if any. */
  employerSelfOnlyMonthlyCents?: number | null;
}

export interface EligibilityInput {
  planYear: number;
  /** Tax family size: everyone in the household, whether or not they need coverage. */
  householdSize: number;
  /** Expected modified adjusted gross income for the plan year, in cents. */
  annualIncomeCents: number;
  members: readonly HouseholdMember[];
  /** Day of the determination, YYYY-MM-DD (which guidelines Medicaid uses). */
  asOf: string;
  enrollmentPeriod?: 'open' | 'special' | 'income-based-sep';
}

/** Per member, in the enrollment module's words. */
export type MemberOutcome = 'qhp-aptc' | 'qhp' | 'medicaid' | 'chip' | 'ineligible' | 'not-seeking';

export interface MemberEligibility {
  id: string;
  age: number;
  outcome: MemberOutcome;
  reasons: string[];
}

export type NoCreditReason = 'above-ceiling' | 'below-poverty' | 'lawfully-present-below-poverty' | 'income-based-sep' | 'all-referred' | 'nobody-eligible';

export interface CostSharing {
  /** '94', '87', '77', '73', 'zero', 'limited', or null for the standard plan. */
  level: string | null;
  /** The plan variant suffix to quote; `metals: 'silver'` for CSR levels, every metal for AI/AN. */
  variant: string;
  metals: 'silver' | 'all';
  fundedBy: 'federal' | 'state' | null;
}

export interface Eligibility {
  planYear: number;
  householdSize: number;
  annualIncomeCents: number;
  guidelineYear: number;
  povertyLineCents: number;
  fplPercent: number;
  medicaidGuidelineYear: number;
  medicaidFplPercent: number;
  members: MemberEligibility[];
  credit: { eligible: true; applicablePercentageBp: number; requiredContributionYearlyCents: number; requiredContributionMonthlyCents: number } | { eligible: false; reason: NoCreditReason };
  premiumAssistance: null | { applicablePercentageBp: number; requiredContributionYearlyCents: number; requiredContributionMonthlyCents: number };
  costSharing: CostSharing;
  explanation: ExplanationLine[];
}

const STANDARD: CostSharing = { level: null, variant: VARIANTS.standard, metals: 'all', fundedBy: null };

function validate(input: EligibilityInput): void {
  const seen = new Set<string>();
  for (const m of input.members) {
    if (!Number.isInteger(m.age) || m.age < 0 || m.age > 120) throw new RangeError(`member age must be 0–120 (${m.age})`);
    if (seen.has(m.id)) throw new RangeError(`member ids must be unique (${m.id})`);
    seen.add(m.id);
  }
  if (!Number.isInteger(input.annualIncomeCents)) throw new RangeError('income must be whole cents');
  if (!Number.isInteger(input.householdSize) || input.householdSize < Math.max(1, input.members.length)) {
    throw invalidInput([{ field: 'householdSize', messageKey: 'eligibility.errors.householdSize' }]);
  }
}

/** Members in a canonical order, so results never depend on the order given. */
function canonical(members: readonly HouseholdMember[]): HouseholdMember[] {
  return [...members].sort((a, b) => b.age - a.age || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function determineEligibility(input: EligibilityInput, rules: SubsidyRules): Eligibility {
  validate(input);
  const year = planYearRules(input.planYear);
  const table = applicableTable(input.planYear);
  const explanation: ExplanationLine[] = [];
  const members = canonical(input.members);

  const poverty = povertyLineCents(year.guidelineYear, rules.povertyRegion, input.householdSize);
  const fplPercent = incomePercentOfPoverty(input.annualIncomeCents, poverty);
  const mYear = medicaidGuidelineYear(input.asOf, rules.medicaid.guidelinesSwitchOn);
  const mPercent = incomePercentOfPoverty(input.annualIncomeCents, povertyLineCents(mYear, rules.povertyRegion, input.householdSize));
  explanation.push(
    line('eligibility.income', {
      size: input.householdSize,
      income: { cents: input.annualIncomeCents },
      year: input.planYear,
      percent: fplPercent,
      poverty: { cents: poverty },
      guidelineYear: year.guidelineYear,
    }),
  );

  // Medicaid and Dr. Dynasaur screening: a referral, never a credit.
  const med = rules.medicaid;
  const outcomes = new Map<string, MemberEligibility>();
  for (const m of members) {
    const result: MemberEligibility = { id: m.id, age: m.age, outcome: 'qhp', reasons: [] };
    outcomes.set(m.id, result);
    if (!m.seekingCoverage) {
      result.outcome = 'not-seeking';
      continue;
    }
    if (m.immigration === 'not-lawfully-present') {
      result.outcome = 'ineligible';
      result.reasons.push('not-lawfully-present');
      explanation.push(line('eligibility.notLawfullyPresent', { age: m.age }));
      continue;
    }
    if (m.pregnant && mPercent < med.pregnantBelowFplPercent) {
      result.outcome = 'chip';
      result.reasons.push('pregnant-below-limit');
      explanation.push(line('eligibility.referral.pregnant', { age: m.age, program: med.childProgram }));
    } else if (m.age < med.childUnderAge && mPercent < med.childBelowFplPercent) {
      result.outcome = 'chip';
      result.reasons.push('child-below-limit');
      explanation.push(line('eligibility.referral.child', { age: m.age, program: med.childProgram }));
    } else if (m.age >= med.childUnderAge && m.age < 65 && mPercent <= med.adultMaxFplPercent) {
      // A lawfully present adult under 100 % FPL may be refused Medicaid for status; the 2025 rules then allow the credit.
      const statusException = m.immigration === 'lawfully-present' && fplPercent < CREDIT_FLOOR_FPL_PERCENT && year.lawfullyPresentBelowPovertyEligible;
      if (!statusException) {
        result.outcome = 'medicaid';
        result.reasons.push('adult-below-limit');
        explanation.push(line('eligibility.referral.adult', { age: m.age, program: med.adultProgram }));
        if (m.immigration === 'lawfully-present' && fplPercent < CREDIT_FLOOR_FPL_PERCENT) {
          // Should Medicaid refuse them for their status, the credit is no fallback in years that exclude them.
          result.reasons.push('lawfully-present-below-poverty');
          explanation.push(line('eligibility.none.lawfullyPresentBelowPoverty', { year: input.planYear }));
        }
      }
    }
  }

  const marketplace = members.filter((m) => outcomes.get(m.id)!.outcome === 'qhp');
  let noCredit: NoCreditReason | null = null;
  if (marketplace.length === 0) noCredit = members.some((m) => ['medicaid', 'chip'].includes(outcomes.get(m.id)!.outcome)) ? 'all-referred' : 'nobody-eligible';
  else if (input.enrollmentPeriod === 'income-based-sep' && !year.creditInIncomeBasedSep) noCredit = 'income-based-sep';

  const ap = applicablePercentageFrom(table, Math.max(fplPercent, 0));
  if (!noCredit && !ap.eligible) noCredit = 'above-ceiling';

  // Who in the marketplace household may get the credit.
  const creditMembers: HouseholdMember[] = [];
  if (!noCredit) {
    for (const m of marketplace) {
      const r = outcomes.get(m.id)!;
      if (fplPercent < CREDIT_FLOOR_FPL_PERCENT && !(m.immigration === 'lawfully-present' && year.lawfullyPresentBelowPovertyEligible)) {
        r.reasons.push(m.immigration === 'lawfully-present' ? 'lawfully-present-below-poverty' : 'below-poverty');
        continue;
      }
      if (m.employerSelfOnlyMonthlyCents != null && year.employerAffordabilityBp !== null) {
        const affordable = m.employerSelfOnlyMonthlyCents * 12 <= percentOfCents(input.annualIncomeCents, year.employerAffordabilityBp);
        if (affordable) {
          r.reasons.push('affordable-employer-coverage');
          explanation.push(line('eligibility.employerCoverage', { age: m.age, percent: { basisPoints: year.employerAffordabilityBp } }));
          continue;
        }
      }
      r.outcome = 'qhp-aptc';
      creditMembers.push(m);
    }
    if (creditMembers.length === 0) {
      const lawfullyPresent = marketplace.some((m) => m.immigration === 'lawfully-present');
      noCredit = fplPercent < CREDIT_FLOOR_FPL_PERCENT ? (lawfullyPresent ? 'lawfully-present-below-poverty' : 'below-poverty') : 'nobody-eligible';
    }
  }

  let credit: Eligibility['credit'];
  let premiumAssistance: Eligibility['premiumAssistance'] = null;
  let costSharing: CostSharing = STANDARD;
  if (noCredit || !ap.eligible) {
    const reason = noCredit ?? 'above-ceiling';
    credit = { eligible: false, reason };
    for (const m of marketplace) outcomes.get(m.id)!.reasons.push(reason);
    const vars = { year: input.planYear, percent: fplPercent };
    const key = {
      'above-ceiling': 'eligibility.none.aboveCeiling',
      'below-poverty': 'eligibility.none.belowPoverty',
      'lawfully-present-below-poverty': 'eligibility.none.lawfullyPresentBelowPoverty',
      'income-based-sep': 'eligibility.none.incomeBasedSep',
      'all-referred': 'eligibility.none.allReferred',
      'nobody-eligible': 'eligibility.none.nobody',
    } as const;
    explanation.push(line(key[reason], vars));
  } else {
    const yearly = percentOfCents(input.annualIncomeCents, ap.basisPoints);
    credit = { eligible: true, applicablePercentageBp: ap.basisPoints, requiredContributionYearlyCents: yearly, requiredContributionMonthlyCents: monthlyFromYearly(yearly) };
    explanation.push(line('eligibility.credit.expected', { percent: { basisPoints: ap.basisPoints }, yearly: { cents: yearly }, monthly: { cents: credit.requiredContributionMonthlyCents } }));

    const pa = rules.premiumAssistance;
    if (pa && fplPercent <= pa.maxFplPercent) {
      const bp = Math.max(0, ap.basisPoints - pa.reductionBasisPoints);
      const paYearly = percentOfCents(input.annualIncomeCents, bp);
      premiumAssistance = { applicablePercentageBp: bp, requiredContributionYearlyCents: paYearly, requiredContributionMonthlyCents: monthlyFromYearly(paYearly) };
    }

    // Cost-sharing reductions need the credit; the policy's variant applies to every enrollee, so all must qualify.
    if (creditMembers.length === marketplace.length) {
      const step = rules.csr.find((s) => Math.max(fplPercent, CREDIT_FLOOR_FPL_PERCENT) <= s.maxFplPercent);
      if (step) costSharing = { level: step.level, variant: step.variant, metals: 'silver', fundedBy: step.fundedBy };
    } else if (rules.csr.some((s) => fplPercent <= s.maxFplPercent)) {
      explanation.push(line('eligibility.csr.mixed'));
    }
  }

  // American Indian / Alaska Native provisions (45 CFR 155.350): every enrollee must qualify.
  const aian = marketplace.length > 0 && marketplace.every((m) => m.americanIndianAlaskaNative);
  if (aian) {
    if (credit.eligible && fplPercent <= AIAN_ZERO_COST_SHARING_MAX_FPL_PERCENT) {
      costSharing = { level: 'zero', variant: VARIANTS.zeroCostSharing, metals: 'all', fundedBy: 'federal' };
      explanation.push(line('eligibility.aian.zero'));
    } else {
      costSharing = { level: 'limited', variant: VARIANTS.limitedCostSharing, metals: 'all', fundedBy: 'federal' };
      explanation.push(line('eligibility.aian.limited'));
    }
  } else if (costSharing.level) {
    explanation.push(line('eligibility.csr', { percent: fplPercent, level: `Silver ${costSharing.level}` }));
    if (costSharing.fundedBy === 'state') explanation.push(line('eligibility.csr.state'));
  }

  return {
    planYear: input.planYear,
    householdSize: input.householdSize,
    annualIncomeCents: input.annualIncomeCents,
    guidelineYear: year.guidelineYear,
    povertyLineCents: poverty,
    fplPercent,
    medicaidGuidelineYear: mYear,
    medicaidFplPercent: mPercent,
    members: members.map((m) => outcomes.get(m.id)!),
    credit,
    premiumAssistance,
    costSharing,
    explanation,
  };
}
