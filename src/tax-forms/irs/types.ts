/**
 * Plain records the IRS files are written from. They carry no database ids
 * beyond the caller's own statement id, so any module that computes Form
 * 1095-A statements (or the monthly figures) can hand them over as they are.
 *
 * Money is a decimal string ("412.37", "0", "12.5"): never a float.
 * Dates are ISO calendar dates ("2026-03-01").
 */

/** A decimal amount of dollars as a string, at most two decimals, never negative. */
export type Money = string;
/** YYYY-MM-DD */
export type IsoDate = string;

export interface PersonName {
  first: string;
  middle?: string;
  last: string;
  suffix?: string;
}

/** A person as the IRS files carry them: the SSN when the exchange has it, else the date of birth. */
export interface TaxPerson {
  name: PersonName;
  /** Nine digits, no dashes. Only ever written inside the file. */
  ssn?: string;
  birthDate?: IsoDate;
}

export interface UsAddress {
  line1: string;
  line2?: string;
  city: string;
  /** Two-letter USPS code. */
  state: string;
  zip: string;
  zipExtension?: string;
}

/**
 * Where an earlier record is, as the IRS knows it: the receipt id the IRS gave the
 * transmission that carried it, the submission within that transmission (always 1
 * in Candor's files) and the record's sequence number in it.
 */
export interface RecordReference {
  receiptId: string;
  submissionNum?: number;
  recordSequenceNum: number;
}

export type StatementKind =
  | { kind: 'original' }
  /** Replaces the referenced record (the latest one the IRS received for this policy). */
  | { kind: 'corrected'; corrects: RecordReference }
  /** Cancels the referenced record: the policy was cancelled back to its start. */
  | { kind: 'void'; voids: RecordReference };

export interface CoveredIndividual {
  person: TaxPerson;
  coverageStart: IsoDate;
  coverageEnd: IsoDate;
}

export interface MonthAmounts {
  /** Part III column A: the enrollment premium for the month. */
  premium: Money;
  /** Column B: the applicable second-lowest-cost silver plan premium. */
  slcsp: Money;
  /** Column C: the advance premium tax credit paid. */
  aptc: Money;
}

/** What one Form 1095-A carries (one policy, one coverage year). */
export type AnnualStatementRecord = StatementKind & {
  /** The caller's own id for this statement version (never sent to the IRS). */
  statementId: string;
  taxYear: number;
  policy: {
    /** Line 2: the marketplace-assigned policy number. */
    number: string;
    /** Line 3: the policy issuer's name. */
    issuerName: string;
    start: IsoDate;
    /** Line 7: the last day of coverage in the year (31 December when it runs on). */
    end: IsoDate;
  };
  recipient: TaxPerson & { address?: UsAddress };
  spouse?: TaxPerson;
  covered: CoveredIndividual[];
  /** Exactly twelve entries, January first. */
  months: MonthAmounts[];
};

/** One policy's figures for one tax household in one month (monthly reporting, 26 CFR 1.36B-5(c)). */
export interface MonthlyPolicy {
  /** 6 to 50 characters. */
  policyNum: string;
  /** The issuer's employer identification number, nine digits. */
  issuerEin: string;
  issuerName: string;
  coverageStart: IsoDate;
  coverageEnd?: IsoDate;
  premium: Money;
  slcsp: Money;
  aptc: Money;
  covered: CoveredIndividual[];
}

/** One tax household in one month: its people and the policies that covered them. */
export interface MonthlyHouseholdRecord {
  /** Candor's id for the household as the IRS group (1 to 16 characters). */
  irsGroupId: string;
  /** Distinguishes tax households within one group. */
  taxHouseholdId: string;
  coverageYear: number;
  /** 1 to 12. */
  month: number;
  primary: TaxPerson & { address?: UsAddress };
  spouse?: TaxPerson;
  dependents: TaxPerson[];
  policies: MonthlyPolicy[];
}

export interface AnnualFileMeta {
  /** The exchange's marketplace identifier (pattern NN.SSx.AAA.NNN.NNN, e.g. 50.VT*.SBE.001.001). */
  marketplaceId: string;
  taxYear: number;
  /** When the file is made (from the platform clock): names the file. */
  createdAt: Date;
}

export interface MonthlyFileMeta {
  marketplaceId: string;
  submissionYear: number;
  /** 1 to 12. */
  submissionMonth: number;
  coverageYear: number;
  createdAt: Date;
}

export interface MoneyTotals {
  premium: Money;
  slcsp: Money;
  aptc: Money;
}

/** What travels beside a file, and what the sender records about it. */
export interface FileManifest {
  kind: 'annual-1095a' | 'monthly-epd';
  fileName: string;
  /** SHA-256 of the UTF-8 bytes of the file, hex. */
  sha256: string;
  bytes: number;
  /** Statements (annual) or household-months (monthly). */
  recordCount: number;
  totals: MoneyTotals;
  taxYear: number;
}

export interface AnnualManifest extends FileManifest {
  kind: 'annual-1095a';
  originals: number;
  corrected: number;
  voids: number;
  /** Each statement's record sequence number in this file, in file order. */
  records: Array<{ statementId: string; recordSequenceNum: number }>;
}

export interface MonthlyManifest extends FileManifest {
  kind: 'monthly-epd';
  submissionYear: number;
  submissionMonth: number;
  households: number;
}

export interface WrittenFile<M extends FileManifest> {
  xml: string;
  manifest: M;
}

/** An annual file as sent, kept to read its acknowledgement and plan the resubmission. */
export interface AnnualSubmission {
  receiptId: string;
  manifest: AnnualManifest;
  records: AnnualStatementRecord[];
}

export type AckStatus = 'accepted' | 'accepted-with-errors' | 'rejected';

export interface IrsError {
  code: string;
  message: string;
  xpath?: string;
}

export interface AnnualRecordError extends IrsError {
  recordSequenceNum: number;
  uniqueRecordId: string;
}

export interface AnnualAck {
  receiptId: string;
  status: AckStatus;
  /** The file-level answer (AcknowledgementStatusCd's ErrorMessageDetail). */
  summary: IrsError;
  /** Records accepted with errors (they must be corrected). */
  recordErrors: AnnualRecordError[];
  /** Why a whole file was rejected (schema errors and the like). */
  fileErrors: IrsError[];
}

export interface MonthlyHouseholdError extends IrsError {
  irsGroupId: string;
}

export interface MonthlyAck {
  receiptId: string;
  status: AckStatus;
  householdErrors: MonthlyHouseholdError[];
  fileErrors: IrsError[];
}
