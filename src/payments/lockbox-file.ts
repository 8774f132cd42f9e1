/**
 * The lockbox file the bank sends for the checks it received (layout in
 * docs/lockbox-file.md): CSV, UTF-8, a header line, one check per line.
 * Pure parsing: each line comes back as a check or as the reason it is not one.
 */
import { isIsoDate } from '../billing/dates.js';
import { normalizeReference } from '../billing/reference-number.js';

export const LOCKBOX_COLUMNS = ['batch_id', 'sequence', 'deposit_date', 'check_number', 'amount', 'reference_number', 'payer_name'] as const;

export interface LockboxItem {
  lineNumber: number;
  /** `<batch_id>:<sequence>`: the same check in a re-sent file is the same item. */
  itemKey: string;
  depositDate: string | null;
  checkNumber: string;
  amountCents: number | null;
  referenceAsWritten: string;
  /** The normalized reference when it is a valid one. */
  reference: string | null;
  payerName: string;
  problem: null | 'malformed-line' | 'invalid-amount' | 'invalid-date' | 'invalid-reference';
}

export type LockboxParse = { ok: true; items: LockboxItem[] } | { ok: false; error: 'empty' | 'bad-header' };

/** RFC 4180 fields: commas inside double quotes, "" for a quote. */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((f) => f.trim());
}

/** "123.45" → 12345; exactly two decimals, no sign, no thousands separators (the bank's format). */
export function parseLockboxAmount(value: string): number | null {
  const m = /^(\d{1,7})\.(\d{2})$/.exec(value);
  if (!m) return null;
  const cents = Number(m[1]) * 100 + Number(m[2]);
  return cents > 0 ? cents : null;
}

export function parseLockboxFile(content: string): LockboxParse {
  const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = lines[0]?.trim();
  if (!header) return { ok: false, error: 'empty' };
  if (
    splitCsvLine(header)
      .map((h) => h.toLowerCase())
      .join(',') !== LOCKBOX_COLUMNS.join(',')
  )
    return { ok: false, error: 'bad-header' };
  const items: LockboxItem[] = [];
  for (let i = 1; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() === '') continue;
    const f = splitCsvLine(raw);
    const lineNumber = i + 1;
    const [batch = '', sequence = '', depositDate = '', checkNumber = '', amount = '', reference = '', payerName = ''] = f;
    const item: LockboxItem = {
      lineNumber,
      itemKey: `${batch}:${sequence}`,
      depositDate: isIsoDate(depositDate) ? depositDate : null,
      checkNumber: checkNumber.slice(0, 20),
      amountCents: parseLockboxAmount(amount),
      referenceAsWritten: reference.slice(0, 40),
      reference: normalizeReference(reference) ?? null,
      payerName: payerName.slice(0, 100),
      problem: null,
    };
    if (f.length !== LOCKBOX_COLUMNS.length || !/^[A-Za-z0-9-]{1,40}$/.test(batch) || !/^\d{1,9}$/.test(sequence)) item.problem = 'malformed-line';
    else if (item.amountCents === null) item.problem = 'invalid-amount';
    else if (!item.depositDate) item.problem = 'invalid-date';
    else if (!item.reference) item.problem = 'invalid-reference';
    if (item.problem === 'malformed-line') item.itemKey = `${batch || '?'}:${sequence || '?'}:line-${lineNumber}`;
    items.push(item);
  }
  return { ok: true, items };
}
