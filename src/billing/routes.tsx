/** Billing's pages: the customer's bills and payment history; the supervisor's review of held terminations. */
import { and, asc, eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CAPABILITY_NAMES, isCapabilityId } from '../capabilities/ids.js';
import { ownHousehold } from '../enrollment/household-access.js';
import { households } from '../enrollment/schema.js';
import { CandorError, notFound, type FieldError } from '../platform/errors.js';
import { householdBilling, type HouseholdBilling } from '../payments/household-billing.js';
import { Alert, Button, ErrorSummary, Form } from '../web/components.js';
import type { AppContext } from '../web/context.js';
import { formatDate, type Lang } from '../web/i18n.js';
import { usePage } from '../web/page-context.js';
import { renderPage } from '../web/render.js';
import { BillingSection, CoverageList, GraceAlerts, InvoiceTable, PaymentTable } from './components.js';
import { decideReview } from './decide-review.js';
import { billingMessages } from './messages.js';
import { reviews } from './schema.js';
import { TableScroll } from '../web/table-scroll.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const t = (req: FastifyRequest) => billingMessages.for(req.lang);

function BillingPage(props: { billing: HouseholdBilling | null }) {
  const { lang } = usePage();
  const tt = billingMessages.for(lang);
  return (
    <div>
      <h1>{tt('billing.page.title')}</h1>
      {!props.billing ? (
        <p>{tt('billing.page.noHousehold')}</p>
      ) : (
        <>
          <GraceAlerts billing={props.billing} />
          <BillingSection billing={props.billing} showHistoryLink={false} />
          <CoverageList billing={props.billing} />
          <h2>{tt('billing.page.invoices')}</h2>
          <InvoiceTable billing={props.billing} caption={tt('billing.page.invoices')} />
          <h2>{tt('billing.page.payments')}</h2>
          <PaymentTable billing={props.billing} caption={tt('billing.page.payments')} />
        </>
      )}
    </div>
  );
}

type ReviewRow = typeof reviews.$inferSelect & { caseNumber: string };

const channelNames = (ids: string[], lang: Lang) => ids.map((c) => (isCapabilityId(c) ? CAPABILITY_NAMES[c][lang] : c)).join(', ');

function ReviewsPage(props: { rows: ReviewRow[] }) {
  const { lang } = usePage();
  const tt = billingMessages.for(lang);
  return (
    <div>
      <h1>{tt('reviews.title')}</h1>
      <p class="usa-intro">{tt('reviews.lead')}</p>
      {props.rows.length === 0 ? (
        <p>{tt('reviews.none')}</p>
      ) : (
        <TableScroll label={tt('reviews.title')}>
          <table class="usa-table usa-table--borderless width-full">
            <caption>{tt('reviews.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{tt('reviews.col.case')}</th>
                <th scope="col">{tt('reviews.col.kind')}</th>
                <th scope="col">{tt('reviews.col.window')}</th>
                <th scope="col">{tt('reviews.col.outage')}</th>
                <th scope="col">{tt('reviews.col.end')}</th>
                <th scope="col">{tt('billing.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr key={r.id}>
                  <th scope="row">{r.caseNumber}</th>
                  <td>{tt(`reviews.kind.${r.kind}`)}</td>
                  <td>{tt('billing.coverageDates', { start: formatDate(r.windowStart, lang), end: formatDate(r.windowEnd, lang) })}</td>
                  <td>{r.outageDays}</td>
                  <td>{formatDate(r.proposedEndDate, lang)}</td>
                  <td>
                    <a href={`/billing/reviews/${r.id}`}>
                      {tt('reviews.open')}
                      <span class="usa-sr-only"> {r.caseNumber}</span>
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </div>
  );
}

function ReviewPage(props: { review: ReviewRow; errors: FieldError[]; values: Record<string, string> }) {
  const { lang } = usePage();
  const tt = billingMessages.for(lang);
  const r = props.review;
  const kind = tt(`reviews.kind.${r.kind}`).toLowerCase();
  const translate = (k: string, v?: Record<string, string | number>) => (billingMessages.has(k) ? tt(k, v) : k);
  const err = (f: string) => props.errors.find((e) => e.field === f);
  return (
    <div>
      <h1>{tt('reviews.one.title', { kind })}</h1>
      <p>
        {tt('reviews.one.facts', {
          case: r.caseNumber,
          from: formatDate(r.windowStart, lang),
          to: formatDate(r.windowEnd, lang),
          channels: channelNames(r.channels, lang),
          days: r.outageDays,
          end: formatDate(r.proposedEndDate, lang),
        })}
      </p>
      {r.status !== 'pending' ? (
        <Alert type="info">{tt('reviews.one.decided', { status: tt(`reviews.status.${r.status}`), date: formatDate(r.decidedAt!, lang) })}</Alert>
      ) : (
        <>
          <ErrorSummary errors={props.errors} translate={translate} />
          <Form action={`/billing/reviews/${r.id}`}>
            <fieldset class="usa-fieldset">
              <legend class="usa-legend">{tt('reviews.one.decision')}</legend>
              <div class="usa-radio">
                <input class="usa-radio__input" id="decision-release" type="radio" name="decision" value="release" checked={props.values.decision !== 'extend'} />
                <label class="usa-radio__label" for="decision-release">
                  {tt('reviews.one.release')}
                </label>
              </div>
              <div class="usa-radio">
                <input class="usa-radio__input" id="decision-extend" type="radio" name="decision" value="extend" checked={props.values.decision === 'extend'} />
                <label class="usa-radio__label" for="decision-extend">
                  {tt('reviews.one.extend')}
                </label>
              </div>
            </fieldset>
            <div class={`usa-form-group${err('days') ? ' usa-form-group--error' : ''}`}>
              <label class="usa-label" for="days">
                {tt('reviews.one.days')}
              </label>
              {err('days') && (
                <span class="usa-error-message" id="days-error">
                  {translate(err('days')!.messageKey)}
                </span>
              )}
              <input
                class="usa-input usa-input--sm"
                id="days"
                name="days"
                inputMode="numeric"
                value={props.values.days ?? String(r.outageDays)}
                aria-describedby={err('days') ? 'days-error' : undefined}
              />
            </div>
            <div class={`usa-form-group${err('note') ? ' usa-form-group--error' : ''}`}>
              <label class="usa-label" for="note">
                {tt('reviews.one.note')}
              </label>
              {err('note') && (
                <span class="usa-error-message" id="note-error">
                  {translate(err('note')!.messageKey)}
                </span>
              )}
              <textarea class="usa-textarea" id="note" name="note" aria-describedby={err('note') ? 'note-error' : undefined}>
                {props.values.note ?? ''}
              </textarea>
            </div>
            <Button>{tt('reviews.one.submit')}</Button>
          </Form>
        </>
      )}
    </div>
  );
}

export function billingRoutes(app: FastifyInstance, ctx: AppContext) {
  const now = () => ctx.clock.now();

  app.get('/billing', async (req, reply) => {
    const household = await ownHousehold(ctx.db, req.actor!.accountId);
    const billing = household ? await householdBilling(ctx.db, household.id, { now: now(), profile: ctx.profile }) : null;
    return renderPage(ctx, req, reply, { title: t(req)('billing.page.title'), body: <BillingPage billing={billing} /> });
  });

  async function loadReview(id: string): Promise<ReviewRow> {
    if (!UUID.test(id)) throw notFound();
    const [row] = await ctx.db.select({ review: reviews, caseNumber: households.caseNumber }).from(reviews).innerJoin(households, eq(households.id, reviews.householdId)).where(eq(reviews.id, id));
    if (!row) throw notFound();
    return { ...row.review, caseNumber: row.caseNumber };
  }

  app.get('/billing/reviews', async (req, reply) => {
    const rows = await ctx.db
      .select({ review: reviews, caseNumber: households.caseNumber })
      .from(reviews)
      .innerJoin(households, eq(households.id, reviews.householdId))
      .where(and(eq(reviews.status, 'pending')))
      .orderBy(asc(reviews.createdAt))
      .limit(200);
    return renderPage(ctx, req, reply, { title: t(req)('reviews.title'), body: <ReviewsPage rows={rows.map((r) => ({ ...r.review, caseNumber: r.caseNumber }))} /> });
  });

  app.get<{ Params: { reviewId: string } }>('/billing/reviews/:reviewId', async (req, reply) => {
    const review = await loadReview(req.params.reviewId);
    return renderPage(ctx, req, reply, {
      title: t(req)('reviews.one.title', { kind: t(req)(`reviews.kind.${review.kind}`).toLowerCase() }),
      body: <ReviewPage review={review} errors={[]} values={{}} />,
    });
  });

  app.post<{ Params: { reviewId: string }; Body: Record<string, string> }>('/billing/reviews/:reviewId', async (req, reply) => {
    const review = await loadReview(req.params.reviewId);
    const body = req.body ?? {};
    try {
      await ctx.db.transaction((tx) => decideReview(tx, { reviewId: review.id, body, supervisorId: req.actor!.accountId, ip: req.ip, now: now() }));
    } catch (err) {
      if (err instanceof CandorError && err.name === 'invalid-input') {
        return renderPage(ctx, req, reply, {
          title: t(req)('reviews.one.title', { kind: t(req)(`reviews.kind.${review.kind}`).toLowerCase() }),
          status: 400,
          body: <ReviewPage review={review} errors={err.details.fields ?? []} values={body} />,
        });
      }
      throw err;
    }
    return reply.redirect('/billing/reviews', 303);
  });
}
