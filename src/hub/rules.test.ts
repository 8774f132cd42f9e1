import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REMINDER_DAYS_BEFORE_END, addDays, daysBetween, evaluate, expired, expiryConsequence, extendedEndsOn, inconsistencyEndsOn, periodDays, reminderNow, remindersDue } from './rules.js';

const day = fc.date({ min: new Date('2024-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

describe('inconsistency periods', () => {
  it('run 90 days from the notice, 95 for citizenship and immigration', () => {
    expect(inconsistencyEndsOn('2026-01-10', 'income')).toBe('2026-04-10');
    expect(inconsistencyEndsOn('2026-01-10', 'ssn')).toBe('2026-04-10');
    expect(inconsistencyEndsOn('2026-01-10', 'citizenship')).toBe('2026-04-15');
    expect(inconsistencyEndsOn('2026-01-10', 'immigration')).toBe('2026-04-15');
    fc.assert(
      fc.property(day, fc.constantFrom('ssn', 'citizenship', 'immigration', 'income', 'incarceration', 'other-coverage'), (d, e) => daysBetween(d, inconsistencyEndsOn(d, e)) === periodDays(e)),
    );
  });

  it('extend for good faith from the end, or from today when the end has passed', () => {
    expect(extendedEndsOn('2026-04-10', '2026-03-01', 30)).toBe('2026-05-10');
    expect(extendedEndsOn('2026-04-10', '2026-04-20', 30)).toBe('2026-05-20');
    expect(() => extendedEndsOn('2026-04-10', '2026-03-01', 0)).toThrow(RangeError);
    expect(() => extendedEndsOn('2026-04-10', '2026-03-01', 91)).toThrow(RangeError);
    fc.assert(
      fc.property(day, day, fc.integer({ min: 1, max: 90 }), (end, today, n) => {
        const next = extendedEndsOn(end, today, n);
        return next > end && next > today;
      }),
    );
  });

  it('expire on the end day, not before', () => {
    expect(expired({ endsOn: '2026-04-10' }, '2026-04-09')).toBe(false);
    expect(expired({ endsOn: '2026-04-10' }, '2026-04-10')).toBe(true);
  });
});

describe('reminders', () => {
  it('fall due 60, 30 and 10 days before the end', () => {
    const end = '2026-04-10';
    expect(remindersDue(end, addDays(end, -61))).toBe(0);
    expect(remindersDue(end, addDays(end, -60))).toBe(1);
    expect(remindersDue(end, addDays(end, -30))).toBe(2);
    expect(remindersDue(end, addDays(end, -10))).toBe(3);
  });

  it('go out one at a time, never after the end, and never more than the schedule', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: -100, max: 100 }), fc.integer({ min: 0, max: 3 }), (end, offset, sent) => {
        const today = addDays(end, offset);
        const now = reminderNow({ endsOn: end, remindersSent: sent }, today);
        if (today >= end) return now === false;
        if (sent >= REMINDER_DAYS_BEFORE_END.length) return now === false;
        return now === remindersDue(end, today) > sent;
      }),
    );
  });
});

describe('evaluating the hub answer', () => {
  const ssa = (over: object = {}) => ({ match: 'match' as const, deathConfirmed: false, citizenshipConfirmed: true, incarcerated: false, ...over });
  it('verifies an SSN that matches, and not one that does not or that SSA reports dead', () => {
    expect(evaluate('ssn', {}, ssa())).toEqual({ outcome: 'verified' });
    expect(evaluate('ssn', {}, ssa({ match: 'no-match' }))).toEqual({ outcome: 'inconsistent', reason: 'no-match' });
    expect(evaluate('ssn', {}, ssa({ match: 'no-record' }))).toEqual({ outcome: 'inconsistent', reason: 'no-record' });
    expect(evaluate('death', {}, ssa({ deathConfirmed: true }))).toEqual({ outcome: 'inconsistent', reason: 'death-reported' });
  });
  it('needs SSA to confirm citizenship', () => {
    expect(evaluate('citizenship', { citizen: true }, ssa({ citizenshipConfirmed: false }))).toEqual({ outcome: 'inconsistent', reason: 'citizenship-not-confirmed' });
  });
  it('flags incarceration only when the person attested otherwise', () => {
    expect(evaluate('incarceration', { incarcerated: false }, ssa({ incarcerated: true })).outcome).toBe('inconsistent');
    expect(evaluate('incarceration', { incarcerated: true }, ssa({ incarcerated: true })).outcome).toBe('verified');
  });
  it('needs DHS to confirm lawful presence', () => {
    expect(evaluate('immigration', {}, { match: 'match', lawfullyPresent: true, furtherVerificationRequired: false }).outcome).toBe('verified');
    expect(evaluate('immigration', {}, { match: 'no-record', lawfullyPresent: null, furtherVerificationRequired: false })).toEqual({ outcome: 'inconsistent', reason: 'no-record' });
  });
  it('accepts attested income up to 10 % below the return, and any attested income above it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50_000_000 }), fc.integer({ min: 0, max: 50_000_000 }), (attested, irs) => {
        const r = evaluate('income', { annualIncomeCents: attested }, { match: 'match', taxYear: 2024, annualIncomeCents: irs });
        return r.outcome === (irs <= attested * 1.1 ? 'verified' : 'inconsistent');
      }),
    );
    expect(evaluate('income', { annualIncomeCents: 1000 }, { match: 'match', taxYear: 2024, annualIncomeCents: null })).toEqual({ outcome: 'inconsistent', reason: 'no-record' });
  });
  it('flags other coverage the person did not report', () => {
    expect(evaluate('other-coverage', { otherCoverage: false }, { match: 'match', coverage: ['medicare'] })).toEqual({ outcome: 'inconsistent', reason: 'coverage-found' });
    expect(evaluate('other-coverage', { otherCoverage: false }, { match: 'no-record', coverage: [] }).outcome).toBe('verified');
  });
  it('ends financial help for income and other coverage, coverage itself for the rest', () => {
    expect(expiryConsequence('income')).toBe('end-financial-help');
    expect(expiryConsequence('other-coverage')).toBe('end-financial-help');
    expect(expiryConsequence('citizenship')).toBe('end-coverage');
  });
});

describe('a person without an SSN', () => {
  it('rests on the attestation where no source can be asked, and needs documents otherwise', async () => {
    const { withoutSsn } = await import('./rules.js');
    expect(withoutSsn('incarceration')).toEqual({ outcome: 'verified' });
    expect(withoutSsn('other-coverage')).toEqual({ outcome: 'verified' });
    expect(withoutSsn('citizenship')).toEqual({ outcome: 'inconsistent', reason: 'no-ssn' });
    expect(withoutSsn('income')).toEqual({ outcome: 'inconsistent', reason: 'no-ssn' });
    expect(withoutSsn('immigration')).toBeNull();
  });
});
