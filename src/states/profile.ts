/**
 * What differs between states. Later modules add their rules here (rating
 * method, subsidy rules, grace periods); a state is one typed file.
 */
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
  /** Days the line is closed all day (state holidays), YYYY-MM-DD. */
  closedOn: string[];
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
  timeZone: string;
  website: string;
  phoneLines: { customerSupport: PhoneLine; payments: PhoneLine };
  /** Where customers mail checks; the payment's reference number goes on the memo line. */
  lockbox: MailingAddress;
  /** Where paper applications are mailed. */
  applicationsMailingAddress: MailingAddress;
  openEnrollment: Record<number, { start: string; end: string; januaryFirstDeadline: string }>;
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
}
