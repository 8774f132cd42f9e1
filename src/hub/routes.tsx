/**
 * The hub link's pages: a customer's documents (/documents), identity
 * proofing (/identity-proofing), the caseworker's review (/hub/inconsistencies,
 * /hub/documents/:id) and the operations console (/hub). Every handler has the
 * same shape: validate, transaction, use case, render.
 */
import { Busboy, type BusboyHeaders } from '@fastify/busboy';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { safeNext } from '../accounts/next-path.js';
import { households, members } from '../enrollment/schema.js';
import { localDay } from '../enrollment/dates.js';
import { describeHours, formatClock, lineNow } from '../states/hours.js';
import { CandorError, fieldErrorsFromZod, invalidInput, notFound, type FieldError } from '../platform/errors.js';
import { Alert, Button, ErrorSummary, Form, MemorableDate, TextField } from '../web/components.js';
import { parseDate, parseDateParts } from '../platform/typed-input.js';
import { applicationFor } from '../enrollment/household-access.js';
import { homeAddress } from '../enrollment/household-facts.js';
import type { AppContext } from '../web/context.js';
import { formatDate, formatDateTime, type Lang } from '../web/i18n.js';
import { usePage } from '../web/page-context.js';
import { renderPage } from '../web/render.js';
import { shellMessages } from '../web/messages.js';
import { householdInconsistencies, householdOf, openDocument, REJECTION_REASONS, reviewDocument, uploadDocument } from './documents.js';
import { extendInconsistency } from './inconsistencies.js';
import { disconnectHub, linkState, reconnectHub, REASON_MAX } from './link-commands.js';
import { hubMessages } from './messages.js';
import { hasProvenIdentity, identityProofingAvailable, identitySubject, proofIdentity, type ProofingInput, type ProofingOutcome } from './proof-identity.js';
import { waitingCounts } from './queue-verifications.js';
import { DOCUMENTS_FOR, type Element } from './rules.js';
import { documents, inconsistencies, linkEvents } from './schema.js';
import { MAX_DOCUMENT_BYTES } from './sniff.js';
import { TableScroll } from '../web/table-scroll.js';

function tr(lang: Lang) {
  const t = hubMessages.for(lang);
  const s = shellMessages.for(lang);
  return (key: string, vars?: Record<string, string | number>) => (hubMessages.has(key) ? t(key, vars) : shellMessages.has(key) ? s(key as never, vars) : key);
}

function useT() {
  return tr(usePage().lang);
}

const today = (ctx: AppContext) => localDay(ctx.clock.now(), ctx.profile.timeZone);

// ── customer: documents ─────────────────────────────────────────────

type HouseholdItems = Awaited<ReturnType<typeof householdInconsistencies>>;

function DocumentsPage(props: { items: HouseholdItems | null; names: Record<string, string>; sent?: boolean; errors?: { inconsistencyId: string; fields: FieldError[] } }) {
  const { lang, profile } = usePage();
  const t = useT();
  const address = profile.applicationsMailingAddress;
  return (
    <div class="usa-prose">
      <h1>{t('documents.title')}</h1>
      {props.sent && (
        <Alert type="success" slim>
          {t('documents.sent')}
        </Alert>
      )}
      {props.errors && <ErrorSummary errors={props.errors.fields} translate={t} />}
      {!props.items ? (
        <p>{t('documents.noHousehold')}</p>
      ) : props.items.length === 0 ? (
        <p>{t('documents.none')}</p>
      ) : (
        <>
          <p>{t('documents.lead')}</p>
          {props.items.map((inc) => {
            const element = t(`element.${inc.element}`);
            const errs = props.errors?.inconsistencyId === inc.id ? props.errors.fields : [];
            const kindErr = errs.find((e) => e.field === 'kind');
            const fileErr = errs.find((e) => e.field === 'file');
            const accepted = DOCUMENTS_FOR[inc.element as Element] ?? [];
            return (
              <section key={inc.id} class="border-top-1px border-base-lighter padding-top-2 margin-top-3" aria-labelledby={`inc-${inc.id}`}>
                <h2 id={`inc-${inc.id}`}>{t('documents.item', { element })}</h2>
                <p>
                  {inc.memberId ? t('documents.person', { name: props.names[inc.memberId] ?? '' }) : t('documents.household')}. {t(`reason.${inc.reason}`)}
                </p>
                <p>
                  <strong>{t('documents.due', { date: formatDate(inc.endsOn, lang) })}</strong>
                </p>
                {inc.documents.length > 0 && (
                  <>
                    <h3>{t('documents.yours')}</h3>
                    <ul class="usa-list">
                      {inc.documents.map((d) => (
                        <li key={d.id}>
                          {t(`doc.${d.kind}`)} ({formatDateTime(d.uploadedAt, lang, profile.timeZone)}):{' '}
                          {d.status === 'rejected' ? t('documents.status.rejected', { reason: t(`rejection.${d.rejectionReason}`) }) : t(`documents.status.${d.status}`)}
                        </li>
                      ))}
                    </ul>
                  </>
                )}
                <Form action={`/documents/${inc.id}`} enctype="multipart/form-data" aria-label={t('documents.item', { element })}>
                  <fieldset class={`usa-fieldset${kindErr ? ' usa-form-group usa-form-group--error' : ''}`} id={errs.length ? 'kind' : undefined}>
                    <legend class="usa-legend">{t('documents.kind')}</legend>
                    {kindErr && (
                      <span class="usa-error-message" role="alert">
                        {t(kindErr.messageKey)}
                      </span>
                    )}
                    <p class="usa-hint">{t('documents.accepted')}</p>
                    {accepted.map((kind, i) => (
                      <div class="usa-radio" key={kind}>
                        <input class="usa-radio__input" type="radio" id={`kind-${inc.id}-${kind}`} name="kind" value={kind} checked={i === 0} />
                        <label class="usa-radio__label" for={`kind-${inc.id}-${kind}`}>
                          {t(`doc.${kind}`)}
                        </label>
                      </div>
                    ))}
                  </fieldset>
                  <div class={`usa-form-group${fileErr ? ' usa-form-group--error' : ''}`}>
                    <label class="usa-label" for={errs.length ? 'file' : `file-${inc.id}`}>
                      {t('documents.file')}
                    </label>
                    {fileErr && (
                      <span class="usa-error-message" id={`file-${inc.id}-error`} role="alert">
                        {t(fileErr.messageKey)}
                      </span>
                    )}
                    <input
                      class="usa-file-input"
                      type="file"
                      id={errs.length ? 'file' : `file-${inc.id}`}
                      name="file"
                      accept="application/pdf,image/jpeg,image/png"
                      aria-describedby={fileErr ? `file-${inc.id}-error` : undefined}
                    />
                  </div>
                  <Button>{t('documents.send')}</Button>
                </Form>
              </section>
            );
          })}
          <p class="margin-top-4">{t('documents.byMail', { address: [address.name, ...address.lines, `${address.city}, ${address.state} ${address.zip}`].join(', ') })}</p>
        </>
      )}
    </div>
  );
}

async function memberNames(ctx: AppContext, householdId: string): Promise<Record<string, string>> {
  const rows = await ctx.db.select({ id: members.id, firstName: members.firstName }).from(members).where(eq(members.householdId, householdId));
  return Object.fromEntries(rows.map((r) => [r.id, r.firstName]));
}

async function renderDocuments(ctx: AppContext, req: FastifyRequest, reply: FastifyReply, extra: { sent?: boolean; errors?: { inconsistencyId: string; fields: FieldError[] } } = {}) {
  const householdId = await householdOf(ctx.db, req.actor!.accountId);
  const items = householdId ? await householdInconsistencies(ctx.db, householdId) : null;
  const names = householdId ? await memberNames(ctx, householdId) : {};
  return renderPage(ctx, req, reply, { title: tr(req.lang)('documents.title'), status: extra.errors ? 400 : 200, body: <DocumentsPage items={items} names={names} {...extra} /> });
}

// ── customer: identity proofing ─────────────────────────────────────

/** The identity form without an application: every field typed (dates as people type them). */
const identitySchema = z
  .object({
    firstName: z.string('errors.identity.firstName').trim().min(1, 'errors.identity.firstName').max(100, 'errors.identity.firstName'),
    lastName: z.string('errors.identity.lastName').trim().min(1, 'errors.identity.lastName').max(100, 'errors.identity.lastName'),
    dobMonth: z.string().optional(),
    dobDay: z.string().optional(),
    dobYear: z.string().optional(),
    dateOfBirth: z.string().optional(),
    ssn: z
      .string('errors.identity.ssn')
      .transform((s) => s.replace(/[\s-]/g, ''))
      .pipe(z.string().regex(/^\d{9}$/, 'errors.identity.ssn')),
    postalCode: z
      .string('errors.identity.postalCode')
      .trim()
      .regex(/^\d{5}$/, 'errors.identity.postalCode'),
  })
  .superRefine(
    (v, ctx) => {
      if (!typedBirthDate(v as Record<string, unknown>)) ctx.addIssue({ code: 'custom', path: ['dateOfBirth'], message: 'errors.identity.dateOfBirth' });
    },
    { when: () => true },
  )
  .transform((v) => ({ firstName: v.firstName, lastName: v.lastName, dateOfBirth: typedBirthDate(v)!, ssn: v.ssn, postalCode: v.postalCode }));

/** The date of birth from the three boxes, or from one box (`4/12/1988`, `1988-04-12`) as older forms and scripts send it. */
function typedBirthDate(v: Record<string, unknown>): string | null {
  const s = (x: unknown) => (typeof x === 'string' ? x : '');
  if (!s(v.dobMonth) && !s(v.dobDay) && !s(v.dobYear)) return parseDate(s(v.dateOfBirth));
  const parts = parseDateParts({ month: s(v.dobMonth), day: s(v.dobDay), year: s(v.dobYear) });
  return parts.ok ? parts.day : null;
}

/** The SSN asked on the applicant's identity page when the application has none. */
const applicantSsnSchema = z.object({
  ssn: z
    .string('errors.identity.ssn')
    .transform((s) => s.replace(/[\s-]/g, ''))
    .pipe(z.string().regex(/^\d{9}$/, 'errors.identity.ssn')),
});

/** The applicant of an application, as the identity page shows and checks them. */
interface ApplicantView {
  applicationId: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  postalCode: string | null;
  ssnLast4: string | null;
  ssnSealed: string | null;
}

async function applicantOf(ctx: AppContext, req: FastifyRequest, applicationId: string | undefined): Promise<ApplicantView | null> {
  if (!applicationId) return null;
  const row = await applicationFor(ctx.db, req.actor!, applicationId);
  const [m] = await ctx.db
    .select()
    .from(members)
    .where(and(eq(members.householdId, row.household.id), eq(members.isPrimary, true)));
  if (!m) return null;
  const address = await homeAddress(ctx.db, row.household.id);
  return {
    applicationId: row.application.id,
    firstName: m.firstName,
    lastName: m.lastName,
    dateOfBirth: m.dateOfBirth,
    postalCode: address ? address.zip.slice(0, 5) : null,
    ssnLast4: m.ssnLast4,
    ssnSealed: m.ssnSealed,
  };
}

/** The documented alternatives when identity cannot be confirmed online: upload documents, call, or mail, each with its link. */
function OtherWays() {
  const { lang, profile, now } = usePage();
  const t = useT();
  const line = profile.phoneLines.customerSupport;
  const today = lineNow(line, now, profile.timeZone);
  const a = profile.applicationsMailingAddress;
  return (
    <>
      <p>{t('identity.otherWays')}</p>
      <ul class="usa-list" id="identity-other-ways">
        <li>
          <a href="/documents">{t('identity.upload')}</a> {t('identity.uploadText')}
        </li>
        <li>
          <a href={`tel:${line.number.replace(/[^\d+]/g, '')}`}>{t('identity.callLink', { name: line.name[lang], number: line.number })}</a> {t('identity.callText')}{' '}
          {today.open ? t('shell.openUntil', { time: formatClock(today.closes, lang) }) : t('shell.closedNow')}. {t('identity.callHours', { hours: describeHours(line, lang) })}
        </li>
        <li>
          {t('identity.paper', { address: [a.name, ...a.lines, `${a.city}, ${a.state} ${a.zip}`].join(', ') })} {t('identity.paperForm')}
        </li>
      </ul>
    </>
  );
}

function IdentityPage(props: {
  outcome?: ProofingOutcome;
  unavailable?: boolean;
  errors?: FieldError[];
  values?: Record<string, string>;
  returnTo: string | null;
  applicant?: ApplicantView | null;
  standin?: boolean;
}) {
  const { lang, profile } = usePage();
  const t = useT();
  const v = props.values ?? {};
  if (props.outcome === 'verified') {
    return (
      <div class="usa-prose">
        <h1>{t('identity.title')}</h1>
        <Alert type="success">{t('identity.verified')}</Alert>
        <p>
          <a class="usa-button" href={props.returnTo ?? '/apply'}>
            {t('identity.continue')}
          </a>
        </p>
      </div>
    );
  }
  if (props.unavailable || props.outcome === 'unavailable' || props.outcome === 'failed') {
    return (
      <div class="usa-prose">
        <h1>{t('identity.title')}</h1>
        <Alert type="warning" heading={props.outcome === 'failed' ? t('identity.failed') : t('identity.unavailable')}>
          {props.outcome === 'failed' && props.applicant ? t('identity.failedApplicant', { name: `${props.applicant.firstName} ${props.applicant.lastName}` }) : undefined}
        </Alert>
        <OtherWays />
        {props.returnTo && (
          <p>
            <a href={props.returnTo}>{t('identity.back')}</a>
          </p>
        )}
      </div>
    );
  }
  const errors = props.errors ?? [];
  const p = props.applicant;
  const realService = props.standin ? (
    <div class="usa-summary-box margin-y-3" role="region" aria-labelledby="identity-real-heading">
      <div class="usa-summary-box__body">
        <h2 class="usa-summary-box__heading" id="identity-real-heading">
          {t('identity.real.heading')}
        </h2>
        <div class="usa-summary-box__text">
          <p>{t('identity.real.text')}</p>
          <p>{t('identity.real.standin')}</p>
        </div>
      </div>
    </div>
  ) : null;
  if (p) {
    return (
      <div class="usa-prose">
        <h1>{t('identity.title')}</h1>
        <p>{t('identity.applicantLead', { name: `${p.firstName} ${p.lastName}` })}</p>
        <ErrorSummary errors={errors} translate={t} />
        <dl class="candor-facts" id="identity-applicant">
          <dt>{t('identity.name')}</dt>
          <dd>
            {p.firstName} {p.lastName}
          </dd>
          <dt>{t('identity.dateOfBirth')}</dt>
          <dd>{formatDate(p.dateOfBirth, lang, profile.timeZone)}</dd>
          <dt>{t('identity.postalCode')}</dt>
          <dd>{p.postalCode ?? t('identity.noAddress')}</dd>
          {p.ssnLast4 && (
            <>
              <dt>{t('identity.ssn')}</dt>
              <dd>{t('identity.ssnOnFile', { last4: p.ssnLast4 })}</dd>
            </>
          )}
        </dl>
        <p>
          {t('identity.fromApplication')} {props.returnTo && <a href={props.returnTo}>{t('identity.changeAnswers')}</a>}
        </p>
        {realService}
        <Form action="/identity-proofing">
          <input type="hidden" name="application" value={p.applicationId} />
          {props.returnTo && <input type="hidden" name="return" value={props.returnTo} />}
          {!p.ssnSealed && (
            <TextField name="ssn" label={t('identity.ssn')} hint={t('identity.ssn.applicantHint')} autocomplete="off" inputmode="numeric" required errors={errors} translate={t} width="md" />
          )}
          <Button>{t('identity.submit')}</Button>
        </Form>
        <h2>{t('identity.otherWaysHeading')}</h2>
        <OtherWays />
      </div>
    );
  }
  return (
    <div class="usa-prose">
      <h1>{t('identity.title')}</h1>
      <p>{t('identity.lead')}</p>
      <ErrorSummary errors={errors} translate={t} />
      {realService}
      <Form action="/identity-proofing">
        {props.returnTo && <input type="hidden" name="return" value={props.returnTo} />}
        <TextField name="firstName" label={t('identity.firstName')} value={v.firstName} autocomplete="given-name" required errors={errors} translate={t} />
        <TextField name="lastName" label={t('identity.lastName')} value={v.lastName} autocomplete="family-name" required errors={errors} translate={t} />
        <MemorableDate
          id="dateOfBirth"
          legend={t('identity.dateOfBirth')}
          hint={t('identity.dateOfBirth.hint')}
          values={{ month: v.dobMonth, day: v.dobDay, year: v.dobYear }}
          names={{ month: 'dobMonth', day: 'dobDay', year: 'dobYear' }}
          errors={errors}
          lang={lang}
          translate={t}
          autocomplete="bday"
        />
        <TextField name="ssn" label={t('identity.ssn')} hint={t('identity.ssn.hint')} autocomplete="off" inputmode="numeric" required errors={errors} translate={t} width="md" />
        <TextField name="postalCode" label={t('identity.postalCode')} value={v.postalCode} autocomplete="postal-code" inputmode="numeric" required errors={errors} translate={t} width="sm" />
        <Button>{t('identity.submit')}</Button>
      </Form>
    </div>
  );
}

// ── caseworker: inconsistencies and documents ───────────────────────

interface ListRow {
  id: string;
  caseNumber: string;
  element: string;
  reason: string;
  endsOn: string;
  waiting: number;
}

function ReviewList(props: { rows: ListRow[] }) {
  const { lang } = usePage();
  const t = useT();
  return (
    <div class="usa-prose maxw-none">
      <h1>{t('review.title')}</h1>
      <p>{t('review.lead')}</p>
      {props.rows.length === 0 ? (
        <p>{t('review.none')}</p>
      ) : (
        <table class="usa-table">
          <caption class="usa-sr-only">{t('review.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('review.case')}</th>
              <th scope="col">{t('review.element')}</th>
              <th scope="col">{t('review.reason')}</th>
              <th scope="col">{t('review.endsOn')}</th>
              <th scope="col">{t('review.waiting')}</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr key={r.id}>
                <th scope="row">
                  <a href={`/hub/inconsistencies/${r.id}`}>
                    {r.caseNumber} — {t(`element.${r.element}`)}
                  </a>
                </th>
                <td>{t(`element.${r.element}`)}</td>
                <td>{t(`reason.${r.reason}`)}</td>
                <td>{formatDate(r.endsOn, lang)}</td>
                <td>{r.waiting}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

type Detail = typeof inconsistencies.$inferSelect & { caseNumber: string; docs: Array<Omit<typeof documents.$inferSelect, 'content'>> };

function ReviewDetail(props: { inc: Detail; notice?: string; errors?: FieldError[] }) {
  const { lang, profile } = usePage();
  const t = useT();
  const inc = props.inc;
  const errors = props.errors ?? [];
  return (
    <div class="usa-prose maxw-none">
      <h1>{t('review.detail', { element: t(`element.${inc.element}`) })}</h1>
      {props.notice && (
        <Alert type="success" slim>
          {props.notice}
        </Alert>
      )}
      <ErrorSummary errors={errors} translate={t} />
      <dl>
        <dt>{t('review.case')}</dt>
        <dd>{inc.caseNumber}</dd>
        <dt>{t('review.reason')}</dt>
        <dd>{t(`reason.${inc.reason}`)}</dd>
        <dt>{t('review.endsOn')}</dt>
        <dd>{formatDate(inc.endsOn, lang)}</dd>
        <dt>{t('review.status')}</dt>
        <dd>{t(`review.state.${inc.status}`)}</dd>
      </dl>
      <h2>{t('review.documents')}</h2>
      {inc.docs.length === 0 && <p>{t('review.noDocuments')}</p>}
      {inc.docs.map((d) => (
        <section key={d.id} class="border-top-1px border-base-lighter padding-top-1" aria-labelledby={`doc-${d.id}`}>
          <h3 id={`doc-${d.id}`}>{t(`doc.${d.kind}`)}</h3>
          <p>
            {t('review.type')}: {d.mediaType}. {t('review.size')}: {Math.ceil(d.sizeBytes / 1024)} KB. {t('review.uploaded')}: {formatDateTime(d.uploadedAt, lang, profile.timeZone)}.{' '}
            {t('review.status')}: {d.status === 'rejected' ? t('documents.status.rejected', { reason: t(`rejection.${d.rejectionReason}`) }) : t(`documents.status.${d.status}`)}
          </p>
          <p>
            <a href={`/hub/documents/${d.id}`}>
              {t('review.view')} ({t(`doc.${d.kind}`)})
            </a>
          </p>
          {d.status === 'submitted' && inc.status === 'open' && (
            <Form action={`/hub/documents/${d.id}/review`} aria-label={`${t('review.decide')}: ${t(`doc.${d.kind}`)}`}>
              <fieldset class="usa-fieldset">
                <legend class="usa-legend">{t('review.decision')}</legend>
                <div class="usa-radio">
                  <input class="usa-radio__input" type="radio" id={`accept-${d.id}`} name="decision" value="accept" />
                  <label class="usa-radio__label" for={`accept-${d.id}`}>
                    {t('review.accept')}
                  </label>
                </div>
                <div class="usa-radio">
                  <input class="usa-radio__input" type="radio" id={`reject-${d.id}`} name="decision" value="reject" />
                  <label class="usa-radio__label" for={`reject-${d.id}`}>
                    {t('review.reject')}
                  </label>
                </div>
              </fieldset>
              <label class="usa-label" for={`reason-${d.id}`}>
                {t('review.rejectReason')}
              </label>
              <select class="usa-select" id={`reason-${d.id}`} name="reason">
                <option value="">—</option>
                {REJECTION_REASONS.map((r) => (
                  <option key={r} value={r}>
                    {t(`rejection.${r}`)}
                  </option>
                ))}
              </select>
              <Button>{t('review.decide')}</Button>
            </Form>
          )}
        </section>
      ))}
      {inc.status === 'open' && (
        <>
          <h2>{t('review.extend')}</h2>
          <Form action={`/hub/inconsistencies/${inc.id}/extend`} aria-label={t('review.extend')}>
            <TextField name="days" label={t('review.extendDays')} inputmode="numeric" width="sm" errors={errors} translate={t} />
            <Button variant="outline">{t('review.extendSubmit')}</Button>
          </Form>
        </>
      )}
    </div>
  );
}

async function loadDetail(ctx: AppContext, id: string): Promise<Detail> {
  if (!z.string().uuid().safeParse(id).success) throw notFound();
  const [row] = await ctx.db
    .select({ inc: inconsistencies, caseNumber: households.caseNumber })
    .from(inconsistencies)
    .innerJoin(households, eq(households.id, inconsistencies.householdId))
    .where(eq(inconsistencies.id, id));
  if (!row) throw notFound();
  const { id: docId, inconsistencyId, householdId, kind, mediaType, sizeBytes, sha256, keyVersion, status, uploadedBy, uploadedAt, reviewedBy, reviewedAt, rejectionReason } = documents;
  const docs = await ctx.db
    .select({ id: docId, inconsistencyId, householdId, kind, mediaType, sizeBytes, sha256, keyVersion, status, uploadedBy, uploadedAt, reviewedBy, reviewedAt, rejectionReason })
    .from(documents)
    .where(eq(documents.inconsistencyId, id))
    .orderBy(desc(documents.uploadedAt));
  return { ...row.inc, caseNumber: row.caseNumber, docs };
}

// ── operations: the link console ────────────────────────────────────

function LinkConsole(props: {
  state: Awaited<ReturnType<typeof linkState>>;
  waiting: Awaited<ReturnType<typeof waitingCounts>>;
  breaker: string;
  history: Array<typeof linkEvents.$inferSelect>;
  notice?: string;
  errors?: FieldError[];
}) {
  const { lang, profile } = usePage();
  const t = useT();
  const errors = props.errors ?? [];
  return (
    <div class="usa-prose maxw-none">
      <h1>{t('link.title')}</h1>
      {props.notice && (
        <Alert type="success" slim>
          {props.notice}
        </Alert>
      )}
      <ErrorSummary errors={errors} translate={t} />
      <p>
        <span class={`usa-tag ${props.state.cut ? 'bg-secondary-dark' : 'bg-green'}`}>{props.state.cut ? t('link.cut') : t('link.connected')}</span>
      </p>
      {props.state.cut && props.state.since && (
        <p>
          {t('link.cutSince', { when: formatDateTime(props.state.since, lang, profile.timeZone), by: props.state.by ?? '' })} {t('link.reason', { reason: props.state.reason ?? '' })}
        </p>
      )}
      <p>{t('link.breaker', { state: t(`link.breaker.${props.breaker}`) })}</p>
      <p>{t('link.waiting', { verifications: props.waiting.verifications, applications: props.waiting.applications })}</p>
      {props.state.cut ? (
        <Form action="/hub/reconnect" aria-label={t('link.reconnect')}>
          <Button>{t('link.reconnect')}</Button>
        </Form>
      ) : (
        <>
          <h2>{t('link.disconnect')}</h2>
          <p>{t('link.disconnectLead')}</p>
          <Form action="/hub/disconnect" aria-label={t('link.disconnect')}>
            <TextField name="reason" label={t('link.disconnectReason')} required errors={errors} translate={t} />
            <Button variant="secondary">{t('link.disconnect')}</Button>
          </Form>
        </>
      )}
      <h2>{t('link.history')}</h2>
      <TableScroll label={t('link.history')}>
        <table class="usa-table usa-table--compact">
          <caption class="usa-sr-only">{t('link.history')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('link.when')}</th>
              <th scope="col">{t('link.what')}</th>
              <th scope="col">{t('link.who')}</th>
            </tr>
          </thead>
          <tbody>
            {props.history.map((e) => (
              <tr key={e.id}>
                <td>{formatDateTime(e.at, lang, profile.timeZone)}</td>
                <td>
                  {t(`link.action.${e.action}`)}
                  {e.action === 'disconnect' ? `: ${e.reason}` : ''}
                </td>
                <td>{e.actor}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </div>
  );
}

async function renderConsole(ctx: AppContext, req: FastifyRequest, reply: FastifyReply, extra: { notice?: string; errors?: FieldError[] } = {}) {
  const [recorded, waiting, history] = await Promise.all([linkState(ctx.db), waitingCounts(ctx.db), ctx.db.select().from(linkEvents).orderBy(desc(linkEvents.id)).limit(20)]);
  // Cut here, or hub-verification taken down elsewhere (the capabilities console): either way no call leaves.
  const state = { ...recorded, cut: recorded.cut || !ctx.services.hub.isOpen() };
  return renderPage(ctx, req, reply, {
    title: tr(req.lang)('link.title'),
    status: extra.errors?.length ? 400 : 200,
    body: <LinkConsole state={state} waiting={waiting} breaker={ctx.services.hub.breakerState} history={history} {...extra} />,
  });
}

// ── routes ──────────────────────────────────────────────────────────

const ip = (req: FastifyRequest) => req.ip;

const returnPath = (value: unknown): string | null => {
  const path = safeNext(value, '');
  return path && path.length <= 300 ? path : null;
};

export async function hubRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  // Multipart bodies are read here, while the body is parsed, so the access rule and the CSRF check
  // (which run before validation) see the form's fields. One file, at most 4 MB, kept in memory.
  app.addContentTypeParser('multipart/form-data', (req, payload, done) => {
    let busboy: InstanceType<typeof Busboy>;
    try {
      busboy = new Busboy({ headers: req.headers as BusboyHeaders, limits: { fileSize: MAX_DOCUMENT_BYTES, files: 1, fields: 10, fieldSize: 1024, parts: 12 } });
    } catch {
      done(null, {});
      return;
    }
    const body: Record<string, unknown> = {};
    const files: Array<Promise<void>> = [];
    busboy.on('field', (name: string, value: string) => {
      body[name] = value;
    });
    busboy.on('file', (name: string, stream: NodeJS.ReadableStream & { truncated?: boolean }) => {
      files.push(
        new Promise((resolve) => {
          const chunks: Buffer[] = [];
          let truncated = false;
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('limit', () => (truncated = true));
          stream.on('end', () => {
            body[name] = { content: Buffer.concat(chunks), truncated };
            resolve();
          });
        }),
      );
    });
    busboy.on('finish', () => {
      void Promise.all(files).then(() => done(null, body));
    });
    // A malformed body parses as an empty form: the CSRF check then refuses it (403), never a 500.
    busboy.on('error', () => done(null, {}));
    payload.pipe(busboy);
  });

  app.get('/documents', async (req, reply) => renderDocuments(ctx, req, reply, { sent: (req.query as { sent?: string }).sent === '1' }));

  app.post<{ Params: { id: string }; Body: { kind?: string; file?: { content: Buffer; truncated: boolean } | string } }>('/documents/:id', async (req, reply) => {
    if (!z.string().uuid().safeParse(req.params.id).success) throw notFound();
    const body = req.body ?? {};
    const file = typeof body.file === 'object' && body.file ? body.file : null;
    try {
      if (!file || file.content.length === 0) throw invalidInput([{ field: 'file', messageKey: 'hub.errors.documentMissing' }]);
      await ctx.db.transaction((tx) =>
        uploadDocument(tx, ctx.services.hub.keyring, {
          inconsistencyId: req.params.id,
          accountId: req.actor!.accountId,
          kind: String(body.kind ?? ''),
          content: file.content,
          truncated: file.truncated,
          ip: ip(req),
          now: ctx.clock.now(),
        }),
      );
    } catch (err) {
      if (err instanceof CandorError && err.name === 'invalid-input') return renderDocuments(ctx, req, reply, { errors: { inconsistencyId: req.params.id, fields: err.details.fields ?? [] } });
      throw err;
    }
    return reply.redirect('/documents?sent=1', 303);
  });

  // `?return=` brings the person back where they were (their application's review page); a path on this site only.
  // `?application=` ties the check to that application's applicant: prefilled from it, and only their identity counts (docs/adr/0121).
  app.get<{ Querystring: { return?: string; application?: string } }>('/identity-proofing', async (req, reply) => {
    const returnTo = returnPath(req.query.return);
    const title = tr(req.lang)('identity.title');
    const applicant = await applicantOf(ctx, req, req.query.application);
    if (applicant && (await hasProvenIdentity(ctx.db, req.actor!.accountId, identitySubject(ctx.keys.data, applicant)))) {
      return renderPage(ctx, req, reply, { title, body: <IdentityPage outcome="verified" returnTo={returnTo} /> });
    }
    const unavailable = !identityProofingAvailable(ctx);
    return renderPage(ctx, req, reply, {
      title,
      status: unavailable ? 503 : 200,
      body: <IdentityPage unavailable={unavailable} returnTo={returnTo} applicant={applicant} standin={!!ctx.services.hub.standin} />,
    });
  });

  app.post<{ Body: Record<string, string> }>('/identity-proofing', async (req, reply) => {
    const { ssn: _ssn, return: back, application, ...values } = (req.body ?? {}) as Record<string, string>;
    void _ssn;
    const returnTo = returnPath(back);
    const title = tr(req.lang)('identity.title');
    const standin = !!ctx.services.hub.standin;
    const applicant = await applicantOf(ctx, req, application);
    let person: ProofingInput;
    if (applicant) {
      // The subject is the applicant as the application holds them; only the SSN may be typed here, when the application has none.
      let ssn = applicant.ssnSealed ? await ctx.services.hub.keyring.open(applicant.ssnSealed) : null;
      if (!ssn) {
        const parsed = applicantSsnSchema.safeParse(req.body ?? {});
        if (!parsed.success)
          return renderPage(ctx, req, reply, { title, status: 400, body: <IdentityPage errors={fieldErrorsFromZod(parsed.error)} returnTo={returnTo} applicant={applicant} standin={standin} /> });
        ssn = parsed.data.ssn;
      }
      if (!applicant.postalCode) return reply.redirect(returnTo ?? '/apply', 303);
      person = { firstName: applicant.firstName, lastName: applicant.lastName, dateOfBirth: applicant.dateOfBirth, ssn, postalCode: applicant.postalCode };
    } else {
      const parsed = identitySchema.safeParse(req.body ?? {});
      if (!parsed.success)
        return renderPage(ctx, req, reply, { title, status: 400, body: <IdentityPage errors={fieldErrorsFromZod(parsed.error)} values={values} returnTo={returnTo} standin={standin} /> });
      person = parsed.data;
    }
    const outcome = await proofIdentity(ctx, { accountId: req.actor!.accountId, person, ip: ip(req) });
    return renderPage(ctx, req, reply, { title, status: outcome === 'unavailable' ? 503 : 200, body: <IdentityPage outcome={outcome} returnTo={returnTo} applicant={applicant} /> });
  });

  app.get('/hub/inconsistencies', async (req, reply) => {
    const rows = await ctx.db
      .select({
        id: inconsistencies.id,
        caseNumber: households.caseNumber,
        element: inconsistencies.element,
        reason: inconsistencies.reason,
        endsOn: inconsistencies.endsOn,
        waiting: sql<number>`(SELECT count(*)::int FROM hub_documents d WHERE d.inconsistency_id = ${inconsistencies.id} AND d.status = 'submitted')`,
      })
      .from(inconsistencies)
      .innerJoin(households, eq(households.id, inconsistencies.householdId))
      .where(eq(inconsistencies.status, 'open'))
      .orderBy(sql`5 DESC`, inconsistencies.endsOn)
      .limit(200);
    return renderPage(ctx, req, reply, { title: tr(req.lang)('review.title'), body: <ReviewList rows={rows} /> });
  });

  app.get<{ Params: { id: string }; Querystring: { done?: string; until?: string } }>('/hub/inconsistencies/:id', async (req, reply) => {
    const inc = await loadDetail(ctx, req.params.id);
    const t = tr(req.lang);
    const notice =
      req.query.done === 'resolved'
        ? t('review.resolved')
        : req.query.done === 'rejected'
          ? t('review.rejected')
          : req.query.done === 'extended'
            ? t('review.extended', { date: formatDate(inc.endsOn, req.lang) })
            : undefined;
    return renderPage(ctx, req, reply, { title: t('review.detail', { element: t(`element.${inc.element}`) }), body: <ReviewDetail inc={inc} notice={notice} /> });
  });

  app.post<{ Params: { id: string }; Body: { days?: string } }>('/hub/inconsistencies/:id/extend', async (req, reply) => {
    const inc = await loadDetail(ctx, req.params.id);
    const days = Number(String(req.body?.days ?? '').trim());
    try {
      await ctx.db.transaction((tx) =>
        extendInconsistency(tx, { inconsistencyId: inc.id, days: Number.isFinite(days) ? days : NaN, by: req.actor!.accountId, ip: ip(req), today: today(ctx), now: ctx.clock.now() }),
      );
    } catch (err) {
      if (err instanceof CandorError && err.name === 'invalid-input') {
        const t = tr(req.lang);
        return renderPage(ctx, req, reply, { title: t('review.detail', { element: t(`element.${inc.element}`) }), status: 400, body: <ReviewDetail inc={inc} errors={err.details.fields ?? []} /> });
      }
      throw err;
    }
    return reply.redirect(`/hub/inconsistencies/${inc.id}?done=extended`, 303);
  });

  app.get<{ Params: { id: string } }>('/hub/documents/:id', async (req, reply) => {
    if (!z.string().uuid().safeParse(req.params.id).success) throw notFound();
    const doc = await ctx.db.transaction((tx) => openDocument(tx, ctx.services.hub.keyring, { documentId: req.params.id, by: req.actor!.accountId, ip: ip(req), now: ctx.clock.now() }));
    return reply.type(doc.mediaType).header('cache-control', 'no-store').header('content-disposition', 'inline').header('x-content-type-options', 'nosniff').send(doc.content);
  });

  app.post<{ Params: { id: string }; Body: { decision?: string; reason?: string } }>('/hub/documents/:id/review', async (req, reply) => {
    if (!z.string().uuid().safeParse(req.params.id).success) throw notFound();
    const [doc] = await ctx.db.select({ inconsistencyId: documents.inconsistencyId }).from(documents).where(eq(documents.id, req.params.id));
    if (!doc) throw notFound();
    const decision = req.body?.decision;
    try {
      if (decision !== 'accept' && decision !== 'reject') throw invalidInput([{ field: 'decision', messageKey: 'hub.errors.decision' }]);
      await ctx.db.transaction((tx) =>
        reviewDocument(tx, { documentId: req.params.id, decision, reason: req.body?.reason || undefined, by: req.actor!.accountId, ip: ip(req), today: today(ctx), now: ctx.clock.now() }),
      );
    } catch (err) {
      if (err instanceof CandorError && err.name === 'invalid-input') {
        const inc = await loadDetail(ctx, doc.inconsistencyId);
        const t = tr(req.lang);
        return renderPage(ctx, req, reply, { title: t('review.detail', { element: t(`element.${inc.element}`) }), status: 400, body: <ReviewDetail inc={inc} errors={err.details.fields ?? []} /> });
      }
      throw err;
    }
    return reply.redirect(`/hub/inconsistencies/${doc.inconsistencyId}?done=${decision === 'accept' ? 'resolved' : 'rejected'}`, 303);
  });

  app.get<{ Querystring: { done?: string } }>('/hub', async (req, reply) => {
    const t = tr(req.lang);
    const notice = req.query.done === 'cut' ? t('link.done.cut') : req.query.done === 'restored' ? t('link.done.restored') : undefined;
    return renderConsole(ctx, req, reply, { notice });
  });

  app.post<{ Body: { reason?: string } }>('/hub/disconnect', async (req, reply) => {
    const reason = String(req.body?.reason ?? '').trim();
    if (!reason || reason.length > REASON_MAX) {
      return renderConsole(ctx, req, reply, { errors: [{ field: 'reason', messageKey: reason ? 'hub.errors.reasonTooLong' : 'hub.errors.reasonRequired' }] });
    }
    ctx.services.hub.client.cut();
    try {
      await ctx.db.transaction((tx) =>
        disconnectHub(tx, { reason, by: { id: req.actor!.accountId, kind: 'person', ip: ip(req) }, now: ctx.clock.now(), lockTimeoutMs: ctx.config.hubTimeoutMs + 3000 }),
      );
    } catch (err) {
      if (ctx.services.hub.isOpen()) ctx.services.hub.client.restore();
      throw err;
    }
    await ctx.services.capabilities?.refresh();
    return reply.redirect('/hub?done=cut', 303);
  });

  app.post('/hub/reconnect', async (req, reply) => {
    await ctx.db.transaction((tx) => reconnectHub(tx, { by: { id: req.actor!.accountId, kind: 'person', ip: ip(req) }, now: ctx.clock.now() }));
    await ctx.services.capabilities?.refresh();
    await ctx.services.hub.kick();
    return reply.redirect('/hub?done=restored', 303);
  });
}
