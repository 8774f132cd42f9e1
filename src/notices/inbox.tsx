/**
 * "Your notices and documents": every message handed over to a signed-in
 * customer (email, letter, text, and the formal notices posted here with an
 * email alert), newest first, each shown as it was rendered for the person:
 * re-rendered from what the outbox keeps (type, data, language, channel,
 * variant and the instant it was decided), with the letter's PDF from the
 * print batch (docs/adr/0045-notice-inbox.md). A customer sees only the
 * messages of their own recipient record; anyone else's is "not found".
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { notFound } from '../platform/errors.js';
import type { Db } from '../platform/database.js';
import type { AppContext } from '../web/context.js';
import { formatDate, type Lang } from '../web/i18n.js';
import { usePage } from '../web/page-context.js';
import { renderPage } from '../web/render.js';
import { noticeType } from './catalogue.js';
import type { Channel } from './declaration.js';
import { isLinkTarget, LINK_LIFETIME_MS, type LinkTarget } from './link-targets.js';
import { noticesMessages } from './messages.js';
import { renderNotice } from './render.js';
import { renderLetterPdf } from './transports/letters.js';
import type { PostalAddress } from './schema.js';

export const INBOX_PATH = '/account/notices/inbox';
const PAGE_SIZE = 25;

const tr = (lang: Lang) => noticesMessages.for(lang);

export interface InboxEntry {
  id: string;
  type: string;
  channel: Channel;
  lang: Lang;
  state: string;
  data: Record<string, unknown>;
  sentAt: Date;
  /** Posted here, with an email alert in place of the notice. */
  posted: boolean;
}

export interface InboxMessage extends InboxEntry {
  variant: string | null;
  decidedAt: Date | null;
  transportRef: string | null;
  firstName: string;
  lastName: string;
  mailingAddress: PostalAddress | null;
}

type Row = {
  id: string;
  type: string;
  channel: Channel;
  lang: Lang;
  state: string;
  data: Record<string, unknown>;
  sent_at: Date | string;
  posted: boolean;
  total: number;
};

/** A page of the account's messages that were handed over, newest first. */
export async function listInbox(db: Db, accountId: string, page: number): Promise<{ entries: InboxEntry[]; total: number }> {
  const res = await db.execute<Row>(sql`
    SELECT m.id, m.type, m.channel, m.lang, m.state, m.data, m.sent_at,
      EXISTS (SELECT 1 FROM notice_events e WHERE e.message_id = m.id AND e.kind = 'sent' AND e.details ->> 'posted' = 'true') AS posted,
      count(*) OVER ()::int AS total
    FROM notice_messages m JOIN notice_recipients r ON r.id = m.recipient_id
    WHERE r.account_id = ${accountId} AND m.sent_at IS NOT NULL
    ORDER BY m.sent_at DESC, m.id DESC
    LIMIT ${PAGE_SIZE} OFFSET ${(page - 1) * PAGE_SIZE}`);
  return {
    entries: res.rows.map((r) => ({ id: r.id, type: r.type, channel: r.channel, lang: r.lang, state: r.state, data: r.data, sentAt: new Date(r.sent_at), posted: r.posted })),
    total: res.rows[0]?.total ?? 0,
  };
}

/** One of the account's own handed-over messages, or null (anyone else's, or not handed over, is not found). */
export async function ownMessage(db: Db, accountId: string, messageId: string): Promise<InboxMessage | null> {
  if (!z.string().uuid().safeParse(messageId).success) return null;
  const res = await db.execute<
    Row & { variant: string | null; decided_at: Date | string | null; transport_ref: string | null; first_name: string; last_name: string; mailing_address: PostalAddress | null }
  >(sql`
    SELECT m.id, m.type, m.channel, m.lang, m.state, m.data, m.sent_at, m.variant, m.decided_at, m.transport_ref,
      r.first_name, r.last_name, r.mailing_address,
      EXISTS (SELECT 1 FROM notice_events e WHERE e.message_id = m.id AND e.kind = 'sent' AND e.details ->> 'posted' = 'true') AS posted
    FROM notice_messages m JOIN notice_recipients r ON r.id = m.recipient_id
    WHERE m.id = ${messageId} AND r.account_id = ${accountId} AND m.sent_at IS NOT NULL`);
  const r = res.rows[0];
  if (!r) return null;
  return {
    id: r.id,
    type: r.type,
    channel: r.channel,
    lang: r.lang,
    state: r.state,
    data: r.data,
    sentAt: new Date(r.sent_at),
    posted: r.posted,
    variant: r.variant,
    decidedAt: r.decided_at ? new Date(r.decided_at) : null,
    transportRef: r.transport_ref,
    firstName: r.first_name,
    lastName: r.last_name,
    mailingAddress: r.mailing_address,
  };
}

/** Any message, for staff: as the recipient got it (or will get it), whether or not it was handed over. */
export async function messageForStaff(db: Db, messageId: string): Promise<InboxMessage | null> {
  if (!z.string().uuid().safeParse(messageId).success) return null;
  const res = await db.execute<
    Row & {
      created_at: Date | string;
      variant: string | null;
      decided_at: Date | string | null;
      transport_ref: string | null;
      first_name: string;
      last_name: string;
      mailing_address: PostalAddress | null;
    }
  >(sql`
    SELECT m.id, m.type, m.channel, m.lang, m.state, m.data, m.sent_at, m.created_at, m.variant, m.decided_at, m.transport_ref,
      r.first_name, r.last_name, r.mailing_address,
      EXISTS (SELECT 1 FROM notice_events e WHERE e.message_id = m.id AND e.kind = 'sent' AND e.details ->> 'posted' = 'true') AS posted
    FROM notice_messages m JOIN notice_recipients r ON r.id = m.recipient_id
    WHERE m.id = ${messageId}`);
  const r = res.rows[0];
  if (!r) return null;
  return {
    id: r.id,
    type: r.type,
    channel: r.channel,
    lang: r.lang,
    state: r.state,
    data: r.data,
    sentAt: new Date(r.sent_at ?? r.created_at),
    posted: r.posted,
    variant: r.variant,
    decidedAt: r.decided_at ? new Date(r.decided_at) : null,
    transportRef: r.transport_ref,
    firstName: r.first_name,
    lastName: r.last_name,
    mailingAddress: r.mailing_address,
  };
}

/**
 * A message rendered whole, as its recipient got it: the same declaration,
 * data, language, channel and variant (the first when none was decided yet),
 * at the instant it was decided. The links it held were one-time tokens that
 * are not kept; here they read as the page where a letter's code is typed.
 */
export function renderAsSent(m: InboxMessage, profile: AppContext['profile'], publicUrl: string, now: Date): { subject: string; html: string; text: string } | null {
  const notice = noticeType(m.type);
  if (!notice) return null;
  try {
    const out = renderNotice({
      notice,
      data: m.data,
      lang: m.lang,
      channel: m.channel,
      variant: m.variant && notice.variants.some((v) => v.id === m.variant) ? m.variant : notice.variants[0]!.id,
      firstName: m.firstName,
      profile,
      now: m.decidedAt ?? now,
      link: () => `${publicUrl}/l`,
      letter: m.channel === 'letter' ? { fullName: `${m.firstName} ${m.lastName}`.trim(), address: m.mailingAddress, shortCode: null } : null,
      reference: typeof m.data.referenceNumber === 'string' ? m.data.referenceNumber : null,
    });
    return { subject: out.subject, html: out.html, text: out.text };
  } catch {
    return null;
  }
}

/** The notice's title in a language (its subject line); the type id if it can no longer be rendered. */
function titleOf(entry: Pick<InboxEntry, 'type' | 'data'>, lang: Lang): string {
  try {
    return noticeType(entry.type)?.subject[lang](entry.data) ?? entry.type;
  } catch {
    return entry.type;
  }
}

function channelLabel(entry: Pick<InboxEntry, 'channel' | 'posted' | 'state'>, lang: Lang): string {
  const t = tr(lang);
  const label = t(entry.posted ? 'notices.inbox.channel.posted' : `notices.inbox.channel.${entry.channel}`);
  return entry.state === 'bounced' ? t('notices.inbox.bounced', { channel: label }) : label;
}

/**
 * The message as rendered for the person: the same declaration, data,
 * language, channel and variant, at the instant it was decided. Links go
 * through this page's own honest redirect; a letter's short code is not kept,
 * so it is left out (the PDF has it).
 */
function renderForInbox(m: InboxMessage, profile: AppContext['profile'], publicUrl: string): { subject: string; html: string } {
  const out = renderMessage(m, profile, publicUrl, m.channel);
  let html = m.channel === 'text' ? `<h1>${escapeHtml(out.subject)}</h1>${out.html}` : (/<article>([\s\S]*)<\/article>/.exec(out.html)?.[1] ?? '');
  // Letters and texts print their links as text: make this page's own links clickable (they are ours, so the pattern is exact).
  if (m.channel !== 'email') {
    const pattern = new RegExp(`${escapeRegExp(publicUrl)}${INBOX_PATH}/${m.id}/go/[a-z]+`, 'g');
    html = html.replace(pattern, (url) => `<a href="${url.slice(publicUrl.length)}">${url}</a>`);
  }
  return { subject: out.subject, html };
}

function renderMessage(m: InboxMessage, profile: AppContext['profile'], publicUrl: string, channel: Channel) {
  const notice = noticeType(m.type);
  if (!notice) throw notFound();
  const go = (target: LinkTarget) => `${channel === 'email' ? '' : publicUrl}${INBOX_PATH}/${m.id}/go/${target}`;
  return renderNotice({
    notice,
    data: m.data,
    lang: m.lang,
    channel,
    variant: m.variant && notice.variants.some((v) => v.id === m.variant) ? m.variant : notice.variants[0]!.id,
    firstName: m.firstName,
    profile,
    now: m.decidedAt ?? m.sentAt,
    link: go,
    letter: channel === 'letter' ? { fullName: `${m.firstName} ${m.lastName}`.trim(), address: m.mailingAddress, shortCode: null } : null,
    reference: typeof m.data.referenceNumber === 'string' ? m.data.referenceNumber : null,
  });
}

/** A document notice (a tax form) sent by email or posted here has no printed copy: its letter is made from the message. */
const madeOnDemand = (m: InboxMessage) => m.channel !== 'letter' && m.channel !== 'text' && noticeType(m.type)?.document === true;

/** YYYY-MM-DD of an instant in the state's time zone. */
const formatIsoDay = (at: Date, timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The letter's PDF in the print batch, if it is still there. */
export function letterFile(ctx: AppContext, m: Pick<InboxMessage, 'channel' | 'transportRef'>): string | null {
  if (m.channel !== 'letter' || !m.transportRef || !/^print\/\d{4}-\d{2}-\d{2}\/[0-9a-f-]{36}\.pdf$/.test(m.transportRef)) return null;
  const file = path.join(ctx.config.dataDir, m.transportRef);
  return fs.existsSync(file) ? file : null;
}

// ── pages ──────────────────────────────────────────────────────────────

function InboxPage(props: { entries: InboxEntry[]; page: number; pages: number }) {
  const { lang, profile } = usePage();
  const t = tr(lang);
  return (
    <div>
      <h1>{t('notices.inbox.title')}</h1>
      <p class="usa-intro">{t('notices.inbox.lead')}</p>
      {props.entries.length === 0 ? (
        <p id="inbox-empty">{t('notices.inbox.none')}</p>
      ) : (
        <table class="usa-table usa-table--borderless usa-table--stacked" id="inbox">
          <caption>{t('notices.inbox.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('notices.inbox.notice')}</th>
              <th scope="col">{t('notices.inbox.date')}</th>
              <th scope="col">{t('notices.inbox.channel')}</th>
            </tr>
          </thead>
          <tbody>
            {props.entries.map((e) => (
              <tr key={e.id} data-message={e.id}>
                <th scope="row" data-label={t('notices.inbox.notice')}>
                  <a href={`${INBOX_PATH}/${e.id}`}>{titleOf(e, lang)}</a>
                </th>
                <td data-label={t('notices.inbox.date')}>{formatDate(e.sentAt, lang, profile.timeZone)}</td>
                <td data-label={t('notices.inbox.channel')}>{channelLabel(e, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.pages > 1 && (
        <nav aria-label={t('notices.inbox.pages')}>
          <ul class="usa-button-group">
            {props.page > 1 && (
              <li class="usa-button-group__item">
                <a class="usa-button usa-button--outline" href={`${INBOX_PATH}?page=${props.page - 1}`}>
                  {t('notices.inbox.newer')}
                </a>
              </li>
            )}
            {props.page < props.pages && (
              <li class="usa-button-group__item">
                <a class="usa-button usa-button--outline" href={`${INBOX_PATH}?page=${props.page + 1}`}>
                  {t('notices.inbox.older')}
                </a>
              </li>
            )}
          </ul>
        </nav>
      )}
      <p>
        <a href="/account/notices">{t('notices.inbox.prefs')}</a>
      </p>
    </div>
  );
}

function MessagePage(props: { message: InboxMessage; html: string; pdf: boolean }) {
  const { lang, profile } = usePage();
  const t = tr(lang);
  const m = props.message;
  return (
    <div>
      <p>
        <a href={INBOX_PATH}>{t('notices.inbox.back')}</a>
      </p>
      <div class="usa-prose candor-notice" lang={m.lang} id="notice" dangerouslySetInnerHTML={{ __html: props.html }} />
      <h2>{t('notices.inbox.about')}</h2>
      <dl class="candor-facts" id="notice-facts">
        <dt>{t('notices.inbox.date')}</dt>
        <dd>{formatDate(m.sentAt, lang, profile.timeZone)}</dd>
        <dt>{t('notices.inbox.channel')}</dt>
        <dd>{channelLabel(m, lang)}</dd>
        <dt>{t('notices.inbox.language')}</dt>
        <dd>{t(`notices.inbox.lang.${m.lang}`)}</dd>
      </dl>
      {props.pdf && (
        <p>
          <a class="usa-button usa-button--outline" href={`${INBOX_PATH}/${m.id}/letter.pdf`} id="letter-pdf">
            {t('notices.inbox.download')}
          </a>
        </p>
      )}
    </div>
  );
}

// ── routes ─────────────────────────────────────────────────────────────

/** What the inbox borrows from the /l/ links: following a link target for a message, honestly. */
export type FollowLink = (req: FastifyRequest, reply: FastifyReply, link: { messageId: string; target: string; expiresAt: Date; accountId: string | null }) => Promise<unknown>;

export function inboxRoutes(app: FastifyInstance, ctx: AppContext, followLink: FollowLink) {
  app.get<{ Querystring: { page?: string } }>(INBOX_PATH, async (req, reply) => {
    const asked = Number(req.query.page ?? 1);
    const page = Number.isInteger(asked) && asked >= 1 && asked <= 100_000 ? asked : 1;
    const { entries, total } = await listInbox(ctx.db, req.actor!.accountId, page);
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    return renderPage(ctx, req, reply, { title: tr(req.lang)('notices.inbox.title'), body: <InboxPage entries={entries} page={page} pages={pages} /> });
  });

  app.get<{ Params: { messageId: string } }>(`${INBOX_PATH}/:messageId`, async (req, reply) => {
    const m = await ownMessage(ctx.db, req.actor!.accountId, req.params.messageId);
    if (!m) throw notFound();
    const { subject, html } = renderForInbox(m, ctx.profile, ctx.publicUrl);
    return renderPage(ctx, req, reply, { title: subject, body: <MessagePage message={m} html={html} pdf={letterFile(ctx, m) !== null || madeOnDemand(m)} /> });
  });

  app.get<{ Params: { messageId: string } }>(`${INBOX_PATH}/:messageId/letter.pdf`, async (req, reply) => {
    const m = await ownMessage(ctx.db, req.actor!.accountId, req.params.messageId);
    if (m && !letterFile(ctx, m) && madeOnDemand(m)) {
      const notice = noticeType(m.type)!;
      const r = renderMessage(m, ctx.profile, ctx.publicUrl, 'letter');
      const letter = await renderLetterPdf({ messageId: m.id, lang: m.lang, title: r.subject, blocks: r.blocks, noticeType: notice.id, variant: m.variant ?? notice.variants[0]!.id });
      const day = formatIsoDay(m.sentAt, ctx.profile.timeZone);
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="${notice.id}-${day}.pdf"`).header('cache-control', 'private, no-store').send(letter.pdf);
    }
    const file = m && letterFile(ctx, m);
    if (!m || !file) throw notFound();
    const day = m.transportRef!.split('/')[1];
    return reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="notice-${day}.pdf"`)
      .header('cache-control', 'private, no-store')
      .send(await fs.promises.readFile(file));
  });

  // Links inside a notice shown here: like /l/, to the page when its capability is available, else the alternatives with the person's own details.
  app.get<{ Params: { messageId: string; target: string } }>(`${INBOX_PATH}/:messageId/go/:target`, async (req, reply) => {
    const m = await ownMessage(ctx.db, req.actor!.accountId, req.params.messageId);
    if (!m || !isLinkTarget(req.params.target)) throw notFound();
    return followLink(req, reply, { messageId: m.id, target: req.params.target, expiresAt: new Date(ctx.clock.now().getTime() + LINK_LIFETIME_MS), accountId: req.actor!.accountId });
  });
}
