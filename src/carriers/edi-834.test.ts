import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { build834, MAINTENANCE, MAINTENANCE_REASONS, parse834, type Enrollment834, type File834 } from './edi-834.js';
import { clean } from './x12.js';

const day = fc.integer({ min: 0, max: 3 * 365 }).map((d) => new Date(Date.UTC(2025, 0, 1 + d)).toISOString().slice(0, 10));
const cents = fc.integer({ min: 0, max: 500_000 });
const name = fc.oneof(fc.stringMatching(/^[A-Za-z][a-z' -]{0,20}$/), fc.constantFrom('José', 'Zoë', "O'Brien", 'Nguyễn', 'Anne-Marie'));
const id = fc.uuid();

const member = (isSubscriber: boolean) =>
  fc.record({
    memberId: id,
    isSubscriber: fc.constant(isSubscriber),
    relationship: isSubscriber ? fc.constant('self' as const) : fc.constantFrom('spouse' as const, 'child' as const, 'domestic-partner' as const, 'other' as const),
    firstName: name,
    lastName: name,
    dateOfBirth: day,
    sex: fc.constantFrom('F' as const, 'M' as const, 'U' as const),
    premiumCents: cents,
  });

const enrollment: fc.Arbitrary<Enrollment834> = fc
  .record({
    maintenance: fc.constantFrom(...MAINTENANCE),
    reason: fc.constantFrom(...MAINTENANCE_REASONS),
    effectiveDate: day,
    policyNumber: fc.stringMatching(/^P[2-9A-Z]{11}$/),
    carrierPolicyId: fc.option(fc.stringMatching(/^[A-Z0-9]{4,20}$/), { nil: null }),
    planId: fc.tuple(fc.constantFrom('13627VT0010004', '77566VT0020006'), fc.constantFrom('01', '04', '05', '06')).map(([p, v]) => `${p}-${v}`),
    start: day,
    length: fc.integer({ min: 1, max: 364 }),
    subscriberAddress: fc.option(
      fc.record({
        line1: fc.constantFrom('12 Elm St', '5 Main Street', 'PO Box 44'),
        line2: fc.constantFrom('', 'Apt 2'),
        city: fc.constantFrom('Burlington', 'Barre'),
        state: fc.constant('VT'),
        zip: fc.constantFrom('05401', '05641'),
      }),
      { nil: null },
    ),
    amounts: fc.record({ grossPremiumCents: cents, aptcCents: cents, csrCents: cents, stateAssistanceCents: cents, responsibleCents: cents }),
    ratingArea: fc.constant('R-VT001'),
    sourceExchangeId: fc.constant('VT0'),
    subscriber: member(true),
    dependants: fc.array(member(false), { maxLength: 4 }),
  })
  .map(({ start, length, subscriber, dependants, ...e }) => {
    const end = new Date(Date.parse(`${start}T00:00:00Z`) + length * 86_400_000).toISOString().slice(0, 10);
    // A cancellation is a termination ending on its start date, and only that.
    const cancel = e.maintenance === 'cancel';
    return { ...e, coverageStart: start, coverageEnd: cancel ? start : end, members: [subscriber, ...dependants] };
  });

function file(enrollments: Enrollment834[], purpose: File834['purpose'] = 'update'): File834 {
  return {
    sender: { id: 'VT0', name: 'Vermont Health Connect' },
    receiver: { id: '77566', name: 'MVP Health Care' },
    controlNumber: 42,
    createdAt: new Date('2026-01-05T23:59:00Z'),
    purpose,
    reference: 'VT0-77566-20260105',
    production: false,
    enrollments,
  };
}

/** What survives the trip: names and addresses in X12's character set. */
function expected(e: Enrollment834): Enrollment834 {
  return {
    ...e,
    carrierPolicyId: e.carrierPolicyId,
    subscriberAddress: e.subscriberAddress && {
      ...e.subscriberAddress,
      line1: clean(e.subscriberAddress.line1, 55),
      line2: clean(e.subscriberAddress.line2, 55),
      city: clean(e.subscriberAddress.city, 30),
    },
    members: e.members.map((m) => ({ ...m, firstName: clean(m.firstName), lastName: clean(m.lastName) })),
  };
}

describe('the 834 file', () => {
  it('parses back to the same enrollments, members and amounts (generated files)', () => {
    fc.assert(
      fc.property(fc.array(enrollment, { minLength: 1, maxLength: 6 }), fc.constantFrom('update' as const, 'audit' as const), (enrollments, purpose) => {
        const text = build834(file(enrollments, purpose));
        const back = parse834(text);
        expect(back.enrollments).toEqual(enrollments.map(expected));
        expect(back.purpose).toBe(purpose);
        expect(back.controlNumber).toBe(42);
        expect(back.sender.id).toBe('VT0');
        expect(back.receiver.id).toBe('77566');
      }),
      { numRuns: 60 },
    );
  });

  it('writes the codes carriers read', () => {
    const e: Enrollment834 = {
      maintenance: 'terminate',
      reason: 'non-payment',
      effectiveDate: '2026-04-30',
      policyNumber: 'P2345678ABCD',
      carrierPolicyId: null,
      planId: '77566VT0020004-04',
      coverageStart: '2026-01-01',
      coverageEnd: '2026-04-30',
      subscriberAddress: null,
      amounts: { grossPremiumCents: 127_463, aptcCents: 90_000, csrCents: 0, stateAssistanceCents: 5_000, responsibleCents: 32_463 },
      ratingArea: 'R-VT001',
      sourceExchangeId: 'VT0',
      members: [{ memberId: 'm1', isSubscriber: true, relationship: 'self', firstName: 'Ana', lastName: 'Lopez', dateOfBirth: '1988-03-14', sex: 'F', premiumCents: 127_463 }],
    };
    const text = build834(file([e]));
    for (const segment of [
      'ST*834*0001*005010X220A1~',
      'INS*Y*18*024*59*A~',
      'REF*0F*m1~',
      'REF*17*m1~',
      'HD*024**HLT~',
      'DTP*348*D8*20260101~',
      'DTP*349*D8*20260430~',
      'REF*CE*77566VT0020004-04~',
      'REF*1L*P2345678ABCD~',
      'N1*75*APTC AMT~',
      'REF*9X*900.00~',
      'N1*75*TOT RES AMT~',
      'REF*9X*324.63~',
      'N1*75*RATING AREA~',
      'N1*75*SOURCE EXCHANGE ID~',
    ]) {
      expect(text).toContain(segment);
    }
    expect(text).toMatch(/^ISA\*00\*/);
    expect(text).toMatch(/SE\*\d+\*0001~\nGE\*1\*42~\nIEA\*1\*000000042~/);
  });

  it('refuses what is not an 834', () => {
    expect(() => parse834('hello')).toThrow();
    expect(() => parse834(build834(file([])).replace('ST*834', 'ST*820'))).toThrow(/expected an 834/);
  });
});
