/**
 * The monthly Exchange Periodic Data file (26 CFR 1.36B-5(c); HHS-IRS-
 * MonthlyExchangePeriodicDataMessage-1.0.xsd over IRS-CAC.xsd): HealthExchange →
 * IndividualExchange → one IRSHouseholdGrp per household, holding its tax
 * households' months (people and the policies' premium, SLCSP and APTC) and
 * each policy's months. Pure: the same records and meta give the same bytes.
 */
import { createHash } from 'node:crypto';
import { IrsFileInputError } from './annual-file.js';
import { formatMoney, fromCents, isMoney, toCents } from './money.js';
import { MARKETPLACE_ID, NS } from './namespaces.js';
import { irsCity, irsText } from './text.js';
import type { CoveredIndividual, MonthlyFileMeta, MonthlyHouseholdRecord, MonthlyManifest, MonthlyPolicy, TaxPerson, UsAddress, WrittenFile } from './types.js';
import { el, text, XML_DECLARATION } from './xml.js';

const ISO_DATE = /^[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;
const month2 = (m: number) => String(m).padStart(2, '0');

function stamp(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

/** Candor's file name (not published by the IRS): IRSEPD_<coverage year>_<submission YYYYMM>_<UTC stamp>.xml */
export function monthlyFileName(meta: MonthlyFileMeta): string {
  return `IRSEPD_${meta.coverageYear}_${meta.submissionYear}${month2(meta.submissionMonth)}_${stamp(meta.createdAt)}.xml`;
}

function completeName(p: TaxPerson): string {
  return el(
    'irs:CompletePersonName',
    text('irs:PersonFirstName', irsText(p.name.first)),
    p.name.middle ? text('irs:PersonMiddleName', irsText(p.name.middle)) : '',
    text('irs:PersonLastName', irsText(p.name.last)),
    p.name.suffix ? text('irs:SuffixName', irsText(p.name.suffix)) : '',
  );
}

function epdPerson(tag: string, p: TaxPerson): string {
  return el(tag, completeName(p), text('irs:SSN', p.ssn), text('irs:BirthDt', p.birthDate));
}

function address(a: UsAddress): string {
  return el(
    'irs:PersonAddressGrp',
    el(
      'irs:USAddressGrp',
      text('irs:AddressLine1Txt', irsText(a.line1)),
      a.line2 ? text('irs:AddressLine2Txt', irsText(a.line2)) : '',
      text('irs:CityNm', irsCity(a.city)),
      text('irs:USStateCd', a.state.toUpperCase()),
      text('irs:USZIPCd', a.zip),
      text('irs:USZIPExtensionCd', a.zipExtension),
    ),
  );
}

function covered(c: CoveredIndividual): string {
  return el('irs:CoveredIndividual', epdPerson('irs:InsuredPerson', c.person), text('irs:CoverageStartDt', c.coverageStart), text('irs:CoverageEndDt', c.coverageEnd));
}

function householdMonth(r: MonthlyHouseholdRecord): string {
  return el(
    'irs:TaxHouseholdCoverage',
    text('irs:ApplicableCoverageMonthNum', month2(r.month)),
    el(
      'irs:Household',
      el('irs:PrimaryGrp', el('irs:Primary', completeName(r.primary), text('irs:SSN', r.primary.ssn), text('irs:BirthDt', r.primary.birthDate), r.primary.address ? address(r.primary.address) : '')),
      r.spouse ? el('irs:SpouseGrp', epdPerson('irs:Spouse', r.spouse)) : '',
      r.dependents.map((d) => el('irs:DependentGrp', epdPerson('irs:DependentPerson', d))),
      r.policies.map((p) =>
        el(
          'irs:AssociatedPolicy',
          text('irs:QHPPolicyNum', p.policyNum),
          text('irs:QHPIssuerEIN', p.issuerEin),
          text('irs:SLCSPAdjMonthlyPremiumAmt', formatMoney(p.slcsp)),
          text('irs:HouseholdAPTCAmt', formatMoney(p.aptc)),
          text('irs:TotalHsldMonthlyPremiumAmt', formatMoney(p.premium)),
        ),
      ),
    ),
  );
}

function policyMonth(month: number, parts: MonthlyPolicy[]): string {
  // One policy may cover more than one tax household of a group: its premium is the policy's, the credit is what was paid for all of them.
  const p = parts[0];
  const people = new Map<string, CoveredIndividual>();
  for (const part of parts) for (const c of part.covered) people.set(JSON.stringify([c.person.ssn, c.person.birthDate, c.person.name]), c);
  return el(
    'irs:InsuranceCoverage',
    text('irs:ApplicableCoverageMonthNum', month2(month)),
    text('irs:QHPPolicyNum', p.policyNum),
    text('irs:QHPIssuerEIN', p.issuerEin),
    text('irs:IssuerNm', irsText(p.issuerName)),
    text('irs:PolicyCoverageStartDt', p.coverageStart),
    text('irs:PolicyCoverageEndDt', p.coverageEnd),
    text('irs:TotalQHPMonthlyPremiumAmt', formatMoney(p.premium)),
    text('irs:APTCPaymentAmt', fromCents(parts.reduce((s, x) => s + toCents(x.aptc), 0n))),
    [...people.values()].map(covered),
    text('irs:SLCSPMonthlyPremiumAmt', formatMoney(p.slcsp)),
  );
}

function checkRecord(r: MonthlyHouseholdRecord, meta: MonthlyFileMeta): void {
  const id = `${r.irsGroupId}/${r.taxHouseholdId}/${r.month}`;
  if (!r.irsGroupId || r.irsGroupId.length > 16) throw new IrsFileInputError(id, 'irsGroupId', 'must be 1 to 16 characters');
  if (r.coverageYear !== meta.coverageYear) throw new IrsFileInputError(id, 'coverageYear', 'is not the file’s coverage year');
  if (!Number.isInteger(r.month) || r.month < 1 || r.month > 12) throw new IrsFileInputError(id, 'month', 'must be 1 to 12');
  if (r.dependents.length > 99 || r.policies.length > 99) throw new IrsFileInputError(id, 'household', 'holds more than 99 dependents or policies');
  for (const [field, p] of [['primary', r.primary], ['spouse', r.spouse], ...r.dependents.map((d, i) => [`dependents[${i}]`, d] as const)] as const) {
    if (!p) continue;
    if (p.ssn !== undefined && !/^[0-9]{9}$/.test(p.ssn)) throw new IrsFileInputError(id, `${field}.ssn`, 'is not nine digits');
    if (p.birthDate !== undefined && !ISO_DATE.test(p.birthDate)) throw new IrsFileInputError(id, `${field}.birthDate`, 'is not a date');
    if (!irsText(p.name.first) || !irsText(p.name.last)) throw new IrsFileInputError(id, `${field}.name`, 'is blank');
  }
  r.policies.forEach((p, i) => {
    const f = `policies[${i}]`;
    if (p.policyNum.length < 6 || p.policyNum.length > 50) throw new IrsFileInputError(id, `${f}.policyNum`, 'must be 6 to 50 characters');
    if (!/^[0-9]{9}$/.test(p.issuerEin)) throw new IrsFileInputError(id, `${f}.issuerEin`, 'is not nine digits');
    for (const k of ['premium', 'slcsp', 'aptc'] as const) if (!isMoney(p[k])) throw new IrsFileInputError(id, `${f}.${k}`, 'is not a decimal amount');
    if (!ISO_DATE.test(p.coverageStart) || (p.coverageEnd !== undefined && !ISO_DATE.test(p.coverageEnd))) throw new IrsFileInputError(id, `${f}.coverage`, 'has a date that is not a date');
    if (p.covered.length === 0 || p.covered.length > 99) throw new IrsFileInputError(id, `${f}.covered`, 'must name 1 to 99 people');
  });
}

export function writeMonthlyEpdFile(records: readonly MonthlyHouseholdRecord[], meta: MonthlyFileMeta): WrittenFile<MonthlyManifest> {
  if (!MARKETPLACE_ID.test(meta.marketplaceId)) throw new IrsFileInputError(null, 'marketplaceId', 'does not match the IRS pattern NN.SSx.AAA.NNN.NNN');
  if (records.length === 0) throw new IrsFileInputError(null, 'records', 'must hold at least one household month');
  const groups = new Map<string, Map<string, Map<number, MonthlyHouseholdRecord>>>();
  for (const r of records) {
    checkRecord(r, meta);
    const group = groups.get(r.irsGroupId) ?? new Map<string, Map<number, MonthlyHouseholdRecord>>();
    groups.set(r.irsGroupId, group);
    const th = group.get(r.taxHouseholdId) ?? new Map<number, MonthlyHouseholdRecord>();
    group.set(r.taxHouseholdId, th);
    if (th.has(r.month)) throw new IrsFileInputError(`${r.irsGroupId}/${r.taxHouseholdId}/${r.month}`, 'month', 'appears twice for the tax household');
    th.set(r.month, r);
  }
  const body: string[] = [];
  for (const [groupId, taxHouseholds] of groups) {
    if (taxHouseholds.size > 99) throw new IrsFileInputError(groupId, 'taxHouseholds', 'more than 99 in one group');
    const policies = new Map<string, Map<number, MonthlyPolicy[]>>();
    for (const months of taxHouseholds.values()) {
      for (const r of months.values()) {
        for (const p of r.policies) {
          const byMonth = policies.get(p.policyNum) ?? new Map<number, MonthlyPolicy[]>();
          policies.set(p.policyNum, byMonth);
          byMonth.set(r.month, [...(byMonth.get(r.month) ?? []), p]);
        }
      }
    }
    if (policies.size > 99) throw new IrsFileInputError(groupId, 'policies', 'more than 99 in one group');
    body.push(
      el(
        'irs:IRSHouseholdGrp',
        text('irs:IRSGroupIdentificationNum', groupId),
        [...taxHouseholds.values()].map((months) => el('irs:TaxHousehold', [...months.values()].sort((a, b) => a.month - b.month).map(householdMonth))),
        [...policies.values()].map((byMonth) =>
          el(
            'irs:InsurancePolicy',
            [...byMonth.entries()].sort(([a], [b]) => a - b).map(([m, parts]) => policyMonth(m, parts)),
          ),
        ),
      ),
    );
  }
  const xml =
    XML_DECLARATION +
    `<HealthExchange xmlns="${NS.epd}" xmlns:irs="${NS.irs}" version="1.1">` +
    text('irs:SubmissionYr', meta.submissionYear) +
    text('irs:SubmissionMonthNum', month2(meta.submissionMonth)) +
    text('irs:ApplicableCoverageYr', meta.coverageYear) +
    el('irs:IndividualExchange', text('irs:HealthExchangeId', meta.marketplaceId), body) +
    '</HealthExchange>\n';
  const buf = Buffer.from(xml, 'utf8');
  const sum = (k: 'premium' | 'slcsp' | 'aptc') => fromCents(records.reduce((s, r) => s + r.policies.reduce((t, p) => t + toCents(p[k]), 0n), 0n));
  return {
    xml,
    manifest: {
      kind: 'monthly-epd',
      fileName: monthlyFileName(meta),
      sha256: createHash('sha256').update(buf).digest('hex'),
      bytes: buf.length,
      recordCount: records.length,
      totals: { premium: sum('premium'), slcsp: sum('slcsp'), aptc: sum('aptc') },
      taxYear: meta.coverageYear,
      submissionYear: meta.submissionYear,
      submissionMonth: meta.submissionMonth,
      households: groups.size,
    },
  };
}
