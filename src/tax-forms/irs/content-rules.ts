/**
 * The content rules a receiver applies once a file has passed the schema, as
 * pure functions of the parsed file and what was received before. The
 * stand-in IRS receiver uses them to accept or reject; `candor tax-forms
 * preview` can run the same rules over the records before anything is sent.
 *
 * From the IRS Instructions for Form 1095-A and the schemas: every recipient,
 * spouse and covered individual carries an SSN or, failing that, a date of birth;
 * the annual totals are the sums of the months; a corrected or void record
 * points at a record the IRS already holds, for the same policy; TaxYr is the
 * transmission's year. Codes are Candor's (docs/adr/0140).
 */
import { parseUniqueRecordId, MONTH_ELEMENTS } from './annual-file.js';
import { isMoney, toCents } from './money.js';
import { irsXmlParser } from './messages.js';
import type { IrsError, MonthlyHouseholdError } from './types.js';

export const RECORD_CODES = {
  recipientId: { code: 'AIR1095A-R01', message: 'The recipient has neither an SSN nor a date of birth' },
  spouseId: { code: 'AIR1095A-R02', message: 'The spouse has neither an SSN nor a date of birth' },
  coveredId: { code: 'AIR1095A-R03', message: 'A covered individual has neither an SSN nor a date of birth' },
  totals: { code: 'AIR1095A-R04', message: 'The annual total is not the sum of the months' },
  indicator: { code: 'AIR1095A-R05', message: 'The corrected or void indicator and its record reference do not agree' },
  unknownReference: { code: 'AIR1095A-R06', message: 'The corrected or voided record was never received' },
  otherPolicy: { code: 'AIR1095A-R07', message: 'The corrected or voided record is for another policy' },
  alreadyVoid: { code: 'AIR1095A-R08', message: 'The referenced record is already void' },
  taxYear: { code: 'AIR1095A-R09', message: 'TaxYr is not the transmission’s tax year' },
  policyDates: { code: 'AIR1095A-R10', message: 'The policy dates are outside the tax year or out of order' },
  aptcAbovePremium: { code: 'AIR1095A-R11', message: 'The advance credit is more than the premium in a month' },
  /** The stand-in receiver's fault on demand (never an IRS code). */
  onDemand: { code: 'AIR1095A-R99', message: 'The record was refused on demand' },
} as const;

export const FILE_CODES = {
  schema: { code: 'AIR1095A-F01', message: 'The file does not conform to the schema' },
  doctype: { code: 'AIR1095A-F05', message: 'The file declares a DOCTYPE, which is not allowed' },
  digest: { code: 'AIR1095A-F02', message: 'The file is not the one the manifest describes (size or SHA-256)' },
  count: { code: 'AIR1095A-F03', message: 'The record count is not the manifest’s' },
  duplicateSequence: { code: 'AIR1095A-F04', message: 'A RecordSequenceNum appears twice' },
  onDemand: { code: 'AIR1095A-F09', message: 'The transmission was rejected' },
} as const;

export interface ParsedAnnualRecord {
  recordSequenceNum: number;
  taxYear: number;
  correctedInd: boolean;
  correctedRef: string | null;
  voidInd: boolean;
  voidedRef: string | null;
  policyNum: string;
  policyStart: string;
  policyEnd: string;
  recipientIdentified: boolean;
  /** Null when the file names no spouse. */
  spouseIdentified: boolean | null;
  coveredIdentified: boolean[];
  months: Array<{ premium: string; slcsp: string; aptc: string }>;
  totals: { premium: string; slcsp: string; aptc: string };
}

const s = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '');
const identified = (p: Record<string, unknown> | undefined) => !!p && (s(p.SSN) !== '' || s(p.BirthDt) !== '');

/** Reads a schema-valid annual file (names without namespaces, values as strings). */
export function readAnnualFile(xml: string): ParsedAnnualRecord[] {
  const root = irsXmlParser.parse(xml)?.Form1095ATransmissionUpstream;
  return (root?.Form1095AUpstreamDetail ?? []).map((d: Record<string, any>) => {
    const info = d.RecipientPolicyInformation ?? {};
    const totals = info.AnnualPolicyTotalAmounts ?? {};
    return {
      recordSequenceNum: Number(s(d.RecordSequenceNum)),
      taxYear: Number(s(d.TaxYr)),
      correctedInd: s(d.CorrectedInd) === '1' || s(d.CorrectedInd) === 'true',
      correctedRef: d.CorrectedRecordSequenceNum === undefined ? null : s(d.CorrectedRecordSequenceNum),
      voidInd: s(d.VoidInd) === '1',
      voidedRef: d.VoidedRecordSequenceNum === undefined ? null : s(d.VoidedRecordSequenceNum),
      policyNum: s(d.Policy?.MarketPlacePolicyNum),
      policyStart: s(d.Policy?.PolicyStartDt),
      policyEnd: s(d.Policy?.PolicyTerminationDt),
      recipientIdentified: identified(d.Recipient),
      spouseIdentified: d.RecipientSpouse === undefined ? null : identified(d.RecipientSpouse),
      coveredIdentified: (d.CoverageHouseholdGrp?.CoveredIndividual ?? []).map((c: Record<string, any>) => identified(c.InsuredPerson)),
      months: MONTH_ELEMENTS.map((m) => ({ premium: s(info[m]?.MonthlyPremiumAmt), slcsp: s(info[m]?.MonthlyPremiumSLCSPAmt), aptc: s(info[m]?.MonthlyAdvancedPTCAmt) })),
      totals: { premium: s(totals.AnnualPremiumAmt), slcsp: s(totals.AnnualPremiumSLCSPAmt), aptc: s(totals.AnnualAdvancedPTCAmt) },
    };
  });
}

/** What the receiver already holds, by UniqueRecordSequenceNum. */
export interface HeldRecord {
  policyNum: string;
  voided: boolean;
}

const cents = (v: string) => (isMoney(v) ? toCents(v) : null);

/** The errors of one record (empty: accepted). */
/** `held` null: the references are not checked (before sending, when the IRS's holdings are not known). */
export function checkAnnualRecord(r: ParsedAnnualRecord, transmissionTaxYear: number, held: ReadonlyMap<string, HeldRecord> | null): IrsError[] {
  const errors: IrsError[] = [];
  const at = (xpath: string, e: IrsError) => errors.push({ ...e, xpath });
  if (!r.recipientIdentified) at('Recipient', RECORD_CODES.recipientId);
  if (r.spouseIdentified === false) at('RecipientSpouse', RECORD_CODES.spouseId);
  r.coveredIdentified.forEach((ok, i) => {
    if (!ok) at(`CoverageHouseholdGrp/CoveredIndividual[${i + 1}]/InsuredPerson`, RECORD_CODES.coveredId);
  });
  for (const [k, el] of [
    ['premium', 'AnnualPremiumAmt'],
    ['slcsp', 'AnnualPremiumSLCSPAmt'],
    ['aptc', 'AnnualAdvancedPTCAmt'],
  ] as const) {
    const sum = r.months.reduce<bigint | null>((t, m) => (t === null || cents(m[k]) === null ? null : t + cents(m[k])!), 0n);
    if (sum === null || cents(r.totals[k]) !== sum) at(`RecipientPolicyInformation/AnnualPolicyTotalAmounts/${el}`, RECORD_CODES.totals);
  }
  r.months.forEach((m, i) => {
    const p = cents(m.premium);
    const a = cents(m.aptc);
    if (p !== null && a !== null && a > p) at(`RecipientPolicyInformation/${MONTH_ELEMENTS[i]}/MonthlyAdvancedPTCAmt`, RECORD_CODES.aptcAbovePremium);
  });
  if (r.taxYear !== transmissionTaxYear) at('TaxYr', RECORD_CODES.taxYear);
  const yearStart = `${r.taxYear}-01-01`;
  const yearEnd = `${r.taxYear}-12-31`;
  if (r.policyStart > r.policyEnd || r.policyEnd < yearStart || r.policyStart > yearEnd) at('Policy', RECORD_CODES.policyDates);
  if (r.correctedInd !== (r.correctedRef !== null)) at('CorrectedRecordSequenceNum', RECORD_CODES.indicator);
  if (r.voidInd !== (r.voidedRef !== null)) at('VoidedRecordSequenceNum', RECORD_CODES.indicator);
  if (r.correctedInd && r.voidInd) at('VoidInd', RECORD_CODES.indicator);
  for (const [ref, xpath] of [
    [r.correctedRef, 'CorrectedRecordSequenceNum'],
    [r.voidedRef, 'VoidedRecordSequenceNum'],
  ] as const) {
    if (ref === null || held === null) continue;
    const h = parseUniqueRecordId(ref) ? held.get(ref) : undefined;
    if (!h) at(xpath, RECORD_CODES.unknownReference);
    else if (h.policyNum !== r.policyNum) at(xpath, RECORD_CODES.otherPolicy);
    else if (h.voided) at(xpath, RECORD_CODES.alreadyVoid);
  }
  return errors;
}

/** File-level problems once the schema passed: duplicate sequence numbers. */
export function checkAnnualFile(records: readonly ParsedAnnualRecord[]): IrsError[] {
  const seen = new Set<number>();
  for (const r of records) {
    if (seen.has(r.recordSequenceNum)) return [{ ...FILE_CODES.duplicateSequence, xpath: `Form1095AUpstreamDetail[${records.indexOf(r) + 1}]/RecordSequenceNum` }];
    seen.add(r.recordSequenceNum);
  }
  return [];
}

// ---- monthly ----

export const EPD_CODES = {
  schema: { code: 'EPD-F01', message: 'The file does not conform to the schema' },
  doctype: { code: 'EPD-F05', message: 'The file declares a DOCTYPE, which is not allowed' },
  digest: { code: 'EPD-F02', message: 'The file is not the one the manifest describes (size or SHA-256)' },
  onDemand: { code: 'EPD-F09', message: 'The submission was rejected' },
  personId: { code: 'EPD-H01', message: 'A person has neither an SSN nor a date of birth' },
  aptcAbovePremium: { code: 'EPD-H02', message: 'The advance credit is more than the premium' },
  futureMonth: { code: 'EPD-H03', message: 'A coverage month is after the submission month' },
  duplicateMonth: { code: 'EPD-H04', message: 'A tax household reports the same month twice' },
} as const;

export interface ParsedEpdFile {
  submissionYear: number;
  submissionMonth: number;
  coverageYear: number;
  marketplaceId: string;
  groups: Array<{ irsGroupId: string; errors: MonthlyHouseholdError[] }>;
}

/** Reads a schema-valid EPD file and applies the household rules. */
export function checkMonthlyFile(xml: string): ParsedEpdFile {
  const root = irsXmlParser.parse(xml)?.HealthExchange ?? {};
  const submissionYear = Number(s(root.SubmissionYr));
  const submissionMonth = Number(s(root.SubmissionMonthNum));
  const coverageYear = Number(s(root.ApplicableCoverageYr));
  const ix = root.IndividualExchange ?? {};
  const groups = (ix.IRSHouseholdGrp ?? []).map((g: Record<string, any>) => {
    const irsGroupId = s(g.IRSGroupIdentificationNum);
    const errors: MonthlyHouseholdError[] = [];
    const add = (e: IrsError, xpath: string) => {
      if (!errors.some((x) => x.code === e.code)) errors.push({ ...e, xpath, irsGroupId });
    };
    (g.TaxHousehold ?? []).forEach((th: Record<string, any>, ti: number) => {
      const months = new Set<number>();
      for (const c of th.TaxHouseholdCoverage ?? []) {
        const m = Number(s(c.ApplicableCoverageMonthNum));
        if (months.has(m)) add(EPD_CODES.duplicateMonth, `TaxHousehold[${ti + 1}]`);
        months.add(m);
        if (coverageYear > submissionYear || (coverageYear === submissionYear && m > submissionMonth)) add(EPD_CODES.futureMonth, `TaxHousehold[${ti + 1}]`);
        const h = c.Household ?? {};
        const people = [h.PrimaryGrp?.Primary, h.SpouseGrp?.Spouse, ...(h.DependentGrp ?? []).map((d: Record<string, any>) => d.DependentPerson)].filter(Boolean);
        if (people.some((p: Record<string, unknown>) => !identified(p))) add(EPD_CODES.personId, `TaxHousehold[${ti + 1}]/TaxHouseholdCoverage/Household`);
        for (const p of h.AssociatedPolicy ?? []) {
          const prem = cents(s(p.TotalHsldMonthlyPremiumAmt));
          const aptc = cents(s(p.HouseholdAPTCAmt));
          if (prem !== null && aptc !== null && aptc > prem) add(EPD_CODES.aptcAbovePremium, `TaxHousehold[${ti + 1}]/TaxHouseholdCoverage/Household/AssociatedPolicy`);
        }
      }
    });
    return { irsGroupId, errors };
  });
  return { submissionYear, submissionMonth, coverageYear, marketplaceId: s(ix.HealthExchangeId), groups };
}
