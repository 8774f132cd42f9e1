/**
 * Texts through an HTTP SMS gateway: POST {to, body, reference} as JSON to
 * `<url>/messages` with a bearer token; 2xx with {id} is accepted, 4xx is a
 * permanent refusal, 5xx and network errors are retried. With no gateway
 * configured, a local stand-in speaking the same protocol runs on loopback
 * (sms-standin.ts, loaded only then: never in production, docs/adr/0095).
 */
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
