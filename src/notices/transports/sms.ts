/**
 * Texts through an HTTP SMS gateway: POST {to, body, reference} as JSON to
 * `<url>/messages` with a bearer token; 2xx with {id} is accepted, 4xx is a
 * permanent refusal, 5xx and network errors are retried. With no gateway
 * configured, a local stand-in speaking the same protocol runs on loopback.
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { TransportResult } from './email.js';

export interface SmsGateway {
  send(message: { to: string; body: string; reference: string }): Promise<TransportResult>;
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
        return { ok: false, permanent: res.status >= 400 && res.status < 500 && res.status !== 429, error: `HTTP ${res.status}` };
      } catch (err) {
        return { ok: false, permanent: false, error: (err as Error).name === 'TimeoutError' ? 'timeout' : 'network' };
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

/**
 * The stand-in gateway: accepts E.164 numbers, refuses others with 400 (as a
 * real gateway refuses an invalid number), keeps the last `keep` texts.
 */
export async function startLocalSmsGateway(opts: { keep?: number; token?: string } = {}): Promise<LocalSmsGateway> {
  const received: ReceivedText[] = [];
  const listeners: Array<(t: ReceivedText) => void> = [];
  const keep = opts.keep ?? 1000;
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
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
