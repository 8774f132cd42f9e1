/**
 * Notices pages: the operations console (overview and dead letters,
 * campaigns with preview, pause, resume and cancel, a message's timeline,
 * the mailbox of the local stand-ins, service restored), the /l/ links that
 * resolve when clicked, and the customer's contact preferences.
 */
import fs from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit.js';
import { CAPABILITY_NAMES, isCapabilityId, type CapabilityId } from '../capabilities/ids.js';
import { notFound } from '../platform/errors.js';
import { sha256Hex } from '../platform/crypto.js';
import { describeHours, formatClock } from '../states/hours.js';
import { Alert, Button, ErrorSummary, Form, TextField } from '../web/components.js';
import { parsePhone, toE164 } from '../platform/typed-input.js';
import type { AppContext } from '../web/context.js';
import { formatDate, formatDateTime, formatMoney, type Lang } from '../web/i18n.js';
import { usePage } from '../web/page-context.js';
import { renderPage } from '../web/render.js';
import type { FieldError } from '../platform/errors.js';
import { retryDeadLetters } from './dead-letters.js';
import { changeCampaignStatus, createCampaign, listCampaigns, previewCampaign, type CampaignAction, type CampaignPreview, type CampaignSummary } from './campaigns.js';
import { noticeType, noticeTypeIds } from './catalogue.js';
import { normalizeShortCode } from './dispatcher.js';
import { recipientOfAccount } from './enqueue-notice.js';
import { LINK_TARGETS, isLinkTarget } from './link-targets.js';
import { inboxRoutes, letterFile, messageForStaff, renderAsSent, type InboxMessage } from './inbox.js';
import { campaignName, channelLabel, noticeTypeLabel } from './labels.js';
import { noticesMessages } from './messages.js';
import { affectedAudience, affectedRecipients, isRestorable } from './restored.js';
import { RESTORABLE } from './types/service.js';
import { localInstant } from './rules.js';
import { noticeEvents, noticeLinks, noticeMessages, noticeRecipients, MESSAGE_STATES } from './schema.js';
import { TableScroll } from '../web/table-scroll.js';

const tr = (lang: Lang) => noticesMessages.for(lang);
type T = ReturnType<typeof tr>;
const tk = (t: T, key: string, vars?: Record<string, string | number>) => (noticesMessages.has(key) ? t(key, vars) : key);

type NamedCampaign = CampaignSummary & { audienceLabel: string };

/** The message itself, as its recipient got it: an email's or letter's body, a text's words; a letter's PDF when the print batch still has it. */
function MessageItself(props: { rendered: { subject: string; html: string; text: string } | null; channel: string; lang: Lang; pdfHref?: string | null; id: string }) {
  const { lang } = usePage();
  const t = tr(lang);
  const r = props.rendered;
  if (!r) return <p>{t('notices.message.cannotRender')}</p>;
  const body = /<article>([\s\S]*)<\/article>/.exec(r.html)?.[1] ?? '';
  return (
    <section aria-labelledby={`${props.id}-heading`} class="margin-y-3">
      <h3 id={`${props.id}-heading`}>{t('notices.message.itself', { channel: channelLabel(props.channel, lang) })}</h3>
      {props.pdfHref && (
        <p>
          <a class="usa-button usa-button--outline" href={props.pdfHref} data-testid="letter-pdf">
            {t('notices.message.pdf')}
          </a>
        </p>
      )}
      {props.channel === 'text' ? (
        <blockquote class="candor-message border-1px border-base-lighter padding-2 radius-md" lang={props.lang} data-testid="message-itself">
          {r.text}
        </blockquote>
      ) : (
        <div class="candor-message border-1px border-base-lighter padding-2 radius-md" lang={props.lang} data-testid="message-itself">
          {props.channel === 'email' && (
            <p class="text-bold">
              {t('notices.message.subject')}: {r.subject}
            </p>
          )}
          <div class="usa-prose candor-notice" dangerouslySetInnerHTML={{ __html: body }} />
        </div>
      )}
    </section>
  );
}

function by(req: FastifyRequest) {
  return { kind: 'person' as const, id: req.actor!.accountId };
}

// ── console: overview ──────────────────────────────────────────────────

function CampaignTable(props: { campaigns: NamedCampaign[] }) {
  const { lang, profile } = usePage();
  const t = tr(lang);
  if (!props.campaigns.length) return <p>{t('notices.console.noCampaigns')}</p>;
  return (
    <TableScroll label={t('notices.console.campaigns')}>
      <table class="usa-table usa-table--borderless">
        <caption>{t('notices.console.campaigns')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('notices.campaign.notice')}</th>
            <th scope="col">{t('notices.campaign.audience')}</th>
            <th scope="col">{t('notices.console.state')}</th>
            <th scope="col">{t('notices.campaign.list.started')}</th>
            <th scope="col">{t('notices.campaign.list.total')}</th>
          </tr>
        </thead>
        <tbody>
          {props.campaigns.map((c) => (
            <tr key={c.id}>
              <th scope="row">
                <a href={`/operations/notices/campaigns/${c.id}`}>{campaignName(c, lang, profile.timeZone)}</a>
              </th>
              <td>{c.audienceLabel}</td>
              <td>{tk(t, `state.${c.status}`)}</td>
              <td>{formatDateTime(c.startAt, lang)}</td>
              <td>{c.total}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function Overview(props: {
  retried?: number;
  counts: Record<string, number>;
  dead: Array<{ id: string; type: string; channel: string; lastError: string | null; updatedAt: Date }>;
  campaigns: NamedCampaign[];
}) {
  const { lang } = usePage();
  const t = tr(lang);
  return (
    <div>
      <h1>{t('notices.console.title')}</h1>
      <p class="usa-intro">{t('notices.console.lead')}</p>
      <ul class="usa-button-group">
        <li class="usa-button-group__item">
          <a class="usa-button" href="/operations/notices/campaigns/new">
            {t('notices.console.newCampaign')}
          </a>
        </li>
        <li class="usa-button-group__item">
          <a class="usa-button usa-button--outline" href="/operations/notices/mailbox">
            {t('notices.console.mailbox')}
          </a>
        </li>
        <li class="usa-button-group__item">
          <a class="usa-button usa-button--outline" href="/operations/notices/restored">
            {t('notices.console.restored')}
          </a>
        </li>
      </ul>
      <h2>{t('notices.console.states')}</h2>
      <TableScroll label={t('notices.console.states')}>
        <table class="usa-table usa-table--borderless">
          <caption>{t('notices.console.states')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('notices.console.state')}</th>
              <th scope="col">{t('notices.console.count')}</th>
            </tr>
          </thead>
          <tbody>
            {MESSAGE_STATES.map((s) => (
              <tr key={s}>
                <th scope="row">{tk(t, `state.${s}`)}</th>
                <td>{props.counts[s] ?? 0}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <h2>{t('notices.console.campaigns')}</h2>
      <CampaignTable campaigns={props.campaigns} />
      <h2>{t('notices.console.deadLetters')}</h2>
      {props.retried !== undefined ? (
        <Alert type="success" slim>
          {t('notices.console.retried', { n: props.retried })}
        </Alert>
      ) : null}
      {props.dead.length === 0 ? (
        <p>{t('notices.console.deadLettersNone')}</p>
      ) : (
        <>
          <Form action="/operations/notices/dead-letters/retry" aria-label={t('notices.console.retryAll')}>
            <Button>{t('notices.console.retryAll')}</Button>
          </Form>
          <TableScroll label={t('notices.console.deadLetters')}>
            <table class="usa-table usa-table--borderless">
              <caption>{t('notices.console.deadLetters')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('notices.console.message')}</th>
                  <th scope="col">{t('notices.console.type')}</th>
                  <th scope="col">{t('notices.console.channel')}</th>
                  <th scope="col">{t('notices.console.error')}</th>
                  <th scope="col">{t('notices.console.retry')}</th>
                </tr>
              </thead>
              <tbody>
                {props.dead.map((d) => (
                  <tr key={d.id}>
                    <th scope="row">
                      <a href={`/operations/notices/messages/${d.id}`}>{t('notices.message.short', { type: noticeTypeLabel(d.type, lang), id: d.id.slice(0, 8) })}</a>
                    </th>
                    <td>{noticeTypeLabel(d.type, lang)}</td>
                    <td>{channelLabel(d.channel, lang)}</td>
                    <td>{d.lastError ?? ''}</td>
                    <td>
                      <Form action={`/operations/notices/messages/${d.id}/retry`} class="margin-0" aria-label={`${t('notices.console.retry')} ${d.id.slice(0, 8)}`}>
                        <Button variant="outline">{t('notices.console.retry')}</Button>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </>
      )}
    </div>
  );
}

// ── console: campaigns ─────────────────────────────────────────────────

function Select(props: { name: string; label: string; options: Array<[string, string]>; value?: string }) {
  return (
    <div class="usa-form-group">
      <label class="usa-label" for={props.name}>
        {props.label}
      </label>
      <select class="usa-select" id={props.name} name={props.name}>
        {props.options.map(([v, l]) => (
          <option value={v} selected={v === props.value} key={v}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );
}

type Samples = Array<{ channel: string; lang: Lang; rendered: { subject: string; html: string; text: string } | null }>;

function PreviewTables(props: { preview: CampaignPreview; samples?: Samples }) {
  const { lang } = usePage();
  const t = tr(lang);
  const p = props.preview;
  return (
    <section aria-labelledby="preview-heading">
      <h2 id="preview-heading">{t('notices.campaign.previewTitle')}</h2>
      <p>{t('notices.campaign.recipients', { n: p.recipients, m: p.messages })}</p>
      <TableScroll label={t('notices.campaign.byChannel')}>
        <table class="usa-table usa-table--borderless" id="preview-channels">
          <caption>{t('notices.campaign.byChannel')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('notices.console.channel')}</th>
              <th scope="col">{t('notices.console.count')}</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(p.byChannel).map(([c, n]) => (
              <tr key={c}>
                <th scope="row">{channelLabel(c, lang)}</th>
                <td>{n}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <TableScroll label={t('notices.campaign.byVariant')}>
        <table class="usa-table usa-table--borderless" id="preview-variants">
          <caption>{t('notices.campaign.byVariant')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('notices.console.channel')}</th>
              <th scope="col">{t('notices.campaign.outcome')}</th>
              <th scope="col">{t('notices.console.count')}</th>
            </tr>
          </thead>
          <tbody>
            {p.byVariant.map((v) => (
              <tr key={`${v.channel}-${v.outcome}`}>
                <th scope="row">{channelLabel(v.channel, lang)}</th>
                <td>{v.outcome}</td>
                <td>{v.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {Object.keys(p.skipped).length > 0 && (
        <>
          <h3>{t('notices.campaign.skipped')}</h3>
          <ul class="usa-list">
            {Object.entries(p.skipped).map(([reason, n]) => (
              <li key={reason}>
                {tk(t, reason)}: {n}
              </li>
            ))}
          </ul>
        </>
      )}
      {props.samples && props.samples.length > 0 && <Samples samples={props.samples} />}
    </section>
  );
}

/** What the campaign's people get, one example per channel (the notice's example facts). */
function Samples(props: { samples: Samples }) {
  const { lang } = usePage();
  const t = tr(lang);
  return (
    <section aria-labelledby="samples-heading">
      <h2 id="samples-heading">{t('notices.campaign.samples')}</h2>
      <p>{t('notices.campaign.samplesLead')}</p>
      {props.samples.map((s) => (
        <MessageItself key={s.channel} id={`sample-${s.channel}`} rendered={s.rendered} channel={s.channel} lang={s.lang} />
      ))}
    </section>
  );
}

function NewCampaign(props: { notice?: string; audience?: string; start?: string; audiences: Array<[string, string]>; preview?: CampaignPreview; samples?: Samples; errors: FieldError[] }) {
  const { lang } = usePage();
  const t = tr(lang);
  const translate = (key: string) => tk(t, key);
  return (
    <div>
      <h1>{t('notices.campaign.new.title')}</h1>
      <ErrorSummary errors={props.errors} translate={translate} />
      <form method="get" action="/operations/notices/campaigns/new" id="preview-campaign" class="usa-form usa-form--large" aria-label={t('notices.campaign.preview')}>
        <Select
          name="notice"
          label={t('notices.campaign.notice')}
          options={noticeTypeIds()
            .map((id) => [id, noticeTypeLabel(id, lang)] as [string, string])
            .sort((a, b) => a[1].localeCompare(b[1], lang))}
          value={props.notice}
        />
        <Select name="audience" label={t('notices.campaign.audience')} options={props.audiences} value={props.audience} />
        <TextField name="start" label={t('notices.campaign.start')} hint={t('notices.campaign.startHint')} value={props.start} errors={props.errors} translate={translate} />
        <Button variant="outline">{t('notices.campaign.preview')}</Button>
      </form>
      {props.preview && (
        <>
          <PreviewTables preview={props.preview} samples={props.samples} />
          <Form action="/operations/notices/campaigns" id="create-campaign" aria-label={t('notices.campaign.create')}>
            <input type="hidden" name="notice" value={props.notice} />
            <input type="hidden" name="audience" value={props.audience} />
            <input type="hidden" name="start" value={props.start ?? ''} />
            <Button>{t('notices.campaign.create')}</Button>
          </Form>
        </>
      )}
    </div>
  );
}

function CampaignPage(props: { campaign: NamedCampaign; messages: Array<{ id: string; state: string; channel: string; variant: string | null }>; samples: Samples; done?: string }) {
  const { lang, profile } = usePage();
  const t = tr(lang);
  const c = props.campaign;
  return (
    <div>
      <h1>{t('notices.campaign.title', { name: campaignName(c, lang, profile.timeZone) })}</h1>
      {props.done && (
        <Alert type="success" slim>
          {props.done}
        </Alert>
      )}
      <p id="campaign-status">{t('notices.campaign.status', { status: tk(t, `state.${c.status}`) })}</p>
      <p>
        {noticeTypeLabel(c.noticeType, lang)} · {c.audienceLabel} · {formatDateTime(c.startAt, lang, profile.timeZone)}
      </p>
      <ul class="usa-button-group">
        {c.status === 'running' && (
          <li class="usa-button-group__item">
            <Form action={`/operations/notices/campaigns/${c.id}/pause`} class="margin-0" aria-label={t('notices.campaign.pause')}>
              <Button variant="outline">{t('notices.campaign.pause')}</Button>
            </Form>
          </li>
        )}
        {c.status === 'paused' && (
          <li class="usa-button-group__item">
            <Form action={`/operations/notices/campaigns/${c.id}/resume`} class="margin-0" aria-label={t('notices.campaign.resume')}>
              <Button>{t('notices.campaign.resume')}</Button>
            </Form>
          </li>
        )}
      </ul>
      {(c.status === 'running' || c.status === 'paused') && (
        <Form action={`/operations/notices/campaigns/${c.id}/cancel`} aria-label={t('notices.campaign.cancel')}>
          <TextField name="reason" label={t('notices.campaign.cancelReason')} />
          <Button variant="secondary">{t('notices.campaign.cancel')}</Button>
        </Form>
      )}
      {(c.counts.failed ?? 0) > 0 && (
        <Form action="/operations/notices/dead-letters/retry" aria-label={t('notices.campaign.retryFailed', { n: c.counts.failed! })}>
          <input type="hidden" name="campaign" value={c.id} />
          <Button variant="outline">{t('notices.campaign.retryFailed', { n: c.counts.failed! })}</Button>
        </Form>
      )}
      <h2>{t('notices.console.states')}</h2>
      <TableScroll label={t('notices.console.states')}>
        <table class="usa-table usa-table--borderless" id="campaign-counts">
          <caption>{t('notices.console.states')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('notices.console.state')}</th>
              <th scope="col">{t('notices.console.count')}</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(c.counts).map(([s, n]) => (
              <tr key={s}>
                <th scope="row">{tk(t, `state.${s}`)}</th>
                <td data-state={s}>{n}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <h2>{t('notices.campaign.sentVariants')}</h2>
      <ul class="usa-list">
        {Object.entries(c.variants).map(([v, n]) => (
          <li key={v}>
            {v}: {n}
          </li>
        ))}
      </ul>
      <Samples samples={props.samples} />
      <h2>{t('notices.campaign.messages')}</h2>
      <ul class="usa-list">
        {props.messages.map((m) => (
          <li key={m.id}>
            <a href={`/operations/notices/messages/${m.id}`}>{t('notices.message.short', { type: channelLabel(m.channel, lang), id: m.id.slice(0, 8) })}</a> · {tk(t, `state.${m.state}`)}
            {m.variant ? ` · ${m.variant}` : ''}
          </li>
        ))}
      </ul>
    </div>
  );
}

// ── console: a message ─────────────────────────────────────────────────

type MessageRow = typeof noticeMessages.$inferSelect;
type EventRow = typeof noticeEvents.$inferSelect;

function MessagePage(props: { message: MessageRow; events: EventRow[]; itself: { subject: string; html: string; text: string } | null; pdf: boolean }) {
  const { lang } = usePage();
  const t = tr(lang);
  const m = props.message;
  const snap = m.capabilitySnapshot;
  return (
    <div>
      <h1>{t('notices.message.title', { type: noticeTypeLabel(m.type, lang), channel: channelLabel(m.channel, lang) })}</h1>
      <h2>{t('notices.message.facts')}</h2>
      <dl class="candor-facts">
        <dt>{t('notices.console.type')}</dt>
        <dd>{noticeTypeLabel(m.type, lang)}</dd>
        <dt>{t('notices.console.channel')}</dt>
        <dd>{channelLabel(m.channel, lang)}</dd>
        <dt>{t('notices.message.number')}</dt>
        <dd>{m.id.slice(0, 8)}</dd>
        <dt>{t('notices.message.state')}</dt>
        <dd id="message-state">{tk(t, `state.${m.state}`)}</dd>
        <dt>{t('notices.message.variant')}</dt>
        <dd id="message-variant">{m.variant ?? t('notices.message.none')}</dd>
      </dl>
      <MessageItself id="message" rendered={props.itself} channel={m.channel} lang={m.lang} pdfHref={props.pdf ? `/operations/notices/messages/${m.id}/letter.pdf` : null} />
      {snap && (
        <>
          <h2>{t('notices.message.snapshot')}</h2>
          <p>{formatDateTime(new Date(snap.at), lang)}</p>
          <ul class="usa-list">
            {Object.entries(snap.statuses).map(([id, s]) => (
              <li key={id}>
                {isCapabilityId(id) ? CAPABILITY_NAMES[id][lang] : id}: {s}
              </li>
            ))}
          </ul>
        </>
      )}
      <h2>{t('notices.message.timeline')}</h2>
      <TableScroll label={t('notices.message.timeline')}>
        <table class="usa-table usa-table--borderless" id="timeline">
          <caption>{t('notices.message.timeline')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('notices.console.when')}</th>
              <th scope="col">{t('notices.message.event')}</th>
              <th scope="col">{t('notices.message.reason')}</th>
              <th scope="col">{t('notices.message.details')}</th>
            </tr>
          </thead>
          <tbody>
            {props.events.map((e) => (
              <tr key={e.id}>
                <th scope="row">{formatDateTime(e.at, lang)}</th>
                <td data-kind={e.kind}>{tk(t, `event.${e.kind}`)}</td>
                <td>{e.reason ? tk(t, e.reason) : ''}</td>
                <td>
                  <code>{JSON.stringify(e.details)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </div>
  );
}

// ── console: mailbox ───────────────────────────────────────────────────

/** One list the local peers received: a caption, column headings, and a row per message (newest first as given). */
function ReceivedTable(props: { id: string; caption: string; headings: string[]; rows: Array<{ at: Date; cells: string[] }> | null }) {
  const { lang } = usePage();
  const t = tr(lang);
  if (props.rows === null) return <p>{t('notices.mailbox.notLocal')}</p>;
  if (props.rows.length === 0) return <p>{t('notices.mailbox.empty')}</p>;
  return (
    <TableScroll label={props.caption}>
      <table class="usa-table usa-table--borderless" id={props.id}>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            {props.headings.map((h) => (
              <th scope="col" key={h}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r, i) => (
            <tr key={i}>
              <th scope="row">{formatDateTime(r.at, lang)}</th>
              {r.cells.map((c, j) => (
                <td key={j}>{c}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function Mailbox(props: { emails: Array<{ to: string; subject: string; variant: string; at: Date }> | null; texts: Array<{ to: string; body: string; at: Date }> | null }) {
  const { lang } = usePage();
  const t = tr(lang);
  return (
    <div>
      <h1>{t('notices.mailbox.title')}</h1>
      <p class="usa-intro">{t('notices.mailbox.lead', { n: 50 })}</p>
      <h2>{t('notices.mailbox.email')}</h2>
      <ReceivedTable
        id="mailbox-email"
        caption={t('notices.mailbox.email')}
        headings={[t('notices.console.when'), t('notices.mailbox.to'), t('notices.mailbox.subject'), t('notices.message.variant')]}
        rows={props.emails && props.emails.map((m) => ({ at: m.at, cells: [m.to, m.subject, m.variant] }))}
      />
      <h2>{t('notices.mailbox.texts')}</h2>
      <ReceivedTable
        id="mailbox-texts"
        caption={t('notices.mailbox.texts')}
        headings={[t('notices.console.when'), t('notices.mailbox.to'), t('notices.mailbox.body')]}
        rows={props.texts && props.texts.map((m) => ({ at: m.at, cells: [m.to, m.body] }))}
      />
    </div>
  );
}

// ── console: service restored ──────────────────────────────────────────

function RestoredPage(props: { capability?: string; affected?: number; available?: boolean; done?: string }) {
  const { lang } = usePage();
  const t = tr(lang);
  const options = (Object.keys(RESTORABLE) as CapabilityId[]).map((id) => [id, CAPABILITY_NAMES[id][lang]] as [string, string]);
  return (
    <div>
      <h1>{t('notices.restored.title')}</h1>
      <p class="usa-intro">{t('notices.restored.lead')}</p>
      {props.done && (
        <Alert type="success" slim>
          {props.done}
        </Alert>
      )}
      <form method="get" action="/operations/notices/restored" class="usa-form" aria-label={t('notices.campaign.preview')}>
        <Select name="capability" label={t('notices.restored.capability')} options={options} value={props.capability} />
        <Button variant="outline">{t('notices.campaign.preview')}</Button>
      </form>
      {props.capability && props.affected !== undefined && (
        <section aria-labelledby="affected-heading">
          <h2 id="affected-heading">{CAPABILITY_NAMES[props.capability as CapabilityId]?.[lang] ?? props.capability}</h2>
          <p>{props.affected ? t('notices.restored.affected', { n: props.affected }) : t('notices.restored.nobody')}</p>
          {!props.available && (
            <Alert type="warning" slim>
              {t('notices.restored.notAvailable')}
            </Alert>
          )}
          {props.available && props.affected > 0 && (
            <Form action="/operations/notices/restored" aria-label={t('notices.restored.send')}>
              <input type="hidden" name="capability" value={props.capability} />
              <Button>{t('notices.restored.send')}</Button>
            </Form>
          )}
        </section>
      )}
    </div>
  );
}

// ── /l/: links that stay honest ────────────────────────────────────────

interface Personal {
  amountDueCents?: number;
  dueDate?: string;
  referenceNumber?: string;
}

function AlternativesPage(props: {
  capability: CapabilityId;
  reason: string;
  expectedEnd: Date | null;
  alternatives: ReturnType<AppContext['services']['capabilities']['alternatives']>;
  personal: Personal | null;
  token: string;
  errors: FieldError[];
  signedIn: boolean;
}) {
  const { lang, profile } = usePage();
  const t = tr(lang);
  const name = CAPABILITY_NAMES[props.capability][lang];
  const translate = (key: string) => tk(t, key);
  return (
    <div class="usa-prose">
      <h1>{t('notices.link.unavailable', { name })}</h1>
      {props.reason && <p>{t('notices.link.reason', { reason: props.reason })}</p>}
      {props.expectedEnd && <p>{t('notices.link.expectedBack', { time: formatDateTime(props.expectedEnd, lang, profile.timeZone) })}</p>}
      <h2>{t('notices.link.alternatives')}</h2>
      {props.alternatives.length === 0 ? (
        <p>{t('notices.link.noAlternative')}</p>
      ) : (
        <ul class="usa-list" id="alternatives">
          {props.alternatives.map((a) => (
            <li key={a.id}>
              {a.kind === 'phone' && a.phone && t('notices.link.callLine', { name: a.phone.name[lang], number: a.phone.number, open: `${a.phone.openUntilText[lang]}. ${a.phone.hoursText[lang]}` })}
              {a.kind === 'mail' && a.mail && t('notices.link.mail', { instructions: a.mail.instructions[lang] })}
              {a.kind === 'online' && a.href && <a href={a.href}>{t('notices.link.goOnline', { name: a.name[lang] })}</a>}
            </li>
          ))}
        </ul>
      )}
      <h2>{t('notices.link.yours')}</h2>
      {props.personal ? (
        <PersonalDetails personal={props.personal} />
      ) : (
        <>
          <p>{t('notices.link.signInHelp')}</p>
          {!props.signedIn && (
            <p>
              <a href={`/sign-in?next=${encodeURIComponent(`/l/${props.token}`)}`}>{t('notices.link.showYours')}</a>
            </p>
          )}
          <ErrorSummary errors={props.errors} translate={translate} />
          <Form action={`/l/${props.token}`} id="code-form" aria-label={t('notices.link.show')}>
            <TextField name="code" label={t('notices.link.code')} hint={t('notices.link.codeHint')} errors={props.errors} translate={translate} autocomplete="off" width="md" />
            <Button>{t('notices.link.show')}</Button>
          </Form>
        </>
      )}
    </div>
  );
}

function CodePage(props: { errors: FieldError[] }) {
  const { lang } = usePage();
  const t = tr(lang);
  const translate = (key: string) => tk(t, key);
  return (
    <div class="usa-prose">
      <h1>{t('notices.code.title')}</h1>
      <p>{t('notices.code.lead')}</p>
      <ErrorSummary errors={props.errors} translate={translate} />
      <Form action="/l" aria-label={t('notices.link.show')}>
        <TextField name="code" label={t('notices.link.code')} hint={t('notices.link.codeHint')} errors={props.errors} translate={translate} autocomplete="off" width="md" />
        <Button>{t('notices.link.show')}</Button>
      </Form>
    </div>
  );
}

/** A person's own amount due, due date and reference number, and where to mail a payment (shown only after sign-in or a letter's code). */
function PersonalDetails(props: { personal: Personal; children?: ComponentChildren }) {
  const { lang, profile } = usePage();
  const t = tr(lang);
  const lockbox = profile.lockbox;
  return (
    <div id="personal">
      {props.personal.amountDueCents !== undefined && <p>{t('notices.link.amountDue', { amount: formatMoney(props.personal.amountDueCents, lang) })}</p>}
      {props.personal.dueDate && <p>{t('notices.link.dueDate', { date: formatDate(props.personal.dueDate, lang) })}</p>}
      {props.personal.referenceNumber && <p>{t('notices.link.reference', { reference: props.personal.referenceNumber })}</p>}
      <p>{t('notices.link.mailTo')}</p>
      <address>
        {[lockbox.name, ...lockbox.lines, `${lockbox.city}, ${lockbox.state} ${lockbox.zip}`].map((l) => (
          <span key={l}>
            {l}
            <br />
          </span>
        ))}
      </address>
      {props.children}
    </div>
  );
}

function PersonalPage(props: { personal: Personal }) {
  const { lang, profile } = usePage();
  const t = tr(lang);
  return (
    <div class="usa-prose">
      <h1>{t('notices.link.yours')}</h1>
      <PersonalDetails personal={props.personal}>
        <p>
          {profile.phoneLines.payments.name[lang]}: {profile.phoneLines.payments.number}. {describeHours(profile.phoneLines.payments, lang)}
        </p>
      </PersonalDetails>
    </div>
  );
}

function ExpiredPage() {
  const { lang } = usePage();
  const t = tr(lang);
  return (
    <div class="usa-prose">
      <h1>{t('notices.link.expired')}</h1>
      <p>{t('notices.link.expiredHelp')}</p>
    </div>
  );
}

// ── account: preferences ───────────────────────────────────────────────

function PreferencesPage(props: { recipient: typeof noticeRecipients.$inferSelect | undefined; errors: FieldError[]; saved: boolean }) {
  const { lang } = usePage();
  const t = tr(lang);
  const translate = (key: string) => tk(t, key);
  const r = props.recipient;
  if (!r)
    return (
      <div class="usa-prose">
        <h1>{t('notices.prefs.title')}</h1>
        <p>{t('notices.prefs.none')}</p>
      </div>
    );
  return (
    <div>
      <h1>{t('notices.prefs.title')}</h1>
      <p class="usa-intro">{t('notices.prefs.lead')}</p>
      {props.saved && (
        <Alert type="success" slim>
          {t('notices.prefs.saved')}
        </Alert>
      )}
      <ErrorSummary errors={props.errors} translate={translate} />
      <Form action="/account/notices">
        <fieldset class="usa-fieldset">
          <legend class="usa-legend">{t('notices.prefs.delivery')}</legend>
          {(['paper', 'electronic'] as const).map((d) => (
            <div class="usa-radio" key={d}>
              <input class="usa-radio__input" id={`delivery-${d}`} type="radio" name="delivery" value={d} checked={r.delivery === d} />
              <label class="usa-radio__label" for={`delivery-${d}`}>
                {t(d === 'paper' ? 'notices.prefs.paper' : 'notices.prefs.electronic')}
              </label>
            </div>
          ))}
        </fieldset>
        <div class="usa-checkbox">
          <input class="usa-checkbox__input" id="texts" type="checkbox" name="texts" value="yes" checked={r.textsOptIn} />
          <label class="usa-checkbox__label" for="texts">
            {t('notices.prefs.texts')}
          </label>
        </div>
        <TextField name="phone" label={t('notices.prefs.phone')} hint={t('notices.prefs.phoneHint')} type="tel" value={r.phone ?? ''} errors={props.errors} translate={translate} autocomplete="tel" />
        <p>{t('notices.prefs.quiet', { start: formatClock(r.quietStart, lang), end: formatClock(r.quietEnd, lang) })}</p>
        <div class="usa-checkbox">
          <input class="usa-checkbox__input" id="reminders" type="checkbox" name="reminders" value="yes" checked={!r.remindersOptOut} />
          <label class="usa-checkbox__label" for="reminders">
            {t('notices.prefs.reminders')}
          </label>
        </div>
        <Button>{t('notices.prefs.save')}</Button>
      </Form>
    </div>
  );
}

// ── handlers ───────────────────────────────────────────────────────────

function parseStart(value: string | undefined, ctx: AppContext): Date | null | 'invalid' {
  if (!value || !value.trim()) return null;
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})$/.exec(value.trim());
  if (m) return localInstant(m[1]!, m[2]!, ctx.profile.timeZone);
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? 'invalid' : d;
}

async function personalFor(ctx: AppContext, messageId: string): Promise<Personal> {
  const [m] = await ctx.db.select({ data: noticeMessages.data }).from(noticeMessages).where(eq(noticeMessages.id, messageId));
  const d = (m?.data ?? {}) as Record<string, unknown>;
  return {
    amountDueCents: typeof d.amountDueCents === 'number' ? d.amountDueCents : undefined,
    dueDate: typeof d.dueDate === 'string' ? d.dueDate : typeof d.payBy === 'string' ? d.payBy : typeof d.graceEnds === 'string' ? d.graceEnds : undefined,
    referenceNumber: typeof d.referenceNumber === 'string' ? d.referenceNumber : undefined,
  };
}

async function resolveLink(ctx: AppContext, token: string) {
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(token)) return null;
  const [link] = await ctx.db
    .select({ messageId: noticeLinks.messageId, target: noticeLinks.target, expiresAt: noticeLinks.expiresAt, accountId: noticeRecipients.accountId })
    .from(noticeLinks)
    .innerJoin(noticeMessages, eq(noticeMessages.id, noticeLinks.messageId))
    .innerJoin(noticeRecipients, eq(noticeRecipients.id, noticeMessages.recipientId))
    .where(eq(noticeLinks.tokenHash, sha256Hex(token)));
  return link ?? null;
}

export function noticesRoutes(app: FastifyInstance, ctx: AppContext) {
  /** Campaigns with their audience's label in the reader's language. */
  const named = (req: FastifyRequest, cs: CampaignSummary[]): NamedCampaign[] => cs.map((c) => ({ ...c, audienceLabel: ctx.services.notices.audience(c.audience)?.label[req.lang] ?? c.audience }));
  /** One example of the notice per channel, in the reader's language, with the call to action most of its people get. */
  const samplesOf = (typeId: string, lang: Lang, channels: string[], variants: CampaignPreview['byVariant']): Samples => {
    const notice = noticeType(typeId);
    if (!notice) return [];
    return channels
      .filter((ch): ch is 'email' | 'letter' | 'text' => ch === 'email' || ch === 'letter' || ch === 'text')
      .map((channel) => {
        const top = variants
          .filter((v) => v.channel === channel || v.channel === '—')
          .map((v) => v.outcome.split(' ')[0]!)
          .find((o) => notice.variants.some((x) => x.id === o));
        const sample: InboxMessage = {
          id: typeId,
          type: typeId,
          channel,
          lang,
          state: 'queued',
          data: notice.example as Record<string, unknown>,
          sentAt: ctx.clock.now(),
          posted: false,
          variant: top ?? null,
          decidedAt: null,
          transportRef: null,
          firstName: 'Alex',
          lastName: 'Rivera',
          mailingAddress: null,
        };
        return { channel, lang, rendered: renderAsSent(sample, ctx.profile, ctx.publicUrl, ctx.clock.now()) };
      });
  };
  const page = (req: FastifyRequest, reply: FastifyReply, title: string, body: preact.VNode, status?: number) => renderPage(ctx, req, reply, { title, body, status });

  app.get<{ Querystring: { retried?: string } }>('/operations/notices', async (req, reply) => {
    const counts = await ctx.db.execute<{ state: string; n: number }>(sql`SELECT state, count(*)::int AS n FROM notice_messages GROUP BY state`);
    const dead = await ctx.db
      .select({ id: noticeMessages.id, type: noticeMessages.type, channel: noticeMessages.channel, lastError: noticeMessages.lastError, updatedAt: noticeMessages.updatedAt })
      .from(noticeMessages)
      .where(eq(noticeMessages.state, 'failed'))
      .orderBy(desc(noticeMessages.updatedAt))
      .limit(50);
    const campaigns = named(req, await listCampaigns(ctx.db, { limit: 20 }));
    return page(
      req,
      reply,
      tr(req.lang)('notices.console.title'),
      <Overview
        retried={/^\d{1,7}$/.test(req.query.retried ?? '') ? Number(req.query.retried) : undefined}
        counts={Object.fromEntries(counts.rows.map((r) => [r.state, r.n]))}
        dead={dead}
        campaigns={campaigns}
      />,
    );
  });

  app.get<{ Querystring: { notice?: string; audience?: string; start?: string } }>('/operations/notices/campaigns/new', async (req, reply) => {
    const t = tr(req.lang);
    const service = ctx.services.notices;
    const audiences = service.audiences().map((a) => [a.name, a.label[req.lang]] as [string, string]);
    const { notice: noticeId, audience: audienceName, start } = req.query;
    const errors: FieldError[] = [];
    let preview: CampaignPreview | undefined;
    let samples: Samples | undefined;
    if (noticeId || audienceName) {
      const notice = noticeId ? noticeType(noticeId) : undefined;
      const audience = audienceName ? service.audience(audienceName) : undefined;
      if (!notice) errors.push({ field: 'notice', messageKey: 'notices.errors.notice' });
      if (!audience) errors.push({ field: 'audience', messageKey: 'notices.errors.audience' });
      else if (notice && !audience.supports(notice)) errors.push({ field: 'audience', messageKey: 'notices.errors.audienceUnsupported' });
      const at = parseStart(start, ctx);
      if (at === 'invalid') errors.push({ field: 'start', messageKey: 'notices.errors.start' });
      if (!errors.length && notice && audience) {
        const now = at && at !== 'invalid' && at > ctx.clock.now() ? at : ctx.clock.now();
        preview = await previewCampaign(ctx.db, { notice, audience, now, timeZone: ctx.profile.timeZone, profile: ctx.profile, isAvailable: (id) => ctx.services.capabilities.isAvailable(id, now) });
        samples = samplesOf(notice.id, req.lang, Object.keys(preview.byChannel), preview.byVariant);
      }
    }
    return page(
      req,
      reply,
      t('notices.campaign.new.title'),
      <NewCampaign notice={noticeId} audience={audienceName} start={start} audiences={audiences} preview={preview} samples={samples} errors={errors} />,
      errors.length ? 400 : 200,
    );
  });

  app.post<{ Body: { notice?: string; audience?: string; start?: string } }>('/operations/notices/campaigns', async (req, reply) => {
    const body = req.body ?? {};
    const service = ctx.services.notices;
    const audience = body.audience ? service.audience(body.audience) : undefined;
    const at = parseStart(body.start, ctx);
    const errors: FieldError[] = [];
    if (!body.notice || !noticeType(body.notice)) errors.push({ field: 'notice', messageKey: 'notices.errors.notice' });
    if (!audience) errors.push({ field: 'audience', messageKey: 'notices.errors.audience' });
    if (at === 'invalid') errors.push({ field: 'start', messageKey: 'notices.errors.start' });
    if (errors.length || !audience || at === 'invalid') {
      const audiences = service.audiences().map((a) => [a.name, a.label[req.lang]] as [string, string]);
      return page(req, reply, tr(req.lang)('notices.campaign.new.title'), <NewCampaign notice={body.notice} audience={body.audience} start={body.start} audiences={audiences} errors={errors} />, 400);
    }
    const now = ctx.clock.now();
    const created = await ctx.db.transaction((tx) => createCampaign(tx, { noticeType: body.notice!, audience, startAt: at ?? now, now, timeZone: ctx.profile.timeZone, by: by(req), ip: req.ip }));
    ctx.services.notices.dispatcher.wake();
    return reply.redirect(`/operations/notices/campaigns/${created.id}?done=created`, 303);
  });

  app.get<{ Params: { id: string }; Querystring: { done?: string; retried?: string } }>('/operations/notices/campaigns/:id', async (req, reply) => {
    if (!z.string().uuid().safeParse(req.params.id).success) throw notFound();
    const [campaign] = await listCampaigns(ctx.db, { id: req.params.id });
    if (!campaign) throw notFound();
    const messages = await ctx.db
      .select({ id: noticeMessages.id, state: noticeMessages.state, channel: noticeMessages.channel, variant: noticeMessages.variant })
      .from(noticeMessages)
      .where(eq(noticeMessages.campaignId, campaign.id))
      .orderBy(desc(noticeMessages.updatedAt))
      .limit(20);
    const t = tr(req.lang);
    const retried = /^\d{1,7}$/.test(req.query.retried ?? '') ? t('notices.console.retried', { n: Number(req.query.retried) }) : undefined;
    const done =
      req.query.done === 'created' ? t('notices.campaign.created', { n: campaign.total }) : req.query.done ? t('notices.campaign.changed', { status: tk(t, `state.${campaign.status}`) }) : retried;
    const [c] = named(req, [campaign]);
    const channels = [...new Set(messages.map((m) => m.channel))];
    const samples = samplesOf(
      campaign.noticeType,
      req.lang,
      channels.length ? channels : [...(noticeType(campaign.noticeType)?.channels ?? [])],
      Object.entries(campaign.variants).map(([outcome, count]) => ({ channel: '—' as const, outcome, count })),
    );
    return page(req, reply, t('notices.campaign.title', { name: campaignName(c!, req.lang, ctx.profile.timeZone) }), <CampaignPage campaign={c!} messages={messages} samples={samples} done={done} />);
  });

  app.post<{ Params: { id: string; action: string }; Body: { reason?: string } }>('/operations/notices/campaigns/:id/:action', async (req, reply) => {
    const { id, action } = req.params;
    if (!z.string().uuid().safeParse(id).success || !['pause', 'resume', 'cancel'].includes(action)) throw notFound();
    await ctx.db.transaction((tx) => changeCampaignStatus(tx, { id, action: action as CampaignAction, by: by(req), now: ctx.clock.now(), reason: (req.body?.reason ?? '').slice(0, 500), ip: req.ip }));
    await ctx.services.notices.refreshCampaigns();
    return reply.redirect(`/operations/notices/campaigns/${id}?done=${action}`, 303);
  });

  app.get<{ Params: { id: string } }>('/operations/notices/messages/:id', async (req, reply) => {
    if (!z.string().uuid().safeParse(req.params.id).success) throw notFound();
    const [message] = await ctx.db.select().from(noticeMessages).where(eq(noticeMessages.id, req.params.id));
    if (!message) throw notFound();
    const events = await ctx.db.select().from(noticeEvents).where(eq(noticeEvents.messageId, message.id)).orderBy(noticeEvents.id);
    const full = await messageForStaff(ctx.db, message.id);
    const itself = full ? renderAsSent(full, ctx.profile, ctx.publicUrl, ctx.clock.now()) : null;
    const title = tr(req.lang)('notices.message.title', { type: noticeTypeLabel(message.type, req.lang), channel: channelLabel(message.channel, req.lang) });
    return page(req, reply, title, <MessagePage message={message} events={events} itself={itself} pdf={letterFile(ctx, message) !== null} />);
  });

  app.get<{ Params: { id: string } }>('/operations/notices/messages/:id/letter.pdf', async (req, reply) => {
    if (!z.string().uuid().safeParse(req.params.id).success) throw notFound();
    const [message] = await ctx.db.select({ channel: noticeMessages.channel, transportRef: noticeMessages.transportRef }).from(noticeMessages).where(eq(noticeMessages.id, req.params.id));
    const file = message && letterFile(ctx, message);
    if (!message || !file) throw notFound();
    return reply
      .type('application/pdf')
      .header('content-disposition', `inline; filename="letter-${req.params.id.slice(0, 8)}.pdf"`)
      .header('cache-control', 'private, no-store')
      .send(await fs.promises.readFile(file));
  });

  app.post<{ Params: { id: string } }>('/operations/notices/messages/:id/retry', async (req, reply) => {
    if (!z.string().uuid().safeParse(req.params.id).success) throw notFound();
    const now = ctx.clock.now();
    await ctx.db.transaction(async (tx) => {
      const retried = await retryDeadLetters(tx, { ids: [req.params.id], by: by(req), now, ip: req.ip });
      if (!retried.length) throw notFound();
    });
    ctx.services.notices.dispatcher.wake();
    return reply.redirect(`/operations/notices/messages/${req.params.id}`, 303);
  });

  app.post<{ Body: { campaign?: string } }>('/operations/notices/dead-letters/retry', async (req, reply) => {
    const campaignId = req.body?.campaign || undefined;
    if (campaignId && !z.string().uuid().safeParse(campaignId).success) throw notFound();
    const now = ctx.clock.now();
    const retried = await ctx.db.transaction((tx) => retryDeadLetters(tx, { campaignId, by: by(req), now, ip: req.ip }));
    ctx.services.notices.dispatcher.wake();
    return reply.redirect(`${campaignId ? `/operations/notices/campaigns/${campaignId}` : '/operations/notices'}?retried=${retried.length}`, 303);
  });

  app.get('/operations/notices/mailbox', async (req, reply) => {
    const smtp = ctx.localSmtp;
    const sms = ctx.services.notices.localSms;
    const emails = smtp
      ? smtp.received
          .slice(-50)
          .reverse()
          .map((m) => ({ to: m.to.join(', '), subject: m.subject, variant: m.headers['x-candor-variant'] ?? '', at: m.receivedAt }))
      : null;
    const texts = sms
      ? sms.received
          .slice(-50)
          .reverse()
          .map((m) => ({ to: m.to, body: m.body, at: m.receivedAt }))
      : null;
    return page(req, reply, tr(req.lang)('notices.mailbox.title'), <Mailbox emails={emails} texts={texts} />);
  });

  app.get<{ Querystring: { capability?: string; done?: string; n?: string } }>('/operations/notices/restored', async (req, reply) => {
    const t = tr(req.lang);
    const capability = req.query.capability;
    let affected: number | undefined;
    let available = false;
    if (capability) {
      if (!isRestorable(capability)) throw notFound();
      affected = (await affectedRecipients(ctx.db, capability)).length;
      available = ctx.services.capabilities.isAvailable(capability);
    }
    const done = req.query.done && /^[0-9a-f-]{36}$/.test(req.query.done) ? t('notices.restored.sent', { id: req.query.done.slice(0, 8), n: Number(req.query.n ?? 0) }) : undefined;
    return page(req, reply, t('notices.restored.title'), <RestoredPage capability={capability} affected={affected} available={available} done={done} />);
  });

  app.post<{ Body: { capability?: string } }>('/operations/notices/restored', async (req, reply) => {
    const capability = req.body?.capability ?? '';
    if (!isRestorable(capability)) throw notFound();
    if (!ctx.services.capabilities.isAvailable(capability)) return reply.redirect(`/operations/notices/restored?capability=${capability}`, 303);
    const now = ctx.clock.now();
    const created = await ctx.db.transaction(async (tx) =>
      createCampaign(tx, { noticeType: 'service-restored', audience: await affectedAudience(tx, capability), startAt: now, now, timeZone: ctx.profile.timeZone, by: by(req), ip: req.ip }),
    );
    ctx.services.notices.dispatcher.wake();
    return reply.redirect(`/operations/notices/restored?done=${created.id}&n=${created.total}`, 303);
  });

  // ── /l/ ──
  app.get('/l', async (req, reply) => page(req, reply, tr(req.lang)('notices.code.title'), <CodePage errors={[]} />));

  app.post<{ Body: { code?: string } }>('/l', { config: { rateLimit: { max: 10, timeWindow: '1 minute' } } }, async (req, reply) => {
    const code = normalizeShortCode(String(req.body?.code ?? ''));
    const [m] =
      code.length === 8
        ? await ctx.db
            .select({ id: noticeMessages.id })
            .from(noticeMessages)
            .where(eq(noticeMessages.shortCodeHash, sha256Hex(code)))
            .limit(1)
        : [];
    if (!m) return page(req, reply, tr(req.lang)('notices.code.title'), <CodePage errors={[{ field: 'code', messageKey: 'notices.errors.code' }]} />, 400);
    return page(req, reply, tr(req.lang)('notices.link.yours'), <PersonalPage personal={await personalFor(ctx, m.id)} />);
  });

  type Link = NonNullable<Awaited<ReturnType<typeof resolveLink>>>;
  /** Follows a link: by its token (/l/), or one the inbox resolved for the signed-in owner of its message. */
  const showLink = async (req: FastifyRequest, reply: FastifyReply, token: string, code?: string, resolved?: Link) => {
    const t = tr(req.lang);
    const link = resolved ?? (await resolveLink(ctx, token));
    if (!link) throw notFound();
    const now = ctx.clock.now();
    if (link.expiresAt < now) return page(req, reply, t('notices.link.expired'), <ExpiredPage />, 410);
    const target = isLinkTarget(link.target) ? LINK_TARGETS[link.target] : null;
    if (!target) throw notFound();
    const caps = ctx.services.capabilities;
    if (!target.capability || caps.isAvailable(target.capability, now)) {
      if (code === undefined) return reply.redirect(target.path, 303);
    }
    const capability = (target.capability ?? 'online-payment') as CapabilityId;
    const state = caps.snapshot().capabilities[capability];
    let personal: Personal | null = null;
    const errors: FieldError[] = [];
    if (req.actor && link.accountId && req.actor.accountId === link.accountId) personal = await personalFor(ctx, link.messageId);
    else if (code !== undefined) {
      const normalized = normalizeShortCode(code);
      const [m] =
        normalized.length === 8
          ? await ctx.db
              .select({ id: noticeMessages.id })
              .from(noticeMessages)
              .where(sql`${noticeMessages.shortCodeHash} = ${sha256Hex(normalized)} AND ${noticeMessages.recipientId} = (SELECT recipient_id FROM notice_messages WHERE id = ${link.messageId})`)
              .limit(1)
          : [];
      if (m) personal = await personalFor(ctx, link.messageId);
      else errors.push({ field: 'code', messageKey: 'notices.errors.code' });
    }
    return page(
      req,
      reply,
      t('notices.link.unavailable', { name: CAPABILITY_NAMES[capability][req.lang] }),
      <AlternativesPage
        capability={capability}
        reason={state?.reason[req.lang] ?? ''}
        expectedEnd={state?.expectedEnd ?? null}
        alternatives={caps.alternatives(capability, now)}
        personal={personal}
        token={token}
        errors={errors}
        signedIn={!!req.actor}
      />,
      errors.length ? 400 : 200,
    );
  };

  app.get<{ Params: { token: string } }>('/l/:token', async (req, reply) => showLink(req, reply, req.params.token));
  app.post<{ Params: { token: string }; Body: { code?: string } }>('/l/:token', { config: { rateLimit: { max: 10, timeWindow: '1 minute' } } }, async (req, reply) =>
    showLink(req, reply, req.params.token, String(req.body?.code ?? '')),
  );

  // ── the customer's notices and documents (inbox.tsx); links in them resolve like /l/ ──
  inboxRoutes(app, ctx, (req, reply, link) => showLink(req, reply, '', undefined, link));

  // ── preferences ──
  app.get<{ Querystring: { saved?: string } }>('/account/notices', async (req, reply) => {
    const recipient = await recipientOfAccount(ctx.db, req.actor!.accountId);
    return page(req, reply, tr(req.lang)('notices.prefs.title'), <PreferencesPage recipient={recipient} errors={[]} saved={req.query.saved === '1'} />);
  });

  app.post<{ Body: { delivery?: string; texts?: string; phone?: string; reminders?: string } }>('/account/notices', async (req, reply) => {
    const recipient = await recipientOfAccount(ctx.db, req.actor!.accountId);
    if (!recipient) throw notFound();
    const body = req.body ?? {};
    const errors: FieldError[] = [];
    const delivery = body.delivery === 'electronic' ? 'electronic' : 'paper';
    // As people type it: (802) 555-0100, 802.555.0100, +1 802 555 0100 (kept as E.164), or another country's +number.
    const typed = (body.phone ?? '').trim();
    const us = typed ? parsePhone(typed) : null;
    const phone = us ? toE164(us) : typed.replace(/[\s().-]/g, '');
    const texts = body.texts === 'yes';
    if ((texts || phone) && !/^\+[1-9]\d{7,14}$/.test(phone)) errors.push({ field: 'phone', messageKey: 'notices.errors.phone' });
    if (delivery === 'electronic' && !recipient.email) errors.push({ field: 'delivery', messageKey: 'notices.errors.emailNeeded' });
    if (errors.length)
      return page(req, reply, tr(req.lang)('notices.prefs.title'), <PreferencesPage recipient={{ ...recipient, delivery, textsOptIn: texts, phone }} errors={errors} saved={false} />, 400);
    const now = ctx.clock.now();
    await ctx.db.transaction(async (tx) => {
      await tx
        .update(noticeRecipients)
        .set({ delivery, textsOptIn: texts, phone: phone || null, remindersOptOut: body.reminders !== 'yes', updatedAt: now })
        .where(eq(noticeRecipients.id, recipient.id));
      await recordAudit(tx, {
        actor: req.actor!.accountId,
        actorKind: 'person',
        action: 'notices.preferences.change',
        objectType: 'notice-recipient',
        objectId: recipient.id,
        ip: req.ip,
        details: { delivery, texts, reminders: body.reminders === 'yes' },
        at: now,
      });
    });
    return reply.redirect('/account/notices?saved=1', 303);
  });
}
