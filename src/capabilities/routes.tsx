/** Routes: the status page, its JSON and Atom feed, and the operations console. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../web/context.js';
import { renderPage } from '../web/render.js';
import { accountNames } from '../accounts/account-names.js';
import { CandorError, fieldErrorsFromZod, notFound, type FieldError } from '../platform/errors.js';
import { formatDateTime, type Lang } from '../web/i18n.js';
import { cancelMaintenance } from './cancel-maintenance.js';
import { capabilityStatuses, type RegistryRow } from './capability-statuses.js';
import { Board, CapabilityDetail, Preview, translator, type ChangeValues, type WindowValues, type WindowView } from './console.js';
import { dailyAvailability, incidents, type TimelineEvent } from './history.js';
import { CAPABILITY_IDS, CAPABILITY_NAMES, isCapabilityId, type CapabilityId, type SettableStatus } from './ids.js';
import { loadEvents, openWindows, statusesAt } from './load-history.js';
import { capabilityMessages } from './messages.js';
import { StatusPage, eventReason } from './pages.js';
import { validateChange, validateWindow } from './rules.js';
import { scheduleMaintenance } from './schedule-maintenance.js';
import { setCapabilityStatus } from './set-capability-status.js';
import { parseDateTime, toLocalInput } from './time.js';
import type { CapabilityState } from './types.js';

const DAY = 86_400_000;

export function stateFromRow(row: RegistryRow, now: Date): CapabilityState {
  return {
    id: row.id,
    status: row.status,
    lastKnownStatus: row.status,
    reason: { en: row.reasonEn, es: row.reasonEs },
    internalNote: row.internalNote,
    setBy: row.setBy,
    since: row.since,
    expectedEnd: row.expectedEnd,
    overdue: (row.status === 'down' || row.status === 'maintenance') && !!row.expectedEnd && row.expectedEnd.getTime() < now.getTime(),
    alternatives: row.alternatives,
  };
}

const text = z.string().max(4_000, 'capabilities.errors.reasonTooLong').optional().default('');
const changeForm = z.object({ status: text, reasonEn: text, reasonEs: text, note: text, expectedEnd: text });
const windowForm = z.object({ from: text, to: text, reasonEn: text, reasonEs: text, note: text });

function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const statusSchema = {
  tags: ['status'],
  summary: 'The live status of every capability of the exchange, and planned maintenance',
  response: {
    200: {
      type: 'object',
      properties: {
        at: { type: 'string', format: 'date-time' },
        stale: { type: 'boolean', description: 'True when the registry could not be read in the last second: statuses are then "unknown" and lastKnownStatus holds the last read.' },
        readAt: { type: ['string', 'null'], format: 'date-time' },
        capabilities: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              id: { type: 'string' },
              name: { type: 'object', properties: { en: { type: 'string' }, es: { type: 'string' } } },
              status: { type: 'string', enum: ['operational', 'degraded', 'maintenance', 'down', 'unknown'] },
              lastKnownStatus: { type: ['string', 'null'] },
              available: { type: 'boolean' },
              reason: { type: 'object', properties: { en: { type: 'string' }, es: { type: 'string' } } },
              since: { type: 'string', format: 'date-time' },
              expectedEnd: { type: ['string', 'null'], format: 'date-time' },
              alternativesAvailableNow: { type: 'array', items: { type: 'string' } },
            },
          },
        },
        maintenance: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              capability: { type: 'string' },
              startsAt: { type: 'string', format: 'date-time' },
              endsAt: { type: 'string', format: 'date-time' },
              state: { type: 'string' },
              reason: { type: 'object', properties: { en: { type: 'string' }, es: { type: 'string' } } },
            },
          },
        },
      },
    },
  },
};

export function capabilityRoutes(app: FastifyInstance, ctx: AppContext) {
  const service = () => ctx.services.capabilities;
  /** The last timeline read, shown (marked) when the database cannot be reached. */
  let lastEvents: TimelineEvent[] = [];

  async function recentEvents(days: number): Promise<{ events: TimelineEvent[]; stale: boolean }> {
    try {
      const events = await loadEvents(ctx.db, { since: new Date(ctx.clock.now().getTime() - days * DAY), limit: 500 });
      lastEvents = events;
      return { events, stale: false };
    } catch (err) {
      ctx.log.warn({ err: { message: (err as Error).message } }, 'status history unreadable; showing the last known');
      const since = ctx.clock.now().getTime() - days * DAY;
      return { events: lastEvents.filter((e) => e.at.getTime() > since), stale: true };
    }
  }

  // ── public ─────────────────────────────────────────────────────────
  app.get('/status', async (req, reply) => {
    const { events, stale } = await recentEvents(14);
    const t = capabilityMessages.for(req.lang);
    return renderPage(ctx, req, reply, { title: t('page.title'), body: <StatusPage snapshot={service().snapshot()} incidents={incidents(events)} historyStale={stale} /> });
  });

  app.get('/api/v1/status', { schema: statusSchema }, async () => {
    const snap = service().snapshot();
    return {
      at: snap.at.toISOString(),
      stale: snap.stale,
      readAt: snap.readAt?.toISOString() ?? null,
      capabilities: CAPABILITY_IDS.map((id) => {
        const s = snap.capabilities[id];
        return {
          id,
          name: CAPABILITY_NAMES[id],
          status: s.status,
          lastKnownStatus: s.lastKnownStatus,
          available: service().isAvailable(id),
          reason: s.reason,
          since: s.since.toISOString(),
          expectedEnd: s.expectedEnd?.toISOString() ?? null,
          alternativesAvailableNow: service().isAvailable(id)
            ? []
            : service()
                .alternatives(id)
                .map((a) => a.id),
        };
      }),
      maintenance: snap.windows.map((w) => ({ capability: w.capabilityId, startsAt: w.startsAt.toISOString(), endsAt: w.endsAt.toISOString(), state: w.state, reason: w.reason })),
    };
  });

  app.get('/status/feed.atom', async (req, reply) => {
    const lang: Lang = req.lang;
    const t = capabilityMessages.for(lang);
    const { events } = await recentEvents(30);
    const base = ctx.publicUrl.replace(/\/$/, '');
    const host = new URL(base).hostname;
    const latest = events.length ? events[events.length - 1]!.at : new Date(0);
    const entries = events
      .slice(-50)
      .reverse()
      .map((e) => {
        const name = CAPABILITY_NAMES[e.capabilityId as CapabilityId]?.[lang] ?? e.capabilityId;
        const title = t('feed.entry', { name, status: t(`status.${e.status as SettableStatus}`) });
        const body = [eventReason(e, lang), e.expectedEnd ? `${t('page.expectedEnd')}: ${formatDateTime(e.expectedEnd, lang, ctx.profile.timeZone)}` : ''].filter(Boolean).join(' — ');
        return `  <entry>
    <id>tag:${host},2026:capability-event:${e.seq}</id>
    <title>${xml(title)}</title>
    <updated>${e.at.toISOString()}</updated>
    <link rel="alternate" type="text/html" href="${xml(`${base}/status#capability-${e.capabilityId}`)}"/>
    <category term="${xml(e.capabilityId)}"/>
    <content type="text">${xml(body || title)}</content>
  </entry>`;
      });
    const feed = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${lang}">
  <id>tag:${host},2026:status</id>
  <title>${xml(t('feed.title', { exchange: ctx.profile.exchangeName }))}</title>
  <updated>${latest.toISOString()}</updated>
  <author><name>${xml(ctx.profile.exchangeName)}</name></author>
  <link rel="self" type="application/atom+xml" href="${xml(`${base}/status/feed.atom`)}"/>
  <link rel="alternate" type="text/html" href="${xml(`${base}/status`)}"/>
${entries.join('\n')}
</feed>
`;
    return reply.type('application/atom+xml; charset=utf-8').header('cache-control', 'no-store').send(feed);
  });

  // ── operations console ─────────────────────────────────────────────
  async function availabilityOf(ids: readonly CapabilityId[]) {
    const now = ctx.clock.now();
    const from = new Date(now.getTime() - 30 * DAY);
    const [initial, events] = await Promise.all([statusesAt(ctx.db, from), loadEvents(ctx.db, { since: from, limit: 20_000 })]);
    return Object.fromEntries(
      ids.map((id) => [
        id,
        dailyAvailability(
          initial.get(id) ?? 'operational',
          events.filter((e) => e.capabilityId === id),
          now,
        ),
      ]),
    );
  }

  function windowViews(rows: Awaited<ReturnType<typeof openWindows>>): WindowView[] {
    return rows.map((w) => ({ id: w.id, capabilityId: w.capabilityId, startsAt: w.startsAt, endsAt: w.endsAt, state: w.state, reasonEn: w.reasonEn }));
  }

  app.get<{ Querystring: { done?: string } }>('/operations/capabilities', async (req, reply) => {
    const t = capabilityMessages.for(req.lang);
    const now = ctx.clock.now();
    const rows = await capabilityStatuses(ctx.db);
    const states = CAPABILITY_IDS.map((id) => rows.find((r) => r.id === id))
      .filter((r): r is RegistryRow => !!r)
      .map((r) => stateFromRow(r, now));
    const notice = req.query.done === 'cancelled' ? t('console.cancelled') : undefined;
    return renderPage(ctx, req, reply, {
      title: t('console.title'),
      body: (
        <Board
          states={states}
          availability={await availabilityOf(CAPABILITY_IDS)}
          windows={windowViews(await openWindows(ctx.db))}
          notice={notice}
          names={await accountNames(
            ctx.db,
            states.filter((s) => s.setBy.kind === 'person').map((s) => s.setBy.id),
          )}
        />
      ),
    });
  });

  async function loadState(id: string): Promise<CapabilityState> {
    if (!isCapabilityId(id)) throw notFound();
    const row = (await capabilityStatuses(ctx.db)).find((r) => r.id === id);
    if (!row) throw notFound();
    return stateFromRow(row, ctx.clock.now());
  }

  async function renderDetail(
    req: FastifyRequest,
    reply: FastifyReply,
    id: CapabilityId,
    opts: {
      change?: { values: ChangeValues; errors: FieldError[] };
      window?: { values: WindowValues; errors: FieldError[] };
      notice?: { type: 'success' | 'info' | 'error'; text: string };
      status?: number;
    } = {},
  ) {
    const state = await loadState(id);
    const now = ctx.clock.now();
    const days = (await availabilityOf([id]))[id]!;
    const events = await loadEvents(ctx.db, { since: new Date(0), capability: id, limit: 100 });
    const tz = ctx.profile.timeZone;
    const defaults = {
      change: { values: { expectedEnd: toLocalInput(new Date(now.getTime() + 2 * 3_600_000), tz) }, errors: [] },
      window: { values: { from: toLocalInput(new Date(now.getTime() + DAY), tz), to: toLocalInput(new Date(now.getTime() + DAY + 2 * 3_600_000), tz) }, errors: [] },
    };
    return renderPage(ctx, req, reply, {
      title: CAPABILITY_NAMES[id][req.lang],
      status: opts.status,
      body: (
        <CapabilityDetail
          state={state}
          events={events}
          days={days}
          windows={windowViews(await openWindows(ctx.db, id))}
          change={opts.change ?? defaults.change}
          window={opts.window ?? defaults.window}
          notice={opts.notice}
          names={await accountNames(ctx.db, [...(state.setBy.kind === 'person' ? [state.setBy.id] : []), ...events.filter((e) => e.setByKind === 'person').map((e) => e.setById)])}
        />
      ),
    });
  }

  app.get<{ Params: { id: string }; Querystring: { done?: string; why?: string } }>('/operations/capabilities/:id', async (req, reply) => {
    const id = req.params.id;
    if (!isCapabilityId(id)) throw notFound();
    const t = capabilityMessages.for(req.lang);
    const state = await loadState(id);
    let notice: { type: 'success' | 'info'; text: string } | undefined;
    if (req.query.done === 'changed') notice = { type: 'success', text: t('console.changed', { name: CAPABILITY_NAMES[id][req.lang], status: t(`status.${state.status}`) }) };
    if (req.query.done === 'scheduled') notice = { type: 'success', text: t('console.scheduled', { name: CAPABILITY_NAMES[id][req.lang] }) };
    const why = req.query.why;
    if (req.query.done === 'unchanged' && (why === 'held-by-person' || why === 'held-by-schedule' || why === 'not-this-window' || why === 'unchanged')) {
      notice = { type: 'info', text: t('console.unchanged', { why: t(`console.why.${why}`) }) };
    }
    return renderDetail(req, reply, id, { notice });
  });

  function parseChange(req: FastifyRequest<{ Params: { id: string } }>) {
    const parsed = changeForm.safeParse(req.body ?? {});
    const values: ChangeValues = parsed.success ? parsed.data : {};
    if (!parsed.success) return { values, errors: fieldErrorsFromZod(parsed.error), expectedEnd: null };
    const expectedEnd = parseDateTime(values.expectedEnd, ctx.profile.timeZone);
    const errors = validateChange(
      {
        capability: req.params.id,
        status: values.status ?? '',
        reasonEn: values.reasonEn ?? '',
        reasonEs: values.reasonEs,
        note: values.note,
        expectedEnd: values.expectedEnd ? (expectedEnd ?? new Date(NaN)) : null,
      },
      ctx.clock.now(),
    );
    return { values, errors, expectedEnd };
  }

  function parseWindow(req: FastifyRequest<{ Params: { id: string } }>) {
    const parsed = windowForm.safeParse(req.body ?? {});
    const values: WindowValues = parsed.success ? parsed.data : {};
    if (!parsed.success) return { values, errors: fieldErrorsFromZod(parsed.error), from: null, to: null };
    const from = parseDateTime(values.from, ctx.profile.timeZone);
    const to = parseDateTime(values.to, ctx.profile.timeZone);
    const errors = validateWindow({ capability: req.params.id, from, to, reasonEn: values.reasonEn ?? '', reasonEs: values.reasonEs, note: values.note }, ctx.clock.now());
    return { values, errors, from, to };
  }

  const actorOf = (req: FastifyRequest) => ({ kind: 'person' as const, id: req.actor!.accountId });
  const when = (d: Date | null, lang: Lang) => (d ? formatDateTime(d, lang, ctx.profile.timeZone) : '—');

  app.post<{ Params: { id: string } }>('/operations/capabilities/:id/preview', async (req, reply) => {
    const id = req.params.id;
    if (!isCapabilityId(id)) throw notFound();
    const { values, errors, expectedEnd } = parseChange(req);
    if (errors.length) return renderDetail(req, reply, id, { change: { values, errors }, status: 400 });
    const state = await loadState(id);
    const status = values.status as SettableStatus;
    const now = ctx.clock.now();
    const radius = await service().blastRadius(ctx.db, { capabilities: [id], status, from: now, until: expectedEnd });
    const t = capabilityMessages.for(req.lang);
    return renderPage(ctx, req, reply, {
      title: t('console.previewTitle', { name: CAPABILITY_NAMES[id][req.lang] }),
      body: (
        <Preview
          kind="change"
          state={state}
          summary={[
            [t('page.status'), t('console.summaryStatus', { from: t(`status.${state.status}`), to: t(`status.${status}`) })],
            [t('console.reasonEn'), values.reasonEn ?? ''],
            [t('console.reasonEs'), values.reasonEs || '—'],
            [t('console.note'), values.note || '—'],
            [t('console.expectedEnd'), when(status === 'operational' ? null : expectedEnd, req.lang)],
          ]}
          radius={radius}
          hidden={{ status, reasonEn: values.reasonEn ?? '', reasonEs: values.reasonEs ?? '', note: values.note ?? '', expectedEnd: values.expectedEnd ?? '' }}
        />
      ),
    });
  });

  app.post<{ Params: { id: string } }>('/operations/capabilities/:id/change', async (req, reply) => {
    const id = req.params.id;
    if (!isCapabilityId(id)) throw notFound();
    const { values, errors, expectedEnd } = parseChange(req);
    if (errors.length) return renderDetail(req, reply, id, { change: { values, errors }, status: 400 });
    try {
      const result = await ctx.db.transaction((tx) =>
        setCapabilityStatus(tx, {
          capability: id,
          status: values.status ?? '',
          reasonEn: values.reasonEn ?? '',
          reasonEs: values.reasonEs,
          note: values.note,
          expectedEnd,
          by: actorOf(req),
          now: ctx.clock.now(),
          ip: req.ip,
        }),
      );
      await service()
        .refresh()
        .catch(() => {});
      return reply.redirect(result.changed ? `/operations/capabilities/${id}?done=changed` : `/operations/capabilities/${id}?done=unchanged&why=${result.why}`, 303);
    } catch (err) {
      if (err instanceof CandorError && err.name === 'invalid-input') return renderDetail(req, reply, id, { change: { values, errors: err.details.fields ?? [] }, status: 400 });
      if (err instanceof CandorError && err.name === 'conflict') {
        return renderDetail(req, reply, id, { change: { values, errors: [] }, notice: { type: 'error', text: translator(req.lang)(err.messageKey, err.details.values) }, status: 409 });
      }
      throw err;
    }
  });

  app.post<{ Params: { id: string } }>('/operations/capabilities/:id/maintenance/preview', async (req, reply) => {
    const id = req.params.id;
    if (!isCapabilityId(id)) throw notFound();
    const { values, errors, from, to } = parseWindow(req);
    if (errors.length) return renderDetail(req, reply, id, { window: { values, errors }, status: 400 });
    const state = await loadState(id);
    const radius = await service().blastRadius(ctx.db, { capabilities: [id], status: 'maintenance', from: from!, until: to });
    const t = capabilityMessages.for(req.lang);
    return renderPage(ctx, req, reply, {
      title: t('console.previewWindowTitle', { name: CAPABILITY_NAMES[id][req.lang] }),
      body: (
        <Preview
          kind="window"
          state={state}
          summary={[
            [t('console.from'), when(from, req.lang)],
            [t('console.to'), when(to, req.lang)],
            [t('console.reasonEn'), values.reasonEn ?? ''],
            [t('console.reasonEs'), values.reasonEs || '—'],
            [t('console.note'), values.note || '—'],
          ]}
          radius={radius}
          hidden={{ from: values.from ?? '', to: values.to ?? '', reasonEn: values.reasonEn ?? '', reasonEs: values.reasonEs ?? '', note: values.note ?? '' }}
        />
      ),
    });
  });

  app.post<{ Params: { id: string } }>('/operations/capabilities/:id/maintenance', async (req, reply) => {
    const id = req.params.id;
    if (!isCapabilityId(id)) throw notFound();
    const { values, errors, from, to } = parseWindow(req);
    if (errors.length) return renderDetail(req, reply, id, { window: { values, errors }, status: 400 });
    await ctx.db.transaction((tx) =>
      scheduleMaintenance(tx, { capability: id, from, to, reasonEn: values.reasonEn ?? '', reasonEs: values.reasonEs, note: values.note, by: actorOf(req), now: ctx.clock.now(), ip: req.ip }),
    );
    await service()
      .refresh()
      .catch(() => {});
    return reply.redirect(`/operations/capabilities/${id}?done=scheduled`, 303);
  });

  app.post<{ Params: { windowId: string } }>('/operations/maintenance/:windowId/cancel', async (req, reply) => {
    if (!/^[0-9a-f-]{36}$/.test(req.params.windowId)) throw notFound();
    await ctx.db.transaction((tx) => cancelMaintenance(tx, { windowId: req.params.windowId, by: actorOf(req), now: ctx.clock.now(), ip: req.ip }));
    await service()
      .refresh()
      .catch(() => {});
    return reply.redirect('/operations/capabilities?done=cancelled', 303);
  });
}
