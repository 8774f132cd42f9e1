import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { vermont } from '../states/vt.js';
import { openEnrollmentFor } from '../states/calendar.js';
import { addDays, ageOn, firstOfNextMonth, isValidDay, lastOfMonth, localDay } from './dates.js';
import { requestedEnd } from './end-coverage.js';
import { enrollmentWindow, lifeEventReportable, openEnrollmentCoverageStart, sepWindowEnd } from './enrollment-periods.js';
import { documentsExpected } from './verification-elements.js';
import { addressSchema, dollarsToCents, incomeSchema, lifeEventSchema, normaliseSsn, personSchema } from './forms.js';
import { shareCents, splitPremium } from './premium.js';
import { verificationsNeeded } from './verification-elements.js';
import { applicationGaps } from './application-gaps.js';
import { mayAccessHousehold } from './household-access.js';
import { enrollBy, noticeOutcome } from './notify.js';
import { choosePlanYear } from './plan-year.js';

const day = fc.integer({ min: 0, max: 3 * 365 }).map((d) => addDays('2025-01-01', d));

describe('enrollment periods', () => {
  const oe = vermont.openEnrollment;
  it('starts coverage on January 1 through the deadline, February 1 after it (plan year 2026)', () => {
    expect(openEnrollmentCoverageStart(2026, openEnrollmentFor(oe, 2026), '2025-11-01')).toBe('2026-01-01');
    expect(openEnrollmentCoverageStart(2026, openEnrollmentFor(oe, 2026), '2025-12-15')).toBe('2026-01-01');
    expect(openEnrollmentCoverageStart(2026, openEnrollmentFor(oe, 2026), '2025-12-16')).toBe('2026-01-01');
    expect(openEnrollmentCoverageStart(2026, openEnrollmentFor(oe, 2026), '2026-01-15')).toBe('2026-02-01');
  });

  it('is closed between open enrollments unless a life event opened a period', () => {
    expect(enrollmentWindow(oe, [], '2026-03-10')).toEqual({ open: false, nextOpenEnrollmentStart: '2026-11-01' });
    const sep = { id: 's', event: 'marriage' as const, eventDate: '2026-02-01', windowEndsOn: sepWindowEnd('2026-02-01'), used: false };
    expect(enrollmentWindow(oe, [sep], '2026-03-10')).toEqual({ open: true, kind: 'special', sepId: 's', planYear: 2026, coverageStart: '2026-04-01' });
    expect(enrollmentWindow(oe, [sep], addDays('2026-02-01', 61)).open).toBe(false);
    expect(enrollmentWindow(oe, [{ ...sep, used: true }], '2026-03-10').open).toBe(false);
  });

  it('backdates coverage to a birth or adoption', () => {
    const birth = { id: 'b', event: 'birth' as const, eventDate: '2026-05-17', windowEndsOn: sepWindowEnd('2026-05-17'), used: false };
    expect(enrollmentWindow(vermont.openEnrollment, [birth], '2026-06-02')).toMatchObject({ coverageStart: '2026-05-17', planYear: 2026 });
  });

  it('keeps a special period exactly 60 days, and coverage never starts before the selection month ends (except births)', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 80 }), (event, after) => {
        const selection = addDays(event, after);
        const w = enrollmentWindow(null, [{ id: 'x', event: 'move', eventDate: event, windowEndsOn: sepWindowEnd(event), used: false }], selection);
        expect(w.open).toBe(after <= 60);
        if (w.open) expect(w.coverageStart).toBe(firstOfNextMonth(selection));
      }),
    );
  });

  it('accepts a life event reported within 60 days and not in the future', () => {
    expect(lifeEventReportable('2026-03-01', '2026-02-28')).toBe('future');
    expect(lifeEventReportable('2026-03-01', '2026-04-30')).toBe('ok');
    expect(lifeEventReportable('2026-03-01', '2026-05-01')).toBe('too-late');
  });
});

describe('premium split', () => {
  it('never applies more credit than allowed or help than the premium, and adds up', () => {
    fc.assert(
      fc.property(fc.nat(500_000), fc.nat(500_000), fc.option(fc.nat(600_000)), fc.nat(100_000), (gross, max, requested, state) => {
        const s = splitPremium({ grossPremiumCents: gross, maxAptcCents: max, requestedAptcCents: requested ?? undefined, stateAssistanceCents: state });
        expect(s.aptcCents).toBeLessThanOrEqual(Math.min(max, gross));
        if (requested !== null) expect(s.aptcCents).toBeLessThanOrEqual(requested);
        expect(s.stateAssistanceCents).toBeLessThanOrEqual(state);
        expect(s.netPremiumCents).toBeGreaterThanOrEqual(0);
        expect(s.aptcCents + s.stateAssistanceCents + s.netPremiumCents).toBe(gross);
      }),
    );
  });

  it('splits cents across members exactly', () => {
    fc.assert(
      fc.property(fc.nat(10_000_000), fc.integer({ min: 1, max: 12 }), (total, parts) => {
        const shares = shareCents(total, parts);
        expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
        expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe('ending coverage on request', () => {
  const e = { status: 'effectuated', coverageStart: '2026-01-01', coverageEnd: '2026-12-31' };
  it('cancels what has not started or was never paid, and otherwise ends at a month end', () => {
    expect(requestedEnd({ ...e, status: 'pending-binder' }, '2026-03-10', 'end-of-this-month')).toEqual({ to: 'cancelled', effectiveDate: '2026-01-01' });
    expect(requestedEnd({ ...e, coverageStart: '2026-04-01' }, '2026-03-10', 'end-of-next-month')).toEqual({ to: 'cancelled', effectiveDate: '2026-04-01' });
    expect(requestedEnd(e, '2026-03-10', 'end-of-this-month')).toEqual({ to: 'terminated', effectiveDate: '2026-03-31' });
    expect(requestedEnd(e, '2026-03-10', 'end-of-next-month')).toEqual({ to: 'terminated', effectiveDate: '2026-04-30' });
    expect(requestedEnd(e, '2026-12-10', 'end-of-next-month')).toEqual({ to: 'terminated', effectiveDate: '2026-12-31' });
  });
});

describe('forms', () => {
  it('accepts only SSNs that could have been issued', () => {
    expect(normaliseSsn('123-45-6789')).toBe('123456789');
    for (const bad of ['000-12-3456', '666-12-3456', '912-34-5678', '123-00-4567', '123-45-0000', '12345678', 'abc-de-fghi']) expect(normaliseSsn(bad)).toBeNull();
  });

  it('reads dollars as people type them', () => {
    expect(dollarsToCents('$52,000')).toBe(5_200_000);
    expect(dollarsToCents('52000.5')).toBe(5_200_050);
    expect(dollarsToCents('-5')).toBeNull();
    expect(dollarsToCents('1e6')).toBeNull();
    expect(incomeSchema().safeParse({ annualIncome: '40000', taxHouseholdSize: '0' }).success).toBe(false);
  });

  it('names the field of each problem with a catalogue key', () => {
    const r = personSchema({ isPrimary: false, today: '2026-01-01', askTobacco: false }).safeParse({
      firstName: '',
      lastName: 'X',
      dobMonth: '2',
      dobDay: '30',
      dobYear: '1990',
      sex: 'F',
      seekingCoverage: 'yes',
      citizenship: 'citizen',
      taxFiling: 'filer',
    });
    expect(r.success).toBe(false);
    const fields = r.error!.issues.map((i) => `${i.path.join('.')}:${i.message}`);
    expect(fields).toContain('firstName:errors.person.firstName');
    expect(fields).toContain('relationship:errors.person.relationship');
    expect(fields).toContain('dateOfBirth:errors.dob.not-a-day');
  });

  it('finds every problem of an empty or wrong form at once, not one field per try', () => {
    const empty = personSchema({ isPrimary: false, today: '2026-01-01', askTobacco: false }).safeParse({});
    expect(empty.error!.issues.map((i) => `${i.path.join('.')}:${i.message}`).sort()).toEqual(
      [
        'citizenship:errors.person.citizenship',
        'dateOfBirth:errors.dob.empty',
        'firstName:errors.person.firstName',
        'lastName:errors.person.lastName',
        'relationship:errors.person.relationship',
        'seekingCoverage:errors.person.seekingCoverage',
        'sex:errors.person.sex',
        'taxFiling:errors.person.taxFiling',
      ].sort(),
    );
    const wrong = personSchema({ isPrimary: true, today: '2026-01-01', askTobacco: false }).safeParse({ dobMonth: '2', dobYear: '1990', ssn: '12', citizenship: 'lawfully-present' });
    expect(wrong.error!.issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['firstName', 'dateOfBirth', 'ssn', 'immigrationDocumentType', 'immigrationDocumentNumber']));
    const address = addressSchema('VT').safeParse({ line1: '', state: 'VT', zip: '10001' });
    expect(address.error!.issues.map((i) => `${i.path.join('.')}:${i.message}`).sort()).toEqual(['city:errors.address.city', 'line1:errors.address.line1', 'zip:errors.address.zipState']);
    const income = incomeSchema({ filers: 3 }).safeParse({ annualIncome: '', taxHouseholdSize: '2' });
    expect(income.error!.issues.map((i) => `${i.path.join('.')}:${i.message}`).sort()).toEqual(['annualIncome:errors.income.amountEmpty', 'taxHouseholdSize:errors.income.sizeTooSmall']);
  });

  it('tells which document requests a blank SSN opens', () => {
    const person = (id: string, over: Partial<{ isPrimary: boolean; seekingCoverage: boolean; hasSsn: boolean; citizenship: 'citizen' | 'lawfully-present' | 'not-lawfully-present' }> = {}) => ({
      id,
      isPrimary: false,
      seekingCoverage: true,
      hasSsn: true,
      citizenship: 'citizen' as const,
      ...over,
    });
    expect(documentsExpected([person('a', { isPrimary: true })])).toEqual([]);
    expect(
      documentsExpected([
        person('a', { isPrimary: true, hasSsn: false }),
        person('b', { hasSsn: false }),
        person('c', { hasSsn: false, seekingCoverage: false }),
        person('d', { hasSsn: false, citizenship: 'lawfully-present' }),
      ]),
    ).toEqual([
      { memberId: null, element: 'income', reason: 'no-ssn' },
      { memberId: 'a', element: 'citizenship', reason: 'no-ssn' },
      { memberId: 'b', element: 'citizenship', reason: 'no-ssn' },
    ]);
  });

  it('reads the dates, amounts and ZIP codes people type', () => {
    const person = { firstName: 'A', lastName: 'B', dobMonth: '03', dobDay: '07', dobYear: '1980', sex: 'F', seekingCoverage: 'yes', citizenship: 'citizen', taxFiling: 'filer', ssn: '234 56 7890' };
    const r = personSchema({ isPrimary: true, today: '2026-01-01', askTobacco: false }).safeParse(person);
    expect(r.data?.dateOfBirth).toBe('1980-03-07');
    expect(r.data?.ssn).toBe('234567890');
    expect(incomeSchema({ filers: 1 }).safeParse({ annualIncome: '$1,234.50', taxHouseholdSize: '1' }).data?.annualIncomeCents).toBe(123_450);
    expect(addressSchema('VT').safeParse({ line1: '1 A St', city: 'Barre', state: 'VT', zip: '056411234' }).data?.zip).toBe('05641-1234');
    expect(lifeEventSchema('2026-06-01').safeParse({ event: 'move', eventMonth: '3', eventDay: '7', eventYear: '2026' }).data?.eventDate).toBe('2026-03-07');
    expect(lifeEventSchema('2026-06-01').safeParse({ event: 'move', eventDate: '3/7/2026' }).data?.eventDate).toBe('2026-03-07');
    expect(
      lifeEventSchema('2026-06-01')
        .safeParse({})
        .error!.issues.map((i) => i.path.join('.'))
        .sort(),
    ).toEqual(['event', 'eventDate']);
  });

  it('refuses impossible dates of birth and requires a document for lawful presence', () => {
    const base = { firstName: 'A', lastName: 'B', dobMonth: '2', dobDay: '30', dobYear: '1990', sex: 'F', seekingCoverage: 'yes', citizenship: 'lawfully-present', taxFiling: 'filer' };
    const r = personSchema({ isPrimary: true, today: '2026-01-01', askTobacco: false }).safeParse(base);
    expect(r.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['dateOfBirth', 'immigrationDocumentNumber', 'immigrationDocumentType']);
  });

  it('serves residents of the exchange state only', () => {
    expect(addressSchema('VT').safeParse({ line1: '1 A St', city: 'Hanover', state: 'NH', zip: '03755' }).error!.issues[0]!.message).toBe('errors.address.outOfState');
    expect(addressSchema('VT').safeParse({ line1: '1 A St', city: 'Burlington', state: 'VT', zip: '0540' }).error!.issues[0]!.message).toBe('errors.address.zip');
  });
});

describe('verifications and completeness', () => {
  it('opens household elements once and person elements for each applicant seeking coverage', () => {
    const needs = verificationsNeeded([
      { id: 'a', seekingCoverage: true, hasSsn: true, citizenship: 'citizen' },
      { id: 'b', seekingCoverage: true, hasSsn: false, citizenship: 'lawfully-present' },
      { id: 'c', seekingCoverage: false, hasSsn: true, citizenship: 'citizen' },
    ]);
    expect(needs.filter((n) => n.memberId === null).map((n) => n.element)).toEqual(['income', 'residency']);
    expect(needs.filter((n) => n.memberId === 'a').map((n) => n.element)).toEqual(['ssn', 'death', 'citizenship', 'incarceration', 'other-coverage']);
    expect(needs.filter((n) => n.memberId === 'b').map((n) => n.element)).toEqual(['immigration', 'incarceration', 'other-coverage']);
    expect(needs.filter((n) => n.memberId === 'c')).toEqual([]);
  });

  it('lists what an application lacks', () => {
    expect(applicationGaps({ members: [], hasAddress: false, annualIncomeCents: null, taxHouseholdSize: null })).toEqual(['no-primary', 'nobody-seeking-coverage', 'no-address', 'no-income']);
    expect(applicationGaps({ members: [{ isPrimary: true, seekingCoverage: true }], hasAddress: true, annualIncomeCents: 0, taxHouseholdSize: 1 })).toEqual([]);
  });
});

describe('household access', () => {
  it('lets a customer reach only their own household, and household staff any', () => {
    const customer = { kind: 'customer' as const, roles: ['customer' as const], accountId: 'a' };
    expect(mayAccessHousehold(customer, { customerAccountId: 'a' })).toBe(true);
    expect(mayAccessHousehold(customer, { customerAccountId: 'b' })).toBe(false);
    expect(mayAccessHousehold(customer, { customerAccountId: null })).toBe(false);
    expect(mayAccessHousehold({ kind: 'staff', roles: ['caseworker'], accountId: 's' }, { customerAccountId: 'a' })).toBe(true);
    expect(mayAccessHousehold({ kind: 'staff', roles: ['mailroom-clerk'], accountId: 's' }, { customerAccountId: 'a' })).toBe(false);
  });
});

describe('dates', () => {
  it('computes ages, month ends and local days', () => {
    expect(ageOn('2000-02-29', '2026-02-28')).toBe(25);
    expect(ageOn('2000-02-29', '2026-03-01')).toBe(26);
    expect(lastOfMonth('2028-02-10')).toBe('2028-02-29');
    expect(localDay(new Date('2026-01-01T03:00:00Z'), 'America/New_York')).toBe('2025-12-31');
  });

  it('says whether any string is a real calendar date, without throwing', () => {
    expect(['2026-13-01', '2026-02-30', '2026-00-10', '26-01-01'].map(isValidDay)).toEqual([false, false, false, false]);
    expect(isValidDay('2028-02-29')).toBe(true);
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(typeof isValidDay(s)).toBe('boolean');
      }),
    );
    fc.assert(
      fc.property(fc.record({ month: fc.string({ maxLength: 3 }), day: fc.string({ maxLength: 3 }), year: fc.string({ maxLength: 5 }) }), (d) => {
        expect(() => personSchema({ isPrimary: true, today: '2026-01-01', askTobacco: false }).safeParse({ dobMonth: d.month, dobDay: d.day, dobYear: d.year })).not.toThrow();
      }),
    );
  });
});

describe('the eligibility-result notice', () => {
  it('names the best outcome in the household', () => {
    expect(noticeOutcome(['chip', 'qhp-aptc'])).toBe('qualified-with-help');
    expect(noticeOutcome(['qhp', 'medicaid'])).toBe('qualified-full-price');
    expect(noticeOutcome(['medicaid', 'chip'])).toBe('medicaid-referral');
    expect(noticeOutcome(['ineligible'])).toBe('not-eligible');
  });

  it('gives the date to choose a plan by and the coverage start', () => {
    const oe = vermont.openEnrollment;
    expect(enrollBy(oe, [], '2025-12-01')).toEqual({ enrollBy: '2025-12-15', coverageStart: '2026-01-01' });
    expect(enrollBy(oe, [], '2026-01-05')).toEqual({ enrollBy: '2026-01-15', coverageStart: '2026-02-01' });
    expect(enrollBy(oe, [], '2026-03-05')).toEqual({ enrollBy: '2026-12-15', coverageStart: '2027-01-01' });
    const sep = { id: 's', event: 'move' as const, eventDate: '2026-03-01', windowEndsOn: '2026-04-30', used: false };
    expect(enrollBy(oe, [sep], '2026-03-05')).toEqual({ enrollBy: '2026-04-30', coverageStart: '2026-04-01' });
  });
});

describe('windows for a plan year', () => {
  it('lets a special period in December enroll for the rest of the year while open enrollment is for the next', () => {
    const sep = { id: 's', event: 'move' as const, eventDate: '2026-11-20', windowEndsOn: sepWindowEnd('2026-11-20'), used: false };
    expect(enrollmentWindow(vermont.openEnrollment, [sep], '2026-11-27')).toMatchObject({ kind: 'open-enrollment', planYear: 2027, coverageStart: '2027-01-01' });
    expect(enrollmentWindow(vermont.openEnrollment, [sep], '2026-11-27', 2026)).toEqual({ open: true, kind: 'special', sepId: 's', planYear: 2026, coverageStart: '2026-12-01' });
    expect(enrollmentWindow(vermont.openEnrollment, [], '2026-11-27', 2026).open).toBe(false);
  });
});

describe('the plan year of a new application', () => {
  it('is next year during open enrollment once its plans are on sale, this year otherwise', () => {
    expect(choosePlanYear(vermont.openEnrollment, '2025-12-01', [2026])).toBe(2026);
    expect(choosePlanYear(vermont.openEnrollment, '2026-11-27', [2026])).toBe(2026);
    expect(choosePlanYear(vermont.openEnrollment, '2026-11-27', [2026, 2027])).toBe(2027);
    expect(choosePlanYear(vermont.openEnrollment, '2026-03-01', [2026, 2027])).toBe(2026);
  });
});
