import { describe, expect, it } from 'vitest';
import { annualExceptions } from './preflight.js';
import { months, sampleStatement } from './testing.js';

describe('exceptions before sending', () => {
  it('names the statements the IRS would refuse, and those worth a look, without their values', () => {
    const exceptions = annualExceptions(
      [
        sampleStatement({
          statementId: 'ok',
          spouse: { name: { first: 'Ana', last: 'Peña' }, ssn: '900000002' },
          covered: [{ person: { name: { first: 'José', last: 'Peña' }, ssn: '900000001' }, coverageStart: '2026-03-01', coverageEnd: '2026-12-31' }],
        }),
        sampleStatement({ statementId: 'no-id', recipient: { name: { first: 'Ana', last: 'Roy' } } }),
        sampleStatement({ statementId: 'no-benchmark', months: months(3, 12, { premium: '400', slcsp: '0', aptc: '0' }) }),
        sampleStatement({ statementId: 'credit-too-high', months: months(3, 12, { premium: '400', slcsp: '500', aptc: '450' }) }),
      ],
      2026,
    );
    expect(exceptions.map((e) => [e.statementId, e.code, e.blocking])).toEqual([
      ['no-id', 'AIR1095A-R01', true],
      ['no-id', 'CANDOR-N01', false],
      ['no-benchmark', 'CANDOR-N01', false],
      ['no-benchmark', 'CANDOR-N02', false],
      ...Array.from({ length: 10 }, () => ['credit-too-high', 'AIR1095A-R11', true]),
      ['credit-too-high', 'CANDOR-N01', false],
    ]);
    expect(JSON.stringify(exceptions)).not.toMatch(/900000|Roy|Peña/);
  });
});
