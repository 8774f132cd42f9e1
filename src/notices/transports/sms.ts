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
