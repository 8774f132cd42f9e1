/**
 * Invoice reference numbers: a sequence number and a Luhn check digit, ten
 * digits, printed as "12345-67890" on bills and written on checks' memo lines.
 * The check digit catches a mistyped digit or two swapped neighbours, so the
 * mailroom's exceptions queue gets typos rather than misapplied money. The
 * database computes the same digits (migration: billing_reference()).
 */
export function luhnDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function referenceNumber(sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 999_999_999) throw new RangeError('reference sequence out of range');
  const body = String(sequence).padStart(9, '0');
  return `${body}${luhnDigit(body)}`;
}

/** Accepts what people write ("12345-67890", "1234567890 ", with spaces); undefined when not a valid reference. */
export function normalizeReference(input: string): string | undefined {
  const digits = input.replace(/[\s-]/g, '');
  if (!/^\d{10}$/.test(digits)) return undefined;
  return luhnDigit(digits.slice(0, 9)) === Number(digits[9]) ? digits : undefined;
}

export function formatReference(reference: string): string {
  return `${reference.slice(0, 5)}-${reference.slice(5)}`;
}
