/** The HTTP client for the processor's API (the stand-in speaks the same protocol). */
import type { Charge, HostedSession, PaymentProcessor, ProcessorResult, Refund } from './processor.js';

export function httpProcessor(opts: { baseUrl: string; apiKey: string; timeoutMs?: number }): PaymentProcessor {
  const base = opts.baseUrl.replace(/\/$/, '');
  async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown, idempotencyKey?: string): Promise<ProcessorResult<T>> {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${opts.apiKey}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
      });
    } catch {
      return { ok: false, error: 'unreachable' };
    }
    const json = (await res.json().catch(() => null)) as (T & { code?: string }) | null;
    if (res.status === 404) return { ok: false, error: 'not-found', status: 404 };
    if (!res.ok || !json) return { ok: false, error: res.status >= 500 ? 'unreachable' : 'rejected', status: res.status, code: json?.code };
    return { ok: true, value: json };
  }
  return {
    createSession: (input, key) => call<HostedSession>('POST', '/v1/sessions', input, key),
    getSession: (id) => call<HostedSession>('GET', `/v1/sessions/${encodeURIComponent(id)}`),
    charge: (input, key) => call<Charge>('POST', '/v1/charges', input, key),
    getCharge: (id) => call<Charge>('GET', `/v1/charges/${encodeURIComponent(id)}`),
    refund: (input, key) => call<Refund>('POST', '/v1/refunds', input, key),
    listCharges: async (createdOn) => {
      const r = await call<{ data: Charge[] }>('GET', `/v1/charges?created_on=${encodeURIComponent(createdOn)}`);
      return r.ok ? { ok: true, value: r.value.data } : r;
    },
  };
}
