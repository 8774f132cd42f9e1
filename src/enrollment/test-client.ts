/** A small form-posting client over `server.inject` for enrollment's route tests (CSRF handled). */
import type { FastifyInstance } from 'fastify';

export interface Client {
  get(url: string): Promise<{ status: number; body: string; location?: string }>;
  post(url: string, form: Record<string, string | string[]>, tokenFrom?: string): Promise<{ status: number; body: string; location?: string }>;
}

export function formClient(server: FastifyInstance, sessionCookie: string): Client {
  let csrfCookie = '';
  const cookies = () => [sessionCookie, csrfCookie].filter(Boolean).join('; ');
  async function token(from: string): Promise<string> {
    const page = await server.inject({ url: from, headers: { cookie: cookies() } });
    const secret = page.cookies.find((c) => c.name === '_csrf');
    if (secret) csrfCookie = `_csrf=${secret.value}`;
    const match = /name="_csrf" value="([^"]+)"/.exec(page.body);
    if (!match) throw new Error(`no form token on ${from} (${page.statusCode})`);
    return match[1]!;
  }
  return {
    async get(url) {
      const r = await server.inject({ url, headers: { cookie: cookies() } });
      return { status: r.statusCode, body: r.body, location: r.headers.location as string | undefined };
    },
    async post(url, form, tokenFrom = '/') {
      const _csrf = await token(tokenFrom);
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(form)) for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
      params.append('_csrf', _csrf);
      const r = await server.inject({ method: 'POST', url, headers: { cookie: cookies(), 'content-type': 'application/x-www-form-urlencoded' }, payload: params.toString() });
      return { status: r.statusCode, body: r.body, location: r.headers.location as string | undefined };
    },
  };
}
