import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoDay, parseDate, parseDateParts, parseMoney, parsePhone, parseZip, zipMatchesState } from './typed-input.js';

const realDay = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const parts = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return { y, m, d };
};

describe('dates as people type them', () => {
  it('reads the forms of the brief', () => {
    expect(parseDate('3/7/1980')).toBe('1980-03-07');
    expect(parseDate('03/07/1980')).toBe('1980-03-07');
    expect(parseDate('1980-03-07')).toBe('1980-03-07');
    expect(parseDateParts({ month: '3', day: '7', year: '1980' })).toEqual({ ok: true, day: '1980-03-07' });
    expect(parseDateParts({ month: '03', day: '07', year: '1980' })).toEqual({ ok: true, day: '1980-03-07' });
  });

  it('refuses days that do not exist and two-digit years', () => {
    expect(parseDate('2/30/1980')).toBeNull();
    expect(parseDate('1981-02-29')).toBeNull();
    expect(parseDate('3/7/80')).toBeNull();
    expect(parseDate('13/1/1980')).toBeNull();
    expect(parseDateParts({ month: '2', day: '30', year: '1980' })).toEqual({ ok: false, problem: 'not-a-day' });
    expect(parseDateParts({ month: '2', day: '3', year: '80' })).toEqual({ ok: false, problem: 'year-digits' });
    expect(parseDateParts({})).toEqual({ ok: false, problem: 'empty' });
    expect(parseDateParts({ month: '2', year: '1980' })).toEqual({ ok: false, problem: 'missing-day' });
  });

  it('every real day reads back the same in each of the forms', () => {
    fc.assert(
      fc.property(realDay, (iso) => {
        const { y, m, d } = parts(iso);
        expect(parseDate(iso)).toBe(iso);
        expect(parseDate(`${m}/${d}/${y}`)).toBe(iso);
        expect(parseDate(`${String(m).padStart(2, '0')}/${String(d).padStart(2, '0')}/${y}`)).toBe(iso);
        expect(parseDateParts({ month: String(m), day: String(d), year: String(y) })).toEqual({ ok: true, day: iso });
      }),
    );
  });

  it('whatever it accepts is a real day', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 14 }), fc.integer({ min: 999, max: 10000 }), (d, m, y) => {
        const iso = parseDate(`${m}/${d}/${y}`);
        if (iso === null) return;
        expect(new Date(`${iso}T00:00:00Z`).toISOString().slice(0, 10)).toBe(iso);
        expect(isoDay(y, m, d)).toBe(iso);
      }),
    );
  });

  it('never throws on any text', () => {
    fc.assert(fc.property(fc.string(), (s) => void parseDate(s)));
  });
});

describe('telephone numbers', () => {
  it('reads the forms of the brief', () => {
    for (const typed of ['(802) 555-0100', '802.555.0100', '+1 802 555 0100', '802-555-0100', '1-802-555-0100', '8025550100']) expect(parsePhone(typed)).toBe('8025550100');
  });

  it('refuses what cannot be a number here', () => {
    for (const typed of ['555-0100', '(102) 555-0100', '802 155 0100', '+44 20 7946 0958', 'call me', '802555010', '80255501000']) expect(parsePhone(typed)).toBeNull();
  });

  it('every valid number reads back in each punctuation', () => {
    const nanp = fc.tuple(fc.integer({ min: 200, max: 999 }), fc.integer({ min: 200, max: 999 }), fc.integer({ min: 0, max: 9999 }));
    fc.assert(
      fc.property(nanp, ([a, e, n]) => {
        const line = String(n).padStart(4, '0');
        const digits = `${a}${e}${line}`;
        for (const typed of [`(${a}) ${e}-${line}`, `${a}.${e}.${line}`, `+1 ${a} ${e} ${line}`, digits]) expect(parsePhone(typed)).toBe(digits);
      }),
    );
  });
});

describe('money', () => {
  it('reads the forms of the brief', () => {
    expect(parseMoney('$1,234.50')).toBe(123450);
    expect(parseMoney('1234.5')).toBe(123450);
    expect(parseMoney('1,234')).toBe(123400);
    expect(parseMoney('$ 52000')).toBe(5200000);
    expect(parseMoney('0')).toBe(0);
  });

  it('refuses misplaced commas, three decimals and negatives', () => {
    for (const typed of ['12,34', '1,2345', '1.234', '-5', '', '$', 'abc', '1.2.3']) expect(parseMoney(typed)).toBeNull();
  });

  it('every amount in cents reads back however it is written', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999_99 }), (cents) => {
        const plain = (cents / 100).toFixed(2);
        const grouped = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2 }).format(cents / 100);
        expect(parseMoney(plain)).toBe(cents);
        expect(parseMoney(`$${grouped}`)).toBe(cents);
        if (cents % 100 === 0) expect(parseMoney(String(cents / 100))).toBe(cents);
      }),
    );
  });
});

describe('ZIP codes and their state', () => {
  it('reads five digits and ZIP+4', () => {
    expect(parseZip('05601')).toBe('05601');
    expect(parseZip('05601-1234')).toBe('05601-1234');
    expect(parseZip('056011234')).toBe('05601-1234');
    expect(parseZip('5601')).toBeNull();
  });

  it('a Vermont ZIP for a Vermont address', () => {
    expect(zipMatchesState('05601', 'VT')).toBe(true);
    expect(zipMatchesState('05401', 'VT')).toBe(true);
    expect(zipMatchesState('05501', 'VT')).toBe(false); // Andover, Massachusetts
    expect(zipMatchesState('10001', 'VT')).toBe(false);
    expect(zipMatchesState('10001', 'NY')).toBe(true);
  });
});
