/** Staff pages: the caseworker queue, finding a household, and a household's case. */
import type { VNode } from 'preact';
import type { FieldError } from '../platform/errors.js';
import { Alert, Button, ErrorSummary, Form, MemorableDate, TextField } from '../web/components.js';
import { formatDate, formatDateTime } from '../web/i18n.js';
import { usePage } from '../web/page-context.js';
import { translator } from './components.js';
import { ageOn } from './dates.js';
import { EnrollmentSummary, type EnrollmentView } from './coverage-pages.js';
import type { FormValues } from './application-pages.js';
import { enrollmentMessages } from './messages.js';
import type { ApplicationStatus, Channel, VerificationElement } from './schema.js';
import { TableScroll } from '../web/table-scroll.js';

export interface QueueApplication {
  id: string;
  caseNumber: string;
  householdId: string;
  receivedOn: string | null;
  step: string;
  status: ApplicationStatus;
}

export interface QueueVerification {
  householdId: string;
  caseNumber: string;
  element: VerificationElement;
  person: string | null;
  attestedAt: Date;
}

export function CaseworkerQueuePage(props: { paper: QueueApplication[]; verifications: QueueVerification[]; values: FormValues; errors: FieldError[] }) {
  const { lang, profile } = usePage();
  const t = enrollmentMessages.for(lang);
  const tr = translator(lang);
  return (
    <div>
      <h1>{t('staff.queue.title')}</h1>
      <h2>{t('staff.queue.newPaper')}</h2>
      <Form action="/caseworker/paper-applications" class="usa-form">
        <ErrorSummary errors={props.errors} translate={tr} />
        <MemorableDate
          id="receivedOn"
          legend={t('staff.queue.received')}
          hint={t('staff.queue.receivedHint')}
          values={{ month: props.values.receivedMonth, day: props.values.receivedDay, year: props.values.receivedYear }}
          names={{ month: 'receivedMonth', day: 'receivedDay', year: 'receivedYear' }}
          errors={props.errors}
          lang={lang}
          translate={tr}
        />
        <Button>{t('staff.queue.start')}</Button>
      </Form>
      <h2>{t('staff.queue.paper')}</h2>
      {props.paper.length === 0 ? (
        <p>{t('staff.queue.paperNone')}</p>
      ) : (
        <TableScroll label={t('staff.queue.paper')}>
          <table class="usa-table usa-table--striped">
            <thead>
              <tr>
                <th scope="col">{t('staff.case')}</th>
                <th scope="col">{t('staff.queue.received')}</th>
                <th scope="col">{t('staff.status')}</th>
                <th scope="col">{t('staff.step')}</th>
              </tr>
            </thead>
            <tbody>
              {props.paper.map((a) => (
                <tr key={a.id}>
                  <th scope="row">
                    <a href={a.status === 'draft' ? `/staff/applications/${a.id}/${a.step}` : `/staff/households/${a.householdId}`}>{a.caseNumber}</a>
                  </th>
                  <td>{a.receivedOn ? formatDate(a.receivedOn, lang, profile.timeZone) : ''}</td>
                  <td>{t(`appStatus.${a.status}`)}</td>
                  <td>{a.status === 'draft' ? t(`steps.${a.step as 'people'}`) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <h2>{t('staff.queue.verifications')}</h2>
      {props.verifications.length === 0 ? (
        <p>{t('staff.queue.verificationsNone')}</p>
      ) : (
        <TableScroll label={t('staff.queue.verifications')}>
          <table class="usa-table usa-table--striped">
            <thead>
              <tr>
                <th scope="col">{t('staff.case')}</th>
                <th scope="col">{t('staff.person')}</th>
                <th scope="col">{t('staff.element')}</th>
                <th scope="col">{t('staff.since')}</th>
              </tr>
            </thead>
            <tbody>
              {props.verifications.map((v, i) => (
                <tr key={i}>
                  <th scope="row">
                    <a href={`/staff/households/${v.householdId}`}>{v.caseNumber}</a>
                  </th>
                  <td>{v.person ?? t('staff.household')}</td>
                  <td>{t(`element.${v.element}`)}</td>
                  <td>{formatDateTime(v.attestedAt, lang, profile.timeZone)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </div>
  );
}

export interface FoundHousehold {
  id: string;
  caseNumber: string;
  primaryName: string;
}

export function FindHouseholdPage(props: { values: FormValues; errors: FieldError[]; results: FoundHousehold[] | null }) {
  const { lang } = usePage();
  const t = enrollmentMessages.for(lang);
  const tr = translator(lang);
  return (
    <div>
      <h1>{t('staff.find.title')}</h1>
      <p>{t('staff.find.lead')}</p>
      <Form action="/call-centre/households/search" class="usa-form">
        <ErrorSummary errors={props.errors} translate={tr} />
        <TextField name="caseNumber" label={t('staff.find.caseNumber')} value={props.values.caseNumber} errors={props.errors} translate={tr} autocomplete="off" />
        <TextField name="ssn" label={t('staff.find.ssn')} errors={props.errors} translate={tr} autocomplete="off" inputmode="numeric" />
        <TextField name="lastName" label={t('staff.find.lastName')} value={props.values.lastName} errors={props.errors} translate={tr} autocomplete="off" />
        <MemorableDate
          id="dateOfBirth"
          legend={t('staff.find.dob')}
          hint={t('staff.find.dobHint')}
          values={{ month: props.values.dobMonth, day: props.values.dobDay, year: props.values.dobYear }}
          names={{ month: 'dobMonth', day: 'dobDay', year: 'dobYear' }}
          errors={props.errors}
          lang={lang}
          translate={tr}
        />
        <Button>{t('staff.find.submit')}</Button>
      </Form>
      {props.results && (
        <section aria-labelledby="results-heading">
          <h2 id="results-heading">{t('staff.find.results')}</h2>
          {props.results.length === 0 ? (
            <p>{t('staff.find.none')}</p>
          ) : (
            <ul class="usa-list">
              {props.results.map((r) => (
                <li key={r.id}>
                  <a href={`/staff/households/${r.id}`}>
                    {r.caseNumber} — {r.primaryName}
                  </a>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      <h2>{t('staff.find.newCaller')}</h2>
      <p>{t('staff.find.newCallerLead')}</p>
      <Form action="/call-centre/applications" class="usa-form">
        <Button variant="outline">{t('staff.find.applyButton')}</Button>
      </Form>
    </div>
  );
}

export function StaffHouseholdPage(props: {
  householdId: string;
  caseNumber: string;
  hasAccount: boolean;
  members: Array<{ name: string; dateOfBirth: string; isPrimary: boolean }>;
  applications: Array<{ id: string; channel: Channel; status: ApplicationStatus; step: string; createdAt: Date }>;
  enrollments: EnrollmentView[];
  verifications: Array<{ element: VerificationElement; person: string | null }>;
  plansHref: string | null;
  /** What other modules add (src/home: where the household stands and the caller's next step). */
  sections?: Array<VNode | null>;
  /** Other modules' pages about this household (ctx.hooks.householdLinks) the viewer may open. */
  links?: Array<{ href: string; label: { en: string; es: string } }>;
}) {
  const { lang, profile, now } = usePage();
  const t = enrollmentMessages.for(lang);
  const today = now.toISOString().slice(0, 10);
  return (
    <div>
      <h1>{t('staff.household.title', { number: props.caseNumber })}</h1>
      <p>
        {t('staff.household.account')}: {props.hasAccount ? t('staff.household.accountYes') : t('staff.household.accountNo')}
      </p>
      {props.sections}
      <h2>{t('staff.household.members')}</h2>
      <ul class="usa-list">
        {props.members.map((m, i) => (
          <li key={i}>
            {m.name} ({t('staff.household.age', { age: ageOn(m.dateOfBirth, today) })}){m.isPrimary ? ` — ${t('people.primary')}` : ''}
          </li>
        ))}
      </ul>
      <h2>{t('staff.household.applications')}</h2>
      <TableScroll label={t('staff.household.applications')}>
        <table class="usa-table usa-table--borderless">
          <thead>
            <tr>
              <th scope="col">{t('staff.household.created')}</th>
              <th scope="col">{t('staff.household.channel')}</th>
              <th scope="col">{t('staff.status')}</th>
              <th scope="col">
                <span class="usa-sr-only">{t('staff.open')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.applications.map((a) => (
              <tr key={a.id}>
                <th scope="row">{formatDateTime(a.createdAt, lang, profile.timeZone)}</th>
                <td>{t(`channel.${a.channel}`)}</td>
                <td>{t(`appStatus.${a.status}`)}</td>
                <td>
                  {a.status === 'draft' ? (
                    <a href={`/staff/applications/${a.id}/${a.step}`}>{t('staff.household.continue')}</a>
                  ) : a.status === 'determined' ? (
                    <a href={`/staff/applications/${a.id}/result`}>{t('staff.household.results')}</a>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <ul class="usa-button-group">
        <li class="usa-button-group__item">
          <Form action={`/staff/households/${props.householdId}/applications`} class="usa-form">
            <Button variant="outline">{t('staff.household.applyOnBehalf')}</Button>
          </Form>
        </li>
        {props.plansHref && (
          <li class="usa-button-group__item">
            <a class="usa-button" href={props.plansHref}>
              {t('staff.household.planFor')}
            </a>
          </li>
        )}
      </ul>
      {props.links && props.links.length > 0 && (
        <ul class="usa-list" id="household-links">
          {props.links.map((l) => (
            <li key={l.href}>
              <a href={l.href}>{l.label[lang]}</a>
            </li>
          ))}
        </ul>
      )}
      <h2>{t('staff.household.enrollments')}</h2>
      {props.enrollments.length === 0 ? <p>{t('coverage.none')}</p> : props.enrollments.map((e) => <EnrollmentSummary key={e.id} e={e} headingLevel="h3" />)}
      <h2>{t('staff.household.verifications')}</h2>
      {props.verifications.length === 0 ? (
        <p>{t('staff.queue.verificationsNone')}</p>
      ) : (
        <ul class="usa-list">
          {props.verifications.map((v, i) => (
            <li key={i}>
              {t(`element.${v.element}`)} — {v.person ?? t('staff.household')}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function NoticeAlert(props: { text: string }) {
  return <Alert type="success">{props.text}</Alert>;
}
