/** Plan selection, the customer's coverage, one enrollment, ending it, changing the credit, life events. */
import type { VNode } from 'preact';
import type { FieldError } from '../platform/errors.js';
import { Alert, Button, ErrorSummary, Form, MemorableDate, TextField } from '../web/components.js';
import { formatDate, formatDateTime, formatMoney } from '../web/i18n.js';
import { usePage } from '../web/page-context.js';
import { TableScroll } from '../web/table-scroll.js';
import { RadioGroup, translator } from './components.js';
import type { PlanOffer } from './engine.js';
import type { EnrollmentWindow } from './enrollment-periods.js';
import type { FormValues } from './application-pages.js';
import { enrollmentMessages } from './messages.js';
import { LIFE_EVENTS, type AmountReason, type EnrollmentStatus, type TransitionKind } from './schema.js';

export function PlansPage(props: {
  action: string;
  window: EnrollmentWindow;
  offers: PlanOffer[];
  memberCount: number;
  maxAptcCents: number;
  stateAssistanceCents: number;
  values: FormValues;
  errors: FieldError[];
  /**
   * The open window is for another plan year than the household's results: where
   * to review the application for that year (a POST), or, without results, where
   * the application is. Never a dead end.
   */
  nextStep: null | { kind: 'continue'; action: string; fromYear: number; enrollBy: string | null } | { kind: 'application'; href: string };
  lifeEventHref: string | null;
  /** For staff: the household's page, where its events and applications are. */
  householdHref?: string | null;
  /** Provisional tables behind the amounts: the page says they are an estimate. */
  estimates?: Array<{ table: string; source: string }>;
}) {
  const { lang, profile } = usePage();
  const t = enrollmentMessages.for(lang);
  const tr = translator(lang);
  const w = props.window;
  if (!w.open) {
    return (
      <div class="usa-prose">
        <h1>{t('plans.title')}</h1>
        <Alert type="info">{w.nextOpenEnrollmentStart ? t('plans.closed', { date: formatDate(w.nextOpenEnrollmentStart, lang, profile.timeZone) }) : t('plans.closedNoDate')}</Alert>
        {props.lifeEventHref && (
          <p>
            <a class="usa-button" href={props.lifeEventHref}>
              {t('plans.reportEvent')}
            </a>
          </p>
        )}
        {props.householdHref && (
          <p>
            <a class="usa-button" href={props.householdHref}>
              {t('plans.toHousehold')}
            </a>
          </p>
        )}
      </div>
    );
  }
  const start = formatDate(w.coverageStart, lang, profile.timeZone);
  return (
    <div>
      <div class="usa-prose">
        <h1>{t('plans.title')}</h1>
        <p>{w.kind === 'special' ? t('plans.period.special', { date: start }) : t('plans.period.open-enrollment', { date: start })}</p>
        <p>{props.memberCount === 1 ? t('plans.leadOne', { date: start }) : t('plans.lead', { count: props.memberCount, date: start })}</p>
      </div>
      {props.estimates?.length ? (
        <div id="estimate">
          <Alert type="warning">
            {t('plans.estimate', { year: w.planYear })} {t('plans.estimateSources', { sources: props.estimates.map((e) => e.source).join('; ') })}
          </Alert>
        </div>
      ) : null}
      {props.nextStep?.kind === 'continue' ? (
        <>
          <Alert type="info">
            {t('plans.nextYear', { from: props.nextStep.fromYear, year: w.planYear })}
            {props.nextStep.enrollBy && ` ${t('plans.nextYearBy', { end: formatDate(props.nextStep.enrollBy, lang, profile.timeZone) })}`}
          </Alert>
          <Form action={props.nextStep.action}>
            <Button>{t('plans.nextYearButton', { year: w.planYear })}</Button>
          </Form>
        </>
      ) : props.nextStep?.kind === 'application' ? (
        <>
          <Alert type="info">{t('plans.noDetermination', { year: w.planYear })}</Alert>
          <p>
            <a class="usa-button" href={props.nextStep.href}>
              {t('plans.toApplication')}
            </a>
          </p>
        </>
      ) : props.offers.length === 0 ? (
        <Alert type="info">{t('plans.none')}</Alert>
      ) : (
        <Form action={props.action}>
          <ErrorSummary errors={props.errors} translate={tr} />
          <PlanChoices offers={props.offers} value={props.values.plan} errors={props.errors} maxAptcCents={props.maxAptcCents} stateAssistanceCents={props.stateAssistanceCents} />
          {props.maxAptcCents > 0 && (
            <TextField
              name="aptc"
              label={t('plans.aptc')}
              hint={t('plans.aptcHint', { max: formatMoney(props.maxAptcCents, lang) })}
              value={props.values.aptc ?? (props.maxAptcCents / 100).toFixed(2)}
              errors={props.errors}
              translate={tr}
              inputmode="decimal"
              width="md"
            />
          )}
          <Button>{t('plans.enroll')}</Button>
        </Form>
      )}
    </div>
  );
}

function PlanChoices(props: { offers: PlanOffer[]; value?: string; errors: FieldError[]; maxAptcCents: number; stateAssistanceCents: number }) {
  const { lang } = usePage();
  const t = enrollmentMessages.for(lang);
  const error = props.errors.find((e) => e.field === 'plan');
  return (
    <div class={`usa-form-group${error ? ' usa-form-group--error' : ''}`}>
      <fieldset class="usa-fieldset" id="plan">
        <legend class="usa-legend usa-legend--large">{t('plans.legend')}</legend>
        {error && (
          <span class="usa-error-message" id="plan-error" role="alert">
            {translator(lang)(error.messageKey)}
          </span>
        )}
        {props.offers.map((o) => {
          const value = `${o.planHiosId}-${o.variant}`;
          const credit = Math.min(props.maxAptcCents, o.grossPremiumCents);
          const afterHelp = Math.max(0, o.grossPremiumCents - credit - Math.min(props.stateAssistanceCents, o.grossPremiumCents - credit));
          const id = `plan-${value}`;
          return (
            <div class="usa-radio" key={value}>
              <input class="usa-radio__input usa-radio__input--tile" id={id} type="radio" name="plan" value={value} checked={props.value === value} />
              <label class="usa-radio__label" for={id}>
                {o.name} — {o.carrierName} ({t(`plans.metal.${o.metal}`)})
                <span class="usa-radio__label-description">
                  {t('plans.premium', { amount: formatMoney(o.grossPremiumCents, lang) })}. {credit > 0 && <strong>{t('plans.afterCredit', { amount: formatMoney(afterHelp, lang) })}. </strong>}
                  {o.deductibleCents !== null && t('plans.deductible', { amount: formatMoney(o.deductibleCents, lang) })}.{' '}
                  {o.outOfPocketMaxCents !== null && t('plans.oop', { amount: formatMoney(o.outOfPocketMaxCents, lang) })}.{o.hsaEligible && ` ${t('plans.hsa')}.`}
                </span>
              </label>
            </div>
          );
        })}
      </fieldset>
    </div>
  );
}

export interface EnrollmentView {
  id: string;
  planName: string;
  status: EnrollmentStatus;
  coverageStart: string;
  coverageEnd: string;
  grossPremiumCents: number;
  aptcCents: number;
  stateAssistanceCents: number;
  netPremiumCents: number;
  members: string[];
  /** A change of amounts decided but not yet in force (the amounts above are today's). */
  upcoming: DatedAmountsView | null;
  /** The amounts over time, oldest first. */
  amounts: DatedAmountsView[];
}

export interface DatedAmountsView {
  effectiveFrom: string;
  reason: AmountReason;
  grossPremiumCents: number;
  aptcCents: number;
  stateAssistanceCents: number;
  netPremiumCents: number;
}

export function EnrollmentSummary(props: { e: EnrollmentView; headingLevel: 'h2' | 'h3'; detailsHref?: string }) {
  const { lang, profile } = usePage();
  const t = enrollmentMessages.for(lang);
  const e = props.e;
  const H = props.headingLevel;
  return (
    <div class="usa-summary-box margin-bottom-2" role="region" aria-label={e.planName}>
      <div class="usa-summary-box__body">
        <H class="usa-summary-box__heading">{e.planName}</H>
        <dl class="usa-summary-box__text">
          <dt class="text-bold">{t('coverage.status')}</dt>
          <dd>{t(`status.${e.status}`)}</dd>
          <dt class="text-bold">{t('coverage.dates')}</dt>
          <dd>{t('coverage.datesValue', { start: formatDate(e.coverageStart, lang, profile.timeZone), end: formatDate(e.coverageEnd, lang, profile.timeZone) })}</dd>
          <dt class="text-bold">{t('coverage.members')}</dt>
          <dd>{e.members.join(', ')}</dd>
          <dt class="text-bold">{t('coverage.premium')}</dt>
          <dd>{formatMoney(e.grossPremiumCents, lang)}</dd>
          <dt class="text-bold">{t('coverage.credit')}</dt>
          <dd>{formatMoney(e.aptcCents, lang)}</dd>
          {e.stateAssistanceCents > 0 && (
            <>
              <dt class="text-bold">{t('coverage.state')}</dt>
              <dd>{formatMoney(e.stateAssistanceCents, lang)}</dd>
            </>
          )}
          <dt class="text-bold">{t('coverage.youPay')}</dt>
          <dd>{formatMoney(e.netPremiumCents, lang)}</dd>
        </dl>
        {e.upcoming && (
          <p class="text-bold" data-testid="amount-change">
            {t('coverage.changeAhead', {
              date: formatDate(e.upcoming.effectiveFrom, lang, profile.timeZone),
              amount: formatMoney(e.upcoming.netPremiumCents, lang),
              credit: formatMoney(e.upcoming.aptcCents, lang),
            })}
          </p>
        )}
        {props.detailsHref && (
          <a class="usa-summary-box__link" href={props.detailsHref} aria-label={t('coverage.detailsOf', { plan: e.planName })}>
            {t('coverage.details')}
          </a>
        )}
      </div>
    </div>
  );
}

export function CoveragePage(props: {
  caseNumber: string | null;
  enrollments: EnrollmentView[];
  applyHref: string;
  resultHref: string | null;
  plansHref: string | null;
  sections: Array<VNode | null>;
}) {
  const { lang } = usePage();
  const t = enrollmentMessages.for(lang);
  return (
    <div>
      <h1>{t('coverage.title')}</h1>
      {props.caseNumber ? <p>{t('coverage.caseNumber', { number: props.caseNumber })}</p> : <p>{t('coverage.noHousehold')}</p>}
      {props.sections}
      {props.caseNumber && props.enrollments.length === 0 && <p>{t('coverage.none')}</p>}
      {props.enrollments.map((e) => (
        <EnrollmentSummary key={e.id} e={e} headingLevel="h2" detailsHref={`/enrollments/${e.id}`} />
      ))}
      <ul class="usa-button-group margin-top-2">
        {props.plansHref && (
          <li class="usa-button-group__item">
            <a class="usa-button" href={props.plansHref}>
              {t('coverage.choosePlan')}
            </a>
          </li>
        )}
        {props.resultHref && (
          <li class="usa-button-group__item">
            <a class="usa-button usa-button--outline" href={props.resultHref}>
              {t('coverage.results')}
            </a>
          </li>
        )}
        <li class="usa-button-group__item">
          <a class="usa-button usa-button--outline" href={props.applyHref}>
            {t('coverage.apply')}
          </a>
        </li>
        {props.caseNumber && (
          <li class="usa-button-group__item">
            <a class="usa-button usa-button--outline" href="/coverage/life-event">
              {t('coverage.lifeEvent')}
            </a>
          </li>
        )}
      </ul>
    </div>
  );
}

export function EnrollmentPage(props: { e: EnrollmentView; active: boolean; history: Array<{ kind: TransitionKind; effectiveDate: string; at: Date }>; notice?: string; base: string }) {
  const { lang, profile } = usePage();
  const t = enrollmentMessages.for(lang);
  return (
    <div>
      <h1>{props.e.planName}</h1>
      {props.notice && <Alert type="success">{props.notice}</Alert>}
      <EnrollmentSummary e={props.e} headingLevel="h2" />
      {props.e.status === 'pending-binder' && props.e.netPremiumCents === 0 && (
        <Alert type="info" heading={t('coverage.nothingToPayTitle')}>
          <p data-testid="nothing-to-pay">{t('coverage.nothingToPayText', { date: formatDate(props.e.coverageStart, lang, profile.timeZone) })}</p>
        </Alert>
      )}
      {props.e.status === 'pending-binder' && props.e.netPremiumCents > 0 && (
        <Alert type="info" heading={t('coverage.payFirstTitle')}>
          <p>{t('coverage.payFirstText')}</p>
          <p>
            <a class="usa-button" href="/billing/pay" data-testid="pay-first">
              {t('coverage.payFirst')}
            </a>
          </p>
        </Alert>
      )}
      {props.active && (
        <ul class="usa-button-group">
          <li class="usa-button-group__item">
            <a class="usa-button usa-button--outline" href={`${props.base}/credit`}>
              {t('coverage.changeCredit')}
            </a>
          </li>
          <li class="usa-button-group__item">
            <a class="usa-button usa-button--secondary" href={`${props.base}/end`}>
              {t('coverage.end')}
            </a>
          </li>
        </ul>
      )}
      {props.e.amounts.length > 1 && <AmountsTable amounts={props.e.amounts} />}
      <h2>{t('coverage.history')}</h2>
      <TableScroll label={t('coverage.history')}>
        <table class="usa-table usa-table--borderless">
          <thead>
            <tr>
              <th scope="col">{t('coverage.historyWhat')}</th>
              <th scope="col">{t('coverage.historyEffective')}</th>
              <th scope="col">{t('coverage.historyWhen')}</th>
            </tr>
          </thead>
          <tbody>
            {props.history.map((h, i) => (
              <tr key={i}>
                <th scope="row">{t(`transition.${h.kind}`)}</th>
                <td>{formatDate(h.effectiveDate, lang, profile.timeZone)}</td>
                <td>{formatDateTime(h.at, lang, profile.timeZone)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <p>
        <a href="/coverage">{t('coverage.title')}</a>
      </p>
    </div>
  );
}

function AmountsTable(props: { amounts: DatedAmountsView[] }) {
  const { lang, profile } = usePage();
  const t = enrollmentMessages.for(lang);
  return (
    <>
      <h2>{t('coverage.amounts.title')}</h2>
      <table class="usa-table usa-table--borderless usa-table--stacked">
        <thead>
          <tr>
            <th scope="col">{t('coverage.amounts.from')}</th>
            <th scope="col">{t('coverage.amounts.why')}</th>
            <th scope="col">{t('coverage.premium')}</th>
            <th scope="col">{t('coverage.credit')}</th>
            <th scope="col">{t('coverage.state')}</th>
            <th scope="col">{t('coverage.youPay')}</th>
          </tr>
        </thead>
        <tbody>
          {props.amounts.map((a, i) => (
            <tr key={i}>
              <th scope="row" data-label={t('coverage.amounts.from')}>
                {formatDate(a.effectiveFrom, lang, profile.timeZone)}
              </th>
              <td data-label={t('coverage.amounts.why')}>{t(`coverage.amounts.reason.${a.reason}`)}</td>
              <td data-label={t('coverage.premium')}>{formatMoney(a.grossPremiumCents, lang)}</td>
              <td data-label={t('coverage.credit')}>{formatMoney(a.aptcCents, lang)}</td>
              <td data-label={t('coverage.state')}>{formatMoney(a.stateAssistanceCents, lang)}</td>
              <td data-label={t('coverage.youPay')}>{formatMoney(a.netPremiumCents, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function EndCoveragePage(props: { action: string; planName: string; errors: FieldError[] }) {
  const { lang } = usePage();
  const t = enrollmentMessages.for(lang);
  return (
    <div>
      <h1>{t('end.title')}</h1>
      <p class="text-bold">{props.planName}</p>
      <p>{t('end.lead')}</p>
      <Form action={props.action}>
        <ErrorSummary errors={props.errors} translate={translator(lang)} />
        <RadioGroup
          name="choice"
          legend={t('end.choice')}
          lang={lang}
          errors={props.errors}
          options={(['end-of-this-month', 'end-of-next-month'] as const).map((c) => ({ value: c, label: t(`end.${c}`) }))}
        />
        <Button variant="secondary">{t('end.submit')}</Button>
      </Form>
    </div>
  );
}

export function CreditPage(props: { action: string; currentCents: number; maxCents: number; effectiveDate: string; values: FormValues; errors: FieldError[] }) {
  const { lang, profile } = usePage();
  const t = enrollmentMessages.for(lang);
  const tr = translator(lang);
  return (
    <div>
      <h1>{t('credit.title')}</h1>
      <p>{t('credit.lead', { current: formatMoney(props.currentCents, lang), max: formatMoney(props.maxCents, lang), date: formatDate(props.effectiveDate, lang, profile.timeZone) })}</p>
      <Form action={props.action}>
        <ErrorSummary errors={props.errors} translate={tr} />
        <TextField
          name="aptc"
          label={t('credit.amount')}
          hint={t('credit.amountHint')}
          value={props.values.aptc ?? (props.currentCents / 100).toFixed(2)}
          errors={props.errors}
          translate={tr}
          inputmode="decimal"
          width="md"
        />
        <Button>{t('credit.submit')}</Button>
      </Form>
    </div>
  );
}

export function LifeEventPage(props: { values: FormValues; errors: FieldError[]; done?: string; next?: { href: string; choosePlan: boolean } }) {
  const { lang, profile } = usePage();
  const t = enrollmentMessages.for(lang);
  const tr = translator(lang);
  return (
    <div>
      <h1>{t('life.title')}</h1>
      {props.done && <Alert type="success">{props.done}</Alert>}
      {props.done && props.next && (
        <>
          <p>{t('life.next')}</p>
          <p>
            <a class="usa-button" href={props.next.href} data-testid="life-next">
              {props.next.choosePlan ? t('life.choosePlan') : t('life.apply')}
            </a>
          </p>
        </>
      )}
      <p>{t('life.lead')}</p>
      <Form action="/coverage/life-event">
        <ErrorSummary errors={props.errors} translate={tr} />
        <RadioGroup
          name="event"
          legend={t('life.event')}
          lang={lang}
          errors={props.errors}
          value={props.values.event}
          options={LIFE_EVENTS.map((e) => ({ value: e, label: t(`lifeEvent.${e}`, { state: profile.name[lang] }) }))}
        />
        <MemorableDate
          id="eventDate"
          legend={t('life.date')}
          hint={t('life.dateHint')}
          values={{ month: props.values.eventMonth, day: props.values.eventDay, year: props.values.eventYear }}
          names={{ month: 'eventMonth', day: 'eventDay', year: 'eventYear' }}
          errors={props.errors}
          lang={lang}
          translate={tr}
        />
        <Button>{t('life.submit')}</Button>
      </Form>
    </div>
  );
}
