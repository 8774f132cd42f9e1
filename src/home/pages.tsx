/** The signed-in home as the person's task list, and the same summary for a caller's household on the call-centre console. */
import type { VNode } from 'preact';
import { hubMessages } from '../hub/messages.js';
import { formatDate, formatMoney, type Lang } from '../web/i18n.js';
import { usePage } from '../web/page-context.js';
import { taskMessages } from './messages.js';
import type { HomeFacts, NextStep } from './situation.js';

/** The sentence saying where the person stands, with its amounts and dates. */
export function situationText(facts: HomeFacts, step: NextStep, lang: Lang, timeZone: string, voice: 'customer' | 'staff' = 'customer'): string {
  const t = taskMessages.for(lang);
  // Customers read "your premium"; staff read about the household.
  const key = voice === 'staff' ? (`tasks.staffSituation.${step.situation}` as const) : (`tasks.situation.${step.situation}` as const);
  switch (step.situation) {
    case 'in-grace':
      return t(key, { amount: formatMoney(facts.grace!.totalCents, lang), date: formatDate(facts.grace!.lastDayToPay, lang, timeZone) });
    case 'awaiting-binder':
      return t(key, { amount: formatMoney(facts.binder!.owedCents, lang), date: formatDate(facts.binder!.dueDate, lang, timeZone) });
    case 'renewal-pending':
      return t(key, { year: facts.renewal!.planYear, date: formatDate(facts.renewal!.chooseBy, lang, timeZone) });
    default:
      return t(key);
  }
}

function elementName(element: string, lang: Lang): string {
  const h = hubMessages.for(lang);
  const key = `element.${element}`;
  return hubMessages.has(key) ? h(key) : element;
}

function DocumentRequests(props: { facts: HomeFacts; uploadHref: string | null }) {
  const { lang, profile } = usePage();
  const t = taskMessages.for(lang);
  return (
    <ul class="usa-list" data-testid="document-requests">
      {props.facts.documentRequests.map((d) => (
        <li key={d.id}>
          {d.sent ? (
            t('tasks.documents.sent', { element: elementName(d.element, lang) })
          ) : (
            <>
              <strong>{t('tasks.documents.item', { element: elementName(d.element, lang), person: d.person ?? t('tasks.documents.household') })}</strong>
              {'. '}
              <span data-testid="document-deadline">{t('tasks.documents.sendBy', { date: formatDate(d.endsOn, lang, profile.timeZone) })}</span>
              {props.uploadHref && (
                <>
                  {'. '}
                  <a href={`${props.uploadHref}#inc-${d.id}`}>{t('tasks.documents.upload')}</a>
                </>
              )}
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

export function CustomerHome(props: { facts: HomeFacts; step: NextStep; extraLinks: ReadonlyArray<{ href: string; label: { en: string; es: string } }> }): VNode {
  const { lang, profile, actor } = usePage();
  const t = taskMessages.for(lang);
  const { facts, step } = props;
  const links: Array<[string, string]> = [
    [facts.draft ? `/applications/${facts.draft.applicationId}/${facts.draft.step}` : '/apply', t('tasks.links.application')],
    ...(facts.determined ? [[`/applications/${facts.determined.applicationId}/result`, t('tasks.links.results')] as [string, string]] : []),
    ['/coverage', t('tasks.links.coverage')],
    ['/billing', t('tasks.links.bills')],
    ['/documents', t('tasks.links.documents')],
    ...props.extraLinks.map((l) => [l.href, l.label[lang]] as [string, string]),
    ['/account', t('tasks.links.settings')],
  ];
  return (
    <div class="usa-prose" data-situation={step.situation}>
      <h1>{t('tasks.title')}</h1>
      {actor && <p>{t('tasks.welcome', { name: actor.firstName })}</p>}
      <h2>{t('tasks.where')}</h2>
      <p class="usa-intro" data-testid="situation">
        {situationText(facts, step, lang, profile.timeZone)}
      </p>
      <h2>{t('tasks.next')}</h2>
      <p>
        <a class="usa-button usa-button--big" href={step.href} data-testid="next-step">
          {t(`tasks.action.${step.action}`)}
        </a>
      </p>
      {facts.documentRequests.length > 0 && (
        <>
          <h2>{t('tasks.documents.title')}</h2>
          <DocumentRequests facts={facts} uploadHref="/documents" />
        </>
      )}
      <h2>{t('tasks.links.title')}</h2>
      <ul class="usa-list" id="customer-links">
        {links.map(([href, label]) => (
          <li key={href}>
            <a href={href}>{label}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Where a staff member's link for each next step goes for this household, when staff have one. */
export function staffHref(step: NextStep, facts: HomeFacts, householdId: string): string | null {
  switch (step.action) {
    case 'pay-overdue':
    case 'pay-first':
      return `/call-centre/households/${householdId}/billing`;
    case 'continue-application':
      return `/staff/applications/${facts.draft!.applicationId}/${facts.draft!.step}`;
    case 'choose-plan':
      return `/staff/applications/${facts.determined!.applicationId}/plans`;
    default:
      return null;
  }
}

/** The household's situation on the call-centre console: the same facts and rules as the customer's home. */
export function StaffHouseholdSummary(props: { facts: HomeFacts; step: NextStep; householdId: string }): VNode {
  const { lang, profile } = usePage();
  const t = taskMessages.for(lang);
  const href = staffHref(props.step, props.facts, props.householdId);
  return (
    <section class="usa-summary-box margin-y-3" aria-labelledby="household-situation" data-situation={props.step.situation}>
      <div class="usa-summary-box__body">
        <h2 class="usa-summary-box__heading" id="household-situation">
          {t('tasks.staff.title')}
        </h2>
        <div class="usa-summary-box__text">
          <p data-testid="situation">{situationText(props.facts, props.step, lang, profile.timeZone, 'staff')}</p>
          <p data-testid="next-step">
            {t('tasks.staff.next', { action: t(`tasks.action.${props.step.action}`) })}
            {href && (
              <>
                {' '}
                <a class="usa-summary-box__link" href={href}>
                  {t('tasks.staff.go')}
                </a>
              </>
            )}
          </p>
          {props.facts.documentRequests.length > 0 && (
            <>
              <h3>{t('tasks.staff.documents')}</h3>
              <DocumentRequests facts={props.facts} uploadHref={null} />
            </>
          )}
        </div>
      </div>
    </section>
  );
}
