/**
 * The hub client: one HTTPS connection pool with mutual TLS (the hub's CA
 * pinned — no other roots —, TLS 1.2 or later, our client certificate), a
 * timeout on every call and an opossum circuit breaker. Every outcome comes
 * back as a result; nothing the hub does or fails to do throws. The client
 * never logs what it sends or receives.
 *
 * Fail closed: while the link is cut the client opens no socket at all; the
 * check is the first thing `call` does, and cutting also destroys the pool's
 * idle connections.
 */
import https from 'node:https';
import CircuitBreaker from 'opossum';
import { z } from 'zod';
import { MEC_SOURCES, SERVICE_PATHS, type HubRequests, type HubResponses, type HubService } from './protocol.js';

export type HubFailure =
  /** The link is cut: nothing was sent. */
  | 'link-cut'
  /** The circuit breaker is open after repeated failures: nothing was sent. */
  | 'circuit-open'
  | 'timeout'
  /** No connection could be made (refused, reset, handshake failed). */
  | 'unreachable'
  /** The hub answered with an error status. */
  | 'hub-error'
  /** The hub answered with something that is not the service's response. */
  | 'bad-response';

export type HubResult<S extends HubService> = { ok: true; service: S; response: HubResponses[S]; ms: number } | { ok: false; service: S; failure: HubFailure; status?: number; ms: number };

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface HubTls {
  /** PEM of the hub's CA: the only authority the client trusts. */
  ca: string | Buffer;
  cert: string | Buffer;
  key: string | Buffer;
}

export interface HubClientOptions {
  url: string;
  tls: HubTls;
  timeoutMs: number;
  /** How long the breaker stays open before letting one call through. */
  breakerResetMs?: number;
  /** Concurrent sockets to the hub. */
  maxSockets?: number;
  onBreakerChange?: (state: BreakerState) => void;
  /** Asked before every call, ahead of any socket: false means the link is cut. */
  linkOpen?: () => boolean;
}

export interface HubClient {
  call<S extends HubService>(service: S, request: HubRequests[S]): Promise<HubResult<S>>;
  /** Refuse every call from now on, and close the idle connections. */
  cut(): void;
  /** Allow calls again. */
  restore(): void;
  readonly isCut: boolean;
  readonly breakerState: BreakerState;
  close(): void;
}

const match = z.enum(['match', 'no-match', 'no-record']);
const RESPONSES: { [S in HubService]: z.ZodType<HubResponses[S]> } = {
  'ssa-composite': z.object({ match, deathConfirmed: z.boolean(), citizenshipConfirmed: z.boolean().nullable(), incarcerated: z.boolean().nullable() }),
  'dhs-immigration': z.object({ match, lawfullyPresent: z.boolean().nullable(), furtherVerificationRequired: z.boolean() }),
  'irs-income': z.object({ match, taxYear: z.number().int(), annualIncomeCents: z.number().int().nonnegative().nullable() }),
  'other-coverage': z.object({ match, coverage: z.array(z.enum(MEC_SOURCES)) }),
  'identity-proofing': z.object({ outcome: z.enum(['verified', 'failed']), reference: z.string().max(200) }),
};

/** Why a call failed, carried through the breaker; never holds request or response content. */
class CallFailure extends Error {
  constructor(
    readonly failure: HubFailure,
    readonly status?: number,
  ) {
    super(failure);
  }
}

function post(agent: https.Agent, base: URL, path: string, body: string, timeoutMs: number): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        agent,
        protocol: 'https:',
        hostname: base.hostname,
        port: base.port || 443,
        path: base.pathname.replace(/\/$/, '') + path,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), accept: 'application/json' },
        signal: AbortSignal.timeout(timeoutMs),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > 256 * 1024) req.destroy(new CallFailure('bad-response'));
          else chunks.push(c);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', (err: Error & { code?: string }) => {
      if (err instanceof CallFailure) reject(err);
      else if (err.name === 'AbortError' || err.name === 'TimeoutError' || err.code === 'ABORT_ERR') reject(new CallFailure('timeout'));
      else reject(new CallFailure('unreachable'));
    });
    req.end(body);
  });
}

export function createHubClient(opts: HubClientOptions): HubClient {
  const base = new URL(opts.url);
  if (base.protocol !== 'https:') throw new Error('The hub URL must be https');
  let cut = false;
  const newAgent = () =>
    new https.Agent({
      keepAlive: true,
      maxSockets: opts.maxSockets ?? 16,
      ca: opts.tls.ca,
      cert: opts.tls.cert,
      key: opts.tls.key,
      minVersion: 'TLSv1.2',
      rejectUnauthorized: true,
    });
  let agent = newAgent();

  const send = async (service: HubService, body: string): Promise<unknown> => {
    // Fail closed even for a call the breaker let through just as the link was cut.
    if (cut || (opts.linkOpen && !opts.linkOpen())) throw new CallFailure('link-cut');
    const { status, text } = await post(agent, base, SERVICE_PATHS[service], body, opts.timeoutMs);
    if (status >= 500 || status === 429) throw new CallFailure('hub-error', status);
    if (status !== 200) throw new CallFailure('bad-response', status);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new CallFailure('bad-response', status);
    }
  };

  const breaker = new CircuitBreaker<[HubService, string], unknown>(send, {
    name: 'hub',
    timeout: false, // each request has its own timeout, which also aborts the socket
    resetTimeout: opts.breakerResetMs ?? 30_000,
    errorThresholdPercentage: 50,
    volumeThreshold: 5,
    rollingCountTimeout: 10_000,
    enableSnapshots: false,
    // Our own refusals and answers we could not read say nothing about the hub's health.
    errorFilter: (err) => err instanceof CallFailure && (err.failure === 'link-cut' || err.failure === 'bad-response'),
  });
  let state: BreakerState = 'closed';
  const report = (next: BreakerState) => {
    if (next === state) return;
    state = next;
    opts.onBreakerChange?.(next);
  };
  breaker.on('open', () => report('open'));
  breaker.on('halfOpen', () => report('half-open'));
  breaker.on('close', () => report('closed'));

  return {
    async call(service, request) {
      const started = performance.now();
      const ms = () => Math.round(performance.now() - started);
      if (cut || (opts.linkOpen && !opts.linkOpen())) return { ok: false, service, failure: 'link-cut', ms: 0 };
      try {
        const raw = await breaker.fire(service, JSON.stringify(request));
        const parsed = RESPONSES[service].safeParse(raw);
        if (!parsed.success) return { ok: false, service, failure: 'bad-response', ms: ms() };
        return { ok: true, service, response: parsed.data as HubResponses[typeof service], ms: ms() };
      } catch (err) {
        if (err instanceof CallFailure) return { ok: false, service, failure: err.failure, status: err.status, ms: ms() };
        if ((err as { code?: string }).code === 'EOPENBREAKER') return { ok: false, service, failure: 'circuit-open', ms: ms() };
        return { ok: false, service, failure: 'unreachable', ms: ms() };
      }
    },
    cut() {
      cut = true;
      agent.destroy();
    },
    restore() {
      if (!cut) return;
      agent = newAgent();
      cut = false;
    },
    get isCut() {
      return cut;
    },
    get breakerState() {
      return state;
    },
    close() {
      cut = true;
      agent.destroy();
      breaker.shutdown();
    },
  };
}
