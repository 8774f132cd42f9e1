/**
 * Test factories for the IRS files: readable sample records (synthetic people,
 * SSNs from the never-issued 9xx range) and fast-check arbitraries for any
 * record set the writers must handle.
 */
import fc from 'fast-check';
import type { AnnualStatementRecord, MonthAmounts, MonthlyHouseholdRecord, TaxPerson } from './types.js';

export const MARKETPLACE_ID = '50.VT*.SBE.001.001';

const ZERO: MonthAmounts = { premium: '0', slcsp: '0', aptc: '0' };

/** Twelve months: coverage from `from` to `to` (1-based, inclusive) at the given amounts, nothing outside. */
export function months(from: number, to: number, amounts: MonthAmounts): MonthAmounts[] {
  return Array.from({ length: 12 }, (_, i) => (i + 1 >= from && i + 1 <= to ? { ...amounts } : { ...ZERO }));
}

export function sampleStatement(overrides: Partial<AnnualStatementRecord> & { statementId: string }): AnnualStatementRecord {
  const recipient: TaxPerson = { name: { first: 'José', last: 'Peña' }, ssn: '900000001' };
  return {
    kind: 'original',
    taxYear: 2026,
    policy: { number: `P${overrides.statementId.toUpperCase().padEnd(11, '0').slice(0, 11)}`, issuerName: 'Green Mountain Health, Inc.', start: '2026-03-01', end: '2026-12-31' },
    recipient: { ...recipient, address: { line1: '12 Elm St., Apt #2', city: 'St. Johnsbury', state: 'VT', zip: '05819' } },
    spouse: { name: { first: 'Ana', last: 'Peña' }, birthDate: '1984-07-09' },
    covered: [
      { person: recipient, coverageStart: '2026-03-01', coverageEnd: '2026-12-31' },
      { person: { name: { first: 'Ana', last: 'Peña' }, birthDate: '1984-07-09' }, coverageStart: '2026-03-01', coverageEnd: '2026-12-31' },
    ],
    months: months(3, 12, { premium: '1023.45', slcsp: '998.10', aptc: '712.00' }),
    ...overrides,
  } as AnnualStatementRecord;
}

export function sampleHouseholdMonth(irsGroupId: string, month: number, overrides: Partial<MonthlyHouseholdRecord> = {}): MonthlyHouseholdRecord {
  const primary: TaxPerson = { name: { first: 'Luz', last: 'Núñez' }, ssn: '900000101' };
  return {
    irsGroupId,
    taxHouseholdId: 'T1',
    coverageYear: 2026,
    month,
    primary: { ...primary, address: { line1: '5 Main Street', city: 'Barre', state: 'VT', zip: '05641' } },
    dependents: [{ name: { first: 'Mateo', last: 'Núñez' }, birthDate: '2019-02-11' }],
    policies: [
      {
        policyNum: `P${irsGroupId}`.padEnd(8, '0'),
        issuerEin: '030123456',
        issuerName: 'Green Mountain Health',
        coverageStart: '2026-01-01',
        premium: '842.17',
        slcsp: '801.00',
        aptc: '655.00',
        covered: [
          { person: primary, coverageStart: '2026-01-01', coverageEnd: '2026-12-31' },
          { person: { name: { first: 'Mateo', last: 'Núñez' }, birthDate: '2019-02-11' }, coverageStart: '2026-01-01', coverageEnd: '2026-12-31' },
        ],
      },
    ],
    ...overrides,
  };
}

// ---- arbitraries ----

const money = fc.bigInt({ min: 0n, max: 5_000_000n }).map((c) => {
  const s = `${c / 100n}.${(c % 100n).toString().padStart(2, '0')}`;
  // Amounts arrive in every decimal shape: "12", "12.5", "12.50".
  return s.endsWith('.00') ? s.slice(0, -3) : s.endsWith('0') ? s.slice(0, -1) : s;
});
const nameArb = fc.oneof(fc.stringMatching(/^[A-Za-z][a-z' -]{0,30}$/), fc.constantFrom('José', 'Zoë', "O'Brien", 'Nguyễn Văn', 'Anne-Marie', 'María del Carmen', 'Ñandú'));
const day2026 = fc.integer({ min: 0, max: 364 }).map((d) => new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10));
const birth = fc.integer({ min: 0, max: 90 * 365 }).map((d) => new Date(Date.UTC(1936, 0, 1 + d)).toISOString().slice(0, 10));
const ssn = fc.stringMatching(/^9[0-9]{8}$/);
const person: fc.Arbitrary<TaxPerson> = fc.record(
  {
    name: fc.record({ first: nameArb, last: nameArb, middle: fc.option(nameArb, { nil: undefined }) }, { requiredKeys: ['first', 'last'] }),
    ssn: fc.option(ssn, { nil: undefined }),
    birthDate: fc.option(birth, { nil: undefined }),
  },
  { requiredKeys: ['name'] },
);
const monthAmounts: fc.Arbitrary<MonthAmounts> = fc.record({ premium: money, slcsp: money, aptc: money });
const ref = fc.record({ receiptId: fc.stringMatching(/^1095A-20[0-9]{2}-[0-9]{8}$/), recordSequenceNum: fc.integer({ min: 1, max: 15000 }) });

export const annualRecordArb: fc.Arbitrary<Omit<AnnualStatementRecord, 'statementId'>> = fc
  .record({
    kind: fc.oneof(
      fc.constant({ kind: 'original' as const }),
      ref.map((corrects) => ({ kind: 'corrected' as const, corrects })),
      ref.map((voids) => ({ kind: 'void' as const, voids })),
    ),
    policyNum: fc.stringMatching(/^[A-Z0-9]{6,20}$/),
    issuerName: fc.constantFrom('Green Mountain Health, Inc.', 'Blue Cross & Blue Shield of Vermont', 'MVP Health Plan (VT)', "St. Mary's Cooperative"),
    a: day2026,
    b: day2026,
    recipient: person,
    withAddress: fc.boolean(),
    spouse: fc.option(person, { nil: undefined }),
    covered: fc.array(person, { minLength: 1, maxLength: 5 }),
    months: fc.array(monthAmounts, { minLength: 12, maxLength: 12 }),
  })
  .map(({ kind, policyNum, issuerName, a, b, recipient, withAddress, spouse, covered, months: m }) => {
    const [start, end] = a <= b ? [a, b] : [b, a];
    return {
      ...kind,
      taxYear: 2026,
      policy: { number: policyNum, issuerName, start, end },
      recipient: withAddress ? { ...recipient, address: { line1: '44 Maple Ave., Unit #3', city: 'White River Jct.', state: 'VT', zip: '05001', zipExtension: '1234' } } : recipient,
      ...(spouse ? { spouse } : {}),
      covered: covered.map((p) => ({ person: p, coverageStart: start, coverageEnd: end })),
      months: m,
    } as Omit<AnnualStatementRecord, 'statementId'>;
  });

export const annualRecordSetArb: fc.Arbitrary<AnnualStatementRecord[]> = fc
  .array(annualRecordArb, { minLength: 1, maxLength: 6 })
  .map((rs) => rs.map((r, i) => ({ ...r, statementId: `s${i + 1}` }) as AnnualStatementRecord));

export const monthlyRecordSetArb: fc.Arbitrary<MonthlyHouseholdRecord[]> = fc
  .array(
    fc.record({
      months: fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 12 }),
      primary: person,
      spouse: fc.option(person, { nil: undefined }),
      dependents: fc.array(person, { maxLength: 3 }),
      policies: fc.array(fc.record({ policyNum: fc.stringMatching(/^[A-Z0-9]{6,12}$/), premium: money, slcsp: money, aptc: money, start: day2026 }), { minLength: 0, maxLength: 2 }),
    }),
    { minLength: 1, maxLength: 4 },
  )
  .map((households) =>
    households.flatMap((h, gi) =>
      h.months.map((month) => ({
        irsGroupId: `G${gi + 1}`,
        taxHouseholdId: 'T1',
        coverageYear: 2026,
        month,
        primary: h.primary,
        ...(h.spouse ? { spouse: h.spouse } : {}),
        dependents: h.dependents,
        policies: h.policies.map((p) => ({
          policyNum: `${p.policyNum}${gi}`,
          issuerEin: '030123456',
          issuerName: 'Green Mountain Health, Inc.',
          coverageStart: p.start,
          premium: p.premium,
          slcsp: p.slcsp,
          aptc: p.aptc,
          covered: [{ person: h.primary, coverageStart: p.start, coverageEnd: '2026-12-31' }],
        })),
      })),
    ),
  );
