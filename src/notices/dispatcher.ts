/**
 * The dispatcher (docs/adr/0040): claims due messages in batches with
 * FOR UPDATE SKIP LOCKED, decides each one's variant from the live registry,
 * renders it, and hands it to its transport inside the capability guard, so
 * once a change to down/maintenance has committed no message whose variant
 * needs that capability is handed over. Every outcome is written to the
 * message and its timeline as soon as it is known (docs/adr/0085); claims
 * last as long as the dispatcher's database session; a provider that cannot
 * be reached holds its channel instead of using messages' attempts (0086).
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { pgArray } from './sql.js';
import { claimerGone, createClaimSession } from './claims.js';
import { createProviderHealth } from './provider-health.js';
import { CAPABILITY_IDS, type CapabilityId } from '../capabilities/ids.js';
import type { CapabilityService } from '../capabilities/types.js';
import type { Clock } from '../platform/clock.js';
import { hmacHex, randomToken, sha256Hex } from '../platform/crypto.js';
import type { Db } from '../platform/database.js';
import type { Logger } from '../platform/logger.js';
import { localTime } from '../states/hours.js';
import type { StateProfile } from '../states/profile.js';
import { noticeType } from './catalogue.js';
import { CHANNEL_CAPABILITY, variantNeeds, type Channel, type NoticeDeclaration } from './declaration.js';
import { sendEmail, type OutgoingEmail, type TransportResult } from './transports/email.js';
import type { PrintBatch } from './transports/letters.js';
import type { SmsGateway } from './transports/sms.js';
import { LINK_LIFETIME_MS, type LinkTarget } from './link-targets.js';
import { renderNotice, type Rendered } from './render.js';
import { alertData, decideDelivery, NOTICE_ALERT, postsWithAlert, type AlertDecision } from './alert.js';
import { afterQuietHours, inQuietHours, retryDelayMs, type Decision } from './rules.js';
import type { CapabilitySnapshotRecord, EventKind, PostalAddress } from './schema.js';
import type { Transporter } from 'nodemailer';

export interface Transports {
  email(mail: OutgoingEmail): Promise<TransportResult>;
  letters: PrintBatch;
  sms: SmsGateway;
}

export interface DispatcherDeps {
  db: Db;
  /** The database the dispatcher's claim lock session connects to (docs/adr/0085). */
  databaseUrl: string;
  /** Health probes of the providers (SMTP greeting, print folder, SMS gateway), asked while a channel is held. */
  probes?: Partial<Record<Channel, () => Promise<boolean>>>;
  clock: Clock;
  profile: StateProfile;
  log: Logger;
  capabilities: CapabilityService;
  transports: Transports;
  publicUrl: () => string;
  mailFrom: string;
  /** Campaign status as this process last heard it (LISTEN/NOTIFY + poll). */
  campaignStatus(id: string): string | undefined;
  /** Derives each letter's short code from its message id (else random; docs/adr/0085). */
  shortCodeSecret?: string;
  /** Called for every bounce (a letter follows). */
  onBounce?(messageId: string): Promise<void>;
}

export interface DispatcherOptions {
  batchSize?: number;
  /** Messages handed over under one guard acquisition (default: the SMTP pool's 5 connections). */
  chunkSize?: number;
  /** Chunks in flight at once per batch (each holds one guard connection; default 2, so the pool's connections stay busy while a chunk's last hand-over finishes). */
  parallelChunks?: number;
  /** Messages rendered between two yields to the event loop, so hand-overs in flight keep moving while a batch renders. */
  renderSlice?: number;
  /** The longest one hand-over may take before it counts as a provider failure (default 30 s; claims have no end while the dispatcher lives). */
  handOverTimeoutMs?: number;
  /** Provider failures in a row that hold a channel (default 3). */
  failuresToTrip?: number;
  /** How long an outcome may wait for others to be recorded with it (default 5 ms; a chunk's worth goes at once). */
  recordLingerMs?: number;
  /** Time between two probes of a held channel's provider (default 5 s). */
  probeMs?: number;
  random?: () => number;
}

type ClaimedRow = {
  id: string;
  type: string;
  channel: Channel;
  lang: 'en' | 'es';
  data: Record<string, unknown>;
  state: string;
  campaign_id: string | null;
  attempts: number;
  due_at: Date;
  created_at: Date;
  latest_useful_at: Date | null;
  retried_at: Date | null;
  first_name: string;
  last_name: string;
  account_id: string | null;
  email: string | null;
  phone: string | null;
  mailing_address: PostalAddress | null;
  quiet_start: string;
  quiet_end: string;
};

interface Outcome {
  id: string;
  state: 'queued' | 'held' | 'sent' | 'bounced' | 'failed' | 'cancelled' | 'expired';
  availableAt?: Date;
  heldFor?: string[];
  heldUntil?: Date | null;
  variant?: string;
  snapshot?: CapabilitySnapshotRecord;
  sentAt?: Date;
  attempts?: number;
  lastError?: string | null;
  transportRef?: string;
  shortCodeHash?: string | null;
  events: Array<{ kind: EventKind; reason: string; details: Record<string, unknown> }>;
}

const SHORT_CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
/**
 * A short code printed in a letter: 8 characters from an unambiguous alphabet (40 bits), shown as XXXX-XXXX.
 * With a key it is derived from the message id, so a letter handed over again after a crash (which the
 * print batch answers with the letter already printed) records the code that letter carries.
 */
export function newShortCode(key?: { secret: string; messageId: string }): string {
  const bytes = key ? Buffer.from(hmacHex(key.secret, `notice-short-code:${key.messageId}`).slice(0, 16), 'hex') : randomBytes(8);
  const chars = [...bytes].map((b) => SHORT_CODE_ALPHABET[b % SHORT_CODE_ALPHABET.length]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4)}`;
}

export function normalizeShortCode(code: string): string {
  return code.toUpperCase().replace(/[^0-9A-Z]/g, '');
}

export function snapshotRecord(caps: CapabilityService, ids: Iterable<CapabilityId>): CapabilitySnapshotRecord {
  const snap = caps.snapshot();
  const statuses: Record<string, string> = {};
  for (const id of ids) statuses[id] = snap.capabilities[id]?.status ?? 'unknown';
  return { at: snap.at.toISOString(), stale: snap.stale, statuses };
}

function relevantCapabilities(notice: NoticeDeclaration, data: unknown, channel: Channel, posted = false): Set<CapabilityId> {
  const ids = new Set<CapabilityId>([CHANNEL_CAPABILITY[channel]]);
  for (const v of notice.variants) for (const c of variantNeeds(v, data)) ids.add(c);
  if (posted) for (const v of NOTICE_ALERT.variants) for (const c of variantNeeds(v, NOTICE_ALERT.example)) ids.add(c);
  return ids;
}

async function pool<T>(items: T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const run = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, run));
}

export function createDispatcher(deps: DispatcherDeps, opts: DispatcherOptions = {}) {
  const batchSize = opts.batchSize ?? 100;
  // Messages handed over under one guard acquisition (the SMTP pool's connections), and such chunks at once.
  const chunkSize = opts.chunkSize ?? 5;
  const parallelChunks = opts.parallelChunks ?? 2;
  const renderSlice = opts.renderSlice ?? 10;
  const handOverTimeoutMs = opts.handOverTimeoutMs ?? 30_000;
  const recordLingerMs = opts.recordLingerMs ?? 5;
  const random = opts.random ?? Math.random;
  const { db, capabilities: caps } = deps;
  const claims = createClaimSession(deps.databaseUrl, deps.log);
  const health = createProviderHealth({ db, clock: deps.clock, log: deps.log, capabilities: caps, probes: deps.probes }, { failuresToTrip: opts.failuresToTrip, probeMs: opts.probeMs });

  /**
   * Claims due messages for this dispatcher's session (docs/adr/0085). Messages of
   * running campaigns only, except those staff retried from the dead letters.
   */
  async function claim(now: Date, owner: string): Promise<ClaimedRow[]> {
    const res = await db.execute<ClaimedRow>(sql`
      WITH picked AS (
        SELECT m.id FROM notice_messages m
        LEFT JOIN notice_campaigns c ON c.id = m.campaign_id
        WHERE m.state = 'queued' AND m.available_at <= ${now}
          AND (m.campaign_id IS NULL OR c.status = 'running' OR m.retried_at IS NOT NULL)
        ORDER BY m.available_at
        LIMIT ${batchSize}
        FOR UPDATE OF m SKIP LOCKED
      ), claimed AS (
        UPDATE notice_messages m SET state = 'sending', claimed_by = ${owner}, lease_until = NULL, updated_at = ${now}
        FROM picked WHERE m.id = picked.id
        RETURNING m.id, m.type, m.channel, m.lang, m.data, m.campaign_id, m.attempts, m.due_at, m.created_at, m.latest_useful_at, m.retried_at, m.recipient_id
      )
      SELECT claimed.*, r.first_name, r.last_name, r.account_id, r.email, r.phone, r.mailing_address, r.quiet_start, r.quiet_end
      FROM claimed JOIN notice_recipients r ON r.id = claimed.recipient_id`);
    return res.rows.map((r) => ({
      ...r,
      due_at: new Date(r.due_at),
      created_at: new Date(r.created_at),
      latest_useful_at: r.latest_useful_at ? new Date(r.latest_useful_at) : null,
      retried_at: r.retried_at ? new Date(r.retried_at) : null,
    }));
  }

  /**
   * The registry as one batch sees it: each capability asked once per batch
   * (phone lines compute their opening hours on every call). The guard
   * re-reads the committed status at hand-over, so this view may lag a batch.
   */
  interface View {
    available(id: CapabilityId): boolean;
    snapshot(ids: Iterable<CapabilityId>): CapabilitySnapshotRecord;
  }
  /** A view from a fresh registry: a stale cache ("we don't know") is re-read first, so a busy process doesn't hold mail for nothing. */
  async function freshView(now: Date): Promise<View> {
    if (caps.snapshot().stale) await caps.refresh().catch(() => {});
    return view(now);
  }

  function view(now: Date): View {
    const seen = new Map<CapabilityId, boolean>();
    const snap = caps.snapshot();
    return {
      available(id) {
        let v = seen.get(id);
        if (v === undefined) seen.set(id, (v = caps.isAvailable(id, now)));
        return v;
      },
      snapshot(ids) {
        const statuses: Record<string, string> = {};
        for (const id of ids) statuses[id] = snap.capabilities[id]?.status ?? 'unknown';
        return { at: snap.at.toISOString(), stale: snap.stale, statuses };
      },
    };
  }

  function decide(row: ClaimedRow, notice: NoticeDeclaration, now: Date, knownUnavailable: Set<CapabilityId>, v: View): { decision: Decision; alert?: AlertDecision } {
    return decideDelivery({
      notice: notice as NoticeDeclaration<unknown>,
      data: row.data,
      channel: row.channel,
      now,
      queuedAt: row.due_at,
      latestUsefulAt: row.latest_useful_at,
      // A channel whose provider this process found unreachable is held like one the registry shows down.
      available: (id) => !knownUnavailable.has(id) && health.up(id) && v.available(id),
      accountId: row.account_id,
      profile: deps.profile,
    });
  }

  function contactFor(row: ClaimedRow): string | null {
    if (row.channel === 'email') return row.email;
    if (row.channel === 'text') return row.phone;
    return row.mailing_address ? 'address' : null;
  }

  interface Prepared {
    rendered: Rendered;
    links: Array<{ tokenHash: string; target: LinkTarget }>;
    shortCode: string | null;
    /** The alert's variant when the notice is posted to the person's notices page and the email is its alert. */
    alert?: string;
  }

  function prepare(row: ClaimedRow, notice: NoticeDeclaration, variant: string, now: Date, alert?: string): Prepared {
    const links: Prepared['links'] = [];
    const shortCode = row.channel === 'letter' ? newShortCode(deps.shortCodeSecret ? { secret: deps.shortCodeSecret, messageId: row.id } : undefined) : null;
    const base = deps.publicUrl();
    const rendered = renderNotice({
      ...(alert ? { notice: NOTICE_ALERT, data: alertData(deps.profile), variant: alert } : { notice, data: row.data, variant }),
      lang: row.lang,
      channel: row.channel,
      firstName: row.first_name,
      profile: deps.profile,
      now,
      link: (target) => {
        const token = randomToken(18);
        links.push({ tokenHash: sha256Hex(token), target });
        return `${base}/l/${token}`;
      },
      letter: row.channel === 'letter' ? { fullName: `${row.first_name} ${row.last_name}`.trim(), address: row.mailing_address, shortCode } : null,
      reference: typeof row.data.referenceNumber === 'string' ? row.data.referenceNumber : null,
    });
    return { rendered, links, shortCode, ...(alert ? { alert } : {}) };
  }

  async function saveLinks(rows: Array<{ messageId: string; tokenHash: string; target: string }>, now: Date): Promise<void> {
    if (!rows.length) return;
    const expires = new Date(now.getTime() + LINK_LIFETIME_MS);
    await db.execute(sql`
      INSERT INTO notice_links (token_hash, message_id, target, expires_at, created_at)
      SELECT x.token_hash, x.message_id, x.target, ${expires}, ${now}
      FROM jsonb_to_recordset(${JSON.stringify(rows.map((r) => ({ token_hash: r.tokenHash, message_id: r.messageId, target: r.target })))}::jsonb)
        AS x(token_hash text, message_id uuid, target text)`);
  }

  function handOver(row: ClaimedRow, notice: NoticeDeclaration, variant: string, prepared: Prepared, now: Date): Promise<TransportResult> {
    const r = prepared.rendered;
    switch (row.channel) {
      case 'email':
        return deps.transports.email({
          messageId: row.id,
          to: row.email!,
          from: deps.mailFrom,
          subject: r.subject,
          html: r.html,
          text: r.text,
          lang: row.lang,
          // An alert's headers name the alert, never the notice (its type would say what the notice is about).
          noticeType: prepared.alert ? NOTICE_ALERT.id : notice.id,
          variant: prepared.alert ?? variant,
          domain: new URL(deps.publicUrl()).hostname,
        });
      case 'letter':
        return deps.transports.letters.add({ messageId: row.id, lang: row.lang, title: r.subject, blocks: r.blocks, noticeType: notice.id, variant }, localTime(now, deps.profile.timeZone).date);
      case 'text':
        return deps.transports.sms.send({ to: row.phone!, body: r.text, reference: row.id });
    }
  }

  /** A hand-over that cannot outlast handOverTimeoutMs, and never throws. */
  function handOverInTime(r: Ready, now: Date): Promise<TransportResult> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<TransportResult>((resolve) => {
      timer = setTimeout(() => resolve({ ok: false, permanent: false, provider: true, error: 'timeout' }), handOverTimeoutMs);
    });
    const handed = handOver(r.row, r.notice, r.decision.variant, r.prepared, now).catch((err: Error): TransportResult => ({
      ok: false,
      permanent: false,
      error: `internal: ${err.message.slice(0, 60)}`,
    }));
    return Promise.race([handed, late]).finally(() => clearTimeout(timer));
  }

  /** A message decided and rendered, waiting for its guarded hand-over. */
  interface Ready {
    row: ClaimedRow;
    notice: NoticeDeclaration;
    decision: Extract<Decision, { action: 'send' }>;
    prepared: Prepared;
    snapshot: CapabilitySnapshotRecord;
    knownUnavailable: Set<CapabilityId>;
    events: Outcome['events'];
    /** A posted notice's alert, as decided. */
    alert?: AlertDecision;
  }

  /** Decides what to do with a claimed message and renders it when it is to be sent. No I/O. */
  function plan(row: ClaimedRow, now: Date, v: View, knownUnavailable = new Set<CapabilityId>(), events: Outcome['events'] = []): Outcome | Ready {
    const notice = noticeType(row.type);
    if (!notice) return { id: row.id, state: 'failed', lastError: 'unknown notice type', events: [{ kind: 'failed', reason: 'reason.unknownType', details: { type: row.type } }] };
    // A message staff retried goes whatever its campaign's state (docs/adr/0087).
    const campaign = row.campaign_id && !row.retried_at ? deps.campaignStatus(row.campaign_id) : undefined;
    if (campaign === 'paused') return { id: row.id, state: 'queued', availableAt: row.due_at, events };
    if (campaign === 'cancelled') return { id: row.id, state: 'cancelled', events: [...events, { kind: 'cancelled', reason: 'reason.campaignCancelled', details: { campaignId: row.campaign_id } }] };
    if (!contactFor(row)) return { id: row.id, state: 'failed', lastError: 'no contact', events: [...events, { kind: 'failed', reason: 'reason.noContact', details: { channel: row.channel } }] };
    if (row.channel === 'text' && inQuietHours(now, row.quiet_start, row.quiet_end, deps.profile.timeZone)) {
      const at = afterQuietHours(now, row.quiet_start, row.quiet_end, deps.profile.timeZone);
      return { id: row.id, state: 'queued', availableAt: at, events: [...events, { kind: 'held', reason: 'reason.quietHours', details: { until: at.toISOString() } }] };
    }
    // A posted formal notice: the email is its alert, which needs its own call to action (sign in, or the phone line).
    const posted = postsWithAlert(notice, row.channel, row.account_id);
    const { decision, alert } = decide(row, notice, now, knownUnavailable, v);
    const snapshot = v.snapshot(relevantCapabilities(notice, row.data, row.channel, posted));
    if (decision.action === 'hold') {
      return {
        id: row.id,
        state: 'held',
        heldFor: decision.waitingFor,
        heldUntil: decision.until,
        snapshot,
        events: [...events, { kind: 'held', reason: 'reason.capabilityUnavailable', details: { waitingFor: decision.waitingFor, until: decision.until?.toISOString() ?? null } }],
      };
    }
    if (decision.action === 'drop') return { id: row.id, state: 'cancelled', snapshot, events: [...events, { kind: 'cancelled', reason: decision.reason, details: { because: decision.because } }] };
    if (decision.action === 'expire') return { id: row.id, state: 'expired', snapshot, events: [...events, { kind: 'expired', reason: decision.reason, details: { because: decision.because } }] };
    return { row, notice, decision, prepared: prepare(row, notice, decision.variant, now, alert?.variant), snapshot, knownUnavailable, events, ...(alert ? { alert } : {}) };
  }

  const isReady = (x: Outcome | Ready): x is Ready => 'prepared' in x;
  const linkRows = (ready: Ready[]) => ready.flatMap((r) => r.prepared.links.map((l) => ({ ...l, messageId: r.row.id })));

  /** Hands a rendered message over inside the guard; decides again (at most 3 times) when a change got in first. */
  async function deliver(first: Ready, now: Date): Promise<Outcome> {
    let ready: Ready = first;
    for (let round = 0; ; round++) {
      const { row, decision } = ready;
      const guarded = await caps.whileAvailable(decision.needs, () => handOverInTime(ready, now));
      if (!guarded.ran) {
        // A change committed between the decision and the hand-over: decide again without those capabilities.
        for (const id of guarded.unavailable) ready.knownUnavailable.add(id);
        const events = [...ready.events, { kind: 'rerouted' as const, reason: 'reason.changedBeforeHandover', details: { from: decision.variant, because: guarded.unavailable } }];
        if (round >= 2) return { id: row.id, state: 'queued', availableAt: new Date(now.getTime() + 1000), events: [...events, { kind: 'held', reason: 'reason.registryChanging', details: {} }] };
        const next = plan(row, now, await freshView(now), ready.knownUnavailable, events);
        if (!isReady(next)) return next;
        await saveLinks(linkRows([next]), now);
        ready = next;
        continue;
      }
      return outcomeOf(ready, guarded.value, now);
    }
  }

  function outcomeOf(ready: Ready, result: TransportResult, now: Date): Outcome {
    const { row, notice, decision, prepared } = ready;
    const events = [...ready.events];
    const decided = {
      variant: decision.variant,
      snapshot: ready.snapshot,
      shortCodeHash: prepared.shortCode ? sha256Hex(normalizeShortCode(prepared.shortCode)) : null,
    };
    if (decision.rerouted) events.push({ kind: 'rerouted', reason: 'reason.capabilityUnavailable', details: { from: notice.variants[0]!.id, to: decision.variant, because: decision.because } });
    if (ready.alert?.rerouted)
      events.push({ kind: 'rerouted', reason: 'reason.capabilityUnavailable', details: { alert: true, from: NOTICE_ALERT.variants[0]!.id, to: ready.alert.variant, because: ready.alert.because } });
    if (!result.ok && !result.permanent && result.provider && health.failed(row.channel)) {
      // The provider cannot be reached: the message waits for its channel without using an attempt (docs/adr/0086).
      const channel = CHANNEL_CAPABILITY[row.channel];
      return {
        id: row.id,
        state: 'held',
        heldFor: [channel],
        heldUntil: row.latest_useful_at,
        snapshot: ready.snapshot,
        events: [...events, { kind: 'held', reason: 'reason.providerUnavailable', details: { waitingFor: [channel], error: result.error } }],
      };
    }
    if (result.ok || result.permanent) health.succeeded(row.channel);
    if (result.ok) {
      const alert = prepared.alert ? { posted: true, alert: prepared.alert } : {};
      return {
        id: row.id,
        state: 'sent',
        ...decided,
        sentAt: now,
        transportRef: result.ref,
        attempts: row.attempts + 1,
        lastError: null,
        events: [...events, { kind: 'sent', reason: prepared.alert ? 'reason.postedWithAlert' : '', details: { channel: row.channel, variant: decision.variant, ref: result.ref, ...alert } }],
      };
    }
    const attempts = row.attempts + 1;
    if (result.permanent) {
      const state = row.channel === 'email' ? 'bounced' : 'failed';
      return { id: row.id, state, ...decided, attempts, lastError: result.error, events: [...events, { kind: state, reason: 'reason.refused', details: { error: result.error } }] };
    }
    const delay = retryDelayMs(attempts, random());
    if (delay === null)
      return {
        id: row.id,
        state: 'failed',
        ...decided,
        attempts,
        lastError: result.error,
        events: [...events, { kind: 'failed', reason: 'reason.retriesExhausted', details: { error: result.error, attempts } }],
      };
    const at = new Date(now.getTime() + delay);
    return {
      id: row.id,
      state: 'queued',
      availableAt: at,
      attempts,
      lastError: result.error,
      events: [...events, { kind: 'failed', reason: 'reason.willRetry', details: { error: result.error, attempts, retryAt: at.toISOString() } }],
    };
  }

  /**
   * Hands over messages that need the same capabilities under one guard
   * acquisition (one lock round trip for the chunk), and emits each outcome
   * the moment its hand-over ends, so it is recorded then (docs/adr/0085); if
   * the guard refuses, each is decided again and handed over on its own.
   */
  async function deliverChunk(chunk: Ready[], now: Date, emit: (o: Outcome) => void): Promise<void> {
    const needs = chunk[0]!.decision.needs;
    const guarded = await caps.whileAvailable(needs, () => Promise.all(chunk.map((r) => handOverInTime(r, now).then((result) => emit(outcomeOf(r, result, now))))));
    if (guarded.ran) return;
    await Promise.all(
      chunk.map(async (r) => {
        for (const id of guarded.unavailable) r.knownUnavailable.add(id);
        const events = [...r.events, { kind: 'rerouted' as const, reason: 'reason.changedBeforeHandover', details: { from: r.decision.variant, because: guarded.unavailable } }];
        const next = plan(r.row, now, await freshView(now), r.knownUnavailable, events);
        if (!isReady(next)) return emit(next);
        await saveLinks(linkRows([next]), now);
        emit(await deliver(next, now));
      }),
    );
  }

  function internalFailure(row: ClaimedRow, now: Date, err: unknown): Outcome {
    deps.log.error({ messageId: row.id, err: { message: (err as Error).message } }, 'notice dispatch failed');
    const attempts = row.attempts + 1;
    const delay = retryDelayMs(attempts, random());
    return delay === null
      ? { id: row.id, state: 'failed', attempts, lastError: 'internal', events: [{ kind: 'failed', reason: 'reason.retriesExhausted', details: { error: 'internal' } }] }
      : {
          id: row.id,
          state: 'queued',
          attempts,
          availableAt: new Date(now.getTime() + delay),
          lastError: 'internal',
          events: [{ kind: 'failed', reason: 'reason.willRetry', details: { error: 'internal', attempts } }],
        };
  }

  async function record(outcomes: Outcome[], now: Date, owner: string): Promise<void> {
    if (!outcomes.length) return;
    const rows = outcomes.map((o) => ({
      id: o.id,
      state: o.state,
      available_at: o.availableAt?.toISOString() ?? null,
      held_for: o.heldFor ?? null,
      held_until: o.heldUntil?.toISOString() ?? null,
      variant: o.variant ?? null,
      snapshot: o.snapshot ?? null,
      sent_at: o.sentAt?.toISOString() ?? null,
      attempts: o.attempts ?? null,
      last_error: o.lastError === undefined ? null : o.lastError,
      clear_error: o.lastError === null,
      transport_ref: o.transportRef ?? null,
      short_code_hash: o.shortCodeHash ?? null,
    }));
    const events = outcomes.flatMap((o) => o.events.map((e) => ({ message_id: o.id, kind: e.kind, reason: e.reason, details: e.details })));
    // One statement (one round trip, no BEGIN/COMMIT): the update and the timeline rows commit together.
    // A message another worker took over after our lease ran out is left alone, and so is its timeline.
    await db.execute(sql`
      WITH x AS (
        SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(id uuid, state text, available_at timestamptz, held_for text[], held_until timestamptz, variant text, snapshot jsonb, sent_at timestamptz, attempts int, last_error text, clear_error boolean, transport_ref text, short_code_hash text)
      ), updated AS (
        UPDATE notice_messages m SET
          state = x.state,
          available_at = COALESCE(x.available_at, m.available_at),
          held_for = COALESCE(x.held_for, '{}'::text[]),
          held_until = x.held_until,
          variant = COALESCE(x.variant, m.variant),
          capability_snapshot = COALESCE(x.snapshot, m.capability_snapshot),
          decided_at = CASE WHEN x.snapshot IS NULL THEN m.decided_at ELSE ${now} END,
          sent_at = COALESCE(x.sent_at, m.sent_at),
          attempts = COALESCE(x.attempts, m.attempts),
          last_error = CASE WHEN x.clear_error THEN NULL ELSE COALESCE(x.last_error, m.last_error) END,
          transport_ref = COALESCE(x.transport_ref, m.transport_ref),
          short_code_hash = COALESCE(x.short_code_hash, m.short_code_hash),
          claimed_by = NULL, lease_until = NULL, updated_at = ${now}
        FROM x
        WHERE m.id = x.id AND m.claimed_by = ${owner} AND m.state = 'sending'
        RETURNING m.id
      )
      INSERT INTO notice_events (message_id, at, kind, reason, details)
      SELECT e.message_id, ${now}, e.kind, e.reason, e.details
      FROM jsonb_to_recordset(${JSON.stringify(events)}::jsonb) AS e(message_id uuid, kind text, reason text, details jsonb)
      WHERE e.message_id IN (SELECT id FROM updated)`);
    if (deps.onBounce)
      for (const o of outcomes)
        if (o.state === 'bounced') await deps.onBounce(o.id).catch((err: Error) => deps.log.warn({ messageId: o.id, err: { message: err.message } }, 'bounce follow-up failed'));
  }

  /**
   * Outcomes recorded as they come: one statement for whatever has waited
   * `recordLingerMs` (or a chunk's worth, sooner) once the last one has
   * committed, so a handed-over message is recorded within milliseconds of its
   * hand-over, not at the end of its batch, in few statements. A record that
   * fails (the database away) is tried again until it commits or the
   * dispatcher stops.
   */
  function recorder(now: Date, owner: string) {
    let queue: Outcome[] = [];
    let busy = false;
    let writing: Promise<void> = Promise.resolve();
    const linger = () =>
      new Promise<void>((resolve) => {
        if (queue.length >= chunkSize * parallelChunks) return resolve();
        const t = setTimeout(resolve, recordLingerMs);
        lingering = () => {
          clearTimeout(t);
          resolve();
        };
      }).finally(() => (lingering = null));
    let lingering: (() => void) | null = null;
    const flush = async () => {
      busy = true;
      try {
        await linger();
        while (queue.length) {
          const batch = queue;
          queue = [];
          for (let tries = 0; ; tries++) {
            try {
              await record(batch, now, owner);
              break;
            } catch (err) {
              if (stopped && tries >= 2) throw err;
              deps.log.warn({ err: { message: (err as Error).message } }, 'notices: outcome not recorded; trying again');
              await new Promise((r) => setTimeout(r, Math.min(1000, 100 * 2 ** tries)));
            }
          }
        }
      } finally {
        busy = false;
      }
    };
    return {
      emit(o: Outcome) {
        queue.push(o);
        if (!busy) writing = flush();
        else if (lingering && queue.length >= chunkSize * parallelChunks) lingering();
      },
      async done() {
        while (busy || queue.length) {
          if (!busy) writing = flush();
          await writing;
        }
      },
    };
  }

  /** Claims and processes one batch; returns how many messages it claimed. */
  async function runOnce(): Promise<number> {
    const now = deps.clock.now();
    if (!claims.holding) await claims.start();
    if (!claims.holding) return 0;
    // The claims and their records name the session the claim was made under.
    const owner = claims.owner;
    const rows = await claim(now, owner);
    if (!rows.length) return 0;
    const recording = recorder(now, owner);
    const outcomes = { push: (...os: Outcome[]) => os.forEach((o) => recording.emit(o)) };
    const ready: Ready[] = [];
    const v = await freshView(now);
    for (const [i, row] of rows.entries()) {
      // Rendering is the batch's CPU work: let the other lane's hand-overs and records move between slices.
      if (i > 0 && i % renderSlice === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      try {
        const planned = plan(row, now, v);
        if (isReady(planned)) ready.push(planned);
        else outcomes.push(planned);
      } catch (err) {
        outcomes.push(internalFailure(row, now, err));
      }
    }
    // Links are stored before any hand-over, so a link is never clicked before it exists.
    await saveLinks(linkRows(ready), now);
    const groups = new Map<string, Ready[]>();
    for (const r of ready) {
      const key = [...r.decision.needs].sort().join(',');
      groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    const chunks: Ready[][] = [];
    for (const group of groups.values()) for (let i = 0; i < group.length; i += chunkSize) chunks.push(group.slice(i, i + chunkSize));
    await pool(chunks, parallelChunks, async (chunk) => {
      try {
        await deliverChunk(chunk, now, recording.emit);
      } catch (err) {
        // Any outcome already recorded stays: the record only applies to messages still sending.
        for (const r of chunk) outcomes.push(internalFailure(r.row, now, err));
      }
    });
    await recording.done();
    return rows.length;
  }

  /**
   * Claims of dispatchers that have stopped (their session, and so their claim
   * lock, is gone) are released at once (docs/adr/0085); held channels'
   * providers are probed (0086); held messages whose capabilities are back,
   * or whose hold ended, are released (they are decided again at once).
   * Held messages keep their place in the queue (their available_at), so they
   * go out in their order; released claims go a second ahead of their place,
   * so the messages a stopped dispatcher was sending are the first taken up.
   */
  async function sweep(): Promise<{ released: number; reclaimed: number }> {
    const now = deps.clock.now();
    const reclaimed = await db.execute<{ id: string }>(sql`
      WITH r AS (
        UPDATE notice_messages m SET state = 'queued', claimed_by = NULL, lease_until = NULL, available_at = LEAST(m.available_at, ${now}) - interval '1 second', updated_at = ${now}
        WHERE m.state = 'sending' AND ${claimerGone(sql`m.claimed_by`)}
        RETURNING m.id
      ), e AS (
        INSERT INTO notice_events (message_id, at, kind, reason, details)
        SELECT id, ${now}, 'released', 'reason.senderStopped', '{}'::jsonb FROM r
      )
      SELECT id FROM r`);
    await health.probe();
    // Release on the registry as committed, not on a cache a notification has not reached yet:
    // a message held a moment ago must not be released on the view from before its capability went down.
    await caps.refresh().catch(() => {});
    const available = CAPABILITY_IDS.filter((id) => health.up(id) && caps.isAvailable(id, now));
    const released = await db.execute<{ id: string; returned: boolean }>(sql`
      WITH r AS (
        UPDATE notice_messages SET state = 'queued', available_at = LEAST(available_at, ${now}), updated_at = ${now}
        WHERE state = 'held' AND (held_for <@ ${pgArray(available)}::text[] OR held_until <= ${now} OR latest_useful_at <= ${now})
        RETURNING id, held_for <@ ${pgArray(available)}::text[] AS returned, held_for
      ), e AS (
        INSERT INTO notice_events (message_id, at, kind, reason, details)
        SELECT id, ${now}, 'released', CASE WHEN returned THEN 'reason.capabilityReturned' ELSE 'reason.holdEnded' END, jsonb_build_object('waitedFor', to_jsonb(held_for)) FROM r
      )
      SELECT id, returned FROM r`);
    return { released: released.rows.length, reclaimed: reclaimed.rows.length };
  }

  let running = false;
  let stopped = false;
  let loop: Promise<void> | null = null;
  const wakers = new Set<() => void>();

  return {
    /** What this dispatcher writes into the messages it claims. */
    get owner() {
      return claims.owner;
    },
    runOnce,
    sweep,
    /**
     * Runs until stopped: sweep, then batches until the queue is empty, then a
     * short sleep. Two lanes claim their own batches, so one renders and records
     * while the other hands over.
     */
    start(idleMs = 200, lanes = 2) {
      if (running) return;
      running = true;
      stopped = false;
      let lastSweep = 0;
      const lane = async (first: boolean) => {
        while (!stopped) {
          try {
            if (first && Date.now() - lastSweep >= 250) {
              await sweep();
              lastSweep = Date.now();
            }
            const n = await runOnce();
            if (n > 0) continue;
          } catch (err) {
            deps.log.warn({ err: { message: (err as Error).message } }, 'notice dispatcher pass failed');
          }
          await new Promise<void>((resolve) => {
            const waker = () => {
              clearTimeout(t);
              wakers.delete(waker);
              resolve();
            };
            const t = setTimeout(waker, idleMs);
            wakers.add(waker);
          });
        }
      };
      loop = Promise.all(Array.from({ length: lanes }, (_, i) => lane(i === 0))).then(() => {});
    },
    wake() {
      for (const w of [...wakers]) w();
    },
    /** Stops the loop and ends the claim session (whatever is still claimed is released by the next sweep anywhere). */
    async stop() {
      stopped = true;
      for (const w of [...wakers]) w();
      await loop;
      running = false;
      await health.settled();
      await claims.close();
    },
  };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;

export function emailTransport(mailer: Transporter): Transports['email'] {
  return (mail) => sendEmail(mailer, mail);
}
