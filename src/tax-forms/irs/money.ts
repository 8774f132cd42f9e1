/**
 * Decimal money as strings, added in whole cents with BigInt: no float ever
 * holds an amount that goes into an IRS file.
 */
import type { Money } from './types.js';

const MONEY = /^(\d{1,17})(?:\.(\d{1,2}))?$/;

export function isMoney(value: unknown): value is Money {
  return typeof value === 'string' && MONEY.test(value);
}

/** Cents of a decimal string; throws on anything that is not one (negative, float noise, blank). */
export function toCents(value: Money): bigint {
  const m = MONEY.exec(value);
  if (!m) throw new RangeError('not a decimal amount');
  return BigInt(m[1]) * 100n + BigInt((m[2] ?? '').padEnd(2, '0'));
}

/** Cents as the files write them: always two decimals ("0.00", "412.30"). */
export function fromCents(cents: bigint): Money {
  const sign = cents < 0n ? '-' : '';
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

export function formatMoney(value: Money): Money {
  return fromCents(toCents(value));
}

export function sumMoney(values: readonly Money[]): Money {
  let total = 0n;
  for (const v of values) total += toCents(v);
  return fromCents(total);
}
