/**
 * The annual Form 1095-A data file (IRS-Form1095ATransmissionUpstreamMessage.xsd
 * with IRS-EXT-ACA-AIR-1095A.xsd): one Form1095AUpstreamDetail per statement, in
 * the order given, numbered 1, 2, 3… (RecordSequenceNum). Pure: the same
 * records and meta give the same bytes.
 *
 * SSNs are written into the file and nowhere else; the manifest and every error
 * carry only statement ids and field names.
 */
import { createHash } from 'node:crypto';
import { fromCents, isMoney, toCents } from './money.js';
import { MARKETPLACE_ID, MAX_RECORDS_PER_FILE, NS } from './namespaces.js';
import { irsCity, irsIssuerName, irsPersonName, irsStreet } from './text.js';
import type { AnnualFileMeta, AnnualManifest, AnnualStatementRecord, RecordReference, TaxPerson, UsAddress, WrittenFile } from './types.js';
import { el, elAttrs, text, XML_DECLARATION } from './xml.js';

export const MONTH_ELEMENTS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].map((m) => `${m}PremiumInformation`);

/** A record that cannot be written at all (the schema could not express it). Names the statement and field, never a value. */
export class IrsFileInputError extends Error {
  constructor(
    readonly statementId: string | null,
    readonly field: string,
    problem: string,
  ) {
    super(`${statementId ? `statement ${statementId}: ` : ''}${field} ${problem}`);
    this.name = 'IrsFileInputError';
  }
}

const ISO_DATE = /^[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;

/** UniqueRecordSequenceNumType: receipt id | submission (5 digits) | record sequence number. */
export function uniqueRecordId(ref: RecordReference): string {
  return `${ref.receiptId}|${String(ref.submissionNum ?? 1).padStart(5, '0')}|${ref.recordSequenceNum}`;
}

export function parseUniqueRecordId(value: string): RecordReference | null {
  const m = /^(.+)\|([0-9]{5})\|([1-9][0-9]{0,14})$/.exec(value);
  if (!m) return null;
  return { receiptId: m[1], submissionNum: Number(m[2]), recordSequenceNum: Number(m[3]) };
}

function stamp(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

/** Candor's file name (the IRS publishes none for this flow): IRS1095A_<year>_<UTC stamp>.xml */
export function annualFileName(meta: AnnualFileMeta): string {
  return `IRS1095A_${meta.taxYear}_${stamp(meta.createdAt)}.xml`;
}

function sha256(xml: string): { sha256: string; bytes: number } {
  const buf = Buffer.from(xml, 'utf8');
  return { sha256: createHash('sha256').update(buf).digest('hex'), bytes: buf.length };
}

export function fileDigest(xml: string): { sha256: string; bytes: number } {
  return sha256(xml);
}

function checkRecord(r: AnnualStatementRecord, taxYear: number): void {
  const id = r.statementId;
  if (r.taxYear !== taxYear) throw new IrsFileInputError(id, 'taxYear', 'is not the file’s tax year');
  if (!Array.isArray(r.months) || r.months.length !== 12) throw new IrsFileInputError(id, 'months', 'must hold twelve months');
  r.months.forEach((m, i) => {
    for (const k of ['premium', 'slcsp', 'aptc'] as const) {
      if (!isMoney(m[k])) throw new IrsFileInputError(id, `months[${i}].${k}`, 'is not a decimal amount');
    }
  });
  for (const [field, v] of [
    ['policy.start', r.policy.start],
    ['policy.end', r.policy.end],
  ] as const) {
    if (!ISO_DATE.test(v)) throw new IrsFileInputError(id, field, 'is not a date');
  }
  if (r.covered.length === 0) throw new IrsFileInputError(id, 'covered', 'must name at least one covered individual');
  r.covered.forEach((c, i) => {
    if (!ISO_DATE.test(c.coverageStart) || !ISO_DATE.test(c.coverageEnd)) throw new IrsFileInputError(id, `covered[${i}]`, 'has a coverage date that is not a date');
  });
  for (const [field, p] of [['recipient', r.recipient], ['spouse', r.spouse], ...r.covered.map((c, i) => [`covered[${i}]`, c.person] as const)] as const) {
    if (!p) continue;
    if (p.ssn !== undefined && !/^[0-9]{9}$/.test(p.ssn)) throw new IrsFileInputError(id, `${field}.ssn`, 'is not nine digits');
    if (p.birthDate !== undefined && !ISO_DATE.test(p.birthDate)) throw new IrsFileInputError(id, `${field}.birthDate`, 'is not a date');
    if (!irsPersonName(p.name.first) || !irsPersonName(p.name.last)) throw new IrsFileInputError(id, `${field}.name`, 'has no letters the IRS schema accepts');
  }
  if (!r.policy.number || r.policy.number.length > 50) throw new IrsFileInputError(id, 'policy.number', 'must be 1 to 50 characters');
  if (!irsIssuerName(r.policy.issuerName)) throw new IrsFileInputError(id, 'policy.issuerName', 'has no characters the IRS schema accepts');
}

function otherCompleteName(p: TaxPerson): string {
  return el(
    'air:OtherCompletePersonName',
    text('air:PersonFirstNm', irsPersonName(p.name.first)),
    p.name.middle && irsPersonName(p.name.middle) ? text('air:PersonMiddleNm', irsPersonName(p.name.middle)) : '',
    text('air:PersonLastNm', irsPersonName(p.name.last)),
    p.name.suffix && irsPersonName(p.name.suffix) ? text('air:SuffixNm', irsPersonName(p.name.suffix)) : '',
  );
}

function address(a: UsAddress): string {
  return el(
    'air:USAddressGrp',
    text('air:AddressLine1Txt', irsStreet(a.line1)),
    a.line2 && irsStreet(a.line2) ? text('air:AddressLine2Txt', irsStreet(a.line2)) : '',
    text('irs:CityNm', irsCity(a.city)),
    text('air:USStateCd', a.state.toUpperCase()),
    text('irs:USZIPCd', a.zip),
    text('irs:USZIPExtensionCd', a.zipExtension),
  );
}

type Sums = { premium: bigint; slcsp: bigint; aptc: bigint };

function detail(r: AnnualStatementRecord, seq: number, meta: AnnualFileMeta, sums: Sums): string {
  const totals: Sums = { premium: 0n, slcsp: 0n, aptc: 0n };
  const months = r.months.map((m, i) => {
    const c = { premium: toCents(m.premium), slcsp: toCents(m.slcsp), aptc: toCents(m.aptc) };
    totals.premium += c.premium;
    totals.slcsp += c.slcsp;
    totals.aptc += c.aptc;
    return el(
      `air:${MONTH_ELEMENTS[i]}`,
      text('air:MonthlyPremiumAmt', fromCents(c.premium)),
      text('air:MonthlyPremiumSLCSPAmt', fromCents(c.slcsp)),
      text('air:MonthlyAdvancedPTCAmt', fromCents(c.aptc)),
    );
  });
  sums.premium += totals.premium;
  sums.slcsp += totals.slcsp;
  sums.aptc += totals.aptc;
  const total = (k: keyof Sums) => fromCents(totals[k]);
  return elAttrs(
    'air:Form1095AUpstreamDetail',
    { recordType: '1095A', lineNum: String(seq) },
    text('air:RecordSequenceNum', seq),
    text('air:TaxYr', r.taxYear),
    text('air:CorrectedInd', r.kind === 'corrected' ? '1' : '0'),
    r.kind === 'corrected' ? text('air:CorrectedRecordSequenceNum', uniqueRecordId(r.corrects)) : '',
    text('air:VoidInd', r.kind === 'void' ? '1' : '0'),
    r.kind === 'void' ? text('air:VoidedRecordSequenceNum', uniqueRecordId(r.voids)) : '',
    text('air:MarketplaceId', meta.marketplaceId),
    el(
      'air:Policy',
      text('air:MarketPlacePolicyNum', r.policy.number),
      text('air:PolicyIssuerNm', irsIssuerName(r.policy.issuerName)),
      text('air:PolicyStartDt', r.policy.start),
      text('air:PolicyTerminationDt', r.policy.end),
    ),
    el('air:Recipient', otherCompleteName(r.recipient), text('irs:SSN', r.recipient.ssn), text('air:BirthDt', r.recipient.birthDate), r.recipient.address ? address(r.recipient.address) : ''),
    r.spouse ? el('air:RecipientSpouse', otherCompleteName(r.spouse), text('irs:SSN', r.spouse.ssn), text('air:BirthDt', r.spouse.birthDate)) : '',
    el(
      'air:CoverageHouseholdGrp',
      r.covered.map((c) =>
        el(
          'air:CoveredIndividual',
          el('air:InsuredPerson', otherCompleteName(c.person), text('irs:SSN', c.person.ssn), text('air:BirthDt', c.person.birthDate)),
          text('irs:CoverageStartDt', c.coverageStart),
          text('irs:CoverageEndDt', c.coverageEnd),
        ),
      ),
    ),
    el(
      'air:RecipientPolicyInformation',
      months,
      el('air:AnnualPolicyTotalAmounts', text('air:AnnualPremiumAmt', total('premium')), text('air:AnnualPremiumSLCSPAmt', total('slcsp')), text('air:AnnualAdvancedPTCAmt', total('aptc'))),
    ),
  );
}

/**
 * Writes one transmission file. Records get sequence numbers 1…n in the order
 * given (the manifest lists which statement got which). Throws IrsFileInputError
 * for a record the schema cannot express; content the IRS checks itself (a
 * missing SSN and birth date, say) is written as it is, for the preview to flag.
 */
export function writeAnnual1095AFile(records: readonly AnnualStatementRecord[], meta: AnnualFileMeta): WrittenFile<AnnualManifest> {
  if (!MARKETPLACE_ID.test(meta.marketplaceId)) throw new IrsFileInputError(null, 'marketplaceId', 'does not match the IRS pattern NN.SSx.AAA.NNN.NNN');
  if (records.length === 0) throw new IrsFileInputError(null, 'records', 'must hold at least one statement');
  if (records.length > MAX_RECORDS_PER_FILE) throw new IrsFileInputError(null, 'records', `must be split into files of at most ${MAX_RECORDS_PER_FILE}`);
  const seen = new Set<string>();
  for (const r of records) {
    if (seen.has(r.statementId)) throw new IrsFileInputError(r.statementId, 'statementId', 'appears twice');
    seen.add(r.statementId);
    checkRecord(r, meta.taxYear);
  }
  const sums: Sums = { premium: 0n, slcsp: 0n, aptc: 0n };
  const body = records.map((r, i) => detail(r, i + 1, meta, sums));
  const xml = XML_DECLARATION + `<Form1095ATransmissionUpstream xmlns="${NS.upstream}" xmlns:air="${NS.air}" xmlns:irs="${NS.irs}">` + body.join('') + '</Form1095ATransmissionUpstream>\n';
  return {
    xml,
    manifest: {
      kind: 'annual-1095a',
      fileName: annualFileName(meta),
      ...sha256(xml),
      recordCount: records.length,
      totals: { premium: fromCents(sums.premium), slcsp: fromCents(sums.slcsp), aptc: fromCents(sums.aptc) },
      taxYear: meta.taxYear,
      originals: records.filter((r) => r.kind === 'original').length,
      corrected: records.filter((r) => r.kind === 'corrected').length,
      voids: records.filter((r) => r.kind === 'void').length,
      records: records.map((r, i) => ({ statementId: r.statementId, recordSequenceNum: i + 1 })),
    },
  };
}

/** Splits a year's statements into files the IRS accepts (at most 15,000 records each). */
export function splitForTransmission<T>(records: readonly T[], size = MAX_RECORDS_PER_FILE): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < records.length; i += size) out.push(records.slice(i, i + size));
  return out;
}
