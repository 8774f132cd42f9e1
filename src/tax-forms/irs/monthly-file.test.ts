import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { IrsFileInputError } from './annual-file.js';
import { checkMonthlyFile } from './content-rules.js';
import { parseEpdErrorResponse, writeEpdErrorResponse } from './messages.js';
import { writeMonthlyEpdFile } from './monthly-file.js';
import { MARKETPLACE_ID, monthlyRecordSetArb, sampleHouseholdMonth } from './testing.js';
import { validateIrsXml, validateIrsXmlMany } from './xsd.js';

/** The test's own reading of a decimal string, in whole cents. */
const decimalCents = (v: string) => {
  const [whole, frac = ''] = v.split('.');
  return BigInt(whole) * 100n + BigInt(frac.padEnd(2, '0'));
};

const meta = { marketplaceId: MARKETPLACE_ID, submissionYear: 2026, submissionMonth: 12, coverageYear: 2026, createdAt: new Date('2026-12-05T06:00:00Z') };

describe('the monthly Exchange Periodic Data file', () => {
  it('is valid against the IRS schema: one group per household, its months and its policies', async () => {
    const records = [sampleHouseholdMonth('H1', 1), sampleHouseholdMonth('H1', 2), sampleHouseholdMonth('H2', 2, { spouse: { name: { first: 'Eva', last: 'Roy' }, ssn: '900000202' } })];
    const file = writeMonthlyEpdFile(records, meta);
    expect(await validateIrsXml('monthly-epd', file.xml)).toEqual({ valid: true, errors: [] });
    expect(file.manifest).toMatchObject({
      kind: 'monthly-epd',
      fileName: 'IRSEPD_2026_202612_20261205T060000Z.xml',
      recordCount: 3,
      households: 2,
      // Three household-months at 842.17 / 801.00 / 655.00.
      totals: { premium: '2526.51', slcsp: '2403.00', aptc: '1965.00' },
    });
    expect(file.xml).toContain('<irs:SubmissionYr>2026</irs:SubmissionYr><irs:SubmissionMonthNum>12</irs:SubmissionMonthNum><irs:ApplicableCoverageYr>2026</irs:ApplicableCoverageYr>');
    expect(file.xml.match(/<irs:IRSHouseholdGrp>/g)).toHaveLength(2);
    expect(file.xml.match(/<irs:TaxHouseholdCoverage>/g)).toHaveLength(3);
    expect(file.xml.match(/<irs:InsuranceCoverage>/g)).toHaveLength(3);
    expect(file.xml).toContain('<irs:TotalQHPMonthlyPremiumAmt>842.17</irs:TotalQHPMonthlyPremiumAmt><irs:APTCPaymentAmt>655.00</irs:APTCPaymentAmt>');
    expect(JSON.stringify(file.manifest)).not.toContain('900000101');
    expect(checkMonthlyFile(file.xml).groups.map((g) => [g.irsGroupId, g.errors.length])).toEqual([
      ['H1', 0],
      ['H2', 0],
    ]);
  });

  it('fails schema validation with a named error when broken', async () => {
    const xml = writeMonthlyEpdFile([sampleHouseholdMonth('H1', 1)], meta).xml;
    const result = await validateIrsXml('monthly-epd', xml.replace('<irs:QHPIssuerEIN>030123456</irs:QHPIssuerEIN>', '<irs:QHPIssuerEIN>03-0123456</irs:QHPIssuerEIN>'));
    expect(result.valid).toBe(false);
    expect(result.errors[0].message).toMatch(/QHPIssuerEIN/);
  });

  it('refuses input it cannot express', () => {
    expect(() => writeMonthlyEpdFile([sampleHouseholdMonth('H1', 13)], meta)).toThrow(IrsFileInputError);
    expect(() => writeMonthlyEpdFile([sampleHouseholdMonth('H1', 1), sampleHouseholdMonth('H1', 1)], meta)).toThrow(/appears twice/);
    expect(() => writeMonthlyEpdFile([sampleHouseholdMonth('A-VERY-LONG-GROUP-ID', 1)], meta)).toThrow(/irsGroupId/);
    const bad = sampleHouseholdMonth('H1', 1);
    bad.policies[0].aptc = '1.234';
    expect(() => writeMonthlyEpdFile([bad], meta)).toThrow(/policies\[0\]\.aptc is not a decimal amount/);
  });

  it('flags households the receiver will refuse: no SSN or birth date, credit above premium, a month not yet reached', () => {
    const noId = sampleHouseholdMonth('H1', 3, { dependents: [{ name: { first: 'Mateo', last: 'Núñez' } }] });
    const tooMuch = sampleHouseholdMonth('H2', 3);
    tooMuch.policies[0].aptc = '900.00';
    const early = sampleHouseholdMonth('H3', 12);
    const xml = writeMonthlyEpdFile([noId, tooMuch, early], { ...meta, submissionMonth: 11 }).xml;
    expect(checkMonthlyFile(xml).groups.map((g) => [g.irsGroupId, g.errors.map((e) => e.code)])).toEqual([
      ['H1', ['EPD-H01']],
      ['H2', ['EPD-H02']],
      ['H3', ['EPD-H03']],
    ]);
  });

  it('writes error responses the IRS schema accepts, and reads them back', async () => {
    const base = { submissionYear: 2026, submissionMonth: 12, coverageYear: 2026, batchId: new Date('2026-12-05T06:01:02.345Z'), marketplaceId: MARKETPLACE_ID, householdCount: 2 };
    const accepted = writeEpdErrorResponse({ ...base, householdErrors: [], fileErrors: [] });
    const withErrors = writeEpdErrorResponse({
      ...base,
      householdErrors: [{ irsGroupId: 'H1', code: 'EPD-H01', message: 'A person has neither an SSN nor a date of birth', xpath: 'TaxHousehold[1]' }],
      fileErrors: [],
    });
    const rejected = writeEpdErrorResponse({ ...base, householdErrors: [], fileErrors: [{ code: 'EPD-F01', message: 'The file does not conform to the schema' }] });
    const results = await validateIrsXmlMany('monthly-error-response', [accepted, withErrors, rejected]);
    expect(results.flatMap((r) => r.errors)).toEqual([]);
    expect(parseEpdErrorResponse('r1', accepted)).toEqual({ receiptId: 'r1', status: 'accepted', householdErrors: [], fileErrors: [] });
    expect(parseEpdErrorResponse('r1', withErrors)).toMatchObject({ status: 'accepted-with-errors', householdErrors: [{ irsGroupId: 'H1', code: 'EPD-H01' }] });
    expect(parseEpdErrorResponse('r1', rejected)).toMatchObject({ status: 'rejected', fileErrors: [{ code: 'EPD-F01' }] });
  });

  it('property: any household-month set makes a schema-valid file whose totals are the sums of its amounts', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(monthlyRecordSetArb, { minLength: 10, maxLength: 10 }), async (sets) => {
        const files = sets.map((records) => writeMonthlyEpdFile(records, meta));
        const results = await validateIrsXmlMany(
          'monthly-epd',
          files.map((f) => f.xml),
        );
        expect(results.flatMap((r) => r.errors)).toEqual([]);
        sets.forEach((records, n) => {
          const cents = (k: 'premium' | 'slcsp' | 'aptc') => records.flatMap((r) => r.policies).reduce((s, p) => s + decimalCents(p[k]), 0n);
          for (const k of ['premium', 'slcsp', 'aptc'] as const) expect(decimalCents(files[n].manifest.totals[k])).toBe(cents(k));
        });
      }),
      { numRuns: 6 },
    );
  });
});
