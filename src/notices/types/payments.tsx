/** Notices about premiums: invoices, reminders, receipts, returned payments, grace periods, terminations and cancelled binders. */
import type { VNode } from 'preact';
import { z } from 'zod';
import { defineNotice, type ContentProps } from '../declaration.js';
import { CallUs, day, formatAddress, money, monthName, PayBody, useNotice } from '../content/parts.js';
import { localInstant } from '../rules.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const cents = z.number().int().min(0).max(100_000_000);
const reference = z.string().min(1).max(40);

const PAY_VARIANTS = [
  { id: 'pay-online', needs: ['online-payment'] },
  { id: 'pay-by-phone-or-mail', needs: ['phone-payment', 'mail-payment'] },
  { id: 'pay-by-mail', needs: ['mail-payment'] },
] as const;

const HOUR = 3_600_000;
const endOfDay = (iso: string, tz: string) => localInstant(iso, '23:59', tz);
/** For news that stays useful a while (a receipt, a decision): a month after it was queued. */
const monthAfterQueued = (_d: unknown, queuedAt: Date) => new Date(queuedAt.getTime() + 30 * 24 * HOUR);

function TextLine(props: { children: string }) {
  return <p>{props.children}</p>;
}

// ── invoice-ready ─────────────────────────────────────────────────────
const invoiceSchema = z.object({ amountDueCents: cents, dueDate: isoDate, coverageMonth: isoDate, referenceNumber: reference });
type Invoice = z.infer<typeof invoiceSchema>;
const invoiceExample: Invoice = { amountDueCents: 12_345, dueDate: '2026-10-23', coverageMonth: '2026-11-01', referenceNumber: 'VHC-7Q4K-2M9D' };

/**
 * A new bill the household's credit paid part or all of (docs/adr/0066):
 * the month's premium and the credit applied, both or neither, and then
 * amountDueCents is what is left (0: the credit paid it all).
 */
const invoiceReadySchema = invoiceSchema
  .extend({ premiumCents: cents.optional(), creditAppliedCents: cents.min(1).optional() })
  .refine((d) => (d.premiumCents === undefined) === (d.creditAppliedCents === undefined), { path: ['creditAppliedCents'], message: 'errors.field.invalid' })
  .refine((d) => d.creditAppliedCents === undefined || d.premiumCents === undefined || d.premiumCents === d.creditAppliedCents + d.amountDueCents, {
    path: ['premiumCents'],
    message: 'errors.field.invalid',
  });
type InvoiceReady = z.infer<typeof invoiceReadySchema>;

/** The text message of an invoice and of its reminder. */
const invoiceText = {
  en: (p: ContentProps<Invoice>) => `Hi ${p.firstName}, your ${monthName(p.data.coverageMonth, 'en')} premium of ${money(p.data.amountDueCents, 'en')} is due ${day(p.data.dueDate, 'en')}.`,
  es: (p: ContentProps<Invoice>) => `Hola ${p.firstName}, su prima de ${monthName(p.data.coverageMonth, 'es')} de ${money(p.data.amountDueCents, 'es')} vence el ${day(p.data.dueDate, 'es')}.`,
};

/** Owing nothing (the credit paid the bill, or assistance did), the notice sends the person nowhere. */
function payVariantsWhenOwed<D extends { amountDueCents: number }>() {
  return PAY_VARIANTS.map((v) => ({ id: v.id, needs: (d: D) => (d.amountDueCents > 0 ? v.needs : []) }));
}

const INVOICE_READY_WORDS = {
  en: {
    ready: (d: InvoiceReady) => `Your premium for ${monthName(d.coverageMonth, 'en')} is ready`,
    paid: (d: InvoiceReady) => `Your premium for ${monthName(d.coverageMonth, 'en')} is paid`,
    due: (d: InvoiceReady, amount: VNode | string, due: VNode | string) => (
      <>
        Your premium for {monthName(d.coverageMonth, 'en')} is {amount}, due by {due}.
      </>
    ),
    premium: (d: InvoiceReady, amount: VNode | string) => (
      <>
        Your premium for {monthName(d.coverageMonth, 'en')} is {amount}.
      </>
    ),
    partly: (credit: VNode | string, owed: VNode | string, due: VNode | string) => (
      <>
        We used {credit} of your credit to pay part of it, so you owe {owed}, due by {due}.
      </>
    ),
    fully: (credit: VNode | string) => <>We used {credit} of your credit to pay it in full, so you owe nothing for that month.</>,
    nothing: 'You owe nothing for that month.',
    noAction: 'You do not need to do anything.',
    textPartly: (p: ContentProps<InvoiceReady>, c: number) =>
      `Hi ${p.firstName}, your ${monthName(p.data.coverageMonth, 'en')} premium is ${money(p.data.premiumCents!, 'en')}. We used ${money(c, 'en')} of your credit, so you owe ${money(p.data.amountDueCents, 'en')}, due ${day(p.data.dueDate, 'en')}.`,
    textFully: (p: ContentProps<InvoiceReady>, c: number) =>
      `Hi ${p.firstName}, your ${monthName(p.data.coverageMonth, 'en')} premium of ${money(c, 'en')} was paid with your credit. You owe nothing for that month.`,
    textNothing: (p: ContentProps<InvoiceReady>) => `Hi ${p.firstName}, you owe nothing for your ${monthName(p.data.coverageMonth, 'en')} premium.`,
  },
  es: {
    ready: (d: InvoiceReady) => `Su prima de ${monthName(d.coverageMonth, 'es')} está lista`,
    paid: (d: InvoiceReady) => `Su prima de ${monthName(d.coverageMonth, 'es')} está pagada`,
    due: (d: InvoiceReady, amount: VNode | string, due: VNode | string) => (
      <>
        Su prima de {monthName(d.coverageMonth, 'es')} es de {amount} y vence el {due}.
      </>
    ),
    premium: (d: InvoiceReady, amount: VNode | string) => (
      <>
        Su prima de {monthName(d.coverageMonth, 'es')} es de {amount}.
      </>
    ),
    partly: (credit: VNode | string, owed: VNode | string, due: VNode | string) => (
      <>
        Usamos {credit} de su crédito para pagar una parte, así que debe {owed}, que vence el {due}.
      </>
    ),
    fully: (credit: VNode | string) => <>Usamos {credit} de su crédito para pagarla por completo, así que no debe nada de ese mes.</>,
    nothing: 'No debe nada de ese mes.',
    noAction: 'No necesita hacer nada.',
    textPartly: (p: ContentProps<InvoiceReady>, c: number) =>
      `Hola ${p.firstName}, su prima de ${monthName(p.data.coverageMonth, 'es')} es de ${money(p.data.premiumCents!, 'es')}. Usamos ${money(c, 'es')} de su crédito, así que debe ${money(p.data.amountDueCents, 'es')}, que vence el ${day(p.data.dueDate, 'es')}.`,
    textFully: (p: ContentProps<InvoiceReady>, c: number) =>
      `Hola ${p.firstName}, su prima de ${monthName(p.data.coverageMonth, 'es')} de ${money(c, 'es')} se pagó con su crédito. No debe nada de ese mes.`,
    textNothing: (p: ContentProps<InvoiceReady>) => `Hola ${p.firstName}, no debe nada de su prima de ${monthName(p.data.coverageMonth, 'es')}.`,
  },
} as const;

function InvoiceReadyBody(props: ContentProps<InvoiceReady> & { lang: 'en' | 'es' }) {
  const n = useNotice();
  const w = INVOICE_READY_WORDS[props.lang];
  const { lang } = props;
  const d = props.data;
  const credit = d.creditAppliedCents ?? 0;
  const strong = (s: string) => <strong>{s}</strong>;
  if (d.amountDueCents === 0) {
    if (props.channel === 'text') return <TextLine>{`${n.profile.exchangeName}: ${credit ? w.textFully(props, credit) : w.textNothing(props)}`}</TextLine>;
    return (
      <>
        {credit ? (
          <p>
            {w.premium(d, strong(money(d.premiumCents!, lang)))} {w.fully(strong(money(credit, lang)))}
          </p>
        ) : (
          <p>{w.nothing}</p>
        )}
        <p>{w.noAction}</p>
      </>
    );
  }
  if (!credit) {
    return (
      <PayBody amountCents={d.amountDueCents} text={invoiceText[lang](props)}>
        <p>{w.due(d, strong(money(d.amountDueCents, lang)), strong(day(d.dueDate, lang)))}</p>
      </PayBody>
    );
  }
  return (
    <PayBody amountCents={d.amountDueCents} text={w.textPartly(props, credit)}>
      <p>
        {w.premium(d, strong(money(d.premiumCents!, lang)))} {w.partly(strong(money(credit, lang)), strong(money(d.amountDueCents, lang)), strong(day(d.dueDate, lang)))}
      </p>
    </PayBody>
  );
}

export const invoiceReady = defineNotice<InvoiceReady>({
  id: 'invoice-ready',
  kind: 'informational',
  channels: ['letter', 'email', 'text'],
  schema: invoiceReadySchema,
  variants: payVariantsWhenOwed<InvoiceReady>(),
  whenUnavailable: { kind: 'alternative' },
  latestUseful: (d, _q, tz) => endOfDay(d.dueDate, tz),
  subject: {
    en: (d) => (d.amountDueCents === 0 ? INVOICE_READY_WORDS.en.paid(d) : INVOICE_READY_WORDS.en.ready(d)),
    es: (d) => (d.amountDueCents === 0 ? INVOICE_READY_WORDS.es.paid(d) : INVOICE_READY_WORDS.es.ready(d)),
  },
  content: {
    en: (p) => <InvoiceReadyBody {...p} lang="en" />,
    es: (p) => <InvoiceReadyBody {...p} lang="es" />,
  },
  // A bill the household's credit paid part of: the premium, the credit applied and what is left to pay.
  example: { ...invoiceExample, premiumCents: 30_000, creditAppliedCents: 17_655 },
});

// ── payment-reminder ──────────────────────────────────────────────────
export const paymentReminder = defineNotice<Invoice>({
  id: 'payment-reminder',
  kind: 'reminder',
  channels: ['email', 'letter', 'text'],
  schema: invoiceSchema,
  variants: PAY_VARIANTS,
  // A reminder to pay online is worth waiting a day for; after that, the other ways to pay.
  whenUnavailable: { kind: 'hold', until: (_d, queuedAt) => new Date(queuedAt.getTime() + 24 * HOUR), thenAlternative: true },
  latestUseful: (d, _q, tz) => endOfDay(d.dueDate, tz),
  subject: {
    en: (d) => `Reminder: your premium is due ${day(d.dueDate, 'en')}`,
    es: (d) => `Recordatorio: su prima vence el ${day(d.dueDate, 'es')}`,
  },
  content: {
    en: (p) => (
      <PayBody amountCents={p.data.amountDueCents} text={invoiceText.en(p)}>
        <p>
          This is a reminder that your premium of <strong>{money(p.data.amountDueCents, 'en')}</strong> for {monthName(p.data.coverageMonth, 'en')} is due by{' '}
          <strong>{day(p.data.dueDate, 'en')}</strong>. If you have already paid, thank you: you do not need to do anything.
        </p>
      </PayBody>
    ),
    es: (p) => (
      <PayBody amountCents={p.data.amountDueCents} text={invoiceText.es(p)}>
        <p>
          Le recordamos que su prima de <strong>{money(p.data.amountDueCents, 'es')}</strong> de {monthName(p.data.coverageMonth, 'es')} vence el <strong>{day(p.data.dueDate, 'es')}</strong>. Si ya
          pagó, gracias: no necesita hacer nada.
        </p>
      </PayBody>
    ),
  },
  example: invoiceExample,
});

// ── payment-received ──────────────────────────────────────────────────
const receiptSchema = z.object({ amountPaidCents: cents, receivedOn: isoDate, coverageMonth: isoDate, remainingCents: cents });
type Receipt = z.infer<typeof receiptSchema>;

export const paymentReceived = defineNotice<Receipt>({
  id: 'payment-received',
  kind: 'informational',
  channels: ['email', 'letter', 'text'],
  schema: receiptSchema,
  variants: [{ id: 'receipt', needs: [] }],
  whenUnavailable: { kind: 'alternative' },
  latestUseful: monthAfterQueued,
  subject: { en: () => 'We received your payment', es: () => 'Recibimos su pago' },
  content: {
    en: (p) =>
      p.channel === 'text' ? (
        <TextLine>{`Hi ${p.firstName}, we received your payment of ${money(p.data.amountPaidCents, 'en')} on ${day(p.data.receivedOn, 'en')}. Thank you.`}</TextLine>
      ) : (
        <>
          <p>
            We received your payment of <strong>{money(p.data.amountPaidCents, 'en')}</strong> on {day(p.data.receivedOn, 'en')} for {monthName(p.data.coverageMonth, 'en')}.
          </p>
          <p>{p.data.remainingCents > 0 ? `You still owe ${money(p.data.remainingCents, 'en')} for that month.` : 'That month is paid in full. Thank you.'}</p>
        </>
      ),
    es: (p) =>
      p.channel === 'text' ? (
        <TextLine>{`Hola ${p.firstName}, recibimos su pago de ${money(p.data.amountPaidCents, 'es')} el ${day(p.data.receivedOn, 'es')}. Gracias.`}</TextLine>
      ) : (
        <>
          <p>
            Recibimos su pago de <strong>{money(p.data.amountPaidCents, 'es')}</strong> el {day(p.data.receivedOn, 'es')} para {monthName(p.data.coverageMonth, 'es')}.
          </p>
          <p>{p.data.remainingCents > 0 ? `Todavía debe ${money(p.data.remainingCents, 'es')} de ese mes.` : 'Ese mes está pagado por completo. Gracias.'}</p>
        </>
      ),
  },
  example: { amountPaidCents: 12_345, receivedOn: '2026-10-20', coverageMonth: '2026-11-01', remainingCents: 0 },
});

// ── payment-returned ──────────────────────────────────────────────────
const returnedSchema = z.object({
  amountReturnedCents: cents,
  paidOn: isoDate,
  returnedOn: isoDate,
  /** What the household owes now that the payment is taken back (0: nothing to pay). */
  amountDueCents: cents,
  /** The earliest due date of what is owed, and that bill's reference number (null when nothing is owed). */
  dueDate: isoDate.nullable(),
  referenceNumber: reference.nullable(),
});
type Returned = z.infer<typeof returnedSchema>;

/** Owing nothing (the payment was all credit), the notice sends the person nowhere. */
const RETURNED_VARIANTS = payVariantsWhenOwed<Returned>();

const RETURNED_WORDS = {
  en: {
    text: (p: ContentProps<Returned>) => `${p.firstName}, your bank returned your payment of ${money(p.data.amountReturnedCents, 'en')}.`,
    textOwed: (d: Returned) => `You now owe ${money(d.amountDueCents, 'en')}.`,
    returned: (d: Returned) => `Your bank returned your payment of ${money(d.amountReturnedCents, 'en')} made on ${day(d.paidOn, 'en')}. We took it back off your bill on ${day(d.returnedOn, 'en')}.`,
    owed: (d: Returned) =>
      d.dueDate && d.dueDate >= d.returnedOn
        ? `You now owe ${money(d.amountDueCents, 'en')}, due by ${day(d.dueDate, 'en')}.`
        : `You now owe ${money(d.amountDueCents, 'en')}, which was due on ${day(d.dueDate ?? d.returnedOn, 'en')}. Please pay as soon as you can.`,
    nothing: 'You do not owe anything right now.',
    bank: 'If you think your bank made a mistake, contact your bank.',
  },
  es: {
    text: (p: ContentProps<Returned>) => `${p.firstName}, su banco devolvió su pago de ${money(p.data.amountReturnedCents, 'es')}.`,
    textOwed: (d: Returned) => `Ahora debe ${money(d.amountDueCents, 'es')}.`,
    returned: (d: Returned) => `Su banco devolvió su pago de ${money(d.amountReturnedCents, 'es')} hecho el ${day(d.paidOn, 'es')}. Lo descontamos de su factura el ${day(d.returnedOn, 'es')}.`,
    owed: (d: Returned) =>
      d.dueDate && d.dueDate >= d.returnedOn
        ? `Ahora debe ${money(d.amountDueCents, 'es')}, que vence el ${day(d.dueDate, 'es')}.`
        : `Ahora debe ${money(d.amountDueCents, 'es')}, que venció el ${day(d.dueDate ?? d.returnedOn, 'es')}. Pague lo antes posible.`,
    nothing: 'Por ahora no debe nada.',
    bank: 'Si cree que su banco cometió un error, comuníquese con su banco.',
  },
} as const;

function ReturnedBody(props: ContentProps<Returned> & { lang: 'en' | 'es' }) {
  const n = useNotice();
  const w = RETURNED_WORDS[props.lang];
  const d = props.data;
  if (d.amountDueCents === 0) {
    if (props.channel === 'text') return <TextLine>{`${n.profile.exchangeName}: ${w.text(props)} ${w.nothing}`}</TextLine>;
    return (
      <>
        <p>{w.returned(d)}</p>
        <p>{w.nothing}</p>
      </>
    );
  }
  return (
    <PayBody amountCents={d.amountDueCents} text={`${w.text(props)} ${w.textOwed(d)}`}>
      <p>{w.returned(d)}</p>
      <p>
        <strong>{w.owed(d)}</strong> {w.bank}
      </p>
    </PayBody>
  );
}

export const paymentReturned = defineNotice<Returned>({
  id: 'payment-returned',
  kind: 'informational',
  channels: ['email', 'letter', 'text'],
  schema: returnedSchema,
  variants: RETURNED_VARIANTS,
  whenUnavailable: { kind: 'alternative' },
  latestUseful: monthAfterQueued,
  subject: { en: () => 'Your bank returned your payment', es: () => 'Su banco devolvió su pago' },
  content: {
    en: (p) => <ReturnedBody {...p} lang="en" />,
    es: (p) => <ReturnedBody {...p} lang="es" />,
  },
  example: { amountReturnedCents: 30_000, paidOn: '2026-10-05', returnedOn: '2026-10-09', amountDueCents: 30_000, dueDate: '2026-10-23', referenceNumber: 'VHC-7Q4K-2M9D' },
});

// ── grace-period-started ──────────────────────────────────────────────
const graceSchema = z.object({ amountDueCents: cents, graceStarted: isoDate, graceEnds: isoDate, coverageMonth: isoDate, referenceNumber: reference, withCredit: z.boolean() });
type Grace = z.infer<typeof graceSchema>;

export const gracePeriodStarted = defineNotice<Grace>({
  id: 'grace-period-started',
  kind: 'formal',
  channels: ['letter', 'email', 'text'],
  schema: graceSchema,
  variants: PAY_VARIANTS,
  whenUnavailable: { kind: 'alternative' },
  latestUseful: (d, _q, tz) => endOfDay(d.graceEnds, tz),
  subject: { en: () => 'Your premium is past due: your grace period has started', es: () => 'Su prima está vencida: comenzó su período de gracia' },
  formal: {
    en: (d) => ({
      action: `Your coverage is in a grace period. Pay ${money(d.amountDueCents, 'en')} by ${day(d.graceEnds, 'en')} to keep it.`,
      effectiveDate: day(d.graceStarted, 'en'),
      facts: [`We did not receive your full premium for ${monthName(d.coverageMonth, 'en')}.`, `Amount due: ${money(d.amountDueCents, 'en')}.`, `Grace period ends: ${day(d.graceEnds, 'en')}.`],
      rule: d.withCredit
        ? '45 CFR 156.270(d) and (g): three-month grace period for people who get advance premium tax credits.'
        : 'State law: one-month grace period for people who do not get advance premium tax credits.',
    }),
    es: (d) => ({
      action: `Su cobertura está en período de gracia. Pague ${money(d.amountDueCents, 'es')} a más tardar el ${day(d.graceEnds, 'es')} para mantenerla.`,
      effectiveDate: day(d.graceStarted, 'es'),
      facts: [
        `No recibimos su prima completa de ${monthName(d.coverageMonth, 'es')}.`,
        `Cantidad que debe: ${money(d.amountDueCents, 'es')}.`,
        `El período de gracia termina: ${day(d.graceEnds, 'es')}.`,
      ],
      rule: d.withCredit
        ? '45 CFR 156.270(d) y (g): período de gracia de tres meses para quienes reciben créditos fiscales anticipados para la prima.'
        : 'Ley estatal: período de gracia de un mes para quienes no reciben créditos fiscales anticipados.',
    }),
  },
  content: {
    en: (p) => (
      <PayBody
        amountCents={p.data.amountDueCents}
        text={`${p.firstName}, your premium is past due. Pay ${money(p.data.amountDueCents, 'en')} by ${day(p.data.graceEnds, 'en')} to keep your coverage.`}
      />
    ),
    es: (p) => (
      <PayBody
        amountCents={p.data.amountDueCents}
        text={`${p.firstName}, su prima está vencida. Pague ${money(p.data.amountDueCents, 'es')} a más tardar el ${day(p.data.graceEnds, 'es')} para mantener su cobertura.`}
      />
    ),
  },
  example: { amountDueCents: 45_600, graceStarted: '2026-11-01', graceEnds: '2027-01-31', coverageMonth: '2026-11-01', referenceNumber: 'VHC-7Q4K-2M9D', withCredit: true },
});

// ── termination-warning ───────────────────────────────────────────────
const warningSchema = z.object({ amountDueCents: cents, terminationDate: isoDate, payBy: isoDate, referenceNumber: reference });
type Warning = z.infer<typeof warningSchema>;

export const terminationWarning = defineNotice<Warning>({
  id: 'termination-warning',
  kind: 'formal',
  channels: ['letter', 'email', 'text'],
  schema: warningSchema,
  variants: PAY_VARIANTS,
  whenUnavailable: { kind: 'alternative' },
  latestUseful: (d, _q, tz) => endOfDay(d.payBy, tz),
  subject: { en: () => 'Your coverage will end unless you pay', es: () => 'Su cobertura terminará si no paga' },
  formal: {
    en: (d) => ({
      action: `Your coverage will end on ${day(d.terminationDate, 'en')} unless we receive ${money(d.amountDueCents, 'en')} by ${day(d.payBy, 'en')}.`,
      effectiveDate: day(d.terminationDate, 'en'),
      facts: [`Amount due: ${money(d.amountDueCents, 'en')}.`, `Last day to pay: ${day(d.payBy, 'en')}.`],
      rule: '45 CFR 155.430(b)(2)(ii) and 156.270: termination for non-payment of premiums after the grace period.',
    }),
    es: (d) => ({
      action: `Su cobertura terminará el ${day(d.terminationDate, 'es')} a menos que recibamos ${money(d.amountDueCents, 'es')} a más tardar el ${day(d.payBy, 'es')}.`,
      effectiveDate: day(d.terminationDate, 'es'),
      facts: [`Cantidad que debe: ${money(d.amountDueCents, 'es')}.`, `Último día para pagar: ${day(d.payBy, 'es')}.`],
      rule: '45 CFR 155.430(b)(2)(ii) y 156.270: terminación por falta de pago de primas después del período de gracia.',
    }),
  },
  content: {
    en: (p) => <PayBody amountCents={p.data.amountDueCents} text={`${p.firstName}, your coverage will end unless we receive ${money(p.data.amountDueCents, 'en')} by ${day(p.data.payBy, 'en')}.`} />,
    es: (p) => (
      <PayBody amountCents={p.data.amountDueCents} text={`${p.firstName}, su cobertura terminará si no recibimos ${money(p.data.amountDueCents, 'es')} a más tardar el ${day(p.data.payBy, 'es')}.`} />
    ),
  },
  example: { amountDueCents: 91_200, terminationDate: '2026-11-30', payBy: '2027-01-31', referenceNumber: 'VHC-7Q4K-2M9D' },
});

// ── coverage-terminated ───────────────────────────────────────────────
const terminatedSchema = z.object({ terminationDate: isoDate, reason: z.enum(['non-payment', 'request', 'ineligible']), unpaidCents: cents });
type Terminated = z.infer<typeof terminatedSchema>;

const TERMINATION_REASONS = {
  'non-payment': { en: 'the premium was not paid by the end of the grace period', es: 'la prima no se pagó antes de que terminara el período de gracia' },
  request: { en: 'you asked us to end it', es: 'usted nos pidió terminarla' },
  ineligible: { en: 'you are no longer eligible for coverage through the exchange', es: 'ya no es elegible para cobertura a través del mercado' },
} as const;

export const coverageTerminated = defineNotice<Terminated>({
  id: 'coverage-terminated',
  kind: 'formal',
  channels: ['letter', 'email'],
  schema: terminatedSchema,
  variants: [{ id: 'notice', needs: [] }],
  whenUnavailable: { kind: 'alternative' },
  latestUseful: monthAfterQueued,
  subject: { en: () => 'Your coverage has ended', es: () => 'Su cobertura ha terminado' },
  formal: {
    en: (d) => ({
      action: `Your health coverage ended on ${day(d.terminationDate, 'en')}.`,
      effectiveDate: day(d.terminationDate, 'en'),
      facts: [`Your coverage ended because ${TERMINATION_REASONS[d.reason].en}.`, ...(d.unpaidCents > 0 ? [`Unpaid premium: ${money(d.unpaidCents, 'en')}.`] : [])],
      rule:
        d.reason === 'ineligible'
          ? '45 CFR 155.430(b)(2)(i): termination when a person is no longer eligible.'
          : d.reason === 'request'
            ? '45 CFR 155.430(b)(1): termination at the enrollee’s request.'
            : '45 CFR 155.430(b)(2)(ii) and 156.270(g): termination for non-payment.',
    }),
    es: (d) => ({
      action: `Su cobertura médica terminó el ${day(d.terminationDate, 'es')}.`,
      effectiveDate: day(d.terminationDate, 'es'),
      facts: [`Su cobertura terminó porque ${TERMINATION_REASONS[d.reason].es}.`, ...(d.unpaidCents > 0 ? [`Prima sin pagar: ${money(d.unpaidCents, 'es')}.`] : [])],
      rule:
        d.reason === 'ineligible'
          ? '45 CFR 155.430(b)(2)(i): terminación cuando una persona ya no es elegible.'
          : d.reason === 'request'
            ? '45 CFR 155.430(b)(1): terminación a pedido del inscrito.'
            : '45 CFR 155.430(b)(2)(ii) y 156.270(g): terminación por falta de pago.',
    }),
  },
  content: {
    en: () => <p>If your situation changes, you may qualify for a special enrollment period. Call us to talk about your options.</p>,
    es: () => <p>Si su situación cambia, puede calificar para un período especial de inscripción. Llámenos para hablar de sus opciones.</p>,
  },
  example: { terminationDate: '2026-11-30', reason: 'non-payment', unpaidCents: 91_200 },
});

// ── binder-cancelled ──────────────────────────────────────────────────
const binderSchema = z.object({ coverageStart: isoDate, binderDueDate: isoDate, binderAmountCents: cents, referenceNumber: reference });
type Binder = z.infer<typeof binderSchema>;

const BINDER_WORDS = {
  en: {
    paidOnTime: (d: Binder) =>
      `If you paid on time (for example, you mailed a check before ${day(d.binderDueDate, 'en')} or your bank shows the payment), tell us: if we find your payment, we will reinstate your coverage from ${day(d.coverageStart, 'en')} with no gap.`,
    write: (address: string) => `Write to us at ${address} with a copy of your proof of payment.`,
    later: 'To get coverage later, you can apply during open enrollment, or sooner if a life event such as losing other coverage, moving or having a baby gives you a special enrollment period.',
  },
  es: {
    paidOnTime: (d: Binder) =>
      `Si pagó a tiempo (por ejemplo, envió un cheque por correo antes del ${day(d.binderDueDate, 'es')} o su banco muestra el pago), avísenos: si encontramos su pago, restableceremos su cobertura desde el ${day(d.coverageStart, 'es')} sin interrupción.`,
    write: (address: string) => `Escríbanos a ${address} con una copia de su comprobante de pago.`,
    later:
      'Para tener cobertura más adelante, puede solicitarla durante la inscripción abierta, o antes si un cambio en su vida, como perder otra cobertura, mudarse o tener un bebé, le da un período especial de inscripción.',
  },
} as const;

function BinderCancelledBody(props: ContentProps<Binder> & { lang: 'en' | 'es' }) {
  const n = useNotice();
  const w = BINDER_WORDS[props.lang];
  const address = formatAddress(n.profile.applicationsMailingAddress, n.profile.applicationsMailingAddress.name).join(', ');
  return (
    <>
      {props.variant === 'call-us' ? <CallUs>{w.paidOnTime(props.data)}</CallUs> : <p>{`${w.paidOnTime(props.data)} ${w.write(address)}`}</p>}
      <p>{w.later}</p>
    </>
  );
}

export const binderCancelled = defineNotice<Binder>({
  id: 'binder-cancelled',
  kind: 'formal',
  channels: ['letter', 'email'],
  schema: binderSchema,
  variants: [
    { id: 'call-us', needs: ['call-centre'] },
    { id: 'write-to-us', needs: [] },
  ],
  whenUnavailable: { kind: 'alternative' },
  latestUseful: monthAfterQueued,
  subject: { en: () => 'Your coverage was cancelled: we did not receive your first payment', es: () => 'Su cobertura fue cancelada: no recibimos su primer pago' },
  formal: {
    en: (d) => ({
      action: `Your health coverage that was to start on ${day(d.coverageStart, 'en')} is cancelled. It did not take effect.`,
      effectiveDate: day(d.coverageStart, 'en'),
      facts: [
        `We did not receive your first month’s premium (the binder payment) of ${money(d.binderAmountCents, 'en')} by ${day(d.binderDueDate, 'en')}.`,
        'Because your coverage never started, you do not owe premiums for it.',
      ],
      rule: '45 CFR 155.400(e): coverage takes effect only when the first month’s premium is paid by its deadline.',
    }),
    es: (d) => ({
      action: `Su cobertura médica que iba a comenzar el ${day(d.coverageStart, 'es')} fue cancelada. No entró en vigor.`,
      effectiveDate: day(d.coverageStart, 'es'),
      facts: [
        `No recibimos la prima de su primer mes (el pago inicial) de ${money(d.binderAmountCents, 'es')} a más tardar el ${day(d.binderDueDate, 'es')}.`,
        'Como su cobertura nunca comenzó, no debe primas por ella.',
      ],
      rule: '45 CFR 155.400(e): la cobertura entra en vigor solo cuando la prima del primer mes se paga a más tardar en su fecha límite.',
    }),
  },
  content: {
    en: (p) => <BinderCancelledBody {...p} lang="en" />,
    es: (p) => <BinderCancelledBody {...p} lang="es" />,
  },
  example: { coverageStart: '2026-09-01', binderDueDate: '2026-10-01', binderAmountCents: 30_000, referenceNumber: 'VHC-7Q4K-2M9D' },
});

// ── coverage-reinstated ───────────────────────────────────────────────
const reinstatedSchema = z.object({ reinstatedOn: isoDate, coverageStart: isoDate });
type Reinstated = z.infer<typeof reinstatedSchema>;

export const coverageReinstated = defineNotice<Reinstated>({
  id: 'coverage-reinstated',
  kind: 'formal',
  channels: ['letter', 'email'],
  schema: reinstatedSchema,
  variants: [{ id: 'notice', needs: [] }],
  whenUnavailable: { kind: 'alternative' },
  latestUseful: monthAfterQueued,
  subject: { en: () => 'Your coverage has been reinstated', es: () => 'Su cobertura fue restablecida' },
  formal: {
    en: (d) => ({
      action: `Your health coverage is reinstated, with no gap since ${day(d.coverageStart, 'en')}.`,
      effectiveDate: day(d.reinstatedOn, 'en'),
      facts: [`We reinstated your coverage on ${day(d.reinstatedOn, 'en')}.`, `Your coverage runs without a gap from ${day(d.coverageStart, 'en')}.`],
      rule: '45 CFR 155.430(e): reinstatement of coverage.',
    }),
    es: (d) => ({
      action: `Su cobertura médica fue restablecida, sin interrupción desde el ${day(d.coverageStart, 'es')}.`,
      effectiveDate: day(d.reinstatedOn, 'es'),
      facts: [`Restablecimos su cobertura el ${day(d.reinstatedOn, 'es')}.`, `Su cobertura continúa sin interrupción desde el ${day(d.coverageStart, 'es')}.`],
      rule: '45 CFR 155.430(e): restablecimiento de la cobertura.',
    }),
  },
  content: {
    en: () => <p>You do not need to do anything. Your insurer has been told.</p>,
    es: () => <p>No necesita hacer nada. Ya le avisamos a su aseguradora.</p>,
  },
  example: { reinstatedOn: '2026-12-02', coverageStart: '2026-11-01' },
});
