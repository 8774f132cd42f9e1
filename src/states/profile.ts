/**
 * What differs between states. Later modules add their rules here (rating
 * method, subsidy rules, grace periods); a state is one typed file.
 */
import type { ClosedDays, OpenEnrollmentRule } from './calendar.js';

export type Lang = 'en' | 'es';
export type Localized = Record<Lang, string>;

/** Opening hours by ISO weekday (1 = Monday … 7 = Sunday), local times "HH:MM". */
export type WeeklyHours = Partial<Record<1 | 2 | 3 | 4 | 5 | 6 | 7, { opens: string; closes: string }>>;

export interface PhoneLine {
  id: string;
  name: Localized;
  number: string;
  tty?: string;
  hours: WeeklyHours;
  /** Days the line is closed all day (state holidays, by rule: src/states/calendar.ts), YYYY-MM-DD. */
  closedOn: ClosedDays;
}

export interface MailingAddress {
  name: string;
  lines: string[];
  city: string;
  state: string;
  zip: string;
}

export interface StateProfile {
  id: string;
  name: Localized;
  exchangeName: string;
  /**
   * The exchange's marketplace identifier, one value for Form 1095-A line 1
   * and the IRS files' MarketplaceId / HealthExchangeId (the IRS's
   * ExchangeIdType, NN.SSx.AAA.NNN.NNN: docs/adr/0111).
   */
  marketplaceId: string;
  timeZone: string;
  website: string;
  phoneLines: { customerSupport: PhoneLine; payments: PhoneLine };
  /** Where customers mail checks; the payment's reference number goes on the memo line. */
  lockbox: MailingAddress;
  /** Where paper applications are mailed. */
  applicationsMailingAddress: MailingAddress;
  /** Open enrollment by rule, for every plan year (src/states/calendar.ts: openEnrollmentFor). */
  openEnrollment: OpenEnrollmentRule;
  /**
   * The renewal season of plan year Y (45 CFR 155.335): from this many days
   * before Y's open enrollment starts until its January-first deadline; the
   * daily renewal job runs in it (docs/adr/0105-annual-renewal.md).
   */
  renewal?: { daysBeforeOpenEnrollment: number };
  /** Premium payment rules (RULES.md: Premium payment). */
  billing: {
    /** Day of the month an invoice is due, for the following coverage month. */
    dueDayOfMonth: number;
    /** Fraction of the net premium that counts as paid in full. */
    paidInFullThreshold: number;
    gracePeriodMonthsWithCredit: number;
    gracePeriodMonthsWithoutCredit: number;
    /** Days added to a due date for each day the exchange made a payment channel unavailable. */
    outageExtension: 'day-for-day' | 'none';
    /** The exchange's payment channels (capabilities) whose unavailability moves due dates and holds terminations. */
    outageChannels: string[];
    /** The binder invoice is due this many days after the coverage start (45 CFR 155.400(e): at most 30). */
    binderDueDaysAfterCoverageStart: number;
    /** The reminder goes out this many days before a due date. */
    reminderDaysBeforeDue: number;
    /** The termination warning goes out this many days before a grace period ends. */
    terminationWarningDaysBeforeGraceEnd: number;
    /**
     * Coverage end on termination for non-payment without the federal 3-month grace period:
     * the last day of the first grace month, or of the last one (state law).
     */
    terminationEndWithoutCredit: 'first-grace-month' | 'last-grace-month';
  };
  /** When the files to carriers are made (RULES.md: Carrier files); times are local "HH:MM". */
  carrierFiles: {
    /** The daily 834 of the previous day's enrollment changes is made at this time. */
    daily834At: string;
    /** The monthly 820 is made on this day of the month (1–28, so that every month has it), at `monthly820At`. */
    monthly820Day: number;
    monthly820At: string;
    /** Which coverage month the 820 remits: the month it is made in, or the month before. */
    monthly820CoverageMonth: 'current' | 'previous';
  };
  // ── rating and subsidies (catalog and eligibility modules) ─────────
  /** How premiums are rated (RULES.md: Premium rating). */
  rating: RatingRules;
  /** State help on top of the federal rules (RULES.md: CSR, Premium Assistance, Medicaid). */
  subsidies: SubsidyRules;
}

// ── rating and subsidies (catalog and eligibility modules) ───────────

/** Vermont's four family tiers, or another state's, as multiples of the single rate. */
export interface FamilyTierFactors {
  single: number;
  twoAdults: number;
  adultWithChildren: number;
  family: number;
}

export type RatingRules =
  | {
      method: 'age';
      /** USPS code of the state whose rating areas and rates apply. */
      stateCode: string;
      /** Whether carriers may charge tobacco users more (ask the question only then). */
      ratesTobacco: boolean;
      /** Members younger than this count as children for the three-oldest-children rule. */
      childUnderAge: number;
      /** At most this many children under `childUnderAge` are charged (45 CFR 147.102(c)(1)). */
      maxChargedChildren: number;
    }
  | {
      method: 'family-tier';
      stateCode: string;
      ratesTobacco: false;
      tiers: FamilyTierFactors;
      /** Without stated relationships, members younger than this are taken as children. */
      childUnderAge: number;
    };

/** One cost-sharing reduction step: households at or below `maxFplPercent` (and above the previous step) get `level`. */
export interface CsrStep {
  maxFplPercent: number;
  /** The actuarial value level, e.g. '94', '87', '77', '73'. */
  level: string;
  /** The plan variant suffix of the silver plan that carries it (HIOS "-06" …). */
  variant: string;
  /** Who pays for it: the federal rule, or the state. */
  fundedBy: 'federal' | 'state';
}

export interface SubsidyRules {
  /** Poverty-guideline region: the 48 contiguous states and DC, Alaska or Hawaii. */
  povertyRegion: 'contiguous' | 'alaska' | 'hawaii';
  /** Cost-sharing reduction steps, lowest income first (federal: 94/87/73; Vermont: 94/87/77/73). */
  csr: CsrStep[];
  /** State premium assistance: a lower applicable percentage at or below an income limit. */
  premiumAssistance: null | {
    name: Localized;
    maxFplPercent: number;
    /** Percentage points taken off the applicable percentage, in hundredths of a percent (150 = 1.5 points). */
    reductionBasisPoints: number;
  };
  /** Medicaid and CHIP screening thresholds (a referral, never a credit). */
  medicaid: {
    adultProgram: Localized;
    childProgram: Localized;
    /** Adults at or below this percent of FPL (133 % plus the 5 % disregard). */
    adultMaxFplPercent: number;
    /** Children younger than `childUnderAge` below this percent. */
    childBelowFplPercent: number;
    childUnderAge: number;
    /** Pregnant people below this percent. */
    pregnantBelowFplPercent: number;
    /** Medicaid uses the current year's guidelines from this day of the year ("MM-DD"). */
    guidelinesSwitchOn: string;
  };
}
