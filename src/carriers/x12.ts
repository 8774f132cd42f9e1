/**
 * What every X12 file to or from a carrier shares: the envelope (ISA, GS,
 * ST), the formats of dates and amounts, and clean text. Built and parsed
 * with node-x12; the delimiters are fixed (`*` element, `~` segment, `:`
 * component, `^` repetition), so free text is cleaned of them.
 */
import { X12Interchange, X12Parser, type X12Segment, type X12Transaction } from 'node-x12';

export const DELIMITERS = { elementDelimiter: '*', segmentTerminator: '~', subElementDelimiter: ':', repetitionDelimiter: '^', endOfLine: '\n', format: true };

export interface Party {
  /** Interchange id: the exchange's id, or the carrier's HIOS issuer id. */
  id: string;
  name: string;
}

/** YYYY-MM-DD → CCYYMMDD */
export function d8(day: string): string {
  return day.replace(/-/g, '');
}

/** CCYYMMDD → YYYY-MM-DD */
export function fromD8(value: string): string {
  if (!/^\d{8}$/.test(value)) throw new X12Error(`not a CCYYMMDD date: ${value}`);
  return `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`;
}

/** Cents → dollars with two decimals ("1299.00", "-12.50"). */
export function amount(cents: number): string {
  if (!Number.isInteger(cents)) throw new X12Error(`amount must be whole cents: ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Dollars ("1299", "1299.5", "-12.50") → cents, exactly. */
export function cents(value: string): number {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(value.trim());
  if (!m) throw new X12Error(`not an amount: ${value}`);
  const c = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -c : c;
}

/**
 * Text as X12's extended character set takes it: letters without accents,
 * upper case, no delimiters, at most `max` characters.
 */
export function clean(text: string, max = 60): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9 .,'&/#-]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, max);
}

export class X12Error extends Error {}

function pad(value: string, width: number): string {
  return value.slice(0, width).padEnd(width, ' ');
}

export function stamp(at: Date): { date8: string; date6: string; time4: string } {
  const iso = at.toISOString();
  return { date8: iso.slice(0, 10).replace(/-/g, ''), date6: iso.slice(2, 10).replace(/-/g, ''), time4: iso.slice(11, 16).replace(':', '') };
}

/** An interchange with one functional group and one transaction set, ready for segments. */
export function envelope(opts: { sender: Party; receiver: Party; controlNumber: number; at: Date; functionalId: string; transactionSet: string; version: string; production: boolean }) {
  const { date8, date6, time4 } = stamp(opts.at);
  const control = String(opts.controlNumber).padStart(9, '0');
  const ic = new X12Interchange(DELIMITERS);
  ic.setHeader(['00', pad('', 10), '00', pad('', 10), 'ZZ', pad(opts.sender.id, 15), 'ZZ', pad(opts.receiver.id, 15), date6, time4, '^', '00501', control, '0', opts.production ? 'P' : 'T', ':']);
  const group = ic.addFunctionalGroup();
  group.setHeader([opts.functionalId, opts.sender.id, opts.receiver.id, date8, time4, String(opts.controlNumber), 'X', opts.version]);
  const tx = group.addTransaction();
  tx.setHeader([opts.transactionSet, '0001', opts.version]);
  return { interchange: ic, tx };
}

export function add(tx: X12Transaction, tag: string, ...elements: Array<string | number | null | undefined>): void {
  const values = elements.map((e) => (e === null || e === undefined ? '' : String(e)));
  while (values.length && values[values.length - 1] === '') values.pop();
  tx.addSegment(tag, values);
}

export interface ParsedTransaction {
  sender: Party;
  receiver: Party;
  controlNumber: number;
  production: boolean;
  transactionSet: string;
  version: string;
  segments: X12Segment[];
}

/** Parses an interchange and returns its one transaction set (carrier files hold one each). */
export function parseSingle(text: string, expectSet: string): ParsedTransaction {
  let ic: X12Interchange;
  try {
    ic = new X12Parser(true).parse(text) as X12Interchange;
  } catch (err) {
    throw new X12Error(`not a valid X12 interchange: ${(err as Error).message}`);
  }
  const group = ic.functionalGroups[0];
  const tx = group?.transactions[0];
  if (!group || !tx) throw new X12Error('the interchange holds no transaction set');
  const set = tx.header.valueOf(1);
  if (set !== expectSet) throw new X12Error(`expected an ${expectSet}, found ${set}`);
  const senderName = ic.header.valueOf(6)?.trim() ?? '';
  return {
    sender: { id: group.header.valueOf(2) ?? senderName, name: '' },
    receiver: { id: group.header.valueOf(3) ?? '', name: '' },
    controlNumber: Number(ic.header.valueOf(13)),
    production: ic.header.valueOf(15) === 'P',
    transactionSet: set,
    version: tx.header.valueOf(3) ?? '',
    segments: tx.segments,
  };
}

export function values(segment: X12Segment): string[] {
  return segment.elements.map((e) => e.value ?? '');
}
