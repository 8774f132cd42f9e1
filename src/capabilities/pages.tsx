/** Customer-facing views: the status tag, the alternatives page, the site banner and the status page. */
import type { Lang } from '../web/i18n.js';
import { formatDateTime } from '../web/i18n.js';
import { usePage } from '../web/page-context.js';
import { Alert } from '../web/components.js';
import type { StateProfile } from '../states/profile.js';
import { formatClock } from '../states/hours.js';
import { CAPABILITY_IDS, CAPABILITY_NAMES, type CapabilityId, type CapabilityStatus } from './ids.js';
import { capabilityMessages } from './messages.js';
import type { Incident } from './history.js';
import type { Alternative, CapabilitySnapshot, CapabilityState } from './types.js';

const TAG_CLASS: Record<CapabilityStatus, string> = {
  operational: 'bg-success-darker',
  degraded: 'bg-warning text-ink',
  maintenance: 'bg-info-darker',
  down: 'bg-error-dark',
  unknown: 'bg-base-dark',
};

export function StatusTag(props: { status: CapabilityStatus }) {
  const { lang } = usePage();
  return <span class={`usa-tag ${TAG_CLASS[props.status]}`}>{capabilityMessages.for(lang)(`status.${props.status}`)}</span>;
}

/** The customer-facing reason in a language, or a general sentence for the status. */
export function reasonText(state: Pick<CapabilityState, 'reason' | 'status'>, lang: Lang): string {
  const own = state.reason[lang]?.trim();
  if (own) return own;
  if (state.status === 'operational') return '';
  return capabilityMessages.for(lang)(`generic.${state.status}`);
}

/** A timeline event's reason in a language (never the other language's text). */
export function eventReason(e: { reasonEn: string; reasonEs: string; status: string }, lang: Lang): string {
  return reasonText({ reason: { en: e.reasonEn, es: e.reasonEs }, status: e.status as CapabilityStatus }, lang);
}

export function AlternativeList(props: { alternatives: Alternative[] }) {
  const { lang } = usePage();
  const t = capabilityMessages.for(lang);
  if (props.alternatives.length === 0) return <p>{t('unavailable.noneNow')}</p>;
  return (
    <ul class="usa-card-group">
      {props.alternatives.map((a) => (
        <li class="usa-card tablet:grid-col-6" key={a.id}>
          <div class="usa-card__container">
            <div class="usa-card__header">
              <h3 class="usa-card__heading">{a.phone ? t('unavailable.call', { name: a.phone.name[lang] }) : a.name[lang]}</h3>
            </div>
            <div class="usa-card__body">
              {a.phone && (
                <>
                  <p class="font-sans-lg margin-y-1">
                    <a href={`tel:${a.phone.number}`}>{a.phone.number}</a>
                    {a.phone.tty ? ` (${t('unavailable.tty', { tty: a.phone.tty })})` : ''}
                  </p>
                  <p>
                    <strong>{t('unavailable.openUntil', { time: formatClock(a.phone.openUntil, lang) })}</strong>
                  </p>
                  <p>{t('unavailable.hours', { hours: a.phone.hoursText[lang] })}</p>
                </>
              )}
              {a.mail && (
                <>
                  <p class="margin-bottom-0">{t('unavailable.mailTo')}</p>
                  <address class="margin-y-1">
                    {a.mail.address.name}
                    <br />
                    {a.mail.address.lines.map((l) => (
                      <>
                        {l}
                        <br />
                      </>
                    ))}
                    {a.mail.address.city}, {a.mail.address.state} {a.mail.address.zip}
                  </address>
                  <p>{a.mail.instructions[lang]}</p>
                </>
              )}
              {a.kind === 'online' && a.href && (
                <p>
                  <a class="usa-button" href={a.href}>
                    {t('unavailable.goOnline', { name: a.name[lang] })}
                  </a>
                </p>
              )}
            </div>
          </div>
        </li>
      ))}
    </ul>
  );
}

/** The honest page shown instead of a page whose capability is not available. */
export function UnavailablePage(props: { states: CapabilityState[]; alternatives: Alternative[] }) {
  const { lang, profile, now } = usePage();
  const t = capabilityMessages.for(lang);
  const one = props.states.length === 1 ? props.states[0]! : null;
  const ends = props.states.map((s) => s.expectedEnd);
  const latestEnd = ends.every((e) => e !== null) && ends.length ? new Date(Math.max(...ends.map((e) => e!.getTime()))) : null;
  return (
    <div>
      <div class="usa-prose">
        <h1>{one ? t('unavailable.titleOne', { name: CAPABILITY_NAMES[one.id][lang] }) : t('unavailable.titleMany')}</h1>
        {props.states.map((s) => (
          <p key={s.id} class="usa-intro">
            {!one && <strong>{CAPABILITY_NAMES[s.id][lang]}: </strong>}
            {reasonText(s, lang)}
          </p>
        ))}
        <p>{latestEnd && latestEnd.getTime() > now.getTime() ? t('unavailable.expectedBack', { time: formatDateTime(latestEnd, lang, profile.timeZone) }) : t('unavailable.unknownEnd')}</p>
        <h2>{t('unavailable.instead')}</h2>
      </div>
      <AlternativeList alternatives={props.alternatives} />
      <div class="usa-prose margin-top-2">
        <p>{t('unavailable.restWorks')}</p>
        <ul class="usa-list">
          <li>
            <a href="/status">{t('unavailable.statusLink')}</a>
          </li>
          <li>
            <a href="/">{t('unavailable.home')}</a>
          </li>
        </ul>
      </div>
    </div>
  );
}

/** The site-wide banner: what is affected now and maintenance in the next 24 hours, from the registry. */
export function StatusBanner(props: { snapshot: CapabilitySnapshot; lang: Lang; profile: StateProfile }) {
  const { snapshot, lang, profile } = props;
  const t = capabilityMessages.for(lang);
  const affected = CAPABILITY_IDS.map((id) => snapshot.capabilities[id]).filter((s) => s.status !== 'operational' && s.status !== 'unknown');
  const soon = snapshot.windows.filter((w) => w.state === 'scheduled' && w.startsAt.getTime() - snapshot.at.getTime() < 24 * 3_600_000);
  if (!snapshot.stale && affected.length === 0 && soon.length === 0) return null;
  const severe = snapshot.stale || affected.some((s) => s.status === 'down');
  return (
    <section class={`usa-site-alert usa-site-alert--${severe ? 'emergency' : 'info'} usa-site-alert--slim`} aria-label={t('banner.label')}>
      <div class="usa-alert">
        <div class="usa-alert__body">
          {snapshot.stale ? (
            <p class="usa-alert__text">{t('banner.stale')}</p>
          ) : (
            <>
              {affected.length > 0 && (
                <p class="usa-alert__text">
                  {t('banner.affected')}{' '}
                  {affected
                    .map(
                      (s) =>
                        `${CAPABILITY_NAMES[s.id][lang]} (${t(`status.${s.status}`)}${s.expectedEnd ? `, ${t('banner.until', { time: formatDateTime(s.expectedEnd, lang, profile.timeZone) })}` : ''})`,
                    )
                    .join('; ')}
                  .
                </p>
              )}
              {soon.length > 0 && (
                <p class="usa-alert__text">
                  {t('banner.planned')}{' '}
                  {soon.map((w) => `${CAPABILITY_NAMES[w.capabilityId][lang]}, ${formatDateTime(w.startsAt, lang, profile.timeZone)}–${formatDateTime(w.endsAt, lang, profile.timeZone)}`).join('; ')}.
                </p>
              )}
            </>
          )}
          <p class="usa-alert__text">
            <a href="/status" class={severe ? 'text-white text-underline' : undefined}>
              {t('banner.more')}
            </a>
          </p>
        </div>
      </div>
    </section>
  );
}

export function StatusPage(props: { snapshot: CapabilitySnapshot; incidents: Incident[]; historyStale: boolean }) {
  const { lang, profile } = usePage();
  const t = capabilityMessages.for(lang);
  const { snapshot } = props;
  const when = (d: Date | null) => (d ? formatDateTime(d, lang, profile.timeZone) : t('page.none'));
  return (
    <div>
      <div class="usa-prose">
        <h1>{t('page.title')}</h1>
        <p class="usa-intro">{t('page.lead', { exchange: profile.exchangeName })}</p>
      </div>
      {snapshot.stale && (
        <Alert type="warning" slim>
          {snapshot.readAt ? t('page.stale', { time: formatDateTime(snapshot.readAt, lang, profile.timeZone) }) : t('page.neverRead')}
        </Alert>
      )}
      <table class="usa-table usa-table--stacked usa-table--borderless width-full">
        <caption>{t('page.table')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('page.service')}</th>
            <th scope="col">{t('page.status')}</th>
            <th scope="col">{t('page.since')}</th>
            <th scope="col">{t('page.expectedEnd')}</th>
            <th scope="col">{t('page.details')}</th>
          </tr>
        </thead>
        <tbody>
          {CAPABILITY_IDS.map((id) => {
            const s = snapshot.capabilities[id];
            return (
              <tr key={id} id={`capability-${id}`} data-status={s.status}>
                <th scope="row" data-label={t('page.service')}>
                  {CAPABILITY_NAMES[id][lang]}
                </th>
                <td data-label={t('page.status')}>
                  <StatusTag status={s.status} />
                  {s.status === 'unknown' && s.lastKnownStatus && <span class="display-block text-base-dark">{t('page.lastKnown', { status: t(`status.${s.lastKnownStatus}`) })}</span>}
                </td>
                <td data-label={t('page.since')}>{s.lastKnownStatus && s.lastKnownStatus !== 'operational' ? when(s.since) : t('page.none')}</td>
                <td data-label={t('page.expectedEnd')}>{when(s.expectedEnd)}</td>
                <td data-label={t('page.details')}>{reasonText({ reason: s.reason, status: s.lastKnownStatus ?? s.status }, lang) || t('page.none')}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div class="usa-prose">
        <h2>{t('page.upcoming')}</h2>
        {snapshot.windows.length === 0 ? (
          <p>{t('page.noUpcoming')}</p>
        ) : (
          <ul class="usa-list">
            {snapshot.windows.map((w) => (
              <li key={w.id}>
                {t('page.window', { name: CAPABILITY_NAMES[w.capabilityId][lang], from: when(w.startsAt), to: when(w.endsAt) })}
                {w.state === 'active' ? ` (${t('page.windowActive')})` : ''}
                {`. ${reasonText({ reason: w.reason, status: 'maintenance' }, lang)}`}
              </li>
            ))}
          </ul>
        )}
        <h2>{t('page.incidents')}</h2>
        {props.historyStale && snapshot.readAt && <p class="text-base-dark">{t('page.stale', { time: formatDateTime(snapshot.readAt, lang, profile.timeZone) })}</p>}
        {props.incidents.length === 0 ? (
          <p>{t('page.noIncidents')}</p>
        ) : (
          props.incidents
            .slice()
            .reverse()
            .map((inc) => (
              <section
                key={`${inc.capabilityId}-${inc.from.getTime()}`}
                aria-label={t('page.incident', { name: CAPABILITY_NAMES[inc.capabilityId as CapabilityId]?.[lang] ?? inc.capabilityId, from: when(inc.from) })}
              >
                <h3>
                  {t('page.incident', { name: CAPABILITY_NAMES[inc.capabilityId as CapabilityId]?.[lang] ?? inc.capabilityId, from: when(inc.from) })} —{' '}
                  {inc.to ? t('page.resolvedAt', { time: when(inc.to) }) : t('page.ongoing')}
                </h3>
                <ol class="usa-list">
                  {inc.events.map((e) => (
                    <li key={e.seq}>
                      <strong>{when(e.at)}</strong>: {t(`status.${e.status as CapabilityStatus}`)}
                      {eventReason(e, lang) ? ` — ${eventReason(e, lang)}` : ''}
                    </li>
                  ))}
                </ol>
              </section>
            ))
        )}
        <ul class="usa-list">
          <li>
            <a href="/status/feed.atom">{t('page.feed')}</a>
          </li>
          <li>
            <a href="/api/v1/status">{t('page.json')}</a>
          </li>
        </ul>
      </div>
    </div>
  );
}
