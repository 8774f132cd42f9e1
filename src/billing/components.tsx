/** Pieces of billing pages shared by the customer's pages and the call-centre console. */
import { CapabilityLink, pageCapabilities } from '../capabilities/capability-link.js';
import type { HouseholdBilling } from '../payments/household-billing.js';
import { Alert } from '../web/components.js';
import { formatDate, formatMonth, formatMoney, type Lang } from '../web/i18n.js';
import { usePage } from '../web/page-context.js';
import { billingMessages } from './messages.js';
import { formatReference } from './reference-number.js';

type T = ReturnType<typeof billingMessages.for>;
const tr = (lang: Lang) => billingMessages.for(lang);

const monthDays = (iso: string) => new Date(Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), 0)).getUTCDate();

const LISTS = { en: new Intl.ListFormat('en-US', { type: 'conjunction' }), es: new Intl.ListFormat('es-US', { type: 'conjunction' }) };
const monthList = (months: readonly string[], lang: Lang) => LISTS[lang === 'es' ? 'es' : 'en'].format(months.map((m) => formatMonth(m, lang)));

export function paymentMethod(p: HouseholdBilling['payments'][number], t: T): string {
  if (p.method === 'check') return `${t('billing.channel.mail')}, ${t('billing.method.check', { number: p.checkNumber ?? '' })}`;
  const channel = t(`billing.channel.${p.channel}` as 'billing.channel.online');
  if (p.method && p.last4) return `${channel}, ${t(`billing.method.${p.method}` as 'billing.method.card', { last4: p.last4 })}`;
  return channel;
}

export function InvoiceTable(props: { billing: HouseholdBilling; caption: string }) {
  const { lang } = usePage();
  const t = tr(lang);
  return (
    <table class="usa-table usa-table--borderless usa-table--stacked width-full">
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('billing.col.month')}</th>
          <th scope="col">{t('billing.col.reference')}</th>
          <th scope="col">{t('billing.col.amount')}</th>
          <th scope="col">{t('billing.col.paid')}</th>
          <th scope="col">{t('billing.col.credit')}</th>
          <th scope="col">{t('billing.col.due')}</th>
          <th scope="col">{t('billing.col.status')}</th>
        </tr>
      </thead>
      <tbody>
        {props.billing.invoices.map((i) => (
          <tr key={i.id}>
            <th scope="row" data-label={t('billing.col.month')}>
              {formatMonth(i.coverageMonth, lang)}
              {i.kind === 'binder' ? ` (${t('billing.invoice.binder')})` : ''}
              {i.coveredDays !== null ? ` (${t('billing.invoice.days', { days: i.coveredDays, total: monthDays(i.coverageMonth) })})` : ''}
            </th>
            <td data-label={t('billing.col.reference')}>{formatReference(i.referenceNumber)}</td>
            <td data-label={t('billing.col.amount')}>{formatMoney(i.amountCents, lang)}</td>
            <td data-label={t('billing.col.paid')}>{formatMoney(i.paidCents, lang)}</td>
            <td data-label={t('billing.col.credit')}>{i.creditAppliedCents > 0 ? formatMoney(i.creditAppliedCents, lang) : '—'}</td>
            <td data-label={t('billing.col.due')}>{formatDate(i.effectiveDueDate, lang)}</td>
            <td data-label={t('billing.col.status')}>{t(`billing.invoice.${i.status}` as 'billing.invoice.open')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function PaymentTable(props: { billing: HouseholdBilling; caption: string; actions?: (p: HouseholdBilling['payments'][number]) => preact.ComponentChildren }) {
  const { lang } = usePage();
  const t = tr(lang);
  if (props.billing.payments.length === 0) return <p>{t('billing.page.noPayments')}</p>;
  return (
    <table class="usa-table usa-table--borderless usa-table--stacked width-full">
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('billing.col.date')}</th>
          <th scope="col">{t('billing.col.method')}</th>
          <th scope="col">{t('billing.col.amount')}</th>
          <th scope="col">{t('billing.col.status')}</th>
          {props.actions && <th scope="col">{t('billing.col.actions')}</th>}
        </tr>
      </thead>
      <tbody>
        {props.billing.payments.map((p) => (
          <tr key={p.id}>
            <th scope="row" data-label={t('billing.col.date')}>
              {formatDate(p.receivedOn ?? p.createdAt.toISOString().slice(0, 10), lang)}
            </th>
            <td data-label={t('billing.col.method')}>{paymentMethod(p, t)}</td>
            <td data-label={t('billing.col.amount')}>{formatMoney(p.amountCents, lang)}</td>
            <td data-label={t('billing.col.status')}>
              {t(`billing.payment.${p.status}` as 'billing.payment.pending')}
              {p.refundedCents > 0 ? `, ${t('billing.payment.refunded', { amount: formatMoney(p.refundedCents, lang) })}` : ''}
            </td>
            {props.actions && <td>{props.actions(p)}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The billing section of the customer's coverage page: amount due, next due
 * date, the pay button (online-payment), and when it is down the other ways
 * to pay with the person's own amount and reference number. A bill whose
 * date has gone by is shown as past due since then, never as the next due
 * date; in a grace period the date that matters is its last day to pay (the
 * same one the grace period box shows; with several, the earliest).
 */
export function BillingSection(props: { billing: HouseholdBilling; headingLevel?: 2 | 3; showHistoryLink?: boolean; forStaff?: boolean }) {
  const { lang, now } = usePage();
  const t = tr(lang);
  const b = props.billing;
  const H = props.headingLevel === 3 ? 'h3' : 'h2';
  const onlineUp = pageCapabilities()?.isAvailable('online-payment', now) ?? true;
  const next = b.next;
  const moved = b.invoices.find((i) => i.id === next?.invoiceId && i.effectiveDueDate !== i.dueDate);
  // The newest bill the household's credit paid toward (the invoices come newest first).
  const credited = b.invoices.find((i) => i.creditAppliedCents > 0);
  const grace = b.graces.reduce<HouseholdBilling['graces'][number] | undefined>((soonest, g) => (!soonest || g.endsOn < soonest.endsOn ? g : soonest), undefined);
  const staff = !!props.forStaff;
  const inFlight = b.inFlightCents;
  return (
    <section class="usa-summary-box margin-y-3" aria-labelledby="billing-section-heading">
      <div class="usa-summary-box__body">
        <H class="usa-summary-box__heading" id="billing-section-heading">
          {t(staff ? 'billing.staff.title' : 'billing.section.title')}
        </H>
        {!next || b.amountDueCents === 0 ? (
          inFlight > 0 ? (
            <>
              <p data-testid="in-flight">{t(staff ? 'billing.staff.inFlightAll' : 'billing.section.inFlightAll', { amount: formatMoney(inFlight, lang) })}</p>
              <p>{t(staff ? 'billing.staff.inFlightNoPay' : 'billing.section.inFlightNoPay')}</p>
            </>
          ) : (
            <p>{t(staff ? 'billing.staff.nothingDue' : 'billing.section.nothingDue')}</p>
          )
        ) : (
          <>
            {inFlight > 0 && <p data-testid="in-flight">{t('billing.section.inFlight', { inFlight: formatMoney(inFlight, lang), left: formatMoney(b.amountDueCents, lang) })}</p>}
            <dl class="candor-facts">
              {inFlight > 0 && <dt>{t('billing.section.inFlightLabel')}</dt>}
              {inFlight > 0 && <dd data-testid="in-flight-amount">{formatMoney(inFlight, lang)}</dd>}
              <dt>{t(staff ? 'billing.staff.amountDue' : inFlight > 0 ? 'billing.section.leftLabel' : 'billing.section.amountDue')}</dt>
              <dd data-testid="amount-due">{formatMoney(b.amountDueCents, lang)}</dd>
              <dt>{t(next.pastDue ? 'billing.section.pastDueSince' : 'billing.section.nextDue')}</dt>
              <dd data-testid={next.pastDue ? 'past-due-since' : 'next-due'}>{formatDate(next.dueDate, lang)}</dd>
              {grace && <dt>{t(grace.ended ? 'billing.grace.ended' : 'billing.grace.endsOn')}</dt>}
              {grace && <dd data-testid="pay-by">{formatDate(grace.endsOn, lang)}</dd>}
              <dt>{t('billing.section.reference')}</dt>
              <dd data-testid="reference">{formatReference(next.referenceNumber)}</dd>
            </dl>
            {moved && <p>{t(staff ? 'billing.staff.outageMoved' : 'billing.section.outageMoved', { date: formatDate(moved.effectiveDueDate, lang) })}</p>}
            {!staff && (
              <CapabilityLink capability="online-payment" href="/billing/pay" class="usa-button">
                {t('billing.section.pay', { amount: formatMoney(b.amountDueCents, lang) })}
              </CapabilityLink>
            )}
            {!onlineUp && !staff && (
              <p data-testid="own-amount">{t('billing.section.unavailableOwn', { amount: formatMoney(b.amountDueCents, lang), reference: formatReference(next.referenceNumber) })}</p>
            )}
          </>
        )}
        {credited && (
          <p data-testid="credit-applied">
            {t(staff ? 'billing.staff.creditApplied' : 'billing.section.creditApplied', { amount: formatMoney(credited.creditAppliedCents, lang), month: formatMonth(credited.coverageMonth, lang) })}
          </p>
        )}
        {b.creditCents > 0 && <p>{t(staff ? 'billing.staff.credit' : 'billing.section.credit', { amount: formatMoney(b.creditCents, lang) })}</p>}
        {props.showHistoryLink !== false && (
          <p>
            <a href="/billing">{t('billing.section.history')}</a>
          </p>
        )}
      </div>
    </section>
  );
}

/**
 * A grace period for non-payment, plainly: the last day to pay, the total to
 * pay by then, and what happens if it is not paid (billing/grace.ts
 * graceStanding works out the dates and amounts). It has no pay button of its
 * own: the billing section's button and its alternatives follow online-payment.
 */
export function GraceAlert(props: { grace: HouseholdBilling['graces'][number]; plan?: string; forStaff?: boolean }) {
  const { lang } = usePage();
  const t = tr(lang);
  const g = props.grace;
  const date = (iso: string) => formatDate(iso, lang);
  return (
    <Alert type="warning" heading={t(props.forStaff ? 'billing.staff.grace' : 'billing.grace.title')}>
      {props.plan && <p class="text-bold">{t('billing.grace.plan', { plan: props.plan })}</p>}
      {props.forStaff && <p class="text-italic">{t('billing.staff.graceReadOut')}</p>}
      <p>{g.ended ? t('billing.grace.endedIntro', { date: date(g.endsOn) }) : t('billing.grace.intro', { month: formatMonth(g.firstMonth, lang) })}</p>
      <dl class="candor-facts">
        <dt>{t(g.ended ? 'billing.grace.ended' : 'billing.grace.endsOn')}</dt>
        <dd data-testid="grace-ends">{date(g.endsOn)}</dd>
        <dt>{t(g.ended ? 'billing.grace.totalNow' : 'billing.grace.total')}</dt>
        <dd data-testid="grace-total">{formatMoney(g.owedCents, lang)}</dd>
      </dl>
      {g.owedMonths.length > 0 && <p>{t(g.owedMonths.length === 1 ? 'billing.grace.owedOne' : 'billing.grace.owedMany', { months: monthList(g.owedMonths, lang) })}</p>}
      {g.billsToCome.length > 0 && (
        <p data-testid="grace-bills-to-come">
          {t(g.billsToCome.length === 1 ? 'billing.grace.toComeOne' : 'billing.grace.toComeMany', {
            months: monthList(
              g.billsToCome.map((b) => b.coverageMonth),
              lang,
            ),
            date: date(g.endsOn),
          })}
        </p>
      )}
      <p data-testid="grace-if-not-paid">
        {g.ended
          ? t(g.withCredit ? 'billing.grace.endedIfNotCredit' : 'billing.grace.endedIfNot', { end: date(g.coverageEndsOn) })
          : t(g.withCredit ? 'billing.grace.ifNotCredit' : 'billing.grace.ifNot', { payBy: date(g.endsOn), end: date(g.coverageEndsOn), month: formatMonth(g.firstMonth, lang) })}
      </p>
    </Alert>
  );
}

/**
 * One grace period box per enrollment in a grace period, each naming its plan
 * when there are several: on the customer's billing page and, for the agent to
 * read out, on the call-centre console.
 */
export function GraceAlerts(props: { billing: HouseholdBilling; forStaff?: boolean }) {
  const b = props.billing;
  return (
    <>
      {b.graces.map((g) => {
        const e = b.enrollments.find((x) => x.id === g.enrollmentId);
        return <GraceAlert key={g.enrollmentId} grace={g} forStaff={props.forStaff} plan={b.graces.length > 1 && e ? e.planName : undefined} />;
      })}
    </>
  );
}

export function CoverageList(props: { billing: HouseholdBilling; forStaff?: boolean }) {
  const { lang } = usePage();
  const t = tr(lang);
  if (props.billing.enrollments.length === 0) return null;
  return (
    <table class="usa-table usa-table--borderless usa-table--stacked width-full">
      <caption>{t(props.forStaff ? 'billing.staff.coverage' : 'billing.col.coverage')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('billing.col.plan')}</th>
          <th scope="col">{t('billing.col.coverage')}</th>
          <th scope="col">{t('billing.col.premium')}</th>
          <th scope="col">{t('billing.col.help')}</th>
          <th scope="col">{t('billing.col.status')}</th>
        </tr>
      </thead>
      <tbody>
        {props.billing.enrollments.map((e) => (
          <tr key={e.id}>
            <th scope="row" data-label={t('billing.col.plan')}>
              {e.planName}
            </th>
            <td data-label={t('billing.col.coverage')}>{t('billing.coverageDates', { start: formatDate(e.coverageStart, lang), end: formatDate(e.coverageEnd, lang) })}</td>
            <td data-label={t('billing.col.premium')}>{formatMoney(e.netPremiumCents, lang)}</td>
            <td data-label={t('billing.col.help')}>{formatMoney(e.aptcCents + e.stateAssistanceCents, lang)}</td>
            <td data-label={t('billing.col.status')}>{t(`billing.enrollment.${e.status}` as 'billing.enrollment.effectuated')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
