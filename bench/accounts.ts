/**
 * Accounts benchmarks, each a ratio against a baseline measured in the same run:
 * - argon2id sign-ins per second through the real POST /sign-in, against raw
 *   argon2id verifications at the same concurrency;
 * - the answer time for an unknown address against a wrong password (they must match);
 * - an authenticated page (GET /account: session lookup, roles, layout) against a
 *   bare Fastify route, throughput and p99 latency, both with autocannon.
 */
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { verify } from '@node-rs/argon2';
import { hashPassword } from '../src/accounts/passwords.js';
import { createTestAccount, sessionCookieFor, TEST_PASSWORD } from '../src/accounts/testing.js';
import { benchHeader, startBenchApp } from './support.js';

/** Candor and its baseline take turns, so a change in the machine's load touches both alike. */
const ROUNDS = 3;
const SIGN_IN_SECONDS = 4;
const PAGE_SECONDS = 4;
const SIGN_IN_CONNECTIONS = 4;
const PAGE_CONNECTIONS = 10;
const TIMING_PAIRS = 120;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function cannon(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

/** Raw argon2id verifications per second with `concurrency` in flight (the route's work without HTTP, session or audit). */
async function rawVerifies(concurrency: number, seconds: number): Promise<number> {
  const hash = await hashPassword(TEST_PASSWORD);
  const until = Date.now() + seconds * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < until) {
        await verify(hash, TEST_PASSWORD);
        done++;
      }
    }),
  );
  return done / seconds;
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export async function main(): Promise<string> {
  const app = await startBenchApp({ config: { signInAttemptsPerMinute: 10_000_000 } });
  const bare = Fastify({ logger: false });
  bare.get('/', async (_req, reply) => reply.type('text/html; charset=utf-8').send('<!DOCTYPE html><html lang="en"><title>bare</title><main>Hello</main></html>'));
  const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });
  try {
    const customer = await createTestAccount(app.ctx.db, { role: 'customer' });
    const form = await fetch(`${app.url}/sign-in`);
    const csrfCookie = form.headers
      .getSetCookie()
      .find((c) => c.startsWith('_csrf='))!
      .split(';')[0]!;
    const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
    const signInBody = (email: string, password: string) => new URLSearchParams({ email, password, _csrf: token }).toString();
    const post = (body: string, connections: number, duration: number) =>
      cannon({
        url: `${app.url}/sign-in`,
        method: 'POST',
        connections,
        duration,
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
        body,
      });

    // Sign-ins: the real route (argon2id, session row, audit record in one transaction) against raw verifications.
    const raw: number[] = [];
    const signedIn: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      raw.push(await rawVerifies(SIGN_IN_CONNECTIONS, SIGN_IN_SECONDS));
      const r = await post(signInBody(customer.email, TEST_PASSWORD), SIGN_IN_CONNECTIONS, SIGN_IN_SECONDS);
      if (r.errors || r.timeouts || !r.statusCodeStats?.['303']) throw new Error(`sign-in run failed: ${JSON.stringify(r.statusCodeStats)}`);
      signedIn.push((r.statusCodeStats['303'].count ?? 0) / r.duration);
    }

    // Unknown address against wrong password, one request of each in turn. Each wrong
    // password goes to a different account so none reaches the lockout.
    const victims = await Promise.all(Array.from({ length: TIMING_PAIRS }, () => createTestAccount(app.ctx.db, { role: 'customer' })));
    const time = async (body: string) => {
      const started = performance.now();
      const res = await fetch(`${app.url}/sign-in`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie }, body, redirect: 'manual' });
      await res.arrayBuffer();
      if (res.status !== 400) throw new Error(`a failed sign-in answered ${res.status}`);
      return performance.now() - started;
    };
    const unknownMs: number[] = [];
    const wrongMs: number[] = [];
    for (const [i, victim] of victims.entries()) {
      unknownMs.push(await time(signInBody(`nobody-${i}@example.test`, 'not the password at all')));
      wrongMs.push(await time(signInBody(victim.email, 'not the password at all')));
    }

    // An authenticated page against a bare Fastify route.
    const cookie = `${await sessionCookieFor(app.ctx.db, customer.id, app.ctx.clock.now())}; ${csrfCookie}`;
    await cannon({ url: `${app.url}/account`, connections: 2, duration: 2, headers: { cookie } }); // warm-up
    await cannon({ url: bareUrl, connections: 2, duration: 2 });
    const pageRps: number[] = [];
    const pageP99: number[] = [];
    const bareRps: number[] = [];
    const bareP99: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const page = await cannon({ url: `${app.url}/account`, connections: PAGE_CONNECTIONS, duration: PAGE_SECONDS, headers: { cookie } });
      if (page.non2xx || page.errors) throw new Error(`authenticated page run failed: ${page.non2xx} non-2xx, ${page.errors} errors`);
      const baseline = await cannon({ url: bareUrl, connections: PAGE_CONNECTIONS, duration: PAGE_SECONDS });
      pageRps.push(page.requests.average);
      pageP99.push(page.latency.p99);
      bareRps.push(baseline.requests.average);
      bareP99.push(baseline.latency.p99);
    }
    const [rawM, signedInM, unknownM, wrongM] = [median(raw), median(signedIn), median(unknownMs), median(wrongMs)];
    const [pageRpsM, bareRpsM, pageP99M, bareP99M] = [median(pageRps), median(bareRps), median(pageP99), median(bareP99)];

    const rows = [
      '| measure | Candor | baseline (same run) | ratio |',
      '|---|---|---|---|',
      `| sign-ins per second (POST /sign-in, argon2id m=19 MiB t=2, ${SIGN_IN_CONNECTIONS} connections) | ${fmt(signedInM, 1)} | ${fmt(rawM, 1)} raw argon2id verifications/s, ${SIGN_IN_CONNECTIONS} in flight | ${fmt(signedInM / rawM, 2)} |`,
      `| failed sign-in, median answer time: unknown address vs wrong password (${TIMING_PAIRS} pairs, alternating) | ${fmt(unknownM, 1)} ms | ${fmt(wrongM, 1)} ms | ${fmt(unknownM / wrongM, 2)} |`,
      `| authenticated page GET /account, requests/s (${PAGE_CONNECTIONS} connections) | ${fmt(pageRpsM)} | ${fmt(bareRpsM)} bare Fastify route | ${fmt(pageRpsM / bareRpsM, 3)} |`,
      `| authenticated page GET /account, p99 latency | ${fmt(pageP99M, 1)} ms | ${fmt(bareP99M, 1)} ms | ${fmt(pageP99M / bareP99M, 1)} |`,
    ];
    return [
      '## accounts',
      '',
      benchHeader(),
      '',
      ...rows,
      '',
      `Medians of ${ROUNDS} alternating rounds (${SIGN_IN_SECONDS} s sign-in runs, ${PAGE_SECONDS} s page runs) on a machine shared with other work: read the ratios, not the absolute figures.`,
      'Sign-ins are bound by argon2id: the ratio shows what the route adds (HTTP, CSRF, session row, audit record under the chain lock).',
      'An unknown address costs one verification against a dummy hash, so its answer time matches a wrong password’s.',
      'The authenticated page loads the session and roles (two queries), the account (one), and renders the full USWDS shell with the capabilities banner; the bare route returns a constant string.',
    ].join('\n');
  } finally {
    await bare.close();
    await app.stop();
  }
}
