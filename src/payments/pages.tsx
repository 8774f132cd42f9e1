/** Payments' page bodies (routes.tsx gathers the data and renders them). */
import type { FieldError } from '../platform/errors.js';
import { BillingSection, GraceAlerts, InvoiceTable, PaymentTable } from '../billing/components.js';
import { billingMessages } from '../billing/messages.js';
import { formatReference } from '../billing/reference-number.js';
import { Alert, Button, ErrorSummary, Form, TextField } from '../web/components.js';
import { formatDate, formatDateTime, formatMoney } from '../web/i18n.js';
import { usePage } from '../web/page-context.js';
import type { HouseholdBilling } from './household-billing.js';
import { paymentMessages } from './messages.js';
import type { ReconciliationItem } from './schema.js';
import { TableScroll } from '../web/table-scroll.js';

const useT = () => {
  const { lang } = usePage();
  const t = paymentMessages.for(lang);
  const translate = (k: string, v?: Record<string, string | number>) => (paymentMessages.has(k) ? t(k, v) : billingMessages.has(k) ? billingMessages.for(lang)(k, v) : k);
  return { lang, t, translate };
};

export function PayPage(props: { billing: HouseholdBilling; idempotencyKey: string; values: Record<string, string>; errors: FieldError[] }) {
  const { lang, t, translate } = useT();
  const next = props.billing.next;
  return (
    <div class="usa-prose">
      <h1>{t('pay.title')}</h1>
      {props.billing.inFlightCents > 0 && (
        <Alert type="info" slim>
          <span data-testid="in-flight">
            {props.billing.amountDueCents > 0
              ? billingMessages.for(lang)('billing.section.inFlight', { inFlight: formatMoney(props.billing.inFlightCents, lang), left: formatMoney(props.billing.amountDueCents, lang) })
              : billingMessages.for(lang)('billing.section.inFlightAll', { amount: formatMoney(props.billing.inFlightCents, lang) })}
          </span>
        </Alert>
      )}
      {!next || props.billing.amountDueCents === 0 ? (
        <>
          {props.errors.length > 0 && (
            <Alert type="error" slim>
              <span data-testid="pay-refused">{props.errors.map((e) => translate(e.messageKey)).join(' ')}</span>
            </Alert>
          )}
          {props.billing.inFlightCents === 0 && <p>{t('pay.nothingDue')}</p>}
          <p>
            <a href="/billing">{t('receipt.back')}</a>
          </p>
        </>
      ) : (
        <>
          <p class="usa-intro">{t('pay.amountDue', { amount: formatMoney(props.billing.amountDueCents, lang), reference: formatReference(next.referenceNumber) })}</p>
          <p>{t('pay.lead')}</p>
          <ErrorSummary errors={props.errors} translate={translate} />
          <Form action="/billing/pay">
            <input type="hidden" name="idempotencyKey" value={props.idempotencyKey} />
            <input type="hidden" name="invoiceId" value={next.invoiceId} />
            <TextField
              name="amount"
              label={t('pay.amount')}
              hint={t('pay.amountHint')}
              inputmode="decimal"
              width="md"
              value={props.values.amount ?? (props.billing.amountDueCents / 100).toFixed(2)}
              errors={props.errors}
              translate={translate}
            />
            <Button>{t('pay.continue')}</Button>
          </Form>
        </>
      )}
    </div>
  );
}

export function ProcessorDownPage(props: { amountCents: number; reference: string }) {
  const { lang, t } = useT();
  const { profile } = usePage();
  const box = profile.lockbox;
  return (
    <div class="usa-prose">
      <h1>{t('pay.processorDown.title')}</h1>
      <p>
        {t('pay.processorDown.body', {
          amount: formatMoney(props.amountCents, lang),
          phone: profile.phoneLines.payments.number,
          address: [box.name, ...box.lines, `${box.city}, ${box.state} ${box.zip}`].join(', '),
          reference: formatReference(props.reference),
        })}
      </p>
    </div>
  );
}

export interface ReceiptPayment {
  id: string;
  status: string;
  amountCents: number;
  method: string | null;
  last4: string | null;
  channel: string;
  checkNumber: string | null;
  createdAt: Date;
  receivedOn: string | null;
  processorChargeId: string | null;
}

/** The confirmation number a person quotes about a payment: the first 10 characters of its id, grouped. */
export function confirmationNumber(paymentId: string): string {
  const c = paymentId.replace(/-/g, '').slice(0, 10).toUpperCase();
  return `${c.slice(0, 5)}-${c.slice(5)}`;
}

/**
 * The confirmation of a payment: what happened, the confirmation and reference
 * numbers, the date, the amount and the method, then what happens next and
 * where to go from here.
 */
export function ReceiptPage(props: { payment: ReceiptPayment; reference: string; leftToPayCents: number; staff: boolean; backHref: string }) {
  const { lang, t } = useT();
  const tb = billingMessages.for(lang);
  const p = props.payment;
  const key = `receipt.${p.status}` as 'receipt.succeeded';
  const ok = p.status === 'succeeded' || p.status === 'pending';
  const charged = p.status !== 'created' && p.status !== 'cancelled';
  const method =
    p.method === 'check'
      ? tb('billing.method.check', { number: p.checkNumber ?? '' })
      : p.method && p.last4
        ? tb(`billing.method.${p.method}` as 'billing.method.card', { last4: p.last4 })
        : tb(`billing.channel.${p.channel}` as 'billing.channel.online');
  const next =
    p.status === 'succeeded' || p.status === 'pending'
      ? (`receipt.next.${p.status}` as const)
      : p.status === 'failed' || p.status === 'cancelled' || p.status === 'created'
        ? ('receipt.next.retry' as const)
        : ('receipt.next.returned' as const);
  return (
    <div class="usa-prose">
      <h1>{t('receipt.title')}</h1>
      <Alert type={ok ? 'success' : p.status === 'cancelled' || p.status === 'created' ? 'info' : 'warning'}>
        <p data-testid="payment-status" data-status={p.status}>
          {t(key, { amount: formatMoney(p.amountCents, lang) })}
        </p>
      </Alert>
      {charged && (
        <dl class="candor-facts" data-testid="receipt-facts">
          <dt>{t('receipt.confirmation')}</dt>
          <dd data-testid="confirmation-number">{confirmationNumber(p.id)}</dd>
          <dt>{t('receipt.reference')}</dt>
          <dd data-testid="receipt-reference">{props.reference}</dd>
          <dt>{t('receipt.date')}</dt>
          <dd data-testid="receipt-date">{formatDate(p.receivedOn ?? p.createdAt.toISOString().slice(0, 10), lang)}</dd>
          <dt>{t('receipt.amount')}</dt>
          <dd>{formatMoney(p.amountCents, lang)}</dd>
          <dt>{t('receipt.method')}</dt>
          <dd data-testid="receipt-method">{method}</dd>
        </dl>
      )}
      <h2>{t('receipt.next.title')}</h2>
      <p data-testid="receipt-next">
        {t(props.staff ? (`${next}.staff` as 'receipt.next.succeeded.staff') : next, { left: formatMoney(props.leftToPayCents, lang) })}
        {props.leftToPayCents > 0 && p.status !== 'failed' && p.status !== 'cancelled' && p.status !== 'created'
          ? ` ${t(props.staff ? 'receipt.next.left.staff' : 'receipt.next.left', { left: formatMoney(props.leftToPayCents, lang) })}`
          : ''}
      </p>
      <ul class="usa-list usa-list--unstyled">
        <li>
          <a href={props.backHref} class="usa-button">
            {t(props.staff ? 'receipt.back.staff' : 'receipt.back')}
          </a>
        </li>
        {!props.staff && (
          <li class="margin-top-2">
            <a href="/coverage">{t('receipt.coverage')}</a>
          </li>
        )}
        {!props.staff && (p.status === 'failed' || p.status === 'cancelled' || p.status === 'created') && (
          <li class="margin-top-2">
            <a href="/billing/pay">{t('receipt.tryAgain')}</a>
          </li>
        )}
      </ul>
    </div>
  );
}

export function ConsoleSearchPage(props: { values: Record<string, string>; errors: FieldError[] }) {
  const { t, translate } = useT();
  return (
    <div>
      <h1>{t('console.title')}</h1>
      <p>{t('console.lead')}</p>
      <ErrorSummary errors={props.errors} translate={translate} />
      <Form action="/call-centre/billing/search">
        <TextField name="query" label={t('console.query')} value={props.values.query} errors={props.errors} translate={translate} width="lg" />
        <Button>{t('console.find')}</Button>
      </Form>
    </div>
  );
}

export interface ConsoleProps {
  billing: HouseholdBilling;
  notes: Array<{ id: string; topic: string; note: string; createdAt: Date }>;
  phoneAvailable: boolean;
  isSupervisor: boolean;
  idempotencyKey: string;
  flash: string | null;
  errors: FieldError[];
  values: Record<string, string>;
}

export function ConsolePage(props: ConsoleProps) {
  const { lang, t, translate } = useT();
  const tb = billingMessages.for(lang);
  const b = props.billing;
  const hid = b.householdId;
  const ended = b.enrollments.filter((e) => e.status === 'terminated' || e.status === 'cancelled');
  return (
    <div>
      <h1>{t('console.household', { case: b.caseNumber })}</h1>
      <p>
        <a href={`/staff/households/${hid}`}>{t('console.enrollmentHref')}</a>
      </p>
      {props.flash && (
        <Alert type="success" slim>
          {props.flash}
        </Alert>
      )}
      <ErrorSummary errors={props.errors} translate={translate} />
      <GraceAlerts billing={b} forStaff />
      <BillingSection billing={b} showHistoryLink={false} forStaff />
      <h2>{tb('billing.staff.invoices')}</h2>
      <InvoiceTable billing={b} caption={tb('billing.staff.invoices')} />

      <h2>{t('console.phone.title')}</h2>
      {props.phoneAvailable ? (
        <>
          <p>{t('console.phone.lead')}</p>
          <Form action={`/call-centre/households/${hid}/phone-payment`}>
            <input type="hidden" name="idempotencyKey" value={props.idempotencyKey} />
            {b.next && <input type="hidden" name="invoiceId" value={b.next.invoiceId} />}
            <TextField
              name="amount"
              label={t('console.phone.amount')}
              inputmode="decimal"
              width="md"
              value={props.values.amount ?? (b.amountDueCents / 100).toFixed(2)}
              errors={props.errors}
              translate={translate}
            />
            <Button>{t('console.phone.submit')}</Button>
          </Form>
        </>
      ) : (
        <Alert type="warning" slim>
          {t('console.phone.unavailable')}
        </Alert>
      )}

      <h2>{tb('billing.staff.payments')}</h2>
      <PaymentTable
        billing={b}
        caption={tb('billing.staff.payments')}
        actions={
          props.isSupervisor
            ? (p) =>
                p.status === 'succeeded' && p.method !== 'check' && p.refundedCents < p.amountCents ? (
                  <Form action={`/call-centre/payments/${p.id}/refund`} class="usa-form" aria-label={`${t('console.refund.submit')} ${p.id.slice(0, 8)}`}>
                    <input type="hidden" name="idempotencyKey" value={`${props.idempotencyKey}-${p.id}`} />
                    <label class="usa-label" for={`refund-amount-${p.id}`}>
                      {t('console.refund.amount')}
                    </label>
                    <input class="usa-input usa-input--sm" id={`refund-amount-${p.id}`} name="amount" inputMode="decimal" value={((p.amountCents - p.refundedCents) / 100).toFixed(2)} />
                    <label class="usa-label" for={`refund-reason-${p.id}`}>
                      {t('console.refund.reason')}
                    </label>
                    <select class="usa-select" id={`refund-reason-${p.id}`} name="reason">
                      {(['overpayment', 'duplicate', 'coverage-cancelled', 'customer-request'] as const).map((r) => (
                        <option value={r} key={r}>
                          {t(`console.refund.reason.${r}`)}
                        </option>
                      ))}
                    </select>
                    <Button variant="outline">{t('console.refund.submit')}</Button>
                  </Form>
                ) : null
            : undefined
        }
      />

      {props.isSupervisor &&
        ended.map((e) => (
          <section key={e.id} aria-labelledby={`reinstate-${e.id}`}>
            <h2 id={`reinstate-${e.id}`}>{t('console.reinstate.title')}</h2>
            <p>{t('console.reinstate.lead', { end: formatDate(e.coverageEnd, lang) })}</p>
            <Form action={`/call-centre/households/${hid}/reinstate`} class="usa-form">
              <input type="hidden" name="enrollmentId" value={e.id} />
              <Button variant="secondary">{t('console.reinstate.submit')}</Button>
            </Form>
          </section>
        ))}

      <h2>{t('console.notes.title')}</h2>
      <Form action={`/call-centre/households/${hid}/notes`}>
        <label class="usa-label" for="topic">
          {t('console.notes.topic')}
        </label>
        <select class="usa-select" id="topic" name="topic">
          {(['billing', 'payment', 'coverage', 'other'] as const).map((topic) => (
            <option value={topic} key={topic}>
              {t(`console.topic.${topic}`)}
            </option>
          ))}
        </select>
        <label class="usa-label" for="note">
          {t('console.notes.note')}
        </label>
        <textarea class="usa-textarea" id="note" name="note" />
        <Button>{t('console.notes.add')}</Button>
      </Form>
      {props.notes.length === 0 ? (
        <p>{t('console.notes.none')}</p>
      ) : (
        <ul class="usa-list">
          {props.notes.map((n) => (
            <li key={n.id}>
              <strong>{formatDateTime(n.createdAt, lang)}</strong> ({t(`console.topic.${n.topic}` as 'console.topic.other')}): {n.note}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export interface BatchRow {
  id: string;
  fileName: string;
  importedAt: Date;
  lines: number;
  posted: number;
  exceptions: number;
  postedCents: number;
}

export interface ExceptionRow {
  id: string;
  lineNumber: number;
  checkNumber: string;
  amountCents: number | null;
  payerName: string;
  referenceAsWritten: string;
  reason: string;
  depositDate: string | null;
}

function ExceptionsTable(props: { rows: ExceptionRow[] }) {
  const { lang, t } = useT();
  if (props.rows.length === 0) return <p>{t('mailroom.exceptions.none')}</p>;
  return (
    <TableScroll label={t('mailroom.exceptions')}>
      <table class="usa-table usa-table--borderless width-full">
        <caption>{t('mailroom.exceptions')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('mailroom.col.check')}</th>
            <th scope="col">{t('mailroom.col.payer')}</th>
            <th scope="col">{billingMessages.for(lang)('billing.col.amount')}</th>
            <th scope="col">{t('mailroom.col.written')}</th>
            <th scope="col">{t('mailroom.col.reason')}</th>
            <th scope="col">{t('mailroom.col.resolve')}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((e) => (
            <tr key={e.id}>
              <th scope="row">{e.checkNumber || '—'}</th>
              <td>{e.payerName}</td>
              <td>{e.amountCents === null ? '—' : formatMoney(e.amountCents, lang)}</td>
              <td>{e.referenceAsWritten || '—'}</td>
              <td>{t(`mailroom.reason.${e.reason}` as 'mailroom.reason.unknown-reference')}</td>
              <td>
                <Form action={`/mailroom/exceptions/${e.id}`} class="usa-form">
                  <label class="usa-label" for={`reference-${e.id}`}>
                    {t('mailroom.resolve.reference')}
                  </label>
                  <input class="usa-input" id={`reference-${e.id}`} name="reference" inputMode="numeric" />
                  <Button name="action" value="post" variant="outline">
                    {t('mailroom.resolve.post')}
                  </Button>
                  <Button name="action" value="return" variant="unstyled">
                    {t('mailroom.resolve.return')}
                  </Button>
                </Form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

export function MailroomPage(props: { batches: BatchRow[]; exceptions: ExceptionRow[]; errors: FieldError[]; flash: string | null }) {
  const { lang, t, translate } = useT();
  return (
    <div>
      <h1>{t('mailroom.title')}</h1>
      {props.flash && (
        <Alert type="success" slim>
          {props.flash}
        </Alert>
      )}
      <ErrorSummary errors={props.errors} translate={translate} />
      <h2>{t('mailroom.import.title')}</h2>
      <Form action="/mailroom/lockbox" enctype="multipart/form-data">
        <div class={`usa-form-group${props.errors.some((e) => e.field === 'file') ? ' usa-form-group--error' : ''}`}>
          <label class="usa-label" for="file">
            {t('mailroom.import.file')}
          </label>
          <span class="usa-hint" id="file-hint">
            {t('mailroom.import.hint')}
          </span>
          <input class="usa-file-input" id="file" name="file" type="file" accept=".csv,text/csv" aria-describedby="file-hint" />
        </div>
        <Button>{t('mailroom.import.submit')}</Button>
      </Form>
      <h2>{t('mailroom.exceptions')}</h2>
      <ExceptionsTable rows={props.exceptions} />
      <h2>{t('mailroom.batches')}</h2>
      <ul class="usa-list">
        {props.batches.map((b) => (
          <li key={b.id}>
            <a href={`/mailroom/batches/${b.id}`}>{b.fileName}</a> ({formatDateTime(b.importedAt, lang)}):{' '}
            {t('mailroom.batch.summary', { lines: b.lines, posted: b.posted, amount: formatMoney(b.postedCents, lang), exceptions: b.exceptions })}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function BatchPage(props: { batch: BatchRow; again: boolean; exceptions: ExceptionRow[] }) {
  const { lang, t } = useT();
  const b = props.batch;
  return (
    <div>
      <h1>{t('mailroom.batch.title', { name: b.fileName })}</h1>
      {props.again && (
        <Alert type="info" slim>
          {t('mailroom.batch.again')}
        </Alert>
      )}
      <p data-testid="batch-summary">{t('mailroom.batch.summary', { lines: b.lines, posted: b.posted, amount: formatMoney(b.postedCents, lang), exceptions: b.exceptions })}</p>
      <h2>{t('mailroom.exceptions')}</h2>
      <ExceptionsTable rows={props.exceptions} />
      <p>
        <a href="/mailroom">{t('mailroom.title')}</a>
      </p>
    </div>
  );
}

export interface ReportRow {
  reportDate: string;
  processorCount: number;
  ledgerCount: number;
  processorCents: number;
  ledgerCents: number;
  matched: number;
  items: ReconciliationItem[];
}

export function ReconciliationPage(props: { reports: ReportRow[]; selected: ReportRow | null; errors: FieldError[]; values: Record<string, string> }) {
  const { lang, t, translate } = useT();
  const s = props.selected;
  return (
    <div>
      <h1>{t('recon.title')}</h1>
      <p>{t('recon.lead')}</p>
      <ErrorSummary errors={props.errors} translate={translate} />
      <Form action="/payments/reconciliation">
        <TextField name="date" label={t('recon.date')} value={props.values.date} errors={props.errors} translate={translate} width="md" />
        <Button>{t('recon.run')}</Button>
      </Form>
      {s && (
        <section aria-labelledby="recon-report">
          <h2 id="recon-report">{t('recon.report', { date: s.reportDate })}</h2>
          <p>{t('recon.summary', { pc: s.processorCount, pcents: formatMoney(s.processorCents, lang), lc: s.ledgerCount, lcents: formatMoney(s.ledgerCents, lang), matched: s.matched })}</p>
          {s.items.length === 0 ? (
            <Alert type="success" slim>
              {t('recon.balanced')}
            </Alert>
          ) : (
            <ul class="usa-list">
              {s.items.map((i, k) => (
                <li key={k}>
                  {t(`recon.kind.${i.kind}`)}: {i.chargeId ?? '—'} / {i.paymentId ?? '—'} ({i.processor ? `${i.processor.status} ${formatMoney(i.processor.amountCents, lang)}` : '—'} ↔{' '}
                  {i.ledger ? `${i.ledger.status} ${formatMoney(i.ledger.amountCents, lang)}` : '—'})
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      <h2>{t('recon.col.date')}</h2>
      {props.reports.length === 0 ? (
        <p>{t('recon.none')}</p>
      ) : (
        <TableScroll label={t('recon.title')}>
          <table class="usa-table usa-table--borderless">
            <caption>{t('recon.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('recon.col.date')}</th>
                <th scope="col">{t('recon.col.processor')}</th>
                <th scope="col">{t('recon.col.ledger')}</th>
                <th scope="col">{t('recon.col.matched')}</th>
                <th scope="col">{t('recon.col.differences')}</th>
              </tr>
            </thead>
            <tbody>
              {props.reports.map((r) => (
                <tr key={r.reportDate}>
                  <th scope="row">
                    <a href={`/payments/reconciliation/${r.reportDate}`}>{r.reportDate}</a>
                  </th>
                  <td>{formatMoney(r.processorCents, lang)}</td>
                  <td>{formatMoney(r.ledgerCents, lang)}</td>
                  <td>{r.matched}</td>
                  <td>{r.items.length}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </div>
  );
}
