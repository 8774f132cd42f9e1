import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { IrsFileInputError, splitForTransmission, uniqueRecordId, parseUniqueRecordId, writeAnnual1095AFile } from './annual-file.js';
import { readAnnualFile } from './content-rules.js';
import { writeAnnualAck, writeAnnualResponse, parseAnnualAck } from './messages.js';
import { annualRecordSetArb, MARKETPLACE_ID, months, sampleStatement } from './testing.js';
import { validateIrsXml, validateIrsXmlMany } from './xsd.js';
import { sumMoney } from './money.js';

const meta = { marketplaceId: MARKETPLACE_ID, taxYear: 2026, createdAt: new Date('2027-01-20T14:05:09.123Z') };

describe('the annual Form 1095-A file', () => {
  it('is valid against the IRS schema, with originals, corrected and void records linked to what they replace', async () => {
    const file = writeAnnual1095AFile(
      [
        sampleStatement({ statementId: 'a' }),
        sampleStatement({ statementId: 'b', kind: 'corrected', corrects: { receiptId: '1095A-2027-00000001', recordSequenceNum: 7 } }),
        sampleStatement({ statementId: 'c', kind: 'void', voids: { receiptId: '1095A-2027-00000001', recordSequenceNum: 9 } }),
      ],
      meta,
    );
    const result = await validateIrsXml('annual-upstream', file.xml);
    expect(result).toEqual({ valid: true, errors: [] });

    const [a, b, c] = readAnnualFile(file.xml);
    expect([a.recordSequenceNum, b.recordSequenceNum, c.recordSequenceNum]).toEqual([1, 2, 3]);
    expect([a.correctedInd, a.voidInd, a.correctedRef, a.voidedRef]).toEqual([false, false, null, null]);
    expect([b.correctedInd, b.correctedRef]).toEqual([true, '1095A-2027-00000001|00001|7']);
    expect([c.voidInd, c.voidedRef]).toEqual([true, '1095A-2027-00000001|00001|9']);
    // Ten covered months at 1,023.45 / 998.10 / 712.00, written out here rather than computed.
    expect(a.totals).toEqual({ premium: '10234.50', slcsp: '9981.00', aptc: '7120.00' });
    expect(a.months[0]).toEqual({ premium: '0.00', slcsp: '0.00', aptc: '0.00' });
    expect(a.months[2]).toEqual({ premium: '1023.45', slcsp: '998.10', aptc: '712.00' });

    expect(file.manifest).toMatchObject({
      kind: 'annual-1095a',
      fileName: 'IRS1095A_2026_20270120T140509Z.xml',
      recordCount: 3,
      originals: 1,
      corrected: 1,
      voids: 1,
      totals: { premium: '30703.50', slcsp: '29943.00', aptc: '21360.00' },
      records: [
        { statementId: 'a', recordSequenceNum: 1 },
        { statementId: 'b', recordSequenceNum: 2 },
        { statementId: 'c', recordSequenceNum: 3 },
      ],
    });
    expect(file.manifest.sha256).toMatch(/^[0-9a-f]{64}$/);
    // The SSN is in the file, and nowhere in what is kept or printed about it.
    expect(file.xml).toContain('<irs:SSN>900000001</irs:SSN>');
    expect(JSON.stringify(file.manifest)).not.toContain('900000001');
  });

  it('writes names, addresses and issuers the way the schema allows (no accents, no punctuation)', () => {
    const xml = writeAnnual1095AFile([sampleStatement({ statementId: 'a' })], meta).xml;
    expect(xml).toContain('<air:PersonFirstNm>Jose</air:PersonFirstNm><air:PersonLastNm>Pena</air:PersonLastNm>');
    expect(xml).toContain('<air:AddressLine1Txt>12 Elm St Apt 2</air:AddressLine1Txt><irs:CityNm>St Johnsbury</irs:CityNm>');
    expect(xml).toContain('<air:PolicyIssuerNm>Green Mountain Health Inc</air:PolicyIssuerNm>');
  });

  it('is the same bytes for the same records', () => {
    const records = [sampleStatement({ statementId: 'a' }), sampleStatement({ statementId: 'b' })];
    expect(writeAnnual1095AFile(records, meta)).toEqual(writeAnnual1095AFile(records, meta));
  });

  it('fails schema validation with a named error when an element is missing or malformed', async () => {
    const xml = writeAnnual1095AFile([sampleStatement({ statementId: 'a' })], meta).xml;
    const noYear = await validateIrsXml('annual-upstream', xml.replace('<air:TaxYr>2026</air:TaxYr>', ''));
    expect(noYear.valid).toBe(false);
    expect(noYear.errors[0].message).toMatch(/TaxYr/);
    const badMarketplace = await validateIrsXml('annual-upstream', xml.replace(MARKETPLACE_ID, 'VT'));
    expect(badMarketplace.valid).toBe(false);
    expect(badMarketplace.errors[0].message).toMatch(/MarketplaceId/);
    const badAmount = await validateIrsXml('annual-upstream', xml.replace('<air:MonthlyPremiumAmt>1023.45</air:MonthlyPremiumAmt>', '<air:MonthlyPremiumAmt>1023.4</air:MonthlyPremiumAmt>'));
    expect(badAmount.valid).toBe(false);
    expect(badAmount.errors[0].message).toMatch(/MonthlyPremiumAmt/);
  });

  it('never quotes an SSN in a schema error', async () => {
    const xml = writeAnnual1095AFile([sampleStatement({ statementId: 'a' })], meta).xml.replace('<irs:SSN>900000001</irs:SSN>', '<irs:SSN>90000000</irs:SSN>');
    const result = await validateIrsXml('annual-upstream', xml);
    expect(result.valid).toBe(false);
    expect(result.errors[0].message).toMatch(/SSN/);
    expect(JSON.stringify(result)).not.toContain('90000000');
    const badBirth = await validateIrsXml(
      'annual-upstream',
      writeAnnual1095AFile([sampleStatement({ statementId: 'a' })], meta).xml.replace('<air:BirthDt>1984-07-09</air:BirthDt>', '<air:BirthDt>1984-02-30</air:BirthDt>'),
    );
    expect(badBirth.valid).toBe(false);
    expect(badBirth.errors[0].message).toMatch(/BirthDt/);
    expect(JSON.stringify(badBirth)).not.toContain('1984-02-30');
  });

  it('refuses input it cannot express, naming the statement and field but no value', () => {
    const cases: Array<[Parameters<typeof sampleStatement>[0], RegExp]> = [
      [{ statementId: 'x', months: months(1, 12, { premium: '12.345', slcsp: '1', aptc: '1' }) }, /statement x: months\[0\]\.premium is not a decimal amount/],
      [{ statementId: 'x', months: months(1, 12, { premium: '-5', slcsp: '1', aptc: '1' }) }, /months\[0\]\.premium/],
      [{ statementId: 'x', months: months(1, 12, { premium: '1', slcsp: '1', aptc: '1' }).slice(0, 11) }, /months must hold twelve months/],
      [{ statementId: 'x', taxYear: 2025 }, /taxYear is not the file’s tax year/],
      [{ statementId: 'x', recipient: { name: { first: 'José', last: 'Peña' }, ssn: '123-45-6789' } }, /recipient\.ssn is not nine digits/],
      [{ statementId: 'x', recipient: { name: { first: '李', last: '王' }, ssn: '900000001' } }, /recipient\.name has no letters/],
    ];
    for (const [overrides, message] of cases) {
      let error: unknown;
      try {
        writeAnnual1095AFile([sampleStatement(overrides)], meta);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(IrsFileInputError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toMatch(/123-45-6789|12\.345/);
    }
    expect(() => writeAnnual1095AFile([sampleStatement({ statementId: 'a' })], { ...meta, marketplaceId: 'VT0' })).toThrow(/marketplaceId/);
    expect(() => writeAnnual1095AFile([], meta)).toThrow(/at least one/);
  });

  it('splits a year into files of at most 15,000 records', () => {
    const ids = Array.from({ length: 31_000 }, (_, i) => i);
    expect(splitForTransmission(ids).map((f) => f.length)).toEqual([15_000, 15_000, 1_000]);
  });

  it('reads back the unique record ids it writes', () => {
    expect(uniqueRecordId({ receiptId: '1095A-2027-00000012', recordSequenceNum: 42 })).toBe('1095A-2027-00000012|00001|42');
    expect(parseUniqueRecordId('1095A-2027-00000012|00001|42')).toEqual({ receiptId: '1095A-2027-00000012', submissionNum: 1, recordSequenceNum: 42 });
    expect(parseUniqueRecordId('nonsense')).toBeNull();
  });

  it('writes acknowledgements and responses the IRS schemas accept, and reads them back', async () => {
    const ack = writeAnnualAck({ success: true, code: 'AIR1095A-AE', message: 'Accepted with errors: 1 of 2 records' });
    const resp = writeAnnualResponse([{ uniqueRecordId: '1095A-2027-00000003|00001|2', code: 'AIR1095A-R01', message: 'The recipient has neither an SSN nor a date of birth', xpath: 'Recipient' }])!;
    expect(await validateIrsXml('annual-ack', ack)).toEqual({ valid: true, errors: [] });
    expect(await validateIrsXml('annual-response', resp)).toEqual({ valid: true, errors: [] });
    expect(parseAnnualAck('1095A-2027-00000003', ack, resp)).toMatchObject({
      status: 'accepted-with-errors',
      recordErrors: [{ recordSequenceNum: 2, code: 'AIR1095A-R01', xpath: 'Recipient' }],
    });
    const rejected = writeAnnualResponse([{ schemaErrorInfo: 'line 1: Element TaxYr # missing', code: 'AIR1095A-F01', message: 'The file does not conform to the schema' }])!;
    expect(await validateIrsXml('annual-response', rejected)).toEqual({ valid: true, errors: [] });
    expect(parseAnnualAck('r', writeAnnualAck({ success: false, code: 'AIR1095A-F01', message: 'The file does not conform to the schema' }), rejected)).toMatchObject({
      status: 'rejected',
      fileErrors: [{ code: 'AIR1095A-F01' }],
    });
  });

  it('property: any record set makes a schema-valid file whose totals are the sums of its months', async () => {
    // Ten files per run, validated in one pass of the schema.
    await fc.assert(
      fc.asyncProperty(fc.array(annualRecordSetArb, { minLength: 10, maxLength: 10 }), async (sets) => {
        const files = sets.map((records) => writeAnnual1095AFile(records, meta));
        const results = await validateIrsXmlMany(
          'annual-upstream',
          files.map((f) => f.xml),
        );
        expect(results.flatMap((r) => r.errors)).toEqual([]);
        expect(results.every((r) => r.valid)).toBe(true);
        sets.forEach((records, n) => {
          const parsed = readAnnualFile(files[n].xml);
          expect(parsed).toHaveLength(records.length);
          parsed.forEach((p, i) => {
            for (const k of ['premium', 'slcsp', 'aptc'] as const) {
              expect(p.totals[k]).toBe(sumMoney(records[i].months.map((m) => m[k])));
              expect(p.totals[k]).toBe(sumMoney(p.months.map((m) => m[k])));
            }
          });
          for (const k of ['premium', 'slcsp', 'aptc'] as const) expect(files[n].manifest.totals[k]).toBe(sumMoney(parsed.map((p) => p.totals[k])));
        });
      }),
      { numRuns: 8 },
    );
  });

  it('a batch validation points at the one broken file among valid ones', async () => {
    const good = writeAnnual1095AFile([sampleStatement({ statementId: 'a' })], meta).xml;
    const bad = good.replace('<air:VoidInd>0</air:VoidInd>', '<air:VoidInd>2</air:VoidInd>');
    const results = await validateIrsXmlMany('annual-upstream', [good, bad, good]);
    expect(results.map((r) => r.valid)).toEqual([true, false, true]);
    expect(results[1].errors[0].message).toMatch(/VoidInd/);
  });
});
