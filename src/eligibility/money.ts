/**
 * Money is integer cents, and every figure that needs a fraction of a cent is
 * rounded once, where it is defined, to the nearest cent with halves rounded
 * away from zero (docs/adr/0030-money-rounding.md). Percentages are integer
 * basis points (hundredths of a percent: 9.96 % = 996).
 */

/** n / d rounded to the nearest integer, halves away from zero; d must be a positive integer. */
export function divRound(n: number, d: number): number {
  if (!Number.isInteger(n) || !Number.isInteger(d) || d <= 0) throw new RangeError(`divRound needs integers and a positive divisor (${n} / ${d})`);
  if (n >= 0) return Math.floor((2 * n + d) / (2 * d));
  return -Math.floor((-2 * n + d) / (2 * d));
}

/** The share of an amount of cents at a percentage in basis points, rounded to the cent. */
export function percentOfCents(cents: number, basisPoints: number): number {
  return divRound(cents * basisPoints, 10_000);
}

/** A yearly amount as the monthly figure (one twelfth, rounded to the cent). */
export function monthlyFromYearly(yearlyCents: number): number {
  return divRound(yearlyCents, 12);
}

/** "1,299.18" or "1299" → cents, exactly (no floating point); null when not an amount. */
export function parseDollars(text: string): number | null {
  const cleaned = text.trim().replace(/^\$/, '').replace(/,/g, '').trim();
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!m) return null;
  return Number(m[1]) * 100 + (m[2] ? Number(m[2].padEnd(2, '0')) : 0);
}
