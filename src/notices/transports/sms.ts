/**
 * Texts through an HTTP SMS gateway: POST {to, body, reference} as JSON to
 * `<url>/messages` with a bearer token; 2xx with {id} is accepted, 4xx is a
 * permanent refusal, 5xx and network errors are retried. With no gateway
 * configured, a local stand-in speaking the same protocol runs on loopback;
 * like a real gateway it then reports each text delivered (or failed) to the
 * signed delivery-report webhook (docs/adr/0048).
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { signReport, SIGNATURE_HEADER } from '../delivery-report-signature.js';
import type { TransportResult } from './email.js';

export interface SmsGateway {
  send(message: { to: string; body: string; reference: string }): Promise<TransportResult>;
  /** Whether the gateway answers at all (any HTTP reply): the channel's health probe. */
  probe?(): Promise<boolean>;
}

export function createSmsGateway(opts: { url: string; token?: string; timeoutMs?: number }): SmsGateway {
  const endpoint = new URL('messages', opts.url.endsWith('/') ? opts.url : `${opts.url}/`);
  return {
    async send(message) {
      try {
        const res = await fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}) },
          body: JSON.stringify(message),
          signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
        });
        if (res.ok) {
          const body = (await res.json().catch(() => ({}))) as { id?: string };
          return { ok: true, ref: body.id ?? 'accepted' };
        }
        const permanent = res.status >= 400 && res.status < 500 && res.status !== 429;
        return { ok: false, permanent, error: `HTTP ${res.status}`, ...(res.status >= 500 ? { provider: true } : {}) };
      } catch (err) {
        return { ok: false, permanent: false, error: (err as Error).name === 'TimeoutError' ? 'timeout' : 'network', provider: true };
      }
    },
    async probe() {
      try {
        const res = await fetch(new URL('.', endpoint), { method: 'GET', signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000) });
        await res.body?.cancel().catch(() => {});
        return res.status < 500;
      } catch {
        return false;
      }
    },
  };
}

export interface ReceivedText {
  id: string;
  to: string;
  body: string;
  reference: string;
  receivedAt: Date;
}

export interface LocalSmsGateway {
  url: string;
  received: ReceivedText[];
  onMessage(listener: (text: ReceivedText) => void): void;
  close(): Promise<void>;
}

export interface DeliveryReporting {
  /** The webhook to report to (absent while the exchange has no address yet). */
  url(): string | undefined;
  secret: string;
  now?: () => Date;
}

/** A number the stand-in accepts but reports as not delivered (an unreachable handset): subscriber number 0000. */
export const UNREACHABLE_NUMBER = /0000$/;

/**
 * The stand-in gateway: accepts E.164 numbers, refuses others with 400 (as a
 * real gateway refuses an invalid number), keeps the last `keep` texts, and
 * when `report` is given posts a signed delivery report for each text it
 * accepted, retrying with back-off while the webhook does not answer 2xx.
 */
export async function startLocalSmsGateway(opts: { keep?: number; token?: string; report?: DeliveryReporting } = {}): Promise<LocalSmsGateway> {
  const received: ReceivedText[] = [];
  const listeners: Array<(t: ReceivedText) => void> = [];
  const keep = opts.keep ?? 1000;
  let closed = false;
  const reportOn = async (text: ReceivedText) => {
    const reporting = opts.report;
    if (!reporting || !/^[0-9a-f-]{36}$/i.test(text.reference)) return;
    const body = JSON.stringify({ id: `sms-${text.id}`, messageId: text.reference, status: UNREACHABLE_NUMBER.test(text.to) ? 'failed' : 'delivered', at: new Date().toISOString() });
    for (let attempt = 0; attempt < 6 && !closed; attempt++) {
      if (attempt) await new Promise((r) => setTimeout(r, 100 * 2 ** attempt).unref());
      const url = reporting.url();
      if (!url) continue;
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signReport(reporting.secret, body, reporting.now?.() ?? new Date()) },
          body,
          signal: AbortSignal.timeout(5_000),
        });
        // Taken, or refused for good (a real gateway gives up on a 4xx too).
        if (res.ok || (res.status >= 400 && res.status < 500 && res.status !== 429)) return;
      } catch {
        // not reachable yet: try again
      }
    }
  };
  const server = http.createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/messages') {
      res.writeHead(404).end();
      return;
    }
    if (opts.token && req.headers.authorization !== `Bearer ${opts.token}`) {
      res.writeHead(401).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: { to?: unknown; body?: unknown; reference?: unknown };
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'invalid json' }));
        return;
      }
      if (typeof body.to !== 'string' || !/^\+[1-9]\d{7,14}$/.test(body.to) || typeof body.body !== 'string' || !body.body) {
        res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'invalid number or body' }));
        return;
      }
      const text: ReceivedText = { id: randomUUID(), to: body.to, body: body.body, reference: typeof body.reference === 'string' ? body.reference : '', receivedAt: new Date() };
      received.push(text);
      if (received.length > keep) received.shift();
      for (const l of listeners) l(text);
      res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ id: text.id, status: 'accepted' }));
      void reportOn(text);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    onMessage: (l) => listeners.push(l),
    close: () =>
      new Promise((resolve) => {
        closed = true;
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
