import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { vermont } from '../states/vt.js';
import { addDays, addMonths, daysBetween, isIsoDate, lastOfMonth } from './dates.js';
import { binderDueDate, monthlyDueDate, reminderDate } from './due-dates.js';
import { countsAsPaidInFull, minimumToCountAsPaid } from './threshold.js';
import { formatReference, luhnDigit, normalizeReference, referenceNumber } from './reference-number.js';
import { allocatePayment, reverseAllocations } from './allocation.js';
import { extendForOutages, outageDates, type ChannelOutage } from './outage.js';
import { decideDelinquency, gracePeriodMonths, graceStanding, terminationEndDate, type DelinquencyInput, type InvoiceState } from './grace.js';

const billing = vermont.billing;
const TZ = vermont.timeZone;
const dateArb = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const monthArb = dateArb.map((d) => `${d.slice(0, 7)}-01`);

describe('dates', () => {
  it('adds days and months consistently', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -800, max: 800 }), (d, n) => {
        expect(isIsoDate(addDays(d, n))).toBe(true);
        expect(daysBetween(d, addDays(d, n))).toBe(n);
      }),
    );
    expect(addMonths('2026-11-15', 3)).toBe('2027-02-01');
    expect(addMonths('2026-01-01', -1)).toBe('2025-12-01');
    expect(lastOfMonth('2028-02-10')).toBe('2028-02-29');
  });
});

describe('due dates', () => {
  it('a monthly invoice is due on the profile day of the month before coverage', () => {
    expect(monthlyDueDate('2026-03-01', billing)).toBe('2026-02-23');
    expect(monthlyDueDate('2026-01-01', billing)).toBe('2025-12-23');
    expect(monthlyDueDate('2026-03-01', { dueDayOfMonth: 31 })).toBe('2026-02-28');
    fc.assert(
      fc.property(monthArb, fc.integer({ min: 1, max: 31 }), (month, day) => {
        const due = monthlyDueDate(month, { dueDayOfMonth: day });
        expect(due < month).toBe(true);
        expect(due.slice(0, 7)).toBe(addMonths(month, -1).slice(0, 7));
      }),
    );
  });

  it('the binder is due at most the profile days after coverage starts, never before the regular due date', () => {
    expect(binderDueDate('2026-01-01', billing)).toBe('2026-01-31');
    fc.assert(
      fc.property(monthArb, fc.integer({ min: 0, max: 30 }), (start, days) => {
        const due = binderDueDate(start, { dueDayOfMonth: 23, binderDueDaysAfterCoverageStart: days });
        expect(due <= addDays(start, Math.max(days, 0)) || due === monthlyDueDate(start, { dueDayOfMonth: 23 })).toBe(true);
        expect(due >= monthlyDueDate(start, { dueDayOfMonth: 23 })).toBe(true);
      }),
    );
    expect(reminderDate('2026-02-23', billing)).toBe('2026-02-16');
  });
});

describe('the 95 % threshold', () => {
  it('is exact in integer cents, for every amount up to $100', () => {
    for (let net = 1; net <= 10_000; net++) {
      const min = minimumToCountAsPaid(net, 0.95);
      expect(countsAsPaidInFull(min, net, 0.95)).toBe(true);
      expect(countsAsPaidInFull(min - 1, net, 0.95)).toBe(false);
      expect(min * 100 >= net * 95 && (min - 1) * 100 < net * 95).toBe(true);
    }
  });
  it('a zero invoice is always paid; paying more is never worse', () => {
    expect(countsAsPaidInFull(0, 0, 0.95)).toBe(true);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 1, max: 10_000_000 }), fc.nat(1000), (paid, net, more) => {
        if (countsAsPaidInFull(paid, net, 0.95)) expect(countsAsPaidInFull(paid + more, net, 0.95)).toBe(true);
        expect(countsAsPaidInFull(net, net, 0.95)).toBe(true);
      }),
    );
  });
});

describe('reference numbers', () => {
  it('round-trip, and catch any single mistyped digit and most swaps', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999_999_999 }), fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 9 }), (seq, pos, delta) => {
        const ref = referenceNumber(seq);
        expect(normalizeReference(ref)).toBe(ref);
        expect(normalizeReference(formatReference(ref))).toBe(ref);
        const typo = ref.slice(0, pos) + String((Number(ref[pos]) + delta) % 10) + ref.slice(pos + 1);
        expect(normalizeReference(typo)).toBeUndefined();
        const i = pos % 9;
        const a = ref[i]!;
        const b = ref[i + 1]!;
        if (a !== b && !((a === '0' && b === '9') || (a === '9' && b === '0'))) {
          expect(normalizeReference(ref.slice(0, i) + b + a + ref.slice(i + 2))).toBeUndefined();
        }
      }),
    );
    expect(luhnDigit('7992739871')).toBe(3);
    expect(normalizeReference('12345')).toBeUndefined();
  });
});

describe('allocation', () => {
  const invoicesArb = fc.uniqueArray(fc.record({ id: fc.uuid(), coverageMonth: monthArb, owedCents: fc.integer({ min: 0, max: 500_000 }) }), { selector: (i) => i.id, maxLength: 8 });
  it('is exact in cents, never over-pays an invoice, and pays older months first', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3_000_000 }), invoicesArb, (amount, invoices) => {
        const { allocations, unappliedCents } = allocatePayment(amount, invoices);
        expect(allocations.reduce((s, a) => s + a.cents, 0) + unappliedCents).toBe(amount);
        const owed = invoices.reduce((s, i) => s + i.owedCents, 0);
        expect(unappliedCents).toBe(Math.max(0, amount - owed));
        for (const a of allocations) {
          const inv = invoices.find((i) => i.id === a.invoiceId)!;
          expect(a.cents).toBeGreaterThan(0);
          expect(a.cents).toBeLessThanOrEqual(inv.owedCents);
        }
        // Any invoice left partly unpaid is not older than one that got money after it.
        const partial = allocations.find((a) => a.cents < invoices.find((i) => i.id === a.invoiceId)!.owedCents);
        if (partial) expect(allocations[allocations.length - 1]).toBe(partial);
      }),
    );
  });
  it('pays the preferred invoice first', () => {
    const r = allocatePayment(
      100,
      [
        { id: 'a', coverageMonth: '2026-01-01', owedCents: 100 },
        { id: 'b', coverageMonth: '2026-02-01', owedCents: 100 },
      ],
      'b',
    );
    expect(r.allocations).toEqual([{ invoiceId: 'b', cents: 100 }]);
  });
  it('a reversal takes back exactly the amount, from the credit and then the newest months', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3_000_000 }), invoicesArb, fc.double({ min: 0, max: 1, noNaN: true }), (amount, invoices, share) => {
        const { allocations, unappliedCents } = allocatePayment(amount, invoices);
        const applied = allocations.map((a) => ({ ...a, coverageMonth: invoices.find((i) => i.id === a.invoiceId)!.coverageMonth }));
        const back = Math.floor(amount * share);
        const { reversals, fromUnappliedCents } = reverseAllocations(back, applied, unappliedCents);
        expect(-reversals.reduce((s, r) => s + r.cents, 0) + fromUnappliedCents).toBe(back);
        for (const r of reversals) expect(-r.cents).toBeLessThanOrEqual(allocations.find((a) => a.invoiceId === r.invoiceId)!.cents);
      }),
    );
    expect(() => reverseAllocations(2, [], 1)).toThrow(RangeError);
  });
});

describe('outage extension', () => {
  const at = (s: string) => new Date(s);
  const asOf = at('2026-06-01T00:00:00Z');
  it('moves a due date one day for each day a payment channel was down in the window', () => {
    const outages: ChannelOutage[] = [{ capability: 'online-payment', start: at('2026-02-10T15:00:00Z'), end: at('2026-02-12T15:00:00Z') }];
    // Feb 10, 11 and 12 (Vermont time) were touched: three days.
    expect(extendForOutages('2026-02-01', '2026-02-23', outages, billing, TZ, asOf)).toEqual({ end: '2026-02-26', outageDays: 3 });
    expect(extendForOutages('2026-02-01', '2026-02-23', outages, { outageExtension: 'none' }, TZ, asOf).end).toBe('2026-02-23');
    expect(extendForOutages('2026-02-13', '2026-02-23', outages, billing, TZ, asOf).end).toBe('2026-02-23');
  });
  it('an outage that runs past the due date keeps extending it until it ends', () => {
    const outages: ChannelOutage[] = [{ capability: 'mail-payment', start: at('2026-02-22T14:00:00Z'), end: at('2026-02-26T14:00:00Z') }];
    // Down on Feb 22–26: five days, the due date becomes Feb 28.
    expect(extendForOutages('2026-02-01', '2026-02-23', outages, billing, TZ, asOf)).toEqual({ end: '2026-02-28', outageDays: 5 });
    const ongoing: ChannelOutage[] = [{ capability: 'online-payment', start: at('2026-02-22T14:00:00Z'), end: null }];
    expect(extendForOutages('2026-02-01', '2026-02-23', ongoing, billing, TZ, at('2026-02-24T18:00:00Z')).end).toBe('2026-02-26');
  });
  it('never shortens a window, and extends by at least the days inside the original window', () => {
    const outageArb = fc
      .record({
        capability: fc.constantFrom('online-payment', 'phone-payment', 'mail-payment'),
        start: fc.date({ min: at('2026-01-01T00:00:00Z'), max: at('2026-04-01T00:00:00Z'), noInvalidDate: true }),
        hours: fc.integer({ min: 1, max: 24 * 20 }),
      })
      .map((o) => ({ capability: o.capability, start: o.start, end: new Date(o.start.getTime() + o.hours * 3_600_000) }));
    fc.assert(
      fc.property(fc.array(outageArb, { maxLength: 4 }), fc.integer({ min: 0, max: 40 }), (outages, len) => {
        const start = '2026-02-01';
        const end = addDays(start, len);
        const r = extendForOutages(start, end, outages, billing, TZ, asOf);
        expect(r.end >= end).toBe(true);
        expect(daysBetween(end, r.end)).toBe(r.outageDays);
        expect(r.outageDays).toBeGreaterThanOrEqual(outageDates(start, end, outages, TZ, asOf).size);
        expect(r.outageDays).toBe(outageDates(start, r.end, outages, TZ, asOf).size);
      }),
    );
  });
});

describe('grace periods and termination for non-payment', () => {
  it('3 months with the credit after a full month paid that year; 1 month otherwise', () => {
    expect(gracePeriodMonths({ hasCredit: true, fullMonthPaidThisYear: true }, billing)).toBe(3);
    expect(gracePeriodMonths({ hasCredit: true, fullMonthPaidThisYear: false }, billing)).toBe(1);
    expect(gracePeriodMonths({ hasCredit: false, fullMonthPaidThisYear: true }, billing)).toBe(1);
    expect(terminationEndDate({ firstMonth: '2026-03-01', months: 3, withCredit: true }, billing)).toBe('2026-03-31');
    expect(terminationEndDate({ firstMonth: '2026-03-01', months: 1, withCredit: false }, billing)).toBe('2026-03-31');
    expect(terminationEndDate({ firstMonth: '2026-03-01', months: 2, withCredit: false }, { terminationEndWithoutCredit: 'last-grace-month' })).toBe('2026-04-30');
  });

  const invoice = (month: string, paidCents: number, kind: 'binder' | 'monthly' = 'monthly'): InvoiceState => ({
    id: month,
    kind,
    coverageMonth: month,
    issuedOn: addDays(monthlyDueDate(month, billing), -20),
    dueDate: kind === 'binder' ? binderDueDate(month, billing) : monthlyDueDate(month, billing),
    amountCents: 10_000,
    paidCents,
  });
  const base = (over: Partial<DelinquencyInput>): DelinquencyInput => ({
    today: '2026-01-01',
    status: 'effectuated',
    hasCredit: true,
    invoices: [],
    grace: null,
    reviewedThrough: null,
    reviewPending: false,
    outages: [],
    timeZone: TZ,
    asOf: new Date('2026-01-01T12:00:00Z'),
    ...over,
  });

  it('an enrollee with a credit who stops paying after February: grace March–May, terminated from March 31', () => {
    const invoices = [invoice('2026-01-01', 10_000, 'binder'), invoice('2026-02-01', 10_000), invoice('2026-03-01', 0), invoice('2026-04-01', 0), invoice('2026-05-01', 0)];
    expect(decideDelinquency(base({ today: '2026-02-23', invoices }), billing)).toEqual({ action: 'none' });
    const start = decideDelinquency(base({ today: '2026-02-24', invoices }), billing);
    expect(start).toMatchObject({ action: 'start-grace', invoiceId: '2026-03-01', grace: { firstMonth: '2026-03-01', months: 3, withCredit: true } });
    const grace = { firstMonth: '2026-03-01', months: 3, withCredit: true, startedOn: '2026-02-24', warnedOn: null };
    expect(decideDelinquency(base({ today: '2026-05-16', status: 'in-grace', grace, invoices }), billing)).toEqual({ action: 'none' });
    expect(decideDelinquency(base({ today: '2026-05-17', status: 'in-grace', grace, invoices }), billing)).toEqual({ action: 'warn', graceEndsOn: '2026-05-31' });
    expect(decideDelinquency(base({ today: '2026-05-31', status: 'in-grace', grace: { ...grace, warnedOn: '2026-05-17' }, invoices }), billing)).toEqual({ action: 'none' });
    expect(decideDelinquency(base({ today: '2026-06-01', status: 'in-grace', grace, invoices }), billing)).toEqual({ action: 'terminate', endDate: '2026-03-31', graceEndsOn: '2026-05-31' });
  });

  it('without the credit the grace period is one month and coverage ends when it does', () => {
    const invoices = [invoice('2026-01-01', 10_000, 'binder'), invoice('2026-02-01', 0)];
    const start = decideDelinquency(base({ today: '2026-01-24', hasCredit: false, invoices }), billing);
    expect(start).toMatchObject({ action: 'start-grace', grace: { firstMonth: '2026-02-01', months: 1, withCredit: false } });
    const grace = { firstMonth: '2026-02-01', months: 1, withCredit: false, startedOn: '2026-01-24', warnedOn: '2026-01-24' };
    expect(decideDelinquency(base({ today: '2026-03-01', status: 'in-grace', hasCredit: false, grace, invoices }), billing)).toEqual({
      action: 'terminate',
      endDate: '2026-02-28',
      graceEndsOn: '2026-02-28',
    });
  });

  it('paying 95 % of what is owed cures the grace period', () => {
    const grace = { firstMonth: '2026-03-01', months: 3, withCredit: true, startedOn: '2026-02-24', warnedOn: null };
    const invoices = [invoice('2026-02-01', 10_000), { ...invoice('2026-03-01', 9_500) }, invoice('2026-04-01', 0)];
    expect(decideDelinquency(base({ today: '2026-03-10', status: 'in-grace', grace, invoices }), billing)).toEqual({ action: 'cure' });
    const short = [invoice('2026-02-01', 10_000), { ...invoice('2026-03-01', 9_499) }];
    expect(decideDelinquency(base({ today: '2026-03-10', status: 'in-grace', grace, invoices: short }), billing)).toEqual({ action: 'none' });
  });

  it('an exchange outage in the window moves the grace end and holds the termination for a supervisor', () => {
    const invoices = [invoice('2026-01-01', 10_000, 'binder'), invoice('2026-02-01', 10_000), invoice('2026-03-01', 0)];
    const grace = { firstMonth: '2026-03-01', months: 3, withCredit: true, startedOn: '2026-02-24', warnedOn: '2026-05-17' };
    const outages: ChannelOutage[] = [{ capability: 'online-payment', start: new Date('2026-05-20T14:00:00Z'), end: new Date('2026-05-21T14:00:00Z') }];
    expect(decideDelinquency(base({ today: '2026-06-01', status: 'in-grace', grace, invoices, outages }), billing)).toEqual({ action: 'none' });
    const held = decideDelinquency(base({ today: '2026-06-03', status: 'in-grace', grace, invoices, outages }), billing);
    expect(held).toMatchObject({ action: 'hold-for-review', kind: 'termination', endDate: '2026-03-31', windowEnd: '2026-06-02' });
    expect(decideDelinquency(base({ today: '2026-06-03', status: 'in-grace', grace, invoices, outages, reviewPending: true }), billing)).toEqual({ action: 'none' });
    expect(decideDelinquency(base({ today: '2026-06-03', status: 'in-grace', grace, invoices, outages, reviewedThrough: '2026-06-02' }), billing)).toMatchObject({
      action: 'terminate',
      endDate: '2026-03-31',
    });
    // A new outage after the review holds it again.
    const later = [...outages, { capability: 'mail-payment', start: new Date('2026-06-02T14:00:00Z'), end: new Date('2026-06-02T15:00:00Z') }];
    expect(decideDelinquency(base({ today: '2026-06-05', status: 'in-grace', grace, invoices, outages: later, reviewedThrough: '2026-06-01' }), billing)).toMatchObject({
      action: 'hold-for-review',
      windowEnd: '2026-06-03',
    });
  });

  it('an unpaid binder cancels the enrollment after its due date, unless the exchange caused it', () => {
    const invoices = [invoice('2026-01-01', 0, 'binder')];
    expect(decideDelinquency(base({ today: '2026-01-31', status: 'pending-binder', invoices }), billing)).toEqual({ action: 'none' });
    expect(decideDelinquency(base({ today: '2026-02-01', status: 'pending-binder', invoices }), billing)).toEqual({ action: 'cancel-binder', invoiceId: '2026-01-01' });
    const outages: ChannelOutage[] = [{ capability: 'phone-payment', start: new Date('2026-01-05T14:00:00Z'), end: new Date('2026-01-05T16:00:00Z') }];
    expect(decideDelinquency(base({ today: '2026-02-01', status: 'pending-binder', invoices, outages }), billing)).toEqual({ action: 'none' });
    expect(decideDelinquency(base({ today: '2026-02-02', status: 'pending-binder', invoices, outages }), billing)).toMatchObject({ action: 'hold-for-review', kind: 'cancellation' });
  });

  it('what the billing page says in a grace period: the last day, the total the cure rule needs then, bills still to come, and the coverage end', () => {
    const grace = { firstMonth: '2026-03-01', months: 3, withCredit: true, startedOn: '2026-02-24', extraDays: 0 };
    const standing = (today: string, invoices: InvoiceState[], over: { outages?: ChannelOutage[]; coverageEnd?: string } = {}) =>
      graceStanding({ today, grace, invoices, coverageEnd: '2026-12-31', outages: [], timeZone: TZ, asOf: new Date(`${today}T12:00:00Z`), ...over }, billing);
    // Just after it starts: March and April are billed; May and June (due April 23 and May 23) are still to come.
    const early = standing('2026-03-10', [invoice('2026-02-01', 10_000), invoice('2026-03-01', 0), invoice('2026-04-01', 2_000)]);
    expect(early).toEqual({
      firstMonth: '2026-03-01',
      withCredit: true,
      endsOn: '2026-05-31',
      ended: false,
      coverageEndsOn: '2026-03-31',
      owedCents: 18_000,
      owedMonths: ['2026-03-01', '2026-04-01'],
      billsToCome: [
        { coverageMonth: '2026-05-01', dueDate: '2026-04-23' },
        { coverageMonth: '2026-06-01', dueDate: '2026-05-23' },
      ],
    });
    // The total is exactly what cures it on the last day: paying it then cures, paying a bill less does not.
    const all = [invoice('2026-02-01', 10_000), invoice('2026-03-01', 0), invoice('2026-04-01', 0), invoice('2026-05-01', 0), invoice('2026-06-01', 0), invoice('2026-07-01', 0)];
    const late = standing('2026-05-20', all);
    expect(late).toMatchObject({ owedCents: 40_000, owedMonths: ['2026-03-01', '2026-04-01', '2026-05-01', '2026-06-01'], billsToCome: [] });
    const paidUp = all.map((i) => (late.owedMonths.includes(i.coverageMonth) ? { ...i, paidCents: i.amountCents } : i));
    const onLastDay = base({ today: late.endsOn, status: 'in-grace', grace: { ...grace, warnedOn: '2026-05-17' } });
    expect(decideDelinquency({ ...onLastDay, invoices: paidUp }, billing)).toEqual({ action: 'cure' });
    expect(decideDelinquency({ ...onLastDay, invoices: paidUp.map((i) => (i.coverageMonth === '2026-06-01' ? { ...i, paidCents: 0 } : i)) }, billing)).toEqual({ action: 'none' });
    // A day of an exchange outage moves the last day; past it (the termination held for review), the total is owed now.
    const outages: ChannelOutage[] = [{ capability: 'online-payment', start: new Date('2026-05-20T14:00:00Z'), end: new Date('2026-05-20T16:00:00Z') }];
    expect(standing('2026-05-21', all, { outages }).endsOn).toBe('2026-06-01');
    expect(standing('2026-06-03', all, { outages })).toMatchObject({ ended: true, endsOn: '2026-06-01', owedCents: 40_000, billsToCome: [] });
    // Without the credit: one month, and coverage ends when the grace period does (Vermont).
    const noCredit = graceStanding(
      {
        today: '2026-03-02',
        grace: { ...grace, months: 1, withCredit: false },
        invoices: [invoice('2026-03-01', 0)],
        coverageEnd: '2026-12-31',
        outages: [],
        timeZone: TZ,
        asOf: new Date('2026-03-02T12:00:00Z'),
      },
      billing,
    );
    expect(noCredit).toMatchObject({ endsOn: '2026-03-31', coverageEndsOn: '2026-03-31', withCredit: false, owedCents: 10_000, billsToCome: [{ coverageMonth: '2026-04-01', dueDate: '2026-03-23' }] });
    // No bills to come after the coverage ends.
    expect(standing('2026-03-10', [invoice('2026-03-01', 0)], { coverageEnd: '2026-03-31' }).billsToCome).toEqual([]);
  });

  it('never terminates before the grace period has ended, whatever the dates', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.boolean(), fc.integer({ min: 1, max: 11 }), (offset, hasCredit, firstPaidMonths) => {
        const invoices = Array.from({ length: 12 }, (_, m) => invoice(addMonths('2026-01-01', m), m < firstPaidMonths ? 10_000 : 0, m === 0 ? 'binder' : 'monthly'));
        const firstMonth = addMonths('2026-01-01', firstPaidMonths);
        const months = hasCredit ? 3 : 1;
        const grace = { firstMonth, months, withCredit: hasCredit, startedOn: addDays(firstMonth, -7), warnedOn: null };
        const today = addDays(firstMonth, offset);
        const d = decideDelinquency(base({ today, status: 'in-grace', hasCredit, grace, invoices }), billing);
        const end = lastOfMonth(addMonths(firstMonth, months - 1));
        if (d.action === 'terminate') {
          expect(today > end).toBe(true);
          expect(d.endDate).toBe(lastOfMonth(firstMonth));
        } else expect(today <= end).toBe(true);
      }),
    );
  });
});
