/** The operations console: the board, a capability's page with its forms, and the review (blast radius) page. */
import type { FieldError } from '../platform/errors.js';
import { Alert, ErrorSummary, Form } from '../web/components.js';
import { formatDateTime, type Lang } from '../web/i18n.js';
import { shellMessages } from '../web/messages.js';
import { usePage } from '../web/page-context.js';
import { CAPABILITY_IDS, CAPABILITY_NAMES, SETTABLE_STATUSES, type CapabilityId, type CapabilityStatus } from './ids.js';
import type { DayAvailability, TimelineEvent } from './history.js';
import { overallAvailability } from './history.js';
import { capabilityMessages } from './messages.js';
import { StatusTag, eventReason } from './pages.js';
import type { BlastRadiusItem, CapabilityState } from './types.js';
import { TableScroll } from '../web/table-scroll.js';

export function translator(lang: Lang) {
  const cm = capabilityMessages.for(lang);
  const sm = shellMessages.for(lang);
  return (key: string, values?: Record<string, string | number>) => (capabilityMessages.has(key) ? cm(key, values) : shellMessages.has(key) ? sm(key, values) : key);
}

const pct = (x: number, lang: Lang) => new Intl.NumberFormat(lang === 'es' ? 'es-US' : 'en-US', { style: 'percent', maximumFractionDigits: 1 }).format(x);

/** Thirty bars, one per day; the name and figures are in the SVG's title, and in the table that may follow it. */
export function AvailabilityChart(props: { id: CapabilityId; days: DayAvailability[]; width?: number }) {
  const { lang, profile } = usePage();
  const t = capabilityMessages.for(lang);
  const width = props.width ?? 180;
  const height = 32;
  const bar = width / props.days.length;
  const lowest = props.days.reduce((lo, d) => (d.available < lo.available ? d : lo), props.days[0]!);
  const label = t('console.chartLabel', {
    name: CAPABILITY_NAMES[props.id][lang],
    percent: pct(overallAvailability(props.days), lang),
    day: formatDateTime(lowest.from, lang, profile.timeZone),
    lowest: pct(lowest.available, lang),
  });
  const titleId = `chart-${props.id}-title`;
  return (
    <svg class="candor-availability" role="img" aria-labelledby={titleId} width={width} height={height} viewBox={`0 0 ${width} ${height}`} xmlns="http://www.w3.org/2000/svg">
      <title id={titleId}>{label}</title>
      {props.days.map((d, i) => {
        const h = Math.max(1, Math.round(d.available * (height - 2)));
        const fill = d.available >= 0.999 ? '#00a91c' : d.available >= 0.95 ? '#e5a000' : '#d83933';
        return <rect key={i} x={i * bar + 0.5} y={height - h} width={Math.max(1, bar - 1)} height={h} fill={fill} />;
      })}
    </svg>
  );
}

export function AvailabilityTable(props: { id: CapabilityId; days: DayAvailability[] }) {
  const { lang, profile } = usePage();
  const t = capabilityMessages.for(lang);
  return (
    <TableScroll label={t('console.dayTable')}>
      <table class="usa-table usa-table--compact">
        <caption>{t('console.dayTable')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('console.day')}</th>
            <th scope="col">{t('console.percent')}</th>
          </tr>
        </thead>
        <tbody>
          {props.days.map((d) => (
            <tr key={d.from.toISOString()}>
              <th scope="row">{formatDateTime(d.from, lang, profile.timeZone)}</th>
              <td>{pct(d.available, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function Fact(props: { label: string; children: preact.ComponentChildren }) {
  return (
    <tr>
      <th scope="row">{props.label}</th>
      <td>{props.children}</td>
    </tr>
  );
}

/** Who set a status, in words: a staff member by name (`names`, by account id), a monitor, a maintenance window or the system. */
function setByText(s: Pick<CapabilityState, 'setBy'>, lang: Lang, names: Record<string, string> = {}): string {
  const t = capabilityMessages.for(lang);
  if (s.setBy.kind === 'person') return names[s.setBy.id] ?? t('console.setBy.person', { id: s.setBy.id.slice(0, 8) });
  return t(`console.setBy.${s.setBy.kind}`, { id: s.setBy.id });
}

export interface WindowView {
  id: string;
  capabilityId: string;
  startsAt: Date;
  endsAt: Date;
  state: string;
  reasonEn: string;
}

function WindowsTable(props: { windows: WindowView[] }) {
  const { lang, profile } = usePage();
  const t = capabilityMessages.for(lang);
  if (props.windows.length === 0) return <p>{t('console.noWindows')}</p>;
  return (
    <TableScroll label={t('console.windows')}>
      <table class="usa-table usa-table--borderless">
        <caption>{t('console.windows')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('console.capability')}</th>
            <th scope="col">{t('console.from')}</th>
            <th scope="col">{t('console.to')}</th>
            <th scope="col">{t('console.state')}</th>
            <th scope="col">{t('page.details')}</th>
            <th scope="col">
              <span class="usa-sr-only">{t('console.cancel')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.windows.map((w) => (
            <tr key={w.id}>
              <th scope="row">{CAPABILITY_NAMES[w.capabilityId as CapabilityId]?.[lang] ?? w.capabilityId}</th>
              <td>{formatDateTime(w.startsAt, lang, profile.timeZone)}</td>
              <td>{formatDateTime(w.endsAt, lang, profile.timeZone)}</td>
              <td>{t(w.state === 'active' ? 'console.windowState.active' : 'console.windowState.scheduled')}</td>
              <td>{w.reasonEn}</td>
              <td>
                <Form action={`/operations/maintenance/${w.id}/cancel`} class="margin-0">
                  <button class="usa-button usa-button--outline usa-button--small" type="submit">
                    {w.state === 'active' ? t('console.endNow') : t('console.cancel')}
                  </button>
                </Form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

export function Board(props: { states: CapabilityState[]; availability: Record<string, DayAvailability[]>; windows: WindowView[]; notice?: string; names?: Record<string, string> }) {
  const { lang, profile } = usePage();
  const t = capabilityMessages.for(lang);
  return (
    <div>
      <div class="usa-prose">
        <h1>{t('console.title')}</h1>
        <p>{t('console.lead')}</p>
      </div>
      {props.notice && (
        <Alert type="success" slim>
          {props.notice}
        </Alert>
      )}
      <TableScroll label={t('console.table')}>
        <table class="usa-table usa-table--borderless width-full">
          <caption>{t('console.table')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('console.capability')}</th>
              <th scope="col">{t('page.status')}</th>
              <th scope="col">{t('console.setBy')}</th>
              <th scope="col">{t('page.since')}</th>
              <th scope="col">{t('page.expectedEnd')}</th>
              <th scope="col">{t('console.availability')}</th>
            </tr>
          </thead>
          <tbody>
            {props.states.map((s) => (
              <tr key={s.id} id={`board-${s.id}`} data-status={s.status}>
                <th scope="row">
                  <a href={`/operations/capabilities/${s.id}`} aria-label={t('console.change', { name: CAPABILITY_NAMES[s.id][lang] })}>
                    {CAPABILITY_NAMES[s.id][lang]}
                  </a>
                </th>
                <td>
                  <StatusTag status={s.status} />
                  {s.overdue && <span class="usa-tag bg-error-dark margin-left-05">{t('console.overdue')}</span>}
                </td>
                <td>{setByText(s, lang, props.names)}</td>
                <td>{formatDateTime(s.since, lang, profile.timeZone)}</td>
                <td>{s.expectedEnd ? formatDateTime(s.expectedEnd, lang, profile.timeZone) : t('page.none')}</td>
                <td>
                  <AvailabilityChart id={s.id} days={props.availability[s.id]!} />
                  <span class="display-block font-sans-3xs">{pct(overallAvailability(props.availability[s.id]!), lang)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <h2>{t('console.windows')}</h2>
      <WindowsTable windows={props.windows} />
    </div>
  );
}

export interface ChangeValues {
  status?: string;
  reasonEn?: string;
  reasonEs?: string;
  note?: string;
  expectedEnd?: string;
}
export interface WindowValues {
  from?: string;
  to?: string;
  reasonEn?: string;
  reasonEs?: string;
  note?: string;
}

function FieldShell(props: {
  name: string;
  id?: string;
  label: string;
  hint?: string;
  errors: FieldError[];
  children: (describedBy: string | undefined, invalid: boolean) => preact.ComponentChildren;
}) {
  const { lang } = usePage();
  const tr = translator(lang);
  const id = props.id ?? props.name;
  const error = props.errors.find((e) => e.field === props.name);
  const hintId = props.hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div class={`usa-form-group${error ? ' usa-form-group--error' : ''}`}>
      <label class={`usa-label${error ? ' usa-label--error' : ''}`} for={id}>
        {props.label}
      </label>
      {props.hint && (
        <div class="usa-hint" id={hintId}>
          {props.hint}
        </div>
      )}
      {error && (
        <span class="usa-error-message" id={errorId} role="alert">
          {tr(error.messageKey, error.values)}
        </span>
      )}
      {props.children([hintId, errorId].filter(Boolean).join(' ') || undefined, !!error)}
    </div>
  );
}

function TextArea(props: { name: string; id?: string; label: string; hint?: string; value?: string; errors: FieldError[]; required?: boolean }) {
  const id = props.id ?? props.name;
  return (
    <FieldShell name={props.name} id={id} label={props.label} hint={props.hint} errors={props.errors}>
      {(describedBy, invalid) => (
        <textarea
          class={`usa-textarea${invalid ? ' usa-input--error' : ''}`}
          id={id}
          name={props.name}
          rows={2}
          aria-describedby={describedBy}
          aria-invalid={invalid ? 'true' : undefined}
          aria-required={props.required ? 'true' : undefined}
        >
          {props.value ?? ''}
        </textarea>
      )}
    </FieldShell>
  );
}

function DateTimeField(props: { name: string; id?: string; label: string; hint: string; value?: string; errors: FieldError[] }) {
  const id = props.id ?? props.name;
  return (
    <FieldShell name={props.name} id={id} label={props.label} hint={props.hint} errors={props.errors}>
      {(describedBy, invalid) => (
        <input
          class={`usa-input${invalid ? ' usa-input--error' : ''}`}
          type="datetime-local"
          id={id}
          name={props.name}
          value={props.value ?? ''}
          aria-describedby={describedBy}
          aria-invalid={invalid ? 'true' : undefined}
        />
      )}
    </FieldShell>
  );
}

export function CapabilityDetail(props: {
  state: CapabilityState;
  events: TimelineEvent[];
  days: DayAvailability[];
  windows: WindowView[];
  change: { values: ChangeValues; errors: FieldError[] };
  window: { values: WindowValues; errors: FieldError[] };
  notice?: { type: 'success' | 'info' | 'error'; text: string };
  /** Staff members' names by account id, for "set by". */
  names?: Record<string, string>;
}) {
  const { lang, profile } = usePage();
  const t = capabilityMessages.for(lang);
  const tr = translator(lang);
  const s = props.state;
  const name = CAPABILITY_NAMES[s.id][lang];
  const labels = {
    status: t('console.newStatus'),
    reasonEn: t('console.reasonEn'),
    reasonEs: t('console.reasonEs'),
    note: t('console.note'),
    expectedEnd: t('console.expectedEnd'),
    capability: t('console.capability'),
  };
  const wLabels = { from: t('console.from'), to: t('console.to'), reasonEn: t('console.reasonEn'), reasonEs: t('console.reasonEs'), note: t('console.note'), capability: t('console.capability') };
  // Error summary links point at field ids; the two forms prefix theirs.
  const changeErrors = props.change.errors.map((e) => ({ ...e, field: e.field }));
  const windowErrors = props.window.errors.map((e) => ({ ...e, field: `w-${e.field}` }));
  return (
    <div>
      <p>
        <a href="/operations/capabilities">{t('console.back')}</a>
      </p>
      <div class="usa-prose">
        <h1>{name}</h1>
      </div>
      {props.notice && (
        <Alert type={props.notice.type} slim>
          {props.notice.text}
        </Alert>
      )}
      <h2>{t('console.current')}</h2>
      <TableScroll label={t('console.current')}>
        <table class="usa-table usa-table--borderless usa-table--compact" id="current-status" data-status={s.status}>
          <tbody>
            <Fact label={t('page.status')}>
              <StatusTag status={s.status} />
              {s.overdue && <span class="usa-tag bg-error-dark margin-left-05">{t('console.overdue')}</span>}
            </Fact>
            <Fact label={t('console.setBy')}>{setByText(s, lang, props.names)}</Fact>
            <Fact label={t('page.since')}>{formatDateTime(s.since, lang, profile.timeZone)}</Fact>
            <Fact label={t('page.expectedEnd')}>{s.expectedEnd ? formatDateTime(s.expectedEnd, lang, profile.timeZone) : t('page.none')}</Fact>
            <Fact label={t('page.details')}>{s.reason[lang] || s.reason.en || t('page.none')}</Fact>
            <Fact label={t('console.internalNote')}>{s.internalNote || t('page.none')}</Fact>
          </tbody>
        </table>
      </TableScroll>
      <h2>{t('console.availability')}</h2>
      <AvailabilityChart id={s.id} days={props.days} width={360} />
      <details>
        <summary>{t('console.showDays')}</summary>
        <AvailabilityTable id={s.id} days={props.days} />
      </details>

      <div class="grid-row grid-gap">
        <div class="tablet:grid-col-6">
          <h2 id="change-heading">{t('console.changeHeading')}</h2>
          <ErrorSummary errors={changeErrors} translate={tr} labels={labels} />
          <Form action={`/operations/capabilities/${s.id}/preview`} class="usa-form" aria-label={t('console.changeHeading')}>
            <FieldShell name="status" label={t('console.newStatus')} errors={changeErrors}>
              {(describedBy, invalid) => (
                <select class={`usa-select${invalid ? ' usa-input--error' : ''}`} id="status" name="status" aria-describedby={describedBy}>
                  {SETTABLE_STATUSES.map((st) => (
                    <option value={st} selected={(props.change.values.status ?? (s.status === 'operational' ? 'down' : 'operational')) === st}>
                      {t(`status.${st}`)} ({st})
                    </option>
                  ))}
                </select>
              )}
            </FieldShell>
            <TextArea name="reasonEn" label={t('console.reasonEn')} value={props.change.values.reasonEn} errors={changeErrors} required />
            <TextArea name="reasonEs" label={t('console.reasonEs')} hint={t('console.reasonEsHint')} value={props.change.values.reasonEs} errors={changeErrors} />
            <TextArea name="note" label={t('console.note')} value={props.change.values.note} errors={changeErrors} />
            <DateTimeField name="expectedEnd" label={t('console.expectedEnd')} hint={t('console.timeHint', { zone: profile.timeZone })} value={props.change.values.expectedEnd} errors={changeErrors} />
            <button class="usa-button" type="submit">
              {t('console.preview')}
            </button>
          </Form>
        </div>
        <div class="tablet:grid-col-6">
          <h2 id="schedule-heading">{t('console.scheduleHeading')}</h2>
          <ErrorSummary errors={windowErrors} translate={tr} labels={Object.fromEntries(Object.entries(wLabels).map(([k, v]) => [`w-${k}`, v]))} />
          <Form action={`/operations/capabilities/${s.id}/maintenance/preview`} class="usa-form" aria-label={t('console.scheduleHeading')}>
            <DateTimeField
              name="from"
              id="w-from"
              label={t('console.from')}
              hint={t('console.windowHint', { zone: profile.timeZone })}
              value={props.window.values.from}
              errors={windowErrors.map((e) => ({ ...e, field: e.field.slice(2) }))}
            />
            <DateTimeField
              name="to"
              id="w-to"
              label={t('console.to')}
              hint={t('console.windowHint', { zone: profile.timeZone })}
              value={props.window.values.to}
              errors={windowErrors.map((e) => ({ ...e, field: e.field.slice(2) }))}
            />
            <TextArea
              name="reasonEn"
              id="w-reasonEn"
              label={t('console.reasonEn')}
              value={props.window.values.reasonEn}
              errors={windowErrors.map((e) => ({ ...e, field: e.field.slice(2) }))}
              required
            />
            <TextArea
              name="reasonEs"
              id="w-reasonEs"
              label={t('console.reasonEs')}
              hint={t('console.reasonEsHint')}
              value={props.window.values.reasonEs}
              errors={windowErrors.map((e) => ({ ...e, field: e.field.slice(2) }))}
            />
            <TextArea name="note" id="w-note" label={t('console.note')} value={props.window.values.note} errors={windowErrors.map((e) => ({ ...e, field: e.field.slice(2) }))} />
            <button class="usa-button usa-button--outline" type="submit">
              {t('console.preview')}
            </button>
          </Form>
        </div>
      </div>

      <h2>{t('console.windows')}</h2>
      <WindowsTable windows={props.windows} />

      <h2>{t('console.timeline')}</h2>
      {props.events.length === 0 ? (
        <p>{t('console.noEvents')}</p>
      ) : (
        <ol class="usa-list" reversed>
          {props.events
            .slice()
            .reverse()
            .map((e) => (
              <li key={e.seq}>
                <strong>{formatDateTime(e.at, lang, profile.timeZone)}</strong>:{' '}
                {t('console.event', { from: t(`status.${e.previousStatus as CapabilityStatus}`), to: t(`status.${e.status as CapabilityStatus}`) })} —{' '}
                {setByText({ setBy: { kind: e.setByKind as 'person', id: e.setById } }, lang, props.names)}
                {eventReason(e, lang) ? `. ${eventReason(e, lang)}` : ''}
                {e.internalNote ? ` (${e.internalNote})` : ''}
              </li>
            ))}
        </ol>
      )}
    </div>
  );
}

export function Preview(props: {
  kind: 'change' | 'window';
  state: CapabilityState;
  summary: Array<[string, string]>;
  radius: Array<{ contributor: string; items: BlastRadiusItem[] }>;
  hidden: Record<string, string>;
  error?: string;
}) {
  const { lang } = usePage();
  const t = capabilityMessages.for(lang);
  const name = CAPABILITY_NAMES[props.state.id][lang];
  const action = props.kind === 'change' ? `/operations/capabilities/${props.state.id}/change` : `/operations/capabilities/${props.state.id}/maintenance`;
  return (
    <div>
      <div class="usa-prose">
        <h1>{props.kind === 'change' ? t('console.previewTitle', { name }) : t('console.previewWindowTitle', { name })}</h1>
      </div>
      {props.error && (
        <Alert type="error" slim>
          {props.error}
        </Alert>
      )}
      <table class="usa-table usa-table--borderless usa-table--compact" id="change-summary">
        <tbody>
          {props.summary.map(([k, v]) => (
            <Fact label={k} key={k}>
              {v}
            </Fact>
          ))}
        </tbody>
      </table>
      <h2>{t('console.blastRadius')}</h2>
      <TableScroll label={t('console.blastRadius')}>
        <table class="usa-table usa-table--borderless" id="blast-radius">
          <caption>{t('console.blastRadius')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('console.what')}</th>
              <th scope="col">{t('console.count')}</th>
              <th scope="col">{t('console.blastSource')}</th>
            </tr>
          </thead>
          <tbody>
            {props.radius.flatMap((r) =>
              r.items.map((item) => (
                <tr key={`${r.contributor}-${item.label.en}`}>
                  <th scope="row">
                    {item.label[lang]}
                    {item.detail && <span class="display-block font-sans-3xs">{item.detail[lang]}</span>}
                  </th>
                  <td>{item.count}</td>
                  <td>{r.contributor}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      </TableScroll>
      <Form action={action} class="usa-form" aria-label={props.kind === 'change' ? t('console.confirm') : t('console.confirmWindow')}>
        {Object.entries(props.hidden).map(([k, v]) => (
          <input type="hidden" name={k} value={v} key={k} />
        ))}
        <button class="usa-button" type="submit">
          {props.kind === 'change' ? t('console.confirm') : t('console.confirmWindow')}
        </button>
      </Form>
      <p class="margin-top-2">
        <a href={`/operations/capabilities/${props.state.id}`}>{t('console.goBack')}</a>
      </p>
    </div>
  );
}

export const ALL_IDS = CAPABILITY_IDS;
