/** Window-shopping pages: the household form, the plan list with sort and filter, and the side-by-side comparison. */
import type { ComponentChildren } from 'preact';
import type { FieldError } from '../platform/errors.js';
import { Alert, ErrorSummary, Form, TextField } from '../web/components.js';
import { formatMoney, type Lang } from '../web/i18n.js';
import { shellMessages } from '../web/messages.js';
import { usePage } from '../web/page-context.js';
import { eligibilityMessages } from '../eligibility/messages.js';
import { catalogMessages, type CatalogMessageKey } from './messages.js';
import type { PricedPlan, Quote } from './quote-household.js';
import type { CostShare } from './schema.js';
import { hiddenFields, MAX_PEOPLE, SORT_KEYS, type PlanFilters, type ShopFormValues } from './shop-form.js';
import { TableScroll } from '../web/table-scroll.js';

/** Finds a message in the catalogues a shopping page can show (errors come from the rules and the shell too). */
export function translator(lang: Lang) {
  const c = catalogMessages.for(lang);
  const e = eligibilityMessages.for(lang);
  const s = shellMessages.for(lang);
  return (key: string, vars?: Record<string, string | number>): string =>
    catalogMessages.has(key) ? c(key, vars) : eligibilityMessages.has(key) ? e(key, vars) : shellMessages.has(key) ? s(key, vars) : key;
}

function useT() {
  const { lang } = usePage();
  return { lang, t: catalogMessages.for(lang), tr: translator(lang) };
}

function FieldMessage(props: { name: string; errors: FieldError[] }) {
  const { tr } = useT();
  const error = props.errors.find((e) => e.field === props.name);
  if (!error) return null;
  return (
    <span class="usa-error-message" id={`${props.name}-error`} role="alert">
      {tr(error.messageKey, error.values)}
    </span>
  );
}

function Checkbox(props: { name: string; value?: string; label: string; checked: boolean; id?: string }) {
  const id = props.id ?? props.name;
  return (
    <div class="usa-checkbox">
      <input class="usa-checkbox__input" id={id} type="checkbox" name={props.name} value={props.value ?? 'yes'} checked={props.checked} />
      <label class="usa-checkbox__label" for={id}>
        {props.label}
      </label>
    </div>
  );
}

function Hidden(props: { values: ShopFormValues }) {
  return (
    <>
      {hiddenFields(props.values).map(([name, value]) => (
        <input type="hidden" name={name} value={value} key={name} />
      ))}
    </>
  );
}

export interface ShopFormProps {
  values: ShopFormValues;
  errors: FieldError[];
  years: number[];
  counties: string[];
  ratesTobacco: boolean;
}

/** The household form (first page, and "change your answers" on the results). */
export function ShopForm(props: ShopFormProps) {
  const { t, tr } = useT();
  const v = props.values;
  const errorFor = (name: string) => props.errors.find((e) => e.field === name);
  const select = (name: string, label: string, options: Array<[string, string]>, value: string) => {
    const error = errorFor(name);
    return (
      <div class={`usa-form-group${error ? ' usa-form-group--error' : ''}`}>
        <label class={`usa-label${error ? ' usa-label--error' : ''}`} for={name}>
          {label}
        </label>
        <FieldMessage name={name} errors={props.errors} />
        <select class="usa-select" id={name} name={name} aria-describedby={error ? `${name}-error` : undefined} aria-invalid={error ? 'true' : undefined}>
          {options.map(([val, text]) => (
            <option value={val} selected={val === value} key={val}>
              {text}
            </option>
          ))}
        </select>
      </div>
    );
  };
  return (
    <Form action="/shop/plans" aria-label={t('shop.title')}>
      <fieldset class="usa-fieldset">
        <legend class="usa-legend usa-legend--large">{t('shop.where')}</legend>
        <TextField name="zip" label={t('shop.zip')} hint={t('shop.zip.hint')} value={v.zip} inputmode="numeric" autocomplete="postal-code" width="sm" errors={props.errors} translate={tr} />
        {select('county', t('shop.county'), [['', t('shop.county.none')], ...props.counties.map((c): [string, string] => [c, c])], v.county)}
        {select(
          'planYear',
          t('shop.planYear'),
          props.years.map((y): [string, string] => [String(y), String(y)]),
          v.planYear,
        )}
      </fieldset>
      <fieldset class="usa-fieldset margin-top-4">
        <legend class="usa-legend usa-legend--large">{t('shop.people')}</legend>
        <p class="usa-hint">{t('shop.people.hint')}</p>
        {v.people.map((p, i) => {
          const n = i + 1;
          return (
            <fieldset class="usa-fieldset margin-top-2" key={n}>
              <legend class="usa-legend text-bold">{t('shop.person', { n })}</legend>
              <TextField name={`age${n}`} label={t('shop.age', { n })} value={p.age} inputmode="numeric" width="sm" errors={props.errors} translate={tr} />
              <Checkbox name={`pregnant${n}`} label={t('shop.pregnant', { n })} checked={p.pregnant} />
              {props.ratesTobacco && <Checkbox name={`tobacco${n}`} label={t('shop.tobacco', { n })} checked={p.tobacco} />}
            </fieldset>
          );
        })}
        {v.people.length < MAX_PEOPLE && (
          <p>
            <a class="usa-link" href={`/shop?people=${Math.min(MAX_PEOPLE, v.people.length + 4)}`}>
              {t('shop.morePeople')}
            </a>
          </p>
        )}
      </fieldset>
      <fieldset class="usa-fieldset margin-top-4">
        <legend class="usa-legend usa-legend--large">{t('shop.household')}</legend>
        <TextField
          name="householdSize"
          label={t('shop.householdSize')}
          hint={t('shop.householdSize.hint')}
          value={v.householdSize}
          inputmode="numeric"
          width="sm"
          errors={props.errors}
          translate={tr}
        />
        <TextField name="income" label={t('shop.income')} hint={t('shop.income.hint')} value={v.income} inputmode="decimal" width="md" errors={props.errors} translate={tr} />
        <Checkbox name="aian" label={t('shop.aian')} checked={v.aian} />
      </fieldset>
      <p class="usa-hint">{t('shop.privacy')}</p>
      <button class="usa-button" type="submit">
        {t('shop.submit')}
      </button>
    </Form>
  );
}

/** The shop form's field labels, so that every error names its field (src/web/components.tsx, namedMessage). */
function shopLabels(t: ReturnType<typeof useT>['t'], errors: ReadonlyArray<{ field: string }>): Record<string, string> {
  const labels: Record<string, string> = { zip: t('shop.zip'), county: t('shop.county'), planYear: t('shop.planYear'), householdSize: t('shop.householdSize'), income: t('shop.income') };
  for (const e of errors) {
    const n = /^age(\d+)$/.exec(e.field)?.[1];
    if (n) labels[e.field] = t('shop.age', { n });
  }
  return labels;
}

export function ShopPage(props: ShopFormProps) {
  const { t, tr } = useT();
  return (
    <div>
      <h1>{t('shop.title')}</h1>
      <p class="usa-intro">{t('shop.lead')}</p>
      <ErrorSummary errors={props.errors} translate={tr} labels={shopLabels(t, props.errors)} />
      <ShopForm {...props} />
    </div>
  );
}

export function costShareText(c: CostShare | null, t: (key: CatalogMessageKey, vars?: Record<string, string | number>) => string, lang: Lang): string {
  if (!c) return t('plan.notListed');
  const base = c.kind === 'copay' ? t('cost.copay', { amount: formatMoney(c.cents, lang) }) : c.kind === 'coinsurance' ? t('cost.coinsurance', { percent: c.percent }) : t('cost.noCharge');
  return c.afterDeductible ? t('cost.afterDeductible', { cost: base }) : base;
}

function csrLabel(plan: PricedPlan, t: (key: CatalogMessageKey) => string): string | null {
  const level = plan.costSharingLevel;
  if (!level) return null;
  const key = `csr.${level}` as CatalogMessageKey;
  return catalogMessages.has(key) ? t(key) : `Silver ${level}`;
}

function Money(props: { cents: number }) {
  const { lang } = useT();
  return <>{formatMoney(props.cents, lang)}</>;
}

function PlanCard(props: { plan: PricedPlan; compared: boolean }) {
  const { t, lang } = useT();
  const { profile } = usePage();
  const p = props.plan;
  const csr = csrLabel(p, t);
  const row = (label: string, value: ComponentChildren) => (
    <div class="grid-row border-top border-base-lighter padding-y-05">
      <dt class="grid-col-7">{label}</dt>
      <dd class="grid-col-5 margin-left-0 text-right">{value}</dd>
    </div>
  );
  return (
    <li class="usa-card grid-col-12" data-plan-id={p.planId}>
      <div class="usa-card__container">
        <div class="usa-card__header">
          <h3 class="usa-card__heading">{p.name}</h3>
          <p class="margin-y-05">
            {p.carrierName} · {t(`metal.${p.metalLevel}` as CatalogMessageKey)} · {p.networkType}
          </p>
          <p class="margin-y-05">
            {csr && <span class="usa-tag bg-primary margin-right-05">{csr}</span>}
            {p.hsaEligible && <span class="usa-tag margin-right-05">HSA</span>}
            {p.isBenchmark && <span class="usa-tag bg-base-darker">{t('plan.benchmark')}</span>}
          </p>
        </div>
        <div class="usa-card__body">
          <p class="font-sans-lg margin-y-1">
            <span class="display-block font-sans-xs">{t('plan.afterHelp')}</span>
            <strong class="candor-net-premium">{t('plan.perMonth', { amount: formatMoney(p.premiumAfterHelpCents, lang) })}</strong>
          </p>
          <dl class="margin-0">
            {row(t('plan.beforeHelp'), <Money cents={p.premiumCents} />)}
            {p.creditCents > 0 &&
              row(
                t('plan.credit'),
                <>
                  −<Money cents={p.creditCents} />
                </>,
              )}
            {p.premiumAssistanceCents > 0 &&
              row(
                profile.subsidies.premiumAssistance?.name[lang] ?? t('plan.assistance'),
                <>
                  −<Money cents={p.premiumAssistanceCents} />
                </>,
              )}
            {row(t('plan.deductible'), <Money cents={p.deductibleIndividualCents} />)}
            {row(t('plan.oop'), <Money cents={p.oopMaxIndividualCents} />)}
            {row(t('plan.primaryCare'), costShareText(p.costSharing.primaryCare, t, lang))}
            {row(t('plan.genericDrugs'), costShareText(p.costSharing.genericDrugs, t, lang))}
            {row(t('plan.planId'), p.planId)}
          </dl>
        </div>
        <div class="usa-card__footer">
          <Checkbox name="compare" value={p.planId} id={`compare-${p.planId}`} label={t('results.compareThis', { plan: p.name })} checked={props.compared} />
        </div>
      </div>
    </li>
  );
}

export interface ResultsProps extends ShopFormProps {
  quote: Quote;
  filters: PlanFilters;
  shown: PricedPlan[];
  compared: string[];
  resultErrors: FieldError[];
}

function Referral(props: { quote: Quote }) {
  const { t, lang } = useT();
  const { profile } = usePage();
  const referred = props.quote.eligibility.members.filter((m) => m.outcome === 'medicaid' || m.outcome === 'chip');
  if (referred.length === 0) return null;
  const line = profile.phoneLines.customerSupport;
  const all = props.quote.eligibility.credit.eligible === false && props.quote.eligibility.credit.reason === 'all-referred';
  return (
    <div class="usa-alert usa-alert--info" role="status" id="referral">
      <div class="usa-alert__body">
        <h2 class="usa-alert__heading">{t('results.referral.heading')}</h2>
        <ul class="usa-list">
          {props.quote.explanation
            .filter((l) => l.code.startsWith('eligibility.referral'))
            .map((l) => (
              <li key={l[lang]}>{l[lang]}</li>
            ))}
        </ul>
        <p class="usa-alert__text">{t(all ? 'results.referral.bodyAll' : 'results.referral.body', { line: line.name[lang], number: line.number })}</p>
      </div>
    </div>
  );
}

function FilterForm(props: ResultsProps) {
  const { t, tr } = useT();
  const f = props.filters;
  const carriers = [...new Map(props.quote.plans.map((p) => [p.issuerId, p.carrierName])).entries()].sort((a, b) => a[1].localeCompare(b[1]));
  const metals = [...new Set(props.quote.plans.map((p) => p.metalLevel))];
  return (
    <Form action="/shop/plans" class="usa-form" aria-label={t('results.sortFilter')}>
      <Hidden values={props.values} />
      <h2>{t('results.sortFilter')}</h2>
      <label class="usa-label" for="sort">
        {t('results.sort')}
      </label>
      <select class="usa-select" id="sort" name="sort">
        {SORT_KEYS.map((k) => (
          <option value={k} selected={f.sort === k} key={k}>
            {t(`results.sort.${k}` as CatalogMessageKey)}
          </option>
        ))}
      </select>
      <fieldset class="usa-fieldset margin-top-2">
        <legend class="usa-legend">{t('results.metal')}</legend>
        {metals.map((m) => (
          <Checkbox name="metal" value={m} id={`metal-${m}`} label={t(`metal.${m}` as CatalogMessageKey)} checked={f.metals.includes(m)} key={m} />
        ))}
      </fieldset>
      <fieldset class="usa-fieldset margin-top-2">
        <legend class="usa-legend">{t('results.carrier')}</legend>
        {carriers.map(([id, name]) => (
          <Checkbox name="carrier" value={id} id={`carrier-${id}`} label={name} checked={f.carriers.includes(id)} key={id} />
        ))}
      </fieldset>
      <div class="margin-top-2">
        <Checkbox name="hsa" label={t('results.hsa')} checked={f.hsaOnly} />
      </div>
      <TextField name="maxPremium" label={t('results.maxPremium')} value={f.maxPremiumText} inputmode="decimal" width="sm" errors={props.resultErrors} translate={tr} />
      <button class="usa-button" type="submit">
        {t('results.apply')}
      </button>
    </Form>
  );
}

/** Says the figures are an estimate while a table behind them is provisional (docs/adr/0100-plan-year-as-data.md). */
export function EstimateNote(props: { quote: Quote }) {
  const { t } = useT();
  if (!props.quote.estimates.length) return null;
  return (
    <div id="estimate">
      <Alert type="warning">
        {t('results.estimate', { year: props.quote.planYear })} {t('results.estimateSources', { sources: props.quote.estimates.map((e) => e.source).join('; ') })}
      </Alert>
    </div>
  );
}

export function ResultsPage(props: ResultsProps) {
  const { t, tr, lang } = useT();
  const q = props.quote;
  const compareError = props.resultErrors.find((e) => e.field === 'compare');
  return (
    <div>
      <h1>{t('results.title', { year: q.planYear })}</h1>
      <p class="usa-intro" id="plan-count">
        {t('results.count', { count: props.shown.length, area: q.ratingAreaId })}
      </p>
      <ErrorSummary errors={props.resultErrors} translate={tr} labels={{ maxPremium: t('results.maxPremium') }} />
      <EstimateNote quote={q} />
      <Referral quote={q} />
      <section aria-labelledby="help-heading" class="margin-y-3">
        <h2 id="help-heading">{t('results.help')}</h2>
        <ul class="usa-list" id="explanation">
          {q.explanation.map((l) => (
            <li key={l.code + l[lang]} data-code={l.code}>
              {l[lang]}
            </li>
          ))}
        </ul>
        {q.tier && <p>{t('results.tier', { tier: t(`tier.${q.tier}` as CatalogMessageKey) })}</p>}
      </section>
      <details class="margin-y-3">
        <summary class="usa-button usa-button--outline">{t('results.change')}</summary>
        <ShopForm values={props.values} errors={[]} years={props.years} counties={props.counties} ratesTobacco={props.ratesTobacco} />
      </details>
      <div class="grid-row grid-gap">
        <div class="tablet:grid-col-4">
          <FilterForm {...props} />
        </div>
        <div class="tablet:grid-col-8">
          <Form action="/shop/compare" class="margin-top-2" aria-label={t('results.compare')} id="compare-form">
            <Hidden values={props.values} />
            <input type="hidden" name="sort" value={props.filters.sort} />
            <div class={`usa-form-group${compareError ? ' usa-form-group--error' : ''}`} id="compare">
              <p class="usa-hint margin-top-0">{t('results.compare.hint')}</p>
              {compareError && (
                <span class="usa-error-message" role="alert">
                  {tr(compareError.messageKey)}
                </span>
              )}
              <button class="usa-button usa-button--secondary" type="submit">
                {t('results.compare')}
              </button>
            </div>
            {props.shown.length === 0 ? (
              <p>{t('results.none')}</p>
            ) : (
              <ul class="usa-card-group" id="plans">
                {props.shown.map((p) => (
                  <PlanCard plan={p} compared={props.compared.includes(p.planId)} key={p.planId} />
                ))}
              </ul>
            )}
          </Form>
        </div>
      </div>
    </div>
  );
}

export function ComparePage(props: { quote: Quote; plans: PricedPlan[]; values: ShopFormValues }) {
  const { t, lang } = useT();
  const { profile } = usePage();
  const q = props.quote;
  const yesNo = (b: boolean) => t(b ? 'plan.yes' : 'plan.no');
  const money = (c: number | null) => (c === null ? '—' : formatMoney(c, lang));
  const rows: Array<[string, (p: PricedPlan) => string]> = [
    [t('plan.afterHelp'), (p) => t('plan.perMonth', { amount: formatMoney(p.premiumAfterHelpCents, lang) })],
    [t('plan.beforeHelp'), (p) => formatMoney(p.premiumCents, lang)],
    [t('plan.credit'), (p) => formatMoney(p.creditCents, lang)],
    [profile.subsidies.premiumAssistance?.name[lang] ?? t('plan.assistance'), (p) => formatMoney(p.premiumAssistanceCents, lang)],
    [t('plan.carrier'), (p) => p.carrierName],
    [t('plan.metal'), (p) => [t(`metal.${p.metalLevel}` as CatalogMessageKey), csrLabel(p, t)].filter(Boolean).join(' — ')],
    [t('plan.deductible'), (p) => money(p.deductibleIndividualCents)],
    [t('plan.deductibleFamily'), (p) => money(p.deductibleFamilyCents)],
    [t('plan.oop'), (p) => money(p.oopMaxIndividualCents)],
    [t('plan.oopFamily'), (p) => money(p.oopMaxFamilyCents)],
    [t('plan.primaryCare'), (p) => costShareText(p.costSharing.primaryCare, t, lang)],
    [t('plan.specialist'), (p) => costShareText(p.costSharing.specialist, t, lang)],
    [t('plan.genericDrugs'), (p) => costShareText(p.costSharing.genericDrugs, t, lang)],
    [t('plan.emergencyRoom'), (p) => costShareText(p.costSharing.emergencyRoom, t, lang)],
    [t('plan.network'), (p) => p.networkType],
    [t('plan.hsa'), (p) => yesNo(p.hsaEligible)],
    [t('plan.planId'), (p) => p.planId],
  ];
  return (
    <div>
      <h1>{t('compare.title')}</h1>
      <EstimateNote quote={q} />
      <div class="usa-table-container--scrollable" tabIndex={0}>
        <TableScroll label={t('compare.caption', { year: q.planYear })}>
          <table class="usa-table" id="compare-table">
            <caption>{t('compare.caption', { year: q.planYear })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('compare.feature')}</th>
                {props.plans.map((p) => (
                  <th scope="col" key={p.planId}>
                    {p.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map(([label, value]) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  {props.plans.map((p) => (
                    <td key={p.planId}>{value(p)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </div>
      <Form action="/shop/plans" class="margin-top-3" aria-label={t('compare.back')}>
        <Hidden values={props.values} />
        <button class="usa-button usa-button--outline" type="submit">
          {t('compare.back')}
        </button>
      </Form>
    </div>
  );
}
