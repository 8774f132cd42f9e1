import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { build820, parse820, remittanceTotal, type File820 } from './edi-820.js';
import { clean } from './x12.js';

const line = fc.record({
  policyNumber: fc.stringMatching(/^P[2-9A-Z]{11}$/),
  subscriberId: fc.uuid(),
  firstName: fc.constantFrom('Ana', 'José', 'Leo'),
  lastName: fc.constantFrom('Lopez', 'Nguyễn', "O'Neil"),
  premiumCents: fc.integer({ min: 0, max: 400_000 }),
  aptcCents: fc.integer({ min: 0, max: 400_000 }),
  stateAssistanceCents: fc.integer({ min: 0, max: 50_000 }),
  adjustmentCents: fc.integer({ min: -400_000, max: 0 }),
});

function file(lines: File820['lines']): File820 {
  return {
    sender: { id: 'VT0', name: 'Vermont Health Connect' },
    receiver: { id: '13627', name: 'Blue Cross and Blue Shield of Vermont' },
    controlNumber: 7,
    createdAt: new Date('2026-02-01T12:00:00Z'),
    production: false,
    remittanceId: 'VT0-13627-2026-01',
    month: '2026-01',
    paymentDate: '2026-02-01',
    lines,
  };
}

describe('the 820 remittance', () => {
  it('parses back to the same policies and amounts, and its total is the money sent (generated files)', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 8 }), (lines) => {
        const back = parse820(build820(file(lines)));
        expect(back.lines).toEqual(lines.map((l) => ({ ...l, firstName: clean(l.firstName), lastName: clean(l.lastName) })));
        expect(back.totalCents).toBe(remittanceTotal(lines));
        expect(back).toMatchObject({ month: '2026-01', paymentDate: '2026-02-01', remittanceId: 'VT0-13627-2026-01', controlNumber: 7 });
      }),
      { numRuns: 60 },
    );
  });

  it('writes an RMR line per kind of money, with its type', () => {
    const text = build820(
      file([{ policyNumber: 'P2345678ABCD', subscriberId: 's1', firstName: 'Ana', lastName: 'Lopez', premiumCents: 32_463, aptcCents: 90_000, stateAssistanceCents: 5_000, adjustmentCents: -1_000 }]),
    );
    expect(text).toContain('ST*820*0001*005010X306~');
    expect(text).toContain('BPR*I*364.63*C*ACH*CCP***********20260201~');
    expect(text).toContain('RMR*IK*P2345678ABCD**324.63~\nREF*ZZ*PREM~');
    expect(text).toContain('RMR*IK*P2345678ABCD**900.00~\nREF*ZZ*APTC~');
    expect(text).toContain('RMR*IK*P2345678ABCD**-10.00~\nREF*ZZ*ADJ~');
  });

  it('refuses a file whose total does not match its lines', () => {
    const text = build820(file([{ policyNumber: 'P2345678ABCD', subscriberId: 's1', firstName: 'A', lastName: 'B', premiumCents: 100, aptcCents: 0, stateAssistanceCents: 0, adjustmentCents: 0 }]));
    expect(() => parse820(text.replace('BPR*I*1.00', 'BPR*I*2.00'))).toThrow(/does not equal/);
  });
});
