/**
 * Hub link benchmarks, each against a baseline measured in the same run:
 * - calls per second through the hub client (breaker, timeout, response
 *   validation, fail-closed check) against the stand-in's raw throughput: the
 *   same requests on a bare keep-alive mutual-TLS agent, same concurrency;
 *   alternating rounds;
 * - the time from `candor hub reconnect` to the last of 10,000 queued
 *   verifications done (read the person, open the sealed SSN, call, compare,
 *   record, audit; workers only, nobody acting) against the time the bare
 *   agent takes for 10,000 calls.
 */
import fs from 'node:fs';
import https from 'node:https';
import { eq, sql } from 'drizzle-orm';
import { createHubClient } from '../src/hub/client.js';
import { ssaCompositeRequest } from '../src/hub/minimise.js';
import { hubModule } from '../src/hub/module.js';
import { SERVICE_PATHS } from '../src/hub/protocol.js';
import { queueVerifications } from '../src/hub/queue-verifications.js';
import { verificationQueue } from '../src/hub/schema.js';
import { numberedPerson } from '../src/hub/standin/population.js';
import type { StandinHub } from '../src/hub/standin/server.js';
import { seedApplications } from '../src/hub/testing.js';
import { benchHeader, startBenchApp } from './support.js';

const CALLS = 4_000;
const ROUNDS = 2;
const CONCURRENCY = 16;
const QUEUED = 10_000;
const HUB_ELEMENTS_PER_APPLICATION = 6;
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function inParallel(total: number, concurrency: number, one: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await one(next++);
    }),
  );
  return performance.now() - started;
}

/** The stand-in's raw throughput: the same JSON on a bare keep-alive mTLS agent. */
async function rawCalls(hub: StandinHub, total: number): Promise<number> {
  const c = hub.certificates;
  const agent = new https.Agent({
    keepAlive: true,
    maxSockets: CONCURRENCY,
    ca: fs.readFileSync(c.caCert),
    cert: fs.readFileSync(c.clientCert),
    key: fs.readFileSync(c.clientKey),
    minVersion: 'TLSv1.2',
  });
  const ms = await inParallel(total, CONCURRENCY, (i) => {
    const p = numberedPerson(i % 1000);
    const body = JSON.stringify(ssaCompositeRequest({ ...p }, { citizenship: true, incarceration: false }));
    return new Promise<void>((resolve, reject) => {
      const req = https.request(
        {
          agent,
          hostname: 'localhost',
          port: hub.port,
          path: SERVICE_PATHS['ssa-composite'],
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`status ${res.statusCode}`))));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  });
  agent.destroy();
  return ms;
}

async function clientCalls(hub: StandinHub, total: number): Promise<number> {
  const c = hub.certificates;
  const client = createHubClient({
    url: hub.url,
    tls: { ca: fs.readFileSync(c.caCert), cert: fs.readFileSync(c.clientCert), key: fs.readFileSync(c.clientKey) },
    timeoutMs: 5000,
    maxSockets: CONCURRENCY,
    linkOpen: () => true,
  });
  let failures = 0;
  const ms = await inParallel(total, CONCURRENCY, async (i) => {
    const r = await client.call('ssa-composite', ssaCompositeRequest({ ...numberedPerson(i % 1000) }, { citizenship: true, incarceration: false }));
    if (!r.ok) failures++;
  });
  client.close();
  if (failures) throw new Error(`${failures} client calls failed`);
  return ms;
}

export async function main(): Promise<string> {
  const app = await startBenchApp({ jobs: { work: true } });
  try {
    const ctx = app.ctx;
    const hub = ctx.services.hub.standin!;
    for (let i = 0; i < 1000; i++) hub.population.add(numberedPerson(i));

    // 1. Calls per second: bare agent against the client, alternating.
    await rawCalls(hub, 500);
    await clientCalls(hub, 500);
    let rawMs = 0;
    let clientMs = 0;
    for (let r = 0; r < ROUNDS; r++) {
      rawMs += await rawCalls(hub, CALLS);
      clientMs += await clientCalls(hub, CALLS);
    }
    const rawPerSecond = (CALLS * ROUNDS) / (rawMs / 1000);
    const clientPerSecond = (CALLS * ROUNDS) / (clientMs / 1000);

    // 2. 10,000 verifications queued while the link is cut, then reconnect.
    const command = (name: string) => hubModule.commands!.find((c) => c.name === name)!;
    const quiet = () => {};
    await command('hub disconnect').run(ctx, { positional: [], flags: { reason: 'benchmark' } }, quiet);
    const applications = Math.ceil(QUEUED / HUB_ELEMENTS_PER_APPLICATION);
    const people = Array.from({ length: applications }, (_, i) => numberedPerson(10_000 + i));
    for (const p of people) hub.population.add(p);
    for (let i = 0; i < people.length; i += 200) await seedApplications(ctx.db, ctx.services.hub.keyring, people.slice(i, i + 200), { at: ctx.clock.now() });
    for (;;) if ((await queueVerifications(ctx.db, { now: ctx.clock.now() })).queued < 5000) break;
    const [{ n: queued }] = (await ctx.db
      .select({ n: sql<number>`count(*)::int` })
      .from(verificationQueue)
      .where(eq(verificationQueue.status, 'queued'))) as [{ n: number }];
    hub.resetCounts();

    const baselineMs = await rawCalls(hub, queued);
    const started = performance.now();
    await command('hub reconnect').run(ctx, { positional: [], flags: {} }, quiet);
    for (;;) {
      const [row] = await ctx.db
        .select({ n: sql<number>`count(*)::int` })
        .from(verificationQueue)
        .where(eq(verificationQueue.status, 'queued'));
      if (row!.n === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const drainMs = performance.now() - started;
    const verified = await ctx.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM verifications WHERE status = 'verified' AND source <> 'attestation'`);

    return [
      '## hub',
      '',
      benchHeader(),
      '',
      '| measure | Candor | baseline (same run) | ratio |',
      '|---|---|---|---|',
      `| SSA composite calls per second, ${CONCURRENCY} in flight (${fmt(CALLS * ROUNDS)} calls) | ${fmt(clientPerSecond)} through the hub client | ${fmt(rawPerSecond)} stand-in raw (bare keep-alive mTLS agent) | ${fmt(clientPerSecond / rawPerSecond, 2)} |`,
      `| reconnect → last of ${fmt(queued)} queued verifications done (workers only) | ${fmt(drainMs / 1000, 1)} s (${fmt(queued / (drainMs / 1000))} per s) | ${fmt(baselineMs / 1000, 1)} s for as many bare calls | ${fmt(drainMs / baselineMs, 1)} |`,
      '',
      `The client adds the circuit breaker, the per-call timeout, the fail-closed check and validation of each answer. The queue run does, per verification, what the bare calls do not: claim the request in order (SKIP LOCKED), read the person and open the sealed SSN, take the capability guard per chunk of 16 calls, compare the answer with the attestation, record the outcome and one audit record (the audit chain serialises its appends). ${fmt(Number(verified.rows[0]!.n))} verifications ended verified; the stand-in counted ${fmt(hub.connections)} connections for the queue run. Run: \`npm run bench -- hub\`.`,
    ].join('\n');
  } finally {
    await app.stop();
  }
}
