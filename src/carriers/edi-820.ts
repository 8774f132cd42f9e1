/**
 * The X12 820 premium remittance (005010X306) as a pure function of plain
 * data, and its parser. One file per carrier per coverage month: for each
 * policy, RMR lines for the premium the exchange collected, the federal
 * credit (paid to the carrier by the Treasury, listed so the carrier can
 * match it), state premium assistance, and adjustments (refunds and returned
 * payments of earlier months, negative). BPR02, the money the exchange
 * sends, is premium + state assistance + adjustments.
 */
import { add, amount, cents, clean, d8, envelope, fromD8, parseSingle, values, X12Error, type Party } from './x12.js';

export const REMITTANCE_TYPES = ['premium', 'aptc', 'state', 'adjustment'] as const;
export type RemittanceType = (typeof REMITTANCE_TYPES)[number];
const CODE: Record<RemittanceType, string> = { premium: 'PREM', aptc: 'APTC', state: 'STATE', adjustment: 'ADJ' };
const FROM_CODE = new Map(Object.entries(CODE).map(([k, v]) => [v, k as RemittanceType]));

export interface RemittanceLine {
  policyNumber: string;
  subscriberId: string;
  firstName: string;
  lastName: string;
  premiumCents: number;
  aptcCents: number;
  stateAssistanceCents: number;
  adjustmentCents: number;
}

export interface File820 {
  sender: Party;
  receiver: Party;
  controlNumber: number;
  createdAt: Date;
  production: boolean;
  remittanceId: string;
  /** The coverage month, YYYY-MM. */
  month: string;
  paymentDate: string;
  lines: RemittanceLine[];
}

export function remittanceTotal(lines: readonly RemittanceLine[]): number {
  return lines.reduce((sum, l) => sum + l.premiumCents + l.stateAssistanceCents + l.adjustmentCents, 0);
}

function monthBounds(month: string): [string, string] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return [`${month}-01`, `${month}-${String(last).padStart(2, '0')}`];
}

export function build820(file: File820): string {
  if (!/^\d{4}-\d{2}$/.test(file.month)) throw new X12Error(`not a month: ${file.month}`);
  const { interchange, tx } = envelope({
    sender: file.sender,
    receiver: file.receiver,
    controlNumber: file.controlNumber,
    at: file.createdAt,
    functionalId: 'RA',
    transactionSet: '820',
    version: '005010X306',
    production: file.production,
  });
  const [start, end] = monthBounds(file.month);
  add(tx, 'BPR', 'I', amount(remittanceTotal(file.lines)), 'C', 'ACH', 'CCP', '', '', '', '', '', '', '', '', '', '', d8(file.paymentDate));
  add(tx, 'TRN', '3', clean(file.remittanceId, 50), file.sender.id);
  add(tx, 'DTM', '582', '', '', '', 'RD8', `${d8(start)}-${d8(end)}`);
  add(tx, 'N1', 'PE', clean(file.receiver.name), 'FI', file.receiver.id);
  add(tx, 'N1', 'RM', clean(file.sender.name), '58', file.sender.id);
  file.lines.forEach((l, i) => {
    add(tx, 'ENT', i + 1);
    add(tx, 'NM1', 'IL', '1', clean(l.lastName), clean(l.firstName), '', '', '', 'C1', l.subscriberId);
    add(tx, 'REF', 'POL', l.policyNumber);
    const parts: Array<[RemittanceType, number]> = [
      ['premium', l.premiumCents],
      ['aptc', l.aptcCents],
      ['state', l.stateAssistanceCents],
      ['adjustment', l.adjustmentCents],
    ];
    for (const [type, value] of parts) {
      if (type !== 'premium' && value === 0) continue;
      add(tx, 'RMR', 'IK', l.policyNumber, '', amount(value));
      add(tx, 'REF', 'ZZ', CODE[type]);
      add(tx, 'DTM', '582', '', '', '', 'RD8', `${d8(start)}-${d8(end)}`);
    }
  });
  return interchange.toString();
}

export function parse820(text: string): File820 & { totalCents: number } {
  const parsed = parseSingle(text, '820');
  let total = 0;
  let paymentDate = '';
  let remittanceId = '';
  let month = '';
  let senderName = '';
  let receiverName = '';
  const lines: RemittanceLine[] = [];
  let line: RemittanceLine | null = null;
  let pending: { cents: number } | null = null;
  for (const segment of parsed.segments) {
    const v = values(segment);
    switch (segment.tag) {
      case 'BPR':
        total = cents(v[1] ?? '0');
        paymentDate = fromD8(v[15] ?? '');
        break;
      case 'TRN':
        remittanceId = v[1] ?? '';
        break;
      case 'DTM':
        if (!month && v[0] === '582' && v[4] === 'RD8') month = fromD8((v[5] ?? '').split('-')[0]!).slice(0, 7);
        break;
      case 'N1':
        if (v[0] === 'PE') receiverName = v[1] ?? '';
        if (v[0] === 'RM') senderName = v[1] ?? '';
        break;
      case 'ENT':
        line = { policyNumber: '', subscriberId: '', firstName: '', lastName: '', premiumCents: 0, aptcCents: 0, stateAssistanceCents: 0, adjustmentCents: 0 };
        lines.push(line);
        break;
      case 'NM1':
        if (line) Object.assign(line, { lastName: v[2] ?? '', firstName: v[3] ?? '', subscriberId: v[8] ?? '' });
        break;
      case 'REF':
        if (!line) break;
        if (v[0] === 'POL') line.policyNumber = v[1] ?? '';
        if (v[0] === 'ZZ' && pending) {
          const type = FROM_CODE.get(v[1] ?? '');
          if (!type) throw new X12Error(`unknown remittance type ${v[1]}`);
          const key = ({ premium: 'premiumCents', aptc: 'aptcCents', state: 'stateAssistanceCents', adjustment: 'adjustmentCents' } as const)[type];
          line[key] += pending.cents;
          pending = null;
        }
        break;
      case 'RMR':
        if (!line) throw new X12Error('an RMR comes before its ENT');
        pending = { cents: cents(v[3] ?? '0') };
        break;
    }
  }
  if (remittanceTotal(lines) !== total) throw new X12Error(`BPR total ${total} does not equal the lines (${remittanceTotal(lines)})`);
  return {
    sender: { id: parsed.sender.id, name: senderName },
    receiver: { id: parsed.receiver.id, name: receiverName },
    controlNumber: parsed.controlNumber,
    createdAt: new Date(0),
    production: parsed.production,
    remittanceId,
    month,
    paymentDate,
    lines,
    totalCents: total,
  };
}
