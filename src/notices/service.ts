/**
 * The notices service of one process: audiences, transports (with the local
 * stand-ins when nothing is configured), the campaign watch, the dispatcher
 * and the delivery reports of the stand-ins.
 */
import pg from 'pg';
import { hmacHex } from '../platform/crypto.js';
import type { AppContext } from '../web/context.js';
import { ALL_RECIPIENTS_AUDIENCE, DEMO_AUDIENCE, type Audience } from './audiences.js';
import { CAMPAIGN_CHANNEL, completeFinishedCampaigns } from './campaigns.js';
import { createDispatcher, emailTransport, type Dispatcher } from './dispatcher.js';
import { DELIVERY_REPORTS_PATH } from './delivery-reports.js';
import { applyPendingDeliveryReports, recordBounce, recordDeliveries } from './record-delivery.js';
import { createPrintBatch, type PrintBatch } from './transports/letters.js';
import { createSmsGateway } from './transports/sms.js';
import type { LocalSmsGateway } from './transports/sms-standin.js';

export interface NoticesService {
  registerAudience(audience: Audience): void;
  audience(name: string): Audience | undefined;
  audiences(): Audience[];
  dispatcher: Dispatcher;
  printBatch: PrintBatch;
  /** The local stand-in SMS gateway when no SMS_GATEWAY_URL is configured. */
  localSms?: LocalSmsGateway;
  /** What providers sign delivery reports with (DELIVERY_REPORT_SECRET, else derived for the stand-ins). */
  deliveryReportSecret: string;
  campaignStatus(id: string): string | undefined;
  /** Re-reads campaign statuses now. */
  refreshCampaigns(): Promise<void>;
  /** Delivery reports not yet written (the local SMTP peer's, and providers' that came before the hand-over was recorded), written now (tests). */
  flushDeliveries(): Promise<void>;
  close(): Promise<void>;
}

declare module '../web/context.js' {
  interface AppServices {
    notices: NoticesService;
  }
}

export async function createNoticesService(ctx: AppContext): Promise<NoticesService> {
  const audiences = new Map<string, Audience>([DEMO_AUDIENCE, ALL_RECIPIENTS_AUDIENCE].map((a) => [a.name, a]));
  // Derived from the cookie key when not configured, so processes sharing a data folder agree.
  const deliveryReportSecret = ctx.config.deliveryReportSecret ?? `drs_${hmacHex(ctx.keys.cookie, 'notices-delivery-reports')}`;
  let localSms: LocalSmsGateway | undefined;
  let smsUrl = ctx.config.smsGatewayUrl;
  if (!smsUrl) {
    // The stand-in reports each text through the same signed webhook as a real gateway. Loaded only here:
    // production has a gateway configured and never loads it (docs/adr/0095).
    const { startLocalSmsGateway } = await import('./transports/sms-standin.js');
    localSms = await startLocalSmsGateway({
      token: ctx.config.smsGatewayToken,
      report: { url: () => (ctx.publicUrl ? `${ctx.publicUrl}${DELIVERY_REPORTS_PATH}` : undefined), secret: deliveryReportSecret, now: () => ctx.clock.now() },
    });
    smsUrl = localSms.url;
  }
  const sms = createSmsGateway({ url: smsUrl, token: ctx.config.smsGatewayToken });
  const printBatch = createPrintBatch(ctx.config.dataDir);

  // Campaign statuses: LISTEN for changes (delivered at commit) and poll as a fallback.
  const statuses = new Map<string, string>();
  const databaseUrl = ctx.pool.options.connectionString!;
  let listener: pg.Client | null = null;
  let closed = false;
  const refreshCampaigns = async () => {
    const res = await ctx.pool.query<{ id: string; status: string }>(`SELECT id, status FROM notice_campaigns WHERE status IN ('running', 'paused') OR status_changed_at > now() - interval '2 days'`);
    for (const r of res.rows) statuses.set(r.id, r.status);
  };
  const listen = async () => {
    const client = new pg.Client({ connectionString: databaseUrl, application_name: 'candor-notices-listen' });
    client.on('error', () => {
      if (listener === client) listener = null;
    });
    client.on('notification', (msg) => {
      try {
        const { campaignId, status } = JSON.parse(msg.payload ?? '{}') as { campaignId?: string; status?: string };
        if (campaignId && status) statuses.set(campaignId, status);
      } catch {
        // ignore a malformed payload; the poll corrects it
      }
    });
    await client.connect();
    await client.query(`LISTEN ${CAMPAIGN_CHANNEL}`);
    listener = client;
  };
  await listen().catch((err: Error) => ctx.log.warn({ err: { message: err.message } }, 'notices: campaign listener failed; polling only'));
  await refreshCampaigns();
  const poll = setInterval(() => {
    if (closed) return;
    if (!listener) void listen().catch(() => {});
    void refreshCampaigns().catch(() => {});
    void completeFinishedCampaigns(ctx.db, ctx.clock.now()).catch(() => {});
  }, 500);
  poll.unref();

  const holidays = ctx.profile.phoneLines.customerSupport.closedOn;
  const dispatcher = createDispatcher({
    db: ctx.db,
    databaseUrl,
    shortCodeSecret: hmacHex(ctx.keys.cookie, 'notices-short-codes'),
    probes: { email: () => ctx.mailer.verify(), letter: () => printBatch.probe(), text: () => sms.probe?.() ?? Promise.resolve(true) },
    clock: ctx.clock,
    profile: ctx.profile,
    log: ctx.log,
    capabilities: ctx.services.capabilities,
    transports: { email: emailTransport(ctx.mailer), letters: printBatch, sms },
    publicUrl: () => ctx.publicUrl,
    mailFrom: ctx.config.mailFrom,
    campaignStatus: (id) => statuses.get(id),
    onBounce: async (messageId) => {
      await ctx.db.transaction((tx) => recordBounce(tx, messageId, { now: ctx.clock.now(), timeZone: ctx.profile.timeZone, holidays }, 'reason.refused'));
    },
  });

  // Delivery reports from the local SMTP peer, written in batches. A report can arrive before the
  // dispatcher has recorded the hand-over (the peer answers inside it): such ids wait for the next flush.
  // Providers' reports (and the stand-in SMS gateway's) come through the webhook; those that came too
  // early wait in notice_delivery_reports and are applied here once the hand-over is recorded.
  let pending: string[] = [];
  let pendingBounces: string[] = [];
  const flushOnce = async () => {
    const ids = pending;
    const bounces = pendingBounces;
    pending = [];
    pendingBounces = [];
    await applyPendingDeliveryReports(ctx.db, () => ({ now: ctx.clock.now(), timeZone: ctx.profile.timeZone, holidays }));
    const all = [...ids, ...bounces];
    if (!all.length) return;
    const states = await ctx.pool.query<{ id: string; state: string }>(`SELECT id, state FROM notice_messages WHERE id = ANY($1::uuid[])`, [all]);
    const sending = new Set(states.rows.filter((r) => r.state === 'sending').map((r) => r.id));
    pending.push(...ids.filter((id) => sending.has(id)));
    pendingBounces.push(...bounces.filter((id) => sending.has(id)));
    const ready = ids.filter((id) => !sending.has(id));
    if (ready.length) await ctx.db.transaction((tx) => recordDeliveries(tx, ready, ctx.clock.now()));
    for (const id of bounces.filter((b) => !sending.has(b))) {
      await ctx.db.transaction((tx) => recordBounce(tx, id, { now: ctx.clock.now(), timeZone: ctx.profile.timeZone, holidays }));
    }
  };
  // One flush at a time: a caller's flush (a test, the shutdown) that overlapped the timer's would find the
  // reports the other holds and return before they are applied.
  let flushing: Promise<void> = Promise.resolve();
  const flushDeliveries = (): Promise<void> => {
    const next = flushing.then(flushOnce, flushOnce);
    flushing = next.catch(() => {});
    return next;
  };
  const flusher = setInterval(() => void flushDeliveries().catch((err: Error) => ctx.log.warn({ err: { message: err.message } }, 'notices: delivery reports failed')), 250);
  flusher.unref();
  ctx.localSmtp?.onMessage((mail) => {
    const id = mail.headers['x-candor-message'];
    if (!id || !/^[0-9a-f-]{36}$/.test(id)) return;
    // The local peer stands in for the receiving server: mail to the reserved .invalid domain bounces.
    if (mail.to.some((a) => a.toLowerCase().endsWith('.invalid'))) pendingBounces.push(id);
    else pending.push(id);
  });

  return {
    registerAudience: (a) => audiences.set(a.name, a),
    audience: (name) => audiences.get(name),
    audiences: () => [...audiences.values()],
    dispatcher,
    printBatch,
    localSms,
    deliveryReportSecret,
    campaignStatus: (id) => statuses.get(id),
    refreshCampaigns,
    flushDeliveries,
    async close() {
      closed = true;
      clearInterval(poll);
      clearInterval(flusher);
      await dispatcher.stop();
      await flushDeliveries().catch(() => {});
      await listener?.end().catch(() => {});
      await localSms?.close();
    },
  };
}
