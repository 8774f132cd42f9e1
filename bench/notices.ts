/**
 * Notices benchmarks, each against a baseline measured in the same run:
 * - throughput: messages per second through the whole pipeline (claim, decide,
 *   render, links, guard, SMTP hand-over, record) against raw nodemailer
 *   sending the same rendered email over the same pooled transport to the same
 *   SMTP server (a process of its own, bench/smtp-sink.ts), with the same
 *   concurrency and headers;
 * - the time a status change (online-payment down, with its timeline row and
 *   audit record) takes to commit while 10,000 messages are in flight, against
 *   the same change with nothing in flight.
 */
import { sql } from 'drizzle-orm';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setCapabilityStatus } from '../src/capabilities/set-capability-status.js';
import { seedDemoRecipients } from '../src/notices/audiences.js';
import { createCampaign } from '../src/notices/campaigns.js';
import { NOTICE_TYPES } from '../src/notices/catalogue.js';
import { renderNotice } from '../src/notices/render.js';
import { benchHeader, percentile, startBenchApp, type BenchApp } from './support.js';

const THROUGHPUT_N = 2_000;
const IN_FLIGHT = 10_000;
const CHANGES = 20;
const ROUNDS = 5;
const CONCURRENCY = 20; // the dispatcher at most: 2 lanes × 2 chunks of 5 under the guard
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** The SMTP server both sides send to, in a process of its own (bench/smtp-sink.ts). */
async function startSink() {
  const child = fork(fileURLToPath(new URL('./smtp-sink.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ask = <T>(what: 'count' | 'close', key: string) =>
    new Promise<T>((resolve) => {
      const on = (m: Record<string, T>) => {
        if (key in m) {
          child.off('message', on);
          resolve(m[key]!);
        }
      };
      child.on('message', on);
      child.send({ ask: what });
    });
  const port = await new Promise<number>((resolve) => child.once('message', (m: { port: number }) => resolve(m.port)));
  return {
    url: `smtp://127.0.0.1:${port}`,
    count: () => ask<number>('count', 'count'),
    close: async () => {
      child.send({ ask: 'close' });
      await new Promise((r) => child.once('exit', r));
    },
  };
}

async function campaign(app: BenchApp, type: string): Promise<string> {
  const now = app.ctx.clock.now();
  const audience = app.ctx.services.notices.audience('demo-enrollees')!;
  const c = await app.ctx.db.transaction((tx) => createCampaign(tx, { noticeType: type, audience, startAt: now, now, timeZone: app.ctx.profile.timeZone, by: { kind: 'system', id: 'bench' } }));
  return c.id;
}

async function pending(app: BenchApp, campaignId: string): Promise<number> {
  const res = await app.ctx.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM notice_messages WHERE campaign_id = ${campaignId} AND state IN ('queued', 'sending', 'held')`);
  return res.rows[0]!.n;
}

async function setOnlinePayment(app: BenchApp, status: 'down' | 'operational'): Promise<number> {
  const start = performance.now();
  await app.ctx.db.transaction((tx) =>
    setCapabilityStatus(tx, {
      capability: 'online-payment',
      status,
      reasonEn: 'bench',
      expectedEnd: status === 'down' ? new Date(Date.now() + 3_600_000) : null,
      by: { kind: 'system', id: 'bench' },
      now: new Date(),
      lockTimeoutMs: 30_000,
    }),
  );
  return performance.now() - start;
}

async function rawNodemailer(app: BenchApp, n: number): Promise<number> {
  const notice = NOTICE_TYPES['payment-reminder']!;
  const r = renderNotice({
    notice,
    data: notice.example,
    lang: 'en',
    channel: 'email',
    variant: 'pay-online',
    firstName: 'Ana',
    profile: app.ctx.profile,
    now: new Date(),
    link: () => `${app.url}/l/${'x'.repeat(24)}`,
  });
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < n) {
        const i = next++;
        await app.ctx.mailer.sendMail({
          from: app.ctx.config.mailFrom,
          to: `demo${i}@example.test`,
          subject: r.subject,
          html: r.html,
          text: r.text,
          messageId: `<raw-${i}@bench>`,
          headers: { 'X-Candor-Notice': 'payment-reminder', 'X-Candor-Variant': 'pay-online', 'X-Candor-Message': `raw-${i}`, 'Content-Language': 'en' },
        });
      }
    }),
  );
  return n / ((performance.now() - start) / 1000);
}

async function pipeline(app: BenchApp): Promise<number> {
  const id = await campaign(app, 'payment-reminder');
  const dispatcher = app.ctx.services.notices.dispatcher;
  const start = performance.now();
  dispatcher.start(20);
  while ((await pending(app, id)) > 0) await new Promise((r) => setTimeout(r, 20));
  const seconds = (performance.now() - start) / 1000;
  await dispatcher.stop();
  const left = await pending(app, id);
  if (left) {
    const why = await app.ctx.db.execute<{ state: string; last_error: string | null; n: number }>(
      sql`SELECT state, last_error, count(*)::int AS n FROM notice_messages WHERE campaign_id = ${id} AND state IN ('queued', 'sending', 'held') GROUP BY 1, 2`,
    );
    throw new Error(`${left} messages left in the outbox: ${JSON.stringify(why.rows)}`);
  }
  return THROUGHPUT_N / seconds;
}

export async function main(): Promise<string> {
  const sink = await startSink();
  // Throughput: alternate rounds of the baseline and the pipeline to share the machine's noise.
  const app = await startBenchApp({ config: { smtpUrl: sink.url } });
  let raw: number[] = [];
  let piped: number[] = [];
  try {
    await app.ctx.db.transaction((tx) => seedDemoRecipients(tx, THROUGHPUT_N, { now: new Date(), electronicShare: 'all-email' }));
    await rawNodemailer(app, 200); // warm the pool and the JIT
    for (let round = 0; round < ROUNDS; round++) {
      raw.push(await rawNodemailer(app, THROUGHPUT_N));
      piped.push(await pipeline(app));
    }
  } finally {
    await app.stop();
  }
  raw = raw.sort((a, b) => a - b);
  piped = piped.sort((a, b) => a - b);
  const rawMedian = raw[ROUNDS >> 1]!;
  const pipedMedian = piped[ROUNDS >> 1]!;

  // Status change commit time, idle and with 10,000 messages in flight.
  const app2 = await startBenchApp({ config: { smtpUrl: sink.url } });
  const idle: number[] = [];
  const busy: number[] = [];
  let sentDuring = 0;
  try {
    await app2.ctx.db.transaction((tx) => seedDemoRecipients(tx, IN_FLIGHT, { now: new Date(), electronicShare: 'all-email' }));
    await app2.ctx.services.capabilities.refresh();
    for (let i = 0; i < CHANGES; i++) {
      idle.push(await setOnlinePayment(app2, 'down'));
      await setOnlinePayment(app2, 'operational');
    }
    await app2.ctx.services.capabilities.refresh();
    const before = await sink.count();
    const id = await campaign(app2, 'invoice-ready');
    app2.ctx.services.notices.dispatcher.start(20);
    for (let i = 0; i < CHANGES; i++) {
      await new Promise((r) => setTimeout(r, 100));
      busy.push(await setOnlinePayment(app2, 'down'));
      await new Promise((r) => setTimeout(r, 100));
      await setOnlinePayment(app2, 'operational');
    }
    sentDuring = (await sink.count()) - before;
    await app2.ctx.services.notices.dispatcher.stop();
    void id;
  } finally {
    await app2.stop();
    await sink.close();
  }
  const p = (xs: number[], q: number) =>
    percentile(
      [...xs].sort((a, b) => a - b),
      q,
    );
  return [
    '## notices',
    '',
    benchHeader(),
    '',
    `Throughput, ${fmt(THROUGHPUT_N)} payment reminders by email to an SMTP server in its own process (same pooled nodemailer transport, up to ${CONCURRENCY} in flight over its 5 connections; median of ${ROUNDS} alternating rounds):`,
    '',
    '| | messages / s |',
    '|---|---|',
    `| raw nodemailer, one pre-rendered email | ${fmt(rawMedian)} |`,
    `| whole pipeline: claim (SKIP LOCKED), decide, render, links, guard, SMTP, record | ${fmt(pipedMedian)} |`,
    `| **ratio** | **${fmt(pipedMedian / rawMedian, 2)}** |`,
    '',
    `A status change (online-payment → down, with its timeline row and audit record) from BEGIN to COMMIT, ${CHANGES} changes each:`,
    '',
    '| | p50 ms | p99 ms |',
    '|---|---|---|',
    `| nothing in flight | ${fmt(p(idle, 50), 1)} | ${fmt(p(idle, 99), 1)} |`,
    `| ${fmt(IN_FLIGHT)}-message campaign going out (${fmt(sentDuring)} handed over during the changes) | ${fmt(p(busy, 50), 1)} | ${fmt(p(busy, 99), 1)} |`,
    `| **ratio (p50)** | **${fmt(p(busy, 50) / p(idle, 50), 2)}** | |`,
  ].join('\n');
}
