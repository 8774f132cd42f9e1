/** The application's pages: people, a person, address, income, review and the eligibility result. */
import type { FieldError } from '../platform/errors.js';
import { Alert, Button, ErrorSummary, Form, TextField } from '../web/components.js';
import { formatDate, formatMoney } from '../web/i18n.js';
import { usePage } from '../web/page-context.js';
import type { ApplicationStep } from './application-draft.js';
import { CheckboxGroup, MemorableDate, RadioGroup, SelectField, StepIndicator, SummaryRow, translator } from './components.js';
import { ageOn } from './dates.js';
import { IMMIGRATION_DOCUMENTS, US_STATES } from './forms.js';
import { enrollmentMessages } from './messages.js';
import { RELATIONSHIPS, type Channel } from './schema.js';

export type FormValues = Record<string, string | undefined>;

export interface MemberView {
  id: string;
  isPrimary: boolean;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  seekingCoverage: boolean;
  relationship: string | null;
  /** Whether a Social Security number is on file (never the number). */
  hasSsn?: boolean;
  citizenship?: 'citizen' | 'lawfully-present' | 'not-lawfully-present';
}

/** A document request: expected from the answers (review) or open (result, with its deadline). */
export interface DocumentRequestView {
  who: string | null;
  element: string;
  /** The deadline, once the request is open. */
  endsOn?: string | null;
}

function ChannelNote(props: { channel: Channel }) {
  const { lang, actor } = usePage();
  const t = enrollmentMessages.for(lang);
  if (actor?.kind !== 'staff') return null;
  return (
    <Alert type="info" slim>
      {t('channel.staffNote', { channel: t(`channel.${props.channel}`) })}
    </Alert>
  );
}

export function StartPage(props: { draft: { id: string; step: ApplicationStep } | null; determinedId: string | null; planYear: number; continueFrom?: number | null }) {
  const { lang } = usePage();
  const t = enrollmentMessages.for(lang);
  return (
    <div class="usa-prose">
      <h1>{t('apply.title')}</h1>
      <p class="usa-intro">{t('apply.lead')}</p>
      <p>{t('apply.saved')}</p>
      <p>{t('apply.planYear', { year: props.planYear })}</p>
      {props.draft ? (
        <a class="usa-button" href={`/applications/${props.draft.id}/${props.draft.step}`}>
          {t('apply.continue')}
        </a>
      ) : (
        <Form action="/apply" class="usa-form">
          {props.continueFrom ? <p>{t('apply.continueLead', { from: props.continueFrom })}</p> : null}
          <Button>{props.continueFrom ? t('apply.continueInto', { year: props.planYear }) : props.determinedId ? t('apply.newForChanges') : t('apply.start')}</Button>
        </Form>
      )}
    </div>
  );
}

export function PeoplePage(props: { base: string; channel: Channel; members: MemberView[]; form: PersonFormProps }) {
  const { lang, now } = usePage();
  const t = enrollmentMessages.for(lang);
  const today = now.toISOString().slice(0, 10);
  return (
    <div>
      <StepIndicator current={0} lang={lang} />
      <ChannelNote channel={props.channel} />
      <div class="usa-prose">
        <h1>{t('people.title')}</h1>
        <p>{t('people.lead')}</p>
      </div>
      {props.members.length === 0 ? (
        <p>{t('people.none')}</p>
      ) : (
        <ul class="usa-card-group" aria-label={t('people.title')}>
          {props.members.map((m) => (
            <li class="usa-card tablet:grid-col-6" key={m.id}>
              <div class="usa-card__container">
                <div class="usa-card__header">
                  <h2 class="usa-card__heading">
                    {m.firstName} {m.lastName}
                  </h2>
                </div>
                <div class="usa-card__body">
                  <p>
                    {m.isPrimary ? t('people.primary') : m.relationship ? t(`relationship.${m.relationship as (typeof RELATIONSHIPS)[number]}`) : ''}
                    {' · '}
                    {enrollmentMessages.for(lang)('staff.household.age', { age: ageOn(m.dateOfBirth, today) })}
                    {' · '}
                    {m.seekingCoverage ? t('people.seeking') : t('people.notSeeking')}
                  </p>
                </div>
                <div class="usa-card__footer">
                  <a class="usa-button usa-button--outline" href={`${props.base}/people/${m.id}`} aria-label={t('people.edit', { name: m.firstName })}>
                    {t('people.editLink')}
                  </a>
                  {!m.isPrimary && (
                    <Form action={`${props.base}/people/${m.id}/remove`} class="display-inline-block">
                      <button class="usa-button usa-button--unstyled" type="submit" aria-label={t('people.removeLabel', { name: m.firstName })}>
                        {t('people.remove')}
                      </button>
                    </Form>
                  )}
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}
      {props.members.length > 0 && (
        <p>
          <a class="usa-button" href={`${props.base}/address`}>
            {t('people.continue')}
          </a>
        </p>
      )}
      <h2>{props.members.length === 0 ? t('people.addFirst') : t('people.add')}</h2>
      <PersonForm {...props.form} />
    </div>
  );
}

export interface PersonFormProps {
  action: string;
  isPrimary: boolean;
  values: FormValues;
  errors: FieldError[];
  askTobacco: boolean;
  ssnLast4?: string | null;
}

export function PersonForm(props: PersonFormProps) {
  const { lang } = usePage();
  const t = enrollmentMessages.for(lang);
  const tr = translator(lang);
  const v = props.values;
  const checked = (name: string) => v[name] === 'on';
  return (
    <Form action={props.action}>
      <ErrorSummary errors={props.errors} translate={tr} />
      <TextField name="firstName" label={t('person.firstName')} hint={t('person.firstNameHint')} value={v.firstName} errors={props.errors} translate={tr} autocomplete="off" required />
      <TextField name="lastName" label={t('person.lastName')} value={v.lastName} errors={props.errors} translate={tr} autocomplete="off" required />
      <MemorableDate
        id="dateOfBirth"
        legend={t('person.dob')}
        hint={t('person.dobHint')}
        values={{ month: v.dobMonth, day: v.dobDay, year: v.dobYear }}
        names={{ month: 'dobMonth', day: 'dobDay', year: 'dobYear' }}
        errors={props.errors}
        lang={lang}
        translate={tr}
      />
      <SelectField
        name="sex"
        label={t('person.sex')}
        hint={t('person.sexHint')}
        value={v.sex}
        lang={lang}
        errors={props.errors}
        placeholder={t('person.sex.choose')}
        options={(['F', 'M', 'U'] as const).map((s) => ({ value: s, label: t(`person.sex.${s}`) }))}
      />
      {!props.isPrimary && (
        <SelectField
          name="relationship"
          label={t('person.relationship')}
          hint={t('person.relationshipHint')}
          value={v.relationship}
          lang={lang}
          errors={props.errors}
          placeholder={t('person.relationship.choose')}
          options={RELATIONSHIPS.map((r) => ({ value: r, label: t(`relationship.${r}`) }))}
        />
      )}
      <TextField
        name="ssn"
        label={t('person.ssn')}
        hint={props.ssnLast4 ? t('person.ssnOnFile', { last4: props.ssnLast4 }) : t('person.ssnHint')}
        errors={props.errors}
        translate={tr}
        autocomplete="off"
        inputmode="numeric"
        width="md"
      />
      <RadioGroup
        name="seekingCoverage"
        legend={t('person.seeking')}
        hint={t('person.seekingHint')}
        value={v.seekingCoverage}
        lang={lang}
        errors={props.errors}
        options={[
          { value: 'yes', label: t('person.yes') },
          { value: 'no', label: t('person.no') },
        ]}
      />
      <RadioGroup
        name="citizenship"
        legend={t('person.citizenship')}
        hint={t('person.citizenshipHint')}
        value={v.citizenship}
        lang={lang}
        errors={props.errors}
        options={(['citizen', 'lawfully-present', 'not-lawfully-present'] as const).map((c) => ({ value: c, label: t(`citizenship.${c}`) }))}
      />
      <SelectField
        name="immigrationDocumentType"
        label={t('person.documentType')}
        hint={t('person.documentTypeHint')}
        value={v.immigrationDocumentType}
        lang={lang}
        errors={props.errors}
        placeholder={t('person.documentType.choose')}
        options={IMMIGRATION_DOCUMENTS.map((d) => ({ value: d, label: t(`document.${d}`) }))}
      />
      <TextField name="immigrationDocumentNumber" label={t('person.documentNumber')} value={v.immigrationDocumentNumber} errors={props.errors} translate={tr} autocomplete="off" width="md" />
      <RadioGroup
        name="taxFiling"
        legend={t('person.taxFiling')}
        hint={t('person.taxFilingHint')}
        value={v.taxFiling}
        lang={lang}
        errors={props.errors}
        options={(['filer', 'joint-filer', 'dependent', 'non-filer'] as const).map((f) => ({ value: f, label: t(`taxFiling.${f}`) }))}
      />
      <CheckboxGroup
        id="facts"
        legend={t('person.facts')}
        hint={t('person.factsHint')}
        lang={lang}
        errors={props.errors}
        items={[
          { name: 'pregnant', label: t('person.pregnant'), checked: checked('pregnant') },
          { name: 'americanIndianAlaskaNative', label: t('person.aian'), checked: checked('americanIndianAlaskaNative') },
          { name: 'incarcerated', label: t('person.incarcerated'), checked: checked('incarcerated') },
          { name: 'otherCoverage', label: t('person.otherCoverage'), checked: checked('otherCoverage') },
          ...(props.askTobacco ? [{ name: 'tobaccoUse', label: t('person.tobacco'), checked: checked('tobaccoUse') }] : []),
        ]}
      />
      <Button>{t('people.save')}</Button>
    </Form>
  );
}

export function EditPersonPage(props: { base: string; channel: Channel; name: string; form: PersonFormProps }) {
  const { lang } = usePage();
  const t = enrollmentMessages.for(lang);
  return (
    <div>
      <StepIndicator current={0} lang={lang} />
      <ChannelNote channel={props.channel} />
      <h1>{t('people.edit', { name: props.name })}</h1>
      <PersonForm {...props.form} />
      <p>
        <a href={`${props.base}/people`}>{t('people.title')}</a>
      </p>
    </div>
  );
}

export function AddressPage(props: { base: string; channel: Channel; values: FormValues; errors: FieldError[] }) {
  const { lang, profile } = usePage();
  const t = enrollmentMessages.for(lang);
  const tr = translator(lang);
  const v = props.values;
  return (
    <div>
      <StepIndicator current={1} lang={lang} />
      <ChannelNote channel={props.channel} />
      <h1>{t('address.title')}</h1>
      <p>{t('address.lead', { state: profile.name[lang] })}</p>
      <Form action={`${props.base}/address`}>
        <ErrorSummary errors={props.errors} translate={tr} />
        <TextField name="line1" label={t('address.line1')} value={v.line1} errors={props.errors} translate={tr} autocomplete="address-line1" required />
        <TextField name="line2" label={t('address.line2')} value={v.line2} errors={props.errors} translate={tr} autocomplete="address-line2" />
        <TextField name="city" label={t('address.city')} value={v.city} errors={props.errors} translate={tr} autocomplete="address-level2" required />
        <SelectField name="state" label={t('address.state')} value={v.state ?? profile.rating.stateCode} lang={lang} errors={props.errors} options={US_STATES.map((s) => ({ value: s, label: s }))} />
        <TextField
          name="zip"
          label={t('address.zip')}
          hint={t('address.zipHint')}
          value={v.zip}
          errors={props.errors}
          translate={tr}
          autocomplete="postal-code"
          inputmode="numeric"
          width="md"
          required
        />
        <TextField name="county" label={t('address.county')} value={v.county} errors={props.errors} translate={tr} />
        <Button>{t('address.continue')}</Button>
      </Form>
    </div>
  );
}

export function IncomePage(props: { base: string; channel: Channel; planYear: number; values: FormValues; errors: FieldError[] }) {
  const { lang } = usePage();
  const t = enrollmentMessages.for(lang);
  const tr = translator(lang);
  return (
    <div>
      <StepIndicator current={2} lang={lang} />
      <ChannelNote channel={props.channel} />
      <h1>{t('income.title')}</h1>
      <p>{t('income.lead', { year: props.planYear })}</p>
      <Form action={`${props.base}/income`}>
        <ErrorSummary errors={props.errors} translate={tr} />
        <TextField
          name="annualIncome"
          label={t('income.amount')}
          hint={t('income.amountHint')}
          value={props.values.annualIncome}
          errors={props.errors}
          translate={tr}
          inputmode="decimal"
          width="md"
          autocomplete="off"
          required
        />
        <TextField
          name="taxHouseholdSize"
          label={t('income.size')}
          hint={t('income.sizeHint')}
          value={props.values.taxHouseholdSize}
          errors={props.errors}
          translate={tr}
          inputmode="numeric"
          width="sm"
          required
        />
        <Button>{t('income.continue')}</Button>
      </Form>
    </div>
  );
}

export interface IdentityStep {
  /** The identity page, returning to this application; null when no one can confirm identity online here. */
  href: string | null;
  /** Whether identity can be confirmed online now. */
  available: boolean;
  /** The customer pressed submit: nothing was sent. */
  refused: boolean;
}

/** Identity comes before an online submission: why, and where to confirm it (or the other ways to apply). */
function IdentityFirst(props: { step: IdentityStep }) {
  const { lang, profile } = usePage();
  const t = enrollmentMessages.for(lang);
  const { href, available, refused } = props.step;
  return (
    <Alert type={refused ? 'error' : 'info'} heading={t('review.identity.heading')}>
      {refused && <p class="margin-top-0">{t('review.identity.refused')}</p>}
      {available && href ? (
        <>
          <p>{t('review.identity.lead')}</p>
          <p>
            <a class="usa-button" href={href}>
              {t('review.identity.link')}
            </a>
          </p>
        </>
      ) : (
        <>
          <p>{t('review.identity.unavailable', { number: profile.phoneLines.customerSupport.number })}</p>
          {href && (
            <p>
              <a href={href}>{t('review.identity.otherWays')}</a>
            </p>
          )}
        </>
      )}
    </Alert>
  );
}

export function ReviewPage(props: {
  base: string;
  channel: Channel;
  members: MemberView[];
  address: { line1: string; line2: string; city: string; state: string; zip: string } | null;
  annualIncomeCents: number | null;
  taxHouseholdSize: number | null;
  gaps: Array<{ messageKey: string; href: string }>;
  values: FormValues;
  errors: FieldError[];
  /** For a customer who has not confirmed their identity yet: where to do it; `refused` after pressing submit. */
  identity?: IdentityStep | null;
  planYear?: number;
  /** The plan year of the decided application these answers were filled from, if any. */
  continuedFrom?: number | null;
  /** The document requests these answers will open once checked, told before submitting. */
  expectedDocuments?: DocumentRequestView[];
}) {
  const { lang } = usePage();
  const t = enrollmentMessages.for(lang);
  const tr = translator(lang);
  return (
    <div>
      <StepIndicator current={3} lang={lang} />
      <ChannelNote channel={props.channel} />
      <h1>{t('review.title')}</h1>
      {props.planYear !== undefined && <p>{t('review.planYear', { year: props.planYear })}</p>}
      {props.continuedFrom ? <Alert type="info">{t('review.continued', { from: props.continuedFrom, year: props.planYear ?? '' })}</Alert> : null}
      <p>{t('review.lead')}</p>
      <ErrorSummary errors={props.errors} translate={tr} />
      {props.identity && <IdentityFirst step={props.identity} />}
      <h2>{t('review.people')}</h2>
      <ul class="usa-list">
        {props.members.map((m) => (
          <li key={m.id}>
            {m.firstName} {m.lastName} ({m.isPrimary ? t('people.primary') : m.relationship ? t(`relationship.${m.relationship as (typeof RELATIONSHIPS)[number]}`) : ''}) —{' '}
            {m.seekingCoverage ? t('people.seeking') : t('people.notSeeking')}
          </li>
        ))}
      </ul>
      <p>
        <a href={`${props.base}/people`}>
          {t('review.change')}: {t('review.people')}
        </a>
      </p>
      <h2>{t('review.address')}</h2>
      <p>
        {props.address ? `${props.address.line1}${props.address.line2 ? `, ${props.address.line2}` : ''}, ${props.address.city}, ${props.address.state} ${props.address.zip}` : t('review.missing')}
      </p>
      <p>
        <a href={`${props.base}/address`}>
          {t('review.change')}: {t('review.address')}
        </a>
      </p>
      <h2>{t('review.income')}</h2>
      <SummaryRow label={t('review.income')}>{props.annualIncomeCents === null ? t('review.missing') : formatMoney(props.annualIncomeCents, lang)}</SummaryRow>
      <SummaryRow label={t('review.size')}>{props.taxHouseholdSize ?? t('review.missing')}</SummaryRow>
      <p>
        <a href={`${props.base}/income`}>
          {t('review.change')}: {t('review.income')}
        </a>
      </p>
      {props.expectedDocuments && props.expectedDocuments.length > 0 && (
        <section id="expected-documents" aria-labelledby="expected-documents-heading">
          <h2 id="expected-documents-heading">{t('review.documents.heading')}</h2>
          <p>{t('review.documents.lead')}</p>
          <ul class="usa-list">
            {props.expectedDocuments.map((d, i) => (
              <li key={i}>
                <strong>{d.who ?? t('review.documents.household')}</strong>: {tr(`docs.${d.element}`)}. {t('review.documents.why.no-ssn')}.
              </li>
            ))}
          </ul>
          <p>
            <a href={`${props.base}/people`}>{t('review.documents.addSsn')}</a>
          </p>
        </section>
      )}
      {props.gaps.length > 0 ? (
        <Alert type="warning" heading={t('review.gaps')}>
          <ul class="usa-list">
            {props.gaps.map((g) => (
              <li key={g.messageKey}>
                <a href={g.href}>{tr(g.messageKey)}</a>
              </li>
            ))}
          </ul>
        </Alert>
      ) : (
        <Form action={`${props.base}/submit`}>
          <CheckboxGroup
            id="attest"
            legend={t('review.attest')}
            lang={lang}
            errors={props.errors}
            items={(['truthful', 'verify-data', 'report-changes', 'renewal-consent'] as const).map((k) => ({ name: k, label: t(`attest.${k}`), checked: props.values[k] === 'on' }))}
          />
          <Button>{t('review.submit')}</Button>
        </Form>
      )}
    </div>
  );
}

export interface ResultView {
  planYear: number;
  determinedAt: Date;
  fplPercent: number;
  maxAptcCents: number;
  stateAssistanceCents: number;
  csrVariant: string;
  members: Array<{ name: string; outcome: 'qhp' | 'qhp-aptc' | 'medicaid' | 'chip' | 'ineligible' }>;
  pendingVerifications: number;
  /** Open document requests (with their deadlines) and those the answers will open. */
  documentRequests?: DocumentRequestView[];
  /** Provisional tables of the plan year (docs/adr/0100-plan-year-as-data.md): the amounts are an estimate. */
  estimates?: Array<{ table: string; source: string }>;
}

export function ResultPage(props: { result: ResultView; plansHref: string | null }) {
  const { lang, profile, actor } = usePage();
  const t = enrollmentMessages.for(lang);
  const r = props.result;
  const address = profile.applicationsMailingAddress;
  const canBuy = r.members.some((m) => m.outcome === 'qhp' || m.outcome === 'qhp-aptc');
  return (
    <div class="usa-prose">
      <h1>{t('result.title')}</h1>
      <p>{t('result.lead', { date: formatDate(r.determinedAt, lang, profile.timeZone), year: r.planYear })}</p>
      <p>{t('result.fpl', { percent: r.fplPercent })}</p>
      <p>{r.maxAptcCents > 0 ? t('result.credit', { amount: formatMoney(r.maxAptcCents, lang) }) : t('result.creditNone')}</p>
      {r.estimates?.length ? (
        <div id="estimate">
          <Alert type="warning">
            {t('plans.estimate', { year: r.planYear })} {t('plans.estimateSources', { sources: r.estimates.map((e) => e.source).join('; ') })}
          </Alert>
        </div>
      ) : null}
      {r.stateAssistanceCents > 0 && <p>{t('result.state', { amount: formatMoney(r.stateAssistanceCents, lang) })}</p>}
      {r.csrVariant !== '01' && <p>{t('result.csr', { variant: r.csrVariant })}</p>}
      <table class="usa-table usa-table--borderless">
        <thead>
          <tr>
            <th scope="col">{t('result.member')}</th>
            <th scope="col">{t('result.outcome')}</th>
          </tr>
        </thead>
        <tbody>
          {r.members.map((m, i) => (
            <tr key={i}>
              <th scope="row">{m.name}</th>
              <td>{t(`outcome.${m.outcome}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {r.pendingVerifications > 0 && <p>{t('result.verifications')}</p>}
      {r.documentRequests && r.documentRequests.length > 0 && (
        <section id="document-requests" aria-labelledby="document-requests-heading">
          <h2 id="document-requests-heading">{t('result.documents.heading')}</h2>
          <p>{t('result.documents.lead')}</p>
          <table class="usa-table usa-table--borderless">
            <thead>
              <tr>
                <th scope="col">{t('result.documents.who')}</th>
                <th scope="col">{t('result.documents.document')}</th>
                <th scope="col">{t('result.documents.deadline')}</th>
              </tr>
            </thead>
            <tbody>
              {r.documentRequests.map((d, i) => (
                <tr key={i}>
                  <th scope="row">{d.who ?? t('review.documents.household')}</th>
                  <td>{translator(lang)(`docs.${d.element}`)}</td>
                  <td>{d.endsOn ? formatDate(d.endsOn, lang, profile.timeZone) : t('result.documents.deadlineLater')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {actor?.kind === 'customer' && (
            <p>
              <a class="usa-button usa-button--outline" href="/documents">
                {t('result.documents.upload')}
              </a>
            </p>
          )}
        </section>
      )}
      {canBuy && props.plansHref ? (
        <p>
          <a class="usa-button" href={props.plansHref}>
            {t('result.choosePlan')}
          </a>
        </p>
      ) : (
        !canBuy && <p>{t('result.noPlan')}</p>
      )}
      <h2>{t('result.appeal')}</h2>
      <p>
        {t('result.appealText', {
          phone: profile.phoneLines.customerSupport.number,
          address: `${address.name}, ${address.lines.join(', ')}, ${address.city}, ${address.state} ${address.zip}`,
        })}
      </p>
    </div>
  );
}
