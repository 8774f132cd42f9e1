/**
 * The X12 834 benefit enrollment file (005010X220A1) as a pure function of
 * plain data, and its parser: the daily file to each carrier (additions,
 * changes, cancellations, terminations, reinstatements), and the carriers'
 * effectuation and audit (reconciliation) files coming back.
 * Codes (RULES.md): INS03 021 add, 001 change, 024 cancel or terminate,
 * 025 reinstate, 030 audit; INS04 59 non-payment, 41 re-enrollment (an annual
 * renewal: INS03 021 with INS04 41, docs/adr/0105-annual-renewal.md); REF*0F subscriber,
 * REF*17 member; HD, DTP*348/349 coverage dates, REF*CE plan with variant,
 * REF*1L the exchange's policy id; loop 2750 reporting categories.
 */
import { add, amount, cents, clean, d8, envelope, fromD8, parseSingle, values, X12Error, type Party } from './x12.js';

export const MAINTENANCE = ['add', 'change', 'cancel', 'terminate', 'reinstate', 'audit'] as const;
export type Maintenance = (typeof MAINTENANCE)[number];
export const MAINTENANCE_REASONS = ['enrollment', 're-enrollment', 'non-payment', 'voluntary', 'no-reason'] as const;
export type MaintenanceReason = (typeof MAINTENANCE_REASONS)[number];
export type Relationship834 = 'self' | 'spouse' | 'child' | 'domestic-partner' | 'other';

const INS03: Record<Maintenance, string> = { add: '021', change: '001', cancel: '024', terminate: '024', reinstate: '025', audit: '030' };
// 41 Re-enrollment (X12 element 1203): an annual renewal's new policy is an addition (021) for re-enrollment.
const INS04: Record<MaintenanceReason, string> = { enrollment: 'EC', 're-enrollment': '41', 'non-payment': '59', voluntary: '14', 'no-reason': 'AI' };
const INS02: Record<Relationship834, string> = { self: '18', spouse: '01', child: '19', 'domestic-partner': '53', other: 'G8' };

export interface Member834 {
  /** REF*17; the subscriber's is also the policy's REF*0F. */
  memberId: string;
  isSubscriber: boolean;
  relationship: Relationship834;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  sex: 'F' | 'M' | 'U';
  /** This member's share of the gross premium (PRE AMT 1). */
  premiumCents: number;
}

export interface Amounts834 {
  /** PRE AMT TOT */
  grossPremiumCents: number;
  /** APTC AMT */
  aptcCents: number;
  /** CSR AMT: the monthly cost-sharing reduction advance (0 where none is paid in advance). */
  csrCents: number;
  /** OTH PAY AMT 1: state premium assistance. */
  stateAssistanceCents: number;
  /** TOT RES AMT: what the enrollee is responsible for. */
  responsibleCents: number;
}

export interface Enrollment834 {
  maintenance: Maintenance;
  reason: MaintenanceReason;
  /** DTP*303: when the change takes effect. */
  effectiveDate: string;
  /** REF*1L: the exchange's policy number. */
  policyNumber: string;
  /** REF*IG: the carrier's own policy id, when the carrier has sent it. */
  carrierPolicyId: string | null;
  /** REF*CE: HIOS plan id with its variant, e.g. 77566VT0020004-01. */
  planId: string;
  coverageStart: string;
  coverageEnd: string;
  subscriberAddress: { line1: string; line2: string; city: string; state: string; zip: string } | null;
  amounts: Amounts834;
  /** RATING AREA, e.g. R-VT001. */
  ratingArea: string;
  /** SOURCE EXCHANGE ID */
  sourceExchangeId: string;
  /** Subscriber first. */
  members: Member834[];
}

export interface File834 {
  sender: Party;
  receiver: Party;
  controlNumber: number;
  createdAt: Date;
  /** BGN08: 2 change (update), 4 verify (an audit file). */
  purpose: 'update' | 'audit';
  /** BGN02: the file's own reference. */
  reference: string;
  production: boolean;
  enrollments: Enrollment834[];
}

const CATEGORY = {
  member: 'PRE AMT 1',
  total: 'PRE AMT TOT',
  aptc: 'APTC AMT',
  csr: 'CSR AMT',
  state: 'OTH PAY AMT 1',
  responsible: 'TOT RES AMT',
  ratingArea: 'RATING AREA',
  source: 'SOURCE EXCHANGE ID',
} as const;

export function build834(file: File834): string {
  const { interchange, tx } = envelope({
    sender: file.sender,
    receiver: file.receiver,
    controlNumber: file.controlNumber,
    at: file.createdAt,
    functionalId: 'BE',
    transactionSet: '834',
    version: '005010X220A1',
    production: file.production,
  });
  const iso = file.createdAt.toISOString();
  add(tx, 'BGN', '00', clean(file.reference, 50), d8(iso.slice(0, 10)), iso.slice(11, 16).replace(':', ''), 'UT', '', '', file.purpose === 'audit' ? '4' : '2');
  add(tx, 'REF', '38', clean(file.sender.id, 50));
  add(tx, 'N1', 'P5', clean(file.sender.name), 'FI', file.sender.id);
  add(tx, 'N1', 'IN', clean(file.receiver.name), 'FI', file.receiver.id);
  for (const e of file.enrollments) {
    if (!e.members.length || !e.members[0]!.isSubscriber) throw new X12Error(`policy ${e.policyNumber}: the subscriber must come first`);
    const subscriberId = e.members[0]!.memberId;
    for (const m of e.members) {
      add(tx, 'INS', m.isSubscriber ? 'Y' : 'N', INS02[m.relationship], INS03[e.maintenance], INS04[e.reason], 'A');
      add(tx, 'REF', '0F', subscriberId);
      add(tx, 'REF', '17', m.memberId);
      add(tx, 'DTP', '303', 'D8', d8(e.effectiveDate));
      add(tx, 'NM1', 'IL', '1', clean(m.lastName), clean(m.firstName));
      if (m.isSubscriber && e.subscriberAddress) {
        const a = e.subscriberAddress;
        add(tx, 'N3', clean(a.line1, 55), a.line2 ? clean(a.line2, 55) : '');
        add(tx, 'N4', clean(a.city, 30), a.state, a.zip.replace('-', ''));
      }
      add(tx, 'DMG', 'D8', d8(m.dateOfBirth), m.sex);
      add(tx, 'HD', INS03[e.maintenance], '', 'HLT');
      add(tx, 'DTP', '348', 'D8', d8(e.coverageStart));
      add(tx, 'DTP', '349', 'D8', d8(e.coverageEnd));
      add(tx, 'REF', 'CE', e.planId);
      add(tx, 'REF', '1L', e.policyNumber);
      if (e.carrierPolicyId) add(tx, 'REF', 'IG', clean(e.carrierPolicyId, 50));
      add(tx, 'LS', '2700');
      const categories: Array<[string, string]> = [[CATEGORY.member, amount(m.premiumCents)]];
      if (m.isSubscriber) {
        categories.push(
          [CATEGORY.total, amount(e.amounts.grossPremiumCents)],
          [CATEGORY.aptc, amount(e.amounts.aptcCents)],
          [CATEGORY.csr, amount(e.amounts.csrCents)],
          [CATEGORY.state, amount(e.amounts.stateAssistanceCents)],
          [CATEGORY.responsible, amount(e.amounts.responsibleCents)],
          [CATEGORY.ratingArea, e.ratingArea],
          [CATEGORY.source, e.sourceExchangeId],
        );
      }
      categories.forEach(([name, value], i) => {
        add(tx, 'LX', i + 1);
        add(tx, 'N1', '75', name);
        add(tx, 'REF', '9X', value);
        add(tx, 'DTP', '007', 'D8', d8(e.effectiveDate));
      });
      add(tx, 'LE', '2700');
    }
  }
  return interchange.toString();
}

const FROM_INS03 = new Map(
  Object.entries(INS03)
    .filter(([k]) => k !== 'cancel')
    .map(([k, v]) => [v, k as Maintenance]),
);
const FROM_INS04 = new Map(Object.entries(INS04).map(([k, v]) => [v, k as MaintenanceReason]));
const FROM_INS02 = new Map(Object.entries(INS02).map(([k, v]) => [v, k as Relationship834]));

interface Group {
  ins: string[];
  refs: Map<string, string>;
  dtp: Map<string, string>;
  name: [string, string];
  address: Enrollment834['subscriberAddress'];
  dmg: [string, string];
  categories: Map<string, string>;
}

/** Parses an 834 back into plain data; throws X12Error on anything it cannot read. */
export function parse834(text: string): File834 {
  const parsed = parseSingle(text, '834');
  const groups: Group[] = [];
  let current: Group | null = null;
  let category: string | null = null;
  let bgn: string[] = [];
  let n1Sender = '';
  let n1Receiver = '';
  for (const segment of parsed.segments) {
    const v = values(segment);
    switch (segment.tag) {
      case 'BGN':
        bgn = v;
        break;
      case 'INS':
        current = { ins: v, refs: new Map(), dtp: new Map(), name: ['', ''], address: null, dmg: ['', 'U'], categories: new Map() };
        groups.push(current);
        category = null;
        break;
      case 'N1':
        if (!current) {
          if (v[0] === 'P5') n1Sender = v[1] ?? '';
          if (v[0] === 'IN') n1Receiver = v[1] ?? '';
        } else if (v[0] === '75') category = v[1] ?? null;
        break;
      case 'REF':
        if (!current) break;
        if (v[0] === '9X' && category) current.categories.set(category, v[1] ?? '');
        else current.refs.set(v[0]!, v[1] ?? '');
        break;
      case 'DTP':
        if (current && v[0] !== '007') current.dtp.set(v[0]!, v[2] ?? '');
        break;
      case 'NM1':
        if (current && v[0] === 'IL') current.name = [v[2] ?? '', v[3] ?? ''];
        break;
      case 'N3':
        if (current) current.address = { line1: v[0] ?? '', line2: v[1] ?? '', city: '', state: '', zip: '' };
        break;
      case 'N4':
        if (current?.address) Object.assign(current.address, { city: v[0] ?? '', state: v[1] ?? '', zip: v[2] ?? '' });
        break;
      case 'DMG':
        if (current) current.dmg = [v[1] ?? '', v[2] ?? 'U'];
        break;
    }
  }

  const enrollments: Enrollment834[] = [];
  for (const g of groups) {
    const policy = g.refs.get('1L');
    if (!policy) throw new X12Error('a member loop has no REF*1L policy id');
    const isSubscriber = g.ins[0] === 'Y';
    const start = fromD8(g.dtp.get('348') ?? '');
    const end = fromD8(g.dtp.get('349') ?? '');
    let maintenance = FROM_INS03.get(g.ins[2] ?? '');
    if (!maintenance) throw new X12Error(`unknown maintenance type ${g.ins[2]}`);
    if (maintenance === 'terminate' && end === start) maintenance = 'cancel';
    const member: Member834 = {
      memberId: g.refs.get('17') ?? '',
      isSubscriber,
      relationship: FROM_INS02.get(g.ins[1] ?? '') ?? 'other',
      lastName: g.name[0],
      firstName: g.name[1],
      dateOfBirth: fromD8(g.dmg[0]),
      sex: (['F', 'M', 'U'].includes(g.dmg[1]) ? g.dmg[1] : 'U') as Member834['sex'],
      premiumCents: cents(g.categories.get(CATEGORY.member) ?? '0'),
    };
    if (isSubscriber) {
      const c = g.categories;
      enrollments.push({
        maintenance,
        reason: FROM_INS04.get(g.ins[3] ?? '') ?? 'no-reason',
        effectiveDate: fromD8(g.dtp.get('303') ?? g.dtp.get('348') ?? ''),
        policyNumber: policy,
        carrierPolicyId: g.refs.get('IG') ?? null,
        planId: g.refs.get('CE') ?? '',
        coverageStart: start,
        coverageEnd: end,
        subscriberAddress: g.address,
        amounts: {
          grossPremiumCents: cents(c.get(CATEGORY.total) ?? '0'),
          aptcCents: cents(c.get(CATEGORY.aptc) ?? '0'),
          csrCents: cents(c.get(CATEGORY.csr) ?? '0'),
          stateAssistanceCents: cents(c.get(CATEGORY.state) ?? '0'),
          responsibleCents: cents(c.get(CATEGORY.responsible) ?? '0'),
        },
        ratingArea: c.get(CATEGORY.ratingArea) ?? '',
        sourceExchangeId: c.get(CATEGORY.source) ?? '',
        members: [member],
      });
    } else {
      // A dependant belongs to the latest subscriber loop of the same policy.
      const owner = [...enrollments].reverse().find((e) => e.policyNumber === policy);
      if (!owner) throw new X12Error(`policy ${policy}: a dependant comes before its subscriber`);
      owner.members.push(member);
    }
  }
  const [, reference = '', date = '', time = '', , , , purpose = '2'] = bgn;
  return {
    sender: { id: parsed.sender.id, name: n1Sender },
    receiver: { id: parsed.receiver.id, name: n1Receiver },
    controlNumber: parsed.controlNumber,
    createdAt: new Date(`${fromD8(date || '19700101')}T${(time || '0000').slice(0, 2)}:${(time || '0000').slice(2, 4)}:00Z`),
    purpose: purpose === '4' ? 'audit' : 'update',
    reference,
    production: parsed.production,
    enrollments,
  };
}
