/**
 * The money: the monthly premium tax credit from the benchmark, state premium
 * assistance on top, and what a chosen plan then costs (RULES.md).
 *   credit  = max(0, min(benchmark − required contribution, plan premium))
 *   state   = max(0, benchmark − state contribution) − max(0, benchmark − required contribution),
 *             applied after the credit and never beyond the plan premium
 */
import type { Localized, SubsidyRules } from '../states/profile.js';
import type { Eligibility } from './determine-eligibility.js';
import { line, type ExplanationLine } from './explanation.js';

export interface HouseholdHelp {
  /** The benchmark (SLCSP) premium for the members who get the credit, tobacco excluded. */
  benchmarkMonthlyCents: number | null;
  /** The most credit a month (before the cap at the chosen plan's premium). */
  maxCreditMonthlyCents: number;
  maxPremiumAssistanceMonthlyCents: number;
  explanation: ExplanationLine[];
}

export interface PlanHelp {
  premiumCents: number;
  creditCents: number;
  premiumAssistanceCents: number;
  premiumAfterHelpCents: number;
}

export function householdHelp(eligibility: Eligibility, benchmarkMonthlyCents: number | null, rules: SubsidyRules, notes: { tobaccoRated?: boolean; partialHousehold?: boolean } = {}): HouseholdHelp {
  const explanation: ExplanationLine[] = [];
  const credit = eligibility.credit;
  if (!credit.eligible || benchmarkMonthlyCents === null) {
    return { benchmarkMonthlyCents, maxCreditMonthlyCents: 0, maxPremiumAssistanceMonthlyCents: 0, explanation };
  }
  const maxCredit = Math.max(0, benchmarkMonthlyCents - credit.requiredContributionMonthlyCents);
  if (maxCredit > 0) {
    explanation.push(line('eligibility.credit.amount', { benchmark: { cents: benchmarkMonthlyCents }, credit: { cents: maxCredit }, yearly: { cents: maxCredit * 12 } }));
    explanation.push(line('eligibility.credit.cap'));
  } else {
    explanation.push(line('eligibility.credit.benchmarkBelow', { benchmark: { cents: benchmarkMonthlyCents } }));
  }
  if (notes.partialHousehold) explanation.push(line('eligibility.credit.partial'));
  if (notes.tobaccoRated) explanation.push(line('eligibility.credit.tobacco'));

  let maxAssistance = 0;
  const pa = eligibility.premiumAssistance;
  if (pa && rules.premiumAssistance) {
    maxAssistance = Math.max(0, Math.max(0, benchmarkMonthlyCents - pa.requiredContributionMonthlyCents) - maxCredit);
    const program: Localized = rules.premiumAssistance.name;
    explanation.push(
      line('eligibility.assistance', {
        program,
        max: rules.premiumAssistance.maxFplPercent,
        percent: { basisPoints: pa.applicablePercentageBp },
        monthly: { cents: pa.requiredContributionMonthlyCents },
        amount: { cents: maxAssistance },
      }),
    );
  }
  return { benchmarkMonthlyCents, maxCreditMonthlyCents: maxCredit, maxPremiumAssistanceMonthlyCents: maxAssistance, explanation };
}

/** Applies the household's help to one plan's monthly premium; `creditAllowed` is false for catastrophic plans. */
export function applyHelp(help: Pick<HouseholdHelp, 'maxCreditMonthlyCents' | 'maxPremiumAssistanceMonthlyCents'>, premiumCents: number, creditAllowed = true): PlanHelp {
  const premium = Math.max(0, premiumCents);
  const creditCents = creditAllowed ? Math.min(help.maxCreditMonthlyCents, premium) : 0;
  const premiumAssistanceCents = creditAllowed ? Math.min(help.maxPremiumAssistanceMonthlyCents, premium - creditCents) : 0;
  return { premiumCents: premium, creditCents, premiumAssistanceCents, premiumAfterHelpCents: premium - creditCents - premiumAssistanceCents };
}
