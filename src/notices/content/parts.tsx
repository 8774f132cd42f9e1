/**
 * Building blocks of notice content. Every call to action is one of these
 * components, and each records the capability it sends the person to, so the
 * renderer can refuse content that points at something its variant does not
 * declare (docs/adr/0041).
 */
import { createContext, type ComponentChildren } from 'preact';
import { useContext } from 'preact/hooks';
import type { CapabilityId } from '../../capabilities/ids.js';
import { describeHours, formatClock, lineNow } from '../../states/hours.js';
import type { MailingAddress, StateProfile } from '../../states/profile.js';
import { formatDate, formatMonth, formatMoney, type Lang } from '../../web/i18n.js';
import type { Channel } from '../declaration.js';
import { LINK_TARGETS, type LinkTarget } from '../link-targets.js';
import { taglinesFor } from '../taglines.js';

export interface LetterParticulars {
  fullName: string;
  address: { lines: string[]; city: string; state: string; zip: string } | null;
  /** Printed so the person can open their own details on the alternatives page. */
  shortCode: string | null;
}

export interface NoticeScope {
  lang: Lang;
  channel: Channel;
  variant: string;
  profile: StateProfile;
  now: Date;
  /** A tracked link (/l/{token}) to a named target. */
  link(target: LinkTarget): string;
  /** Records a capability the content sends the person to. */
  uses(capability: CapabilityId): void;
  /** Reference number for payments (letters only: never in email or texts). */
  reference: string | null;
  letter: LetterParticulars | null;
}

export const NoticeContext = createContext<NoticeScope | null>(null);

export function useNotice(): NoticeScope {
  const scope = useContext(NoticeContext);
  if (!scope) throw new Error('notice content rendered outside a notice');
  return scope;
}

const L = <T,>(lang: Lang, en: T, es: T) => (lang === 'es' ? es : en);

// Amounts, days and months as the pages write them (web/i18n, formatters made once).
export const money = (cents: number, lang: Lang) => formatMoney(cents, lang);
export const day = (iso: string, lang: Lang) => formatDate(iso, lang);
export const monthName = (iso: string, lang: Lang) => formatMonth(iso, lang);

/** A link to a page of the exchange, through /l/ so it resolves honestly when clicked. */
export function Cta(props: { target: LinkTarget; children: ComponentChildren }) {
  const n = useNotice();
  const capability = LINK_TARGETS[props.target].capability;
  if (capability) n.uses(capability);
  const url = n.link(props.target);
  if (n.channel === 'email') {
    return (
      <p class="cta">
        <a href={url}>{props.children}</a>
      </p>
    );
  }
  return (
    <p class="cta">
      {props.children}: {url}
    </p>
  );
}

/** Ends a sentence with one period ("5 p. m." already has one). */
export const endSentence = (s: string) => (s.endsWith('.') ? s : `${s}.`);

function lineToday(profile: StateProfile, lineId: 'payments' | 'customerSupport', now: Date, lang: Lang): string {
  const line = profile.phoneLines[lineId];
  const state = lineNow(line, now, profile.timeZone);
  const hours = describeHours(line, lang);
  const hoursSentence = endSentence(L(lang, `Hours: ${hours}`, `Horario: ${hours}`));
  if (state.open) return `${endSentence(L(lang, `Open today until ${formatClock(state.closes, lang)}`, `Abierto hoy hasta las ${formatClock(state.closes, lang)}`))} ${hoursSentence}`;
  return hoursSentence;
}

/** Pay by phone: the payments line, with today's hours. */
export function PayByPhone(props: { amountCents: number }) {
  const n = useNotice();
  n.uses('phone-payment');
  const line = n.profile.phoneLines.payments;
  const { lang } = n;
  return (
    <p class="pay-by-phone">
      <strong>{L(lang, 'Pay by phone', 'Pague por teléfono')}</strong>
      {L(lang, `: call ${line.name.en} at ${line.number} to pay ${money(props.amountCents, lang)}. `, `: llame a la ${line.name.es} al ${line.number} para pagar ${money(props.amountCents, lang)}. `)}
      {lineToday(n.profile, 'payments', n.now, lang)}
    </p>
  );
}

/** Call the customer support line (a call to action, unlike Contact): the number, with today's hours. */
export function CallUs(props: { children: string }) {
  const n = useNotice();
  n.uses('call-centre');
  const line = n.profile.phoneLines.customerSupport;
  const { lang } = n;
  const tty = line.tty ? ` (TTY: ${line.tty})` : '';
  return (
    <p class="call-us">
      {props.children} {L(lang, `Call ${line.name.en} at ${line.number}${tty}.`, `Llame al ${line.name.es} al ${line.number}${tty}.`)} {lineToday(n.profile, 'customerSupport', n.now, lang)}
    </p>
  );
}

export function formatAddress(a: MailingAddress | { lines: string[]; city: string; state: string; zip: string }, name?: string): string[] {
  return [...(name ? [name] : []), ...a.lines, `${a.city}, ${a.state} ${a.zip}`];
}

/** Pay by mail: the lockbox address, and (in letters) the reference number for the memo line. */
export function PayByMail(props: { amountCents: number }) {
  const n = useNotice();
  n.uses('mail-payment');
  const { lang, profile } = n;
  const lockbox = profile.lockbox;
  return (
    <div class="pay-by-mail">
      <p>
        <strong>{L(lang, 'Pay by mail', 'Pague por correo')}</strong>
        {L(
          lang,
          `: send a check or money order for ${money(props.amountCents, lang)}, payable to ${profile.exchangeName}, to:`,
          `: envíe un cheque o giro postal por ${money(props.amountCents, lang)}, a nombre de ${profile.exchangeName}, a:`,
        )}
      </p>
      <address>
        {formatAddress(lockbox, lockbox.name).map((line) => (
          <span key={line}>
            {line}
            <br />
          </span>
        ))}
      </address>
      <p>
        {n.reference
          ? L(lang, `Write your reference number ${n.reference} on the memo line.`, `Escriba su número de referencia ${n.reference} en la línea de concepto.`)
          : L(lang, 'Write your reference number (on your invoice) on the memo line.', 'Escriba su número de referencia (está en su factura) en la línea de concepto.')}
      </p>
    </div>
  );
}

/** The ways to pay a variant offers. */
export function PaymentOptions(props: { amountCents: number }) {
  const n = useNotice();
  const { lang, variant } = n;
  switch (variant) {
    case 'pay-online':
      return <Cta target="pay">{L(lang, `Pay ${money(props.amountCents, lang)} online`, `Pague ${money(props.amountCents, lang)} en línea`)}</Cta>;
    case 'pay-by-phone-or-mail':
      return (
        <>
          <PayByPhone amountCents={props.amountCents} />
          <PayByMail amountCents={props.amountCents} />
        </>
      );
    case 'pay-by-mail':
      return <PayByMail amountCents={props.amountCents} />;
    default:
      throw new Error(`PaymentOptions: unknown variant ${variant}`);
  }
}

/** For texts: the payment options in one sentence. */
export function paymentSentence(n: NoticeScope, amountCents: number): string {
  const { lang } = n;
  if (n.variant === 'pay-online') {
    n.uses('online-payment');
    return L(lang, `Pay online: ${n.link('pay')}`, `Pague en línea: ${n.link('pay')}`);
  }
  const lockbox = n.profile.lockbox;
  const mail = L(
    lang,
    `mail a check to ${lockbox.lines.join(' ')}, ${lockbox.city} ${lockbox.state} ${lockbox.zip}`,
    `envíe un cheque a ${lockbox.lines.join(' ')}, ${lockbox.city} ${lockbox.state} ${lockbox.zip}`,
  );
  n.uses('mail-payment');
  if (n.variant === 'pay-by-phone-or-mail') {
    n.uses('phone-payment');
    const line = n.profile.phoneLines.payments;
    return L(lang, `Pay ${money(amountCents, lang)} by phone at ${line.number} or ${mail}.`, `Pague ${money(amountCents, lang)} por teléfono al ${line.number} o ${mail}.`);
  }
  return L(lang, `Pay ${money(amountCents, lang)}: ${mail}.`, `Pague ${money(amountCents, lang)}: ${mail}.`);
}

/**
 * The body of a notice that asks for a payment. In a text message: the
 * exchange's name, `text` (one or two sentences, in the notice's language),
 * then the ways to pay in one sentence. In an email or letter: the children
 * (the lead paragraphs), then "How to pay" and the variant's ways to pay.
 */
export function PayBody(props: { text: string; amountCents: number; children?: ComponentChildren }) {
  const n = useNotice();
  if (n.channel === 'text') return <p>{`${n.profile.exchangeName}: ${props.text} ${paymentSentence(n, props.amountCents)}`}</p>;
  return (
    <>
      {props.children}
      <h2>{L(n.lang, 'How to pay', 'Cómo pagar')}</h2>
      <PaymentOptions amountCents={props.amountCents} />
    </>
  );
}

/**
 * Who to contact (45 CFR 155.230(a)(3)). Always present: it is how to reach
 * the exchange, not a call to action a variant depends on.
 */
export function Contact() {
  const n = useNotice();
  const line = n.profile.phoneLines.customerSupport;
  const { lang } = n;
  const hours = describeHours(line, lang);
  return (
    <section class="contact">
      <h2>{L(lang, 'Questions?', '¿Preguntas?')}</h2>
      <p>
        {L(lang, `Call ${line.name.en} at ${line.number}`, `Llame al ${line.name.es} al ${line.number}`)}
        {line.tty ? ` (TTY: ${line.tty})` : ''}. {endSentence(L(lang, `Hours: ${hours}`, `Horario: ${hours}`))}
      </p>
    </section>
  );
}

/** Appeal rights (45 CFR 155.230(a)(4), 155.520): 90 days, by phone or by mail. */
export function AppealRights() {
  const n = useNotice();
  const { lang, profile } = n;
  const line = profile.phoneLines.customerSupport;
  const address = formatAddress(profile.applicationsMailingAddress, profile.applicationsMailingAddress.name).join(', ');
  return (
    <section class="appeal">
      <h2>{L(lang, 'Your right to appeal', 'Su derecho a apelar')}</h2>
      <p>
        {L(
          lang,
          `If you think this decision is wrong, you can ask for an appeal within 90 days of the date of this notice. Call ${line.number} or write to ${address}. You may have someone help you or speak for you. Appeals are free.`,
          `Si cree que esta decisión está equivocada, puede pedir una apelación dentro de los 90 días a partir de la fecha de este aviso. Llame al ${line.number} o escriba a ${address}. Puede pedir que alguien le ayude o hable por usted. Las apelaciones son gratuitas.`,
        )}
      </p>
    </section>
  );
}

export function Taglines() {
  const n = useNotice();
  const line = n.profile.phoneLines.customerSupport;
  const list = taglinesFor(n.profile.id, line.number, line.tty ?? '711');
  return (
    <section class="taglines">
      <h2>{L(n.lang, 'Language assistance', 'Asistencia con el idioma')}</h2>
      <ul>
        {list.map((t) => (
          <li lang={t.lang} key={t.lang} dir={t.lang === 'ar' ? 'rtl' : undefined}>
            {t.text}
          </li>
        ))}
      </ul>
    </section>
  );
}

export const lines = { L };
