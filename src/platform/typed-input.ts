/**
 * What people type, read the way they mean it: dates, telephone numbers and
 * amounts of money in the forms people actually use. Pure functions, one
 * place for every form (customer, staff and paper), property-tested in
 * typed-input.test.ts. Each returns null when the text cannot be read; the
 * caller names the field in its message.
 */

/** A calendar day as `YYYY-MM-DD`, or null when the day does not exist. */
export function isoDay(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1) return null;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > last) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * A date typed in one box: `3/7/1980` or `03/07/1980` (month first, as in the
 * United States; dashes, dots or spaces also separate) or `1980-03-07`.
 * Two-digit years are refused: 3/7/80 could be 1880, 1980 or 2080.
 */
export function parseDate(raw: string): string | null {
  const text = raw.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (m) return isoDay(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})\s*[/.\- ]\s*(\d{1,2})\s*[/.\- ]\s*(\d{4})$/.exec(text);
  if (m) return isoDay(Number(m[3]), Number(m[1]), Number(m[2]));
  return null;
}

/** What a memorable-date field (day, month, year in three boxes) lacks, so its message can say so. */
export type DatePartsProblem = 'empty' | 'missing-day' | 'missing-month' | 'missing-year' | 'year-digits' | 'not-a-day';

/**
 * The three boxes of the memorable-date pattern (GOV.UK, USWDS
 * `usa-memorable-date`). Spaces are ignored and a leading zero is optional.
 */
export function parseDateParts(parts: { month?: string; day?: string; year?: string }): { ok: true; day: string } | { ok: false; problem: DatePartsProblem } {
  const month = (parts.month ?? '').replace(/\s/g, '');
  const day = (parts.day ?? '').replace(/\s/g, '');
  const year = (parts.year ?? '').replace(/\s/g, '');
  if (!month && !day && !year) return { ok: false, problem: 'empty' };
  if (!month) return { ok: false, problem: 'missing-month' };
  if (!day) return { ok: false, problem: 'missing-day' };
  if (!year) return { ok: false, problem: 'missing-year' };
  if (!/^\d{4}$/.test(year)) return { ok: false, problem: 'year-digits' };
  if (!/^\d{1,2}$/.test(month) || !/^\d{1,2}$/.test(day)) return { ok: false, problem: 'not-a-day' };
  const iso = isoDay(Number(year), Number(month), Number(day));
  return iso ? { ok: true, day: iso } : { ok: false, problem: 'not-a-day' };
}

/**
 * A United States telephone number as its ten digits: `(802) 555-0100`,
 * `802.555.0100`, `802-555-0100`, `+1 802 555 0100`, `1-802-555-0100`.
 * The area code and the exchange cannot start with 0 or 1 (the North
 * American Numbering Plan).
 */
export function parsePhone(raw: string): string | null {
  const text = raw.trim();
  if (!/^[+\d\s().-]+$/.test(text)) return null;
  let digits = text.replace(/\D/g, '');
  if (text.startsWith('+') && !digits.startsWith('1')) return null;
  if (digits.length === 11 && digits.startsWith('1')) digits = digits.slice(1);
  if (!/^[2-9]\d{2}[2-9]\d{6}$/.test(digits)) return null;
  return digits;
}

/** The E.164 form of a ten-digit United States number (`+18025550100`). */
export function toE164(tenDigits: string): string {
  return `+1${tenDigits}`;
}

/**
 * An amount of money as whole cents: `$1,234.50`, `1234.5`, `1,234`,
 * `$ 52000`. Commas, when used, must group thousands; at most two decimals;
 * no negative amounts.
 */
export function parseMoney(raw: string, maxCents = 100_000_000_00): number | null {
  const text = raw.trim().replace(/^\$\s*/, '');
  const m = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) return null;
  const whole = m[1]!.replace(/,/g, '');
  if (whole.length > 12) return null;
  const cents = Number(whole) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return cents > maxCents ? null : cents;
}

/**
 * The first three digits of the ZIP codes of each state, from the USPS list
 * of ZIP code prefixes (Publication 65, "National Five-Digit ZIP Code"). A
 * ZIP code outside its state's prefixes is a typing mistake, or the wrong
 * state chosen.
 */
const ZIP_PREFIXES: Record<string, Array<[number, number]>> = {
  AL: [[350, 369]],
  AK: [[995, 999]],
  AZ: [[850, 865]],
  AR: [[716, 729]],
  CA: [[900, 961]],
  CO: [[800, 816]],
  CT: [[60, 69]],
  DE: [[197, 199]],
  DC: [
    [200, 200],
    [202, 205],
    [569, 569],
  ],
  FL: [[320, 349]],
  GA: [
    [300, 319],
    [398, 399],
  ],
  HI: [[967, 968]],
  ID: [[832, 838]],
  IL: [[600, 629]],
  IN: [[460, 479]],
  IA: [[500, 528]],
  KS: [[660, 679]],
  KY: [[400, 427]],
  LA: [[700, 714]],
  ME: [[39, 49]],
  MD: [[206, 219]],
  MA: [
    [10, 27],
    [55, 55],
  ],
  MI: [[480, 499]],
  MN: [[550, 567]],
  MS: [[386, 397]],
  MO: [[630, 658]],
  MT: [[590, 599]],
  NE: [[680, 693]],
  NV: [[889, 898]],
  NH: [[30, 38]],
  NJ: [[70, 89]],
  NM: [[870, 884]],
  NY: [
    [5, 5],
    [63, 63],
    [100, 149],
  ],
  NC: [[270, 289]],
  ND: [[580, 588]],
  OH: [[430, 459]],
  OK: [[730, 749]],
  OR: [[970, 979]],
  PA: [[150, 196]],
  RI: [[28, 29]],
  SC: [[290, 299]],
  SD: [[570, 577]],
  TN: [[370, 385]],
  TX: [
    [750, 799],
    [885, 885],
  ],
  UT: [[840, 847]],
  VT: [
    [50, 54],
    [56, 59],
  ],
  VA: [
    [201, 201],
    [220, 246],
  ],
  WA: [[980, 994]],
  WV: [[247, 268]],
  WI: [[530, 549]],
  WY: [[820, 831]],
};

/** A ZIP code typed as five digits or ZIP+4 (`05601`, `05601-1234`, `056011234`), as `05601` or `05601-1234`; null otherwise. */
export function parseZip(raw: string): string | null {
  const m = /^(\d{5})(?:[\s-]?(\d{4}))?$/.exec(raw.trim());
  if (!m) return null;
  return m[2] ? `${m[1]}-${m[2]}` : m[1]!;
}

/** Whether a ZIP code belongs to a state (by its first three digits). Unknown states are not judged. */
export function zipMatchesState(zip: string, state: string): boolean {
  const ranges = ZIP_PREFIXES[state];
  if (!ranges) return true;
  const prefix = Number(zip.slice(0, 3));
  return ranges.some(([from, to]) => prefix >= from && prefix <= to);
}
