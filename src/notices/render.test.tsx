/**
 * Every notice type × language × variant × channel: no link or instruction
 * points at a capability the variant does not declare; emails and texts hold
 * no personal data beyond first name, amounts and dates; formal notices carry
 * the 155.230 elements and the taglines.
 */
import { describe, expect, it } from 'vitest';
import { CAPABILITY_IDS, type CapabilityId } from '../capabilities/ids.js';
import { vermont } from '../states/vt.js';
import { formatDate, formatMoney, LANGS, type Lang } from '../web/i18n.js';
// Every module's notice types register when the modules are imported.
import '../app/modules.js';
import '../app/notice-types.js'; // the notice types every module declares, as in the assembled exchange
import { NOTICE_TYPES } from './catalogue.js';
import { CHANNELS, variantNeeds, type Channel, type NoticeDeclaration } from './declaration.js';
import { LINK_TARGETS, type LinkTarget } from './link-targets.js';
import { renderNotice, UndeclaredCapabilityError } from './render.js';
import { alertData, NOTICE_ALERT, postsWithAlert } from './alert.js';
import { STATE_TAGLINE_LANGUAGES, TAGLINES } from './taglines.js';

const profile = vermont;
const NOW = new Date('2026-10-14T15:00:00Z'); // a Wednesday, 11 am in Vermont: both phone lines open
const SENTINEL = { lastName: 'Zyxwicki', street: '4821 Sentinel Road', town: 'Quimbyville', zip: '05999', email: 'fernanda.zyxwicki@example.test', phone: '802-555-0148', shortCode: 'K7QM-4XPD' };

function render(notice: NoticeDeclaration, lang: 'en' | 'es', variant: string, channel: Channel, data: unknown = notice.example) {
  const targets: LinkTarget[] = [];
  const out = renderNotice({
    notice,
    data,
    lang,
    channel,
    variant,
    firstName: 'Fernanda',
    profile,
    now: NOW,
    link: (t) => {
      targets.push(t);
      return `https://candor.localhost/l/tok${targets.length}x${t}`;
    },
    letter: { fullName: `Fernanda ${SENTINEL.lastName}`, address: { lines: [SENTINEL.street], city: SENTINEL.town, state: 'VT', zip: SENTINEL.zip }, shortCode: SENTINEL.shortCode },
    reference: typeof (data as { referenceNumber?: string }).referenceNumber === 'string' ? (data as { referenceNumber: string }).referenceNumber : null,
  });
  return { ...out, targets };
}

/** Phrases and numbers that send a person to a capability (checked on the call-to-action part). */
const MARKERS: Array<{ capability: CapabilityId; pattern: RegExp }> = [
  { capability: 'online-payment', pattern: /pay[^.]{0,40} online|pague[^.]{0,40} en línea/i },
  { capability: 'phone-payment', pattern: new RegExp(profile.phoneLines.payments.number) },
  { capability: 'mail-payment', pattern: new RegExp(profile.lockbox.lines[0]!) },
  { capability: 'document-upload', pattern: /upload|envíe(los)? sus documentos en línea|envíelos en línea/i },
  { capability: 'plan-shopping', pattern: /compare plans|see plans|compare planes|ver planes/i },
  { capability: 'call-centre', pattern: new RegExp(profile.phoneLines.customerSupport.number) },
];

/** The call-to-action part: the document without the fixed contact, appeal and tagline sections. */
function ctaPart(html: string, text: string, channel: Channel): string {
  if (channel === 'text') return text;
  return html.replace(/<section class="(contact|appeal|taglines)">[\s\S]*?<\/section>/g, '').replace(/<[^>]+>/g, ' ');
}

function datesIn(data: unknown): string[] {
  const out: string[] = [];
  for (const v of Object.values(data as Record<string, unknown>)) if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) out.push(v);
  return out;
}

function amountsIn(data: unknown): number[] {
  return Object.entries(data as Record<string, unknown>)
    .filter(([k, v]) => k.endsWith('Cents') && typeof v === 'number')
    .map(([, v]) => v as number);
}

/** Removes what an email or text may hold; what is left must have no run of 3+ digits. */
function stripAllowed(text: string, data: unknown, lang: 'en' | 'es'): string {
  let t = text.replace(/https?:\/\/\S+/g, ' ');
  const allowed = [
    ...amountsIn(data).map((c) => formatMoney(c, lang)),
    ...datesIn(data).map((d) => formatDate(d, lang)),
    profile.phoneLines.customerSupport.number,
    profile.phoneLines.payments.number,
    profile.phoneLines.customerSupport.tty ?? '',
    ...profile.lockbox.lines,
    profile.lockbox.zip,
    ...profile.applicationsMailingAddress.lines,
    profile.applicationsMailingAddress.zip,
  ];
  for (const a of allowed.sort((x, y) => y.length - x.length)) t = t.split(a).join(' ');
  return t
    .replace(/\d+ CFR [\d.()a-z]+( and [\d.()a-z]+| y [\d.()a-z]+)?/g, ' ')
    .replace(
      /(enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|January|February|March|April|May|June|July|August|September|October|November|December)( de)? \d{4}/g,
      ' ',
    );
}

const cases: Array<[string, 'en' | 'es', string, Channel]> = [];
for (const notice of Object.values(NOTICE_TYPES))
  for (const lang of LANGS) for (const variant of notice.variants) for (const channel of CHANNELS) if (notice.channels.includes(channel)) cases.push([notice.id, lang, variant.id, channel]);

describe('every notice type, language, variant and channel', () => {
  it('covers at least the required types, each with English and Spanish', () => {
    for (const id of [
      'invoice-ready',
      'payment-reminder',
      'payment-received',
      'payment-returned',
      'grace-period-started',
      'termination-warning',
      'coverage-terminated',
      'binder-cancelled',
      'eligibility-result',
      'verification-needed',
      'service-restored',
    ]) {
      expect(NOTICE_TYPES[id], id).toBeDefined();
      expect(Object.keys(NOTICE_TYPES[id]!.content).sort()).toEqual(['en', 'es']);
    }
    expect(cases.length).toBeGreaterThan(100);
  });

  it.each(cases)('%s %s %s %s', (id, lang, variant, channel) => {
    const notice = NOTICE_TYPES[id]!;
    const declared = variantNeeds(
      notice.variants.find((v) => v.id === variant)!,
      notice.example,
    );
    const out = render(notice, lang, variant, channel);

    // Component-level: what the content says it uses is declared.
    for (const c of out.used) expect(declared, `${c} used by ${id}/${variant}`).toContain(c);
    // Links: each target's capability is declared.
    for (const t of out.targets) {
      const cap = LINK_TARGETS[t].capability;
      if (cap) expect(declared, `link to ${t} in ${id}/${variant}/${channel}`).toContain(cap);
    }
    // Text-level: no phrase or number of an undeclared capability in the call to action.
    const cta = ctaPart(out.html, out.text, channel);
    for (const m of MARKERS) if (!declared.includes(m.capability)) expect(cta, `${id}/${variant}/${channel}/${lang} mentions ${m.capability}`).not.toMatch(m.pattern);

    if (channel === 'email' || channel === 'text') {
      const all = `${out.subject}\n${out.html}\n${out.text}`;
      for (const s of Object.values(SENTINEL)) expect(all).not.toContain(s);
      const ref = (notice.example as { referenceNumber?: string }).referenceNumber;
      if (ref) expect(all, 'reference number in an email or text').not.toContain(ref);
      // A document (Form 1095-A) is the person's own record, full of numbers; it is never emailed as itself:
      // posted to the notices page with an alert, or a letter for someone without an account (docs/adr/0111).
      if (!notice.document) expect(stripAllowed(`${out.subject}\n${out.text}`, notice.example, lang), `digits beyond amounts and dates in ${id}/${channel}`).not.toMatch(/\d{3,}/);
      expect(out.text).toContain('Fernanda');
    }
    if (channel === 'letter') {
      expect(out.text).toContain(SENTINEL.lastName);
      expect(out.text).toContain(SENTINEL.shortCode);
    }
    if (channel === 'text') {
      expect(out.text.length).toBeLessThanOrEqual(480);
    } else {
      expect(out.html).toContain(`<html lang="${lang}"`);
      // Taglines on every email and letter, each marked with its language.
      for (const code of STATE_TAGLINE_LANGUAGES.vt!) expect(out.html).toContain(`lang="${TAGLINES[code]!.lang}"`);
      if (notice.kind === 'formal') {
        const f = notice.formal![lang](notice.example);
        for (const piece of [f.action, f.effectiveDate, f.rule, ...f.facts]) expect(out.text).toContain(piece.replace(/\s+/g, ' '));
        expect(out.text).toMatch(lang === 'en' ? /right to appeal/ : /derecho a apelar/);
        expect(out.text).toContain(profile.phoneLines.customerSupport.number);
      }
    }
  });

  it('refuses content that points at a capability its variant does not declare', () => {
    const notice = NOTICE_TYPES['payment-reminder']!;
    const lying: NoticeDeclaration = { ...notice, variants: [{ id: 'pay-online', needs: ['mail-payment'] }] };
    expect(() => render(lying, 'en', 'pay-online', 'email')).toThrow(UndeclaredCapabilityError);
  });

  it('every declared capability is a registry capability', () => {
    for (const notice of Object.values(NOTICE_TYPES)) for (const v of notice.variants) for (const c of variantNeeds(v, notice.example)) expect(CAPABILITY_IDS).toContain(c);
  });
});

describe('the alert of an electronic formal notice', () => {
  const MONTHS = /January|February|March|April|May|June|July|August|September|October|November|December|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre/i;
  const cases = LANGS.flatMap((lang) => NOTICE_ALERT.variants.map((v) => [lang, v.id] as [Lang, string]));

  function renderFor(lang: Lang, variant: string, firstName: string) {
    const targets: LinkTarget[] = [];
    const out = renderNotice({
      notice: NOTICE_ALERT,
      data: alertData(profile),
      lang,
      channel: 'email',
      variant,
      firstName,
      profile,
      now: NOW,
      link: (t) => {
        targets.push(t);
        return `https://candor.localhost/l/tok${targets.length}`;
      },
    });
    return { ...out, targets };
  }

  it.each(cases)('%s %s holds no personal data at all: no name, amount, date or reference', (lang, variant) => {
    const out = renderFor(lang, variant, 'Fernanda');
    const all = `${out.subject}\n${out.html}\n${out.text}`;
    expect(all).not.toContain('Fernanda');
    for (const s of Object.values(SENTINEL)) expect(all).not.toContain(s);
    expect(all).not.toContain('VHC-');
    expect(all).not.toMatch(/\$|US\$/);
    expect(all).not.toMatch(MONTHS);
    // Digits only in the exchange's own phone numbers and opening hours (no run of 3 once those are taken out).
    expect(stripAllowed(`${out.subject}\n${out.text}`, {}, lang)).not.toMatch(/\d{3,}/);
    // The same words whoever it is for: the alert cannot carry anything of the person.
    const other = renderFor(lang, variant, 'Zebulon');
    expect(other.html).toBe(out.html);
    expect(other.subject).toBe(out.subject);
    // Its call to action: sign in to the notices page, or (when sign-in is unavailable) the support line, and nothing else.
    const declared = variantNeeds(
      NOTICE_ALERT.variants.find((v) => v.id === variant)!,
      NOTICE_ALERT.example,
    );
    for (const c of out.used) expect(declared).toContain(c);
    if (variant === 'sign-in') expect(out.targets).toEqual(['inbox']);
    else {
      expect(out.targets).toEqual([]);
      expect(out.text).toContain(profile.phoneLines.customerSupport.number);
    }
    expect(out.text).toContain(profile.exchangeName);
    for (const code of STATE_TAGLINE_LANGUAGES.vt!) expect(out.html).toContain(`lang="${TAGLINES[code]!.lang}"`);
  });

  it('replaces the email of every formal notice (to a person with an account), and of no other', () => {
    for (const notice of Object.values(NOTICE_TYPES)) {
      expect(postsWithAlert(notice, 'email', 'account-id'), notice.id).toBe(notice.kind === 'formal');
      expect(postsWithAlert(notice, 'email', null), notice.id).toBe(false);
      expect(postsWithAlert(notice, 'letter', 'account-id'), notice.id).toBe(false);
    }
  });
});

describe('an invoice-ready notice when the household had credit (docs/adr/0066)', () => {
  const notice = NOTICE_TYPES['invoice-ready']!;
  const bill = { dueDate: '2026-10-23', coverageMonth: '2026-11-01', referenceNumber: 'VHC-7Q4K-2M9D' };
  const paidByCredit = { ...bill, amountDueCents: 0, premiumCents: 30_000, creditAppliedCents: 30_000 };
  const paidCases = LANGS.flatMap((lang) => notice.variants.flatMap((v) => notice.channels.map((channel) => [lang, v.id, channel] as [Lang, string, Channel])));

  it.each(paidCases)('paid in full by the credit, %s %s %s: says so and sends the person nowhere', (lang, variant, channel) => {
    expect(
      variantNeeds(
        notice.variants.find((v) => v.id === variant)!,
        paidByCredit,
      ),
    ).toEqual([]);
    const out = render(notice, lang, variant, channel, paidByCredit);
    expect(out.used).toEqual([]);
    expect(out.targets).toEqual([]);
    const cta = ctaPart(out.html, out.text, channel);
    for (const m of MARKERS) expect(cta, `mentions ${m.capability}`).not.toMatch(m.pattern);
    expect(out.html).not.toMatch(lang === 'en' ? /How to pay/ : /Cómo pagar/);
    expect(out.subject).toBe(lang === 'en' ? 'Your premium for November 2026 is paid' : 'Su prima de noviembre de 2026 está pagada');
    expect(out.text).toContain(formatMoney(30_000, lang));
    expect(out.text).toMatch(
      lang === 'en'
        ? /your credit\. You owe nothing for that month\.|of your credit to pay it in full, so you owe nothing for that month\./
        : /su crédito\. No debe nada de ese mes\.|de su crédito para pagarla por completo, así que no debe nada de ese mes\./,
    );
    if (channel !== 'letter') {
      expect(stripAllowed(`${out.subject}\n${out.text}`, paidByCredit, lang)).not.toMatch(/\d{3,}/);
      expect(`${out.subject}\n${out.html}\n${out.text}`).not.toContain(bill.referenceNumber);
    }
  });

  it('a bill the credit paid part of names the premium, the credit applied and what is left, in every channel and language', () => {
    const ex = notice.example as { amountDueCents: number; premiumCents: number; creditAppliedCents: number };
    expect(ex.premiumCents).toBe(ex.creditAppliedCents + ex.amountDueCents);
    expect(ex.creditAppliedCents).toBeGreaterThan(0);
    expect(ex.amountDueCents).toBeGreaterThan(0);
    for (const lang of LANGS)
      for (const channel of notice.channels) {
        const out = render(notice, lang, 'pay-online', channel);
        for (const cents of [ex.premiumCents, ex.creditAppliedCents, ex.amountDueCents]) expect(out.text, `${lang} ${channel}`).toContain(formatMoney(cents, lang));
        expect(out.text).toMatch(lang === 'en' ? /of your credit/ : /de su crédito/);
      }
    expect(render(notice, 'en', 'pay-online', 'email').text).toContain(
      'Your premium for November 2026 is $300.00. We used $176.55 of your credit to pay part of it, so you owe $123.45, due by October 23, 2026.',
    );
    expect(render(notice, 'es', 'pay-online', 'email').text).toContain(
      `Su prima de noviembre de 2026 es de ${formatMoney(30_000, 'es')}. Usamos ${formatMoney(17_655, 'es')} de su crédito para pagar una parte, así que debe ${formatMoney(12_345, 'es')}, que vence el 23 de octubre de 2026.`,
    );
  });

  it('a bill no credit went to reads as before: the amount and the due date', () => {
    const data = { ...bill, amountDueCents: 12_345 };
    const out = render(notice, 'en', 'pay-online', 'email', data);
    expect(out.text).toContain('Your premium for November 2026 is $123.45, due by October 23, 2026.');
    expect(out.text).not.toMatch(/credit/);
    expect(render(notice, 'es', 'pay-online', 'text', data).text).not.toMatch(/crédito/);
  });

  it('refuses a credit that does not add up, or one given without the premium', () => {
    const fields = (d: unknown) => {
      const r = notice.schema.safeParse(d);
      return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
    };
    expect(fields(paidByCredit)).toEqual([]);
    expect(fields({ ...paidByCredit, premiumCents: 30_001 })).toEqual(['premiumCents']);
    expect(fields({ ...bill, amountDueCents: 100, creditAppliedCents: 50 })).toEqual(['creditAppliedCents']);
    expect(fields({ ...bill, amountDueCents: 100, premiumCents: 150 })).toEqual(['creditAppliedCents']);
    expect(fields({ ...bill, amountDueCents: 100, premiumCents: 100, creditAppliedCents: 0 })).toContain('creditAppliedCents');
  });
});

describe('a payment deadline where the last day still counts', () => {
  // English says "by <date>"; "antes del <fecha>" would tell a Spanish reader the day itself is too late.
  // (binder-cancelled keeps "envió un cheque por correo antes del": mailing a check before the day, as the English says.)
  const cases: Array<[string, string]> = [
    ['grace-period-started', '31 de enero de 2027'],
    ['termination-warning', '31 de enero de 2027'],
    ['binder-cancelled', '1 de octubre de 2026'],
  ];
  it.each(cases)('%s in Spanish says "a más tardar el" the date, in every channel', (id, date) => {
    const notice = NOTICE_TYPES[id]!;
    for (const channel of notice.channels) {
      const out = render(notice, 'es', notice.variants[0]!.id, channel);
      const words = `${out.subject}\n${out.html.replace(/<[^>]+>/g, ' ')}\n${out.text}`.replace(/\s+/g, ' ').replace(/envió un cheque por correo antes del/g, '');
      expect(words, channel).not.toMatch(/antes del \d/);
      expect(words, channel).toContain(`a más tardar el ${date}`);
    }
  });

  it('no Spanish notice sets a deadline with "antes del" where the English says "by"', () => {
    // The two that mean "before" in English too: a check mailed before the day, coverage that ends before a day.
    const before = /envió un cheque por correo antes del|termina antes del/g;
    for (const notice of Object.values(NOTICE_TYPES)) {
      for (const variant of notice.variants) {
        for (const channel of notice.channels) {
          const out = render(notice, 'es', variant.id, channel);
          const words = `${out.subject}\n${out.html.replace(/<[^>]+>/g, ' ')}\n${out.text}`.replace(/\s+/g, ' ').replace(before, '');
          expect(words, `${notice.id} ${variant.id} ${channel}`).not.toMatch(/antes del \d/);
        }
      }
    }
  });
});
