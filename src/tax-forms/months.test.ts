/**
 * Form 1095-A Part III month rules and the statement decisions, pure. Every
 * expected figure is worked out by hand from the inputs here: a partial
 * month is monthly × covered days ÷ days in the month, rounded once to the
 * cent, halves up.
 */
import { describe, expect, it } from 'vitest';
import { annualTotals, coverageInYear, coverageMonths, statementMonths, type PolicyYear } from './months.js';
import { buildStatement, contentHash, decideStatement, statementExceptions, type PolicyFacts } from './statement.js';

const policy = (p: Partial<PolicyYear>): PolicyYear => ({
  coverageYear: 2026,
  coverageStart: '2026-01-01',
  coverageEnd: '2026-12-31',
  grossPremiumCents: 100_000,
  aptcCents: 50_000,
  stateAssistanceCents: 0,
  history: [],
  benchmarkCents: 129_918,
  unpaidGraceMonth: null,
  ...p,
});

const zero = { premiumCents: 0, slcspCents: 0, aptcCents: 0 };

describe('Part III months', () => {
  it('a whole year is twelve equal months, with the benchmark even where no credit was paid', () => {
    const months = statementMonths(policy({ aptcCents: 0 }));
    expect(months).toHaveLength(12);
    for (const m of months) expect(m).toEqual({ premiumCents: 100_000, slcspCents: 129_918, aptcCents: 0 });
    expect(annualTotals(months)).toEqual({ premiumCents: 1_200_000, slcspCents: 1_559_016, aptcCents: 0 });
  });

  it('a mid-month start counts the month, prorated for its covered days (17 of 31 in March)', () => {
    const months = statementMonths(policy({ coverageStart: '2026-03-15' }));
    expect(months[0]).toEqual(zero);
    expect(months[1]).toEqual(zero);
    // 100,000 × 17 / 31 = 54,838.7; 129,918 × 17 / 31 = 71,245.35; 50,000 × 17 / 31 = 27,419.35
    expect(months[2]).toEqual({ premiumCents: 54_839, slcspCents: 71_245, aptcCents: 27_419 });
    expect(months[3]).toEqual({ premiumCents: 100_000, slcspCents: 129_918, aptcCents: 50_000 });
    expect(coverageMonths(policy({ coverageStart: '2026-03-15' }))).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('a mid-month end counts the month (14 of 31 in July) and no month after', () => {
    const months = statementMonths(policy({ coverageEnd: '2026-07-14' }));
    // 100,000 × 14 / 31 = 45,161.29; 129,918 × 14 / 31 = 58,672.97; 50,000 × 14 / 31 = 22,580.65
    expect(months[6]).toEqual({ premiumCents: 45_161, slcspCents: 58_673, aptcCents: 22_581 });
    expect(months[7]).toEqual(zero);
    expect(months[11]).toEqual(zero);
  });

  it('the first month of a grace period ended for non-payment: 0 premium and benchmark, the credit still reported; later months are not coverage months', () => {
    const months = statementMonths(policy({ coverageEnd: '2026-08-31', unpaidGraceMonth: '2026-08-01' }));
    expect(months[6]).toEqual({ premiumCents: 100_000, slcspCents: 129_918, aptcCents: 50_000 });
    expect(months[7]).toEqual({ premiumCents: 0, slcspCents: 0, aptcCents: 50_000 });
    expect(months[8]).toEqual(zero);
    expect(annualTotals(months)).toEqual({ premiumCents: 700_000, slcspCents: 909_426, aptcCents: 400_000 });
  });

  it('each month takes the dated amounts in force on its first covered day', () => {
    const months = statementMonths(
      policy({
        aptcCents: 20_000,
        history: [
          { id: 1, effectiveFrom: '2026-01-01', grossPremiumCents: 100_000, aptcCents: 50_000, stateAssistanceCents: 0 },
          { id: 2, effectiveFrom: '2026-09-01', grossPremiumCents: 100_000, aptcCents: 20_000, stateAssistanceCents: 0 },
          // Recorded later, effective earlier: a retroactive change for June to August.
          { id: 3, effectiveFrom: '2026-06-01', grossPremiumCents: 100_000, aptcCents: 35_000, stateAssistanceCents: 0 },
        ],
      }),
    );
    expect(months.map((m) => m.aptcCents)).toEqual([50_000, 50_000, 50_000, 50_000, 50_000, 35_000, 35_000, 35_000, 20_000, 20_000, 20_000, 20_000]);
  });

  it('a month without a benchmark reports 0 in column B', () => {
    expect(statementMonths(policy({ benchmarkCents: null }))[0]).toEqual({ premiumCents: 100_000, slcspCents: 0, aptcCents: 50_000 });
  });

  it('coverage inside the year', () => {
    expect(coverageInYear(2026, '2025-11-01', '2026-03-31')).toEqual({ start: '2026-01-01', end: '2026-03-31' });
    expect(coverageInYear(2026, '2027-01-01', '2027-12-31')).toBeNull();
  });
});

const facts = (p: Partial<PolicyFacts> = {}): PolicyFacts => ({
  ...policy({}),
  marketplaceId: 'VT*',
  policyNumber: 'P23456789ABC',
  issuerName: 'MVP Health Care',
  issuerId: '77566',
  recipient: { memberId: 'm1', firstName: 'Alex', lastName: 'Tester', dateOfBirth: '1985-06-15', ssn: { sealed: 'e1.1.aaaa', hash: 'h1', last4: '6789' } },
  spouse: { memberId: 'm2', firstName: 'Sam', lastName: 'Tester', dateOfBirth: '1986-02-01', ssn: null },
  address: { line1: '1 Main Street', line2: '', city: 'Montpelier', state: 'VT', zip: '05602' },
  covered: [{ memberId: 'm1', firstName: 'Alex', lastName: 'Tester', dateOfBirth: '1985-06-15', ssn: null }],
  ...p,
});

describe('the statement', () => {
  it('names the spouse only when the credit was paid for some month', () => {
    expect(buildStatement(facts()).spouse?.memberId).toBe('m2');
    expect(buildStatement(facts({ aptcCents: 0 })).spouse).toBeNull();
  });

  it('gives each covered person the policy dates in the year', () => {
    const s = buildStatement(facts({ coverageStart: '2026-06-10' }));
    expect(s.covered[0]).toMatchObject({ coverageStart: '2026-06-10', coverageEnd: '2026-12-31' });
    expect(s.policyStart).toBe('2026-06-10');
  });

  it('hashes the content without sealed values, so re-sealing an SSN changes nothing, and any reported figure does', () => {
    const a = contentHash(buildStatement(facts()));
    expect(contentHash(buildStatement(facts({ recipient: { ...facts().recipient, ssn: { sealed: 'e1.2.bbbb', hash: 'h1', last4: '6789' } } })))).toBe(a);
    expect(contentHash(buildStatement(facts({ aptcCents: 49_999 })))).not.toBe(a);
    expect(contentHash(buildStatement(facts({ coverageEnd: '2026-12-30' })))).not.toBe(a);
  });

  it('decides original, corrected, void or nothing', () => {
    expect(decideStatement(null, { contentHash: 'a' })).toBe('original');
    expect(decideStatement({ kind: 'original', contentHash: 'a' }, { contentHash: 'a' })).toBe('unchanged');
    expect(decideStatement({ kind: 'original', contentHash: 'a' }, { contentHash: 'b' })).toBe('corrected');
    expect(decideStatement({ kind: 'corrected', contentHash: 'b' }, { contentHash: 'b' })).toBe('unchanged');
    expect(decideStatement({ kind: 'original', contentHash: 'a' }, null)).toBe('void');
    expect(decideStatement({ kind: 'void', contentHash: 'a' }, null)).toBe('unchanged');
    expect(decideStatement(null, null)).toBe('none');
    // Reinstated after a void: issued again, as a correction of the void one.
    expect(decideStatement({ kind: 'void', contentHash: 'a' }, { contentHash: 'a' })).toBe('corrected');
  });

  it('lists the exceptions an operator checks first', () => {
    expect(statementExceptions(buildStatement(facts()), facts())).toEqual([]);
    const noSsn = facts({ recipient: { ...facts().recipient, ssn: null }, address: null, benchmarkCents: null });
    expect(statementExceptions(buildStatement(noSsn), noSsn)).toEqual(['recipient-without-ssn', 'no-benchmark', 'no-address']);
    const nothing = facts({ recipient: { ...facts().recipient, ssn: null, dateOfBirth: null } });
    expect(statementExceptions(buildStatement(nothing), nothing)).toEqual(['recipient-without-ssn-or-birth-date']);
    const over = facts({ grossPremiumCents: 40_000, aptcCents: 50_000 });
    expect(statementExceptions(buildStatement(over), over)).toEqual(['credit-above-premium']);
  });
});
