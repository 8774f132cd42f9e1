/**
 * Before anything is sent: which statements the IRS would refuse (the
 * receiver's content rules, applied to the records themselves), and what
 * deserves a look though it will pass (a person known by date of birth only, a
 * covered month without a benchmark premium). For `candor tax-forms preview`
 * and the console's exceptions queue. Names statements and rules, never values.
 */
import { uniqueRecordId } from './annual-file.js';
import { checkAnnualRecord, type ParsedAnnualRecord } from './content-rules.js';
import { formatMoney, sumMoney, toCents } from './money.js';
import type { AnnualStatementRecord, TaxPerson } from './types.js';

export interface StatementException {
  statementId: string;
  code: string;
  message: string;
  /** Would the IRS refuse the record (true), or is it only worth a look? */
  blocking: boolean;
}

export const NOTICE_CODES = {
  noSsn: { code: 'CANDOR-N01', message: 'A person is reported by date of birth only (no SSN)' },
  noBenchmark: { code: 'CANDOR-N02', message: 'A covered month has no second-lowest-cost silver plan premium' },
} as const;

const identified = (p: TaxPerson) => !!(p.ssn || p.birthDate);

function asParsed(r: AnnualStatementRecord, recordSequenceNum: number): ParsedAnnualRecord {
  const months = r.months.map((m) => ({ premium: formatMoney(m.premium), slcsp: formatMoney(m.slcsp), aptc: formatMoney(m.aptc) }));
  return {
    recordSequenceNum,
    taxYear: r.taxYear,
    correctedInd: r.kind === 'corrected',
    correctedRef: r.kind === 'corrected' ? uniqueRecordId(r.corrects) : null,
    voidInd: r.kind === 'void',
    voidedRef: r.kind === 'void' ? uniqueRecordId(r.voids) : null,
    policyNum: r.policy.number,
    policyStart: r.policy.start,
    policyEnd: r.policy.end,
    recipientIdentified: identified(r.recipient),
    spouseIdentified: r.spouse ? identified(r.spouse) : null,
    coveredIdentified: r.covered.map((c) => identified(c.person)),
    months,
    totals: { premium: sumMoney(months.map((m) => m.premium)), slcsp: sumMoney(months.map((m) => m.slcsp)), aptc: sumMoney(months.map((m) => m.aptc)) },
  };
}

/** Assumes well-formed money (the writer refuses anything else, naming the field). */
export function annualExceptions(records: readonly AnnualStatementRecord[], taxYear: number): StatementException[] {
  const out: StatementException[] = [];
  records.forEach((r, i) => {
    for (const e of checkAnnualRecord(asParsed(r, i + 1), taxYear, null)) out.push({ statementId: r.statementId, code: e.code, message: e.message, blocking: true });
    const people = [r.recipient, ...(r.spouse ? [r.spouse] : []), ...r.covered.map((c) => c.person)];
    if (people.some((p) => !p.ssn && p.birthDate)) out.push({ statementId: r.statementId, ...NOTICE_CODES.noSsn, blocking: false });
    if (r.kind !== 'void' && r.months.some((m) => toCents(m.premium) > 0n && toCents(m.slcsp) === 0n)) out.push({ statementId: r.statementId, ...NOTICE_CODES.noBenchmark, blocking: false });
  });
  return out;
}
