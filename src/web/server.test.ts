import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/support/app.js';
import { signedIn } from '../accounts/testing.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.stop());

describe('the web shell', () => {
  it('serves the home page in English, and in Spanish once switched', async () => {
    const en = await t.server!.inject({ url: '/' });
    expect(en.statusCode).toBe(200);
    expect(en.body).toContain('<html lang="en"');
    expect(en.body).toContain('1-855-899-9600');
    const switched = await t.server!.inject({ url: '/language?to=es&next=/' });
    expect(switched.statusCode).toBe(303);
    const cookie = switched.cookies.find((c) => c.name === 'candor_lang');
    expect(cookie?.value).toBe('es');
    const es = await t.server!.inject({ url: '/', cookies: { candor_lang: 'es' } });
    expect(es.body).toContain('<html lang="es"');
    expect(es.body).toContain('Cobertura médica');
  });

  it.each([
    ['//evil.example', '/'],
    ['%2F%2Fevil.example', '/'],
    ['https://evil.example/', '/'],
    ['https%3A%2F%2Fevil.example%2F', '/'],
    ['%2F%5Cevil.example', '/'],
    ['/%5C/evil.example', '/'],
    ['%2F%09%2Fevil.example', '/'],
    ['/%0A/evil.example', '/'],
    ['javascript:alert(1)', '/'],
    ['%2Fcoverage%3Fx%3D1', '/coverage?x=1'],
  ])('sends the language switch with next=%s only to a path on this site (%s)', async (next, location) => {
    const res = await t.server!.inject({ url: `/language?to=es&next=${next}` });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(location);
  });

  it('answers an unknown page with the design-system 404 page, and the API with problem details', async () => {
    const page = await t.server!.inject({ url: '/no-such-page' });
    expect(page.statusCode).toBe(404);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('We could not find that page.');
    const api = await t.server!.inject({ url: '/api/v1/no-such-thing' });
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toContain('application/problem+json');
    expect(api.json()).toMatchObject({ status: 404, title: 'We could not find that page.' });
  });

  it('sends the security headers on every page: a strict CSP that forbids framing, nosniff, no-store, no referrer, and no framework banner', async () => {
    for (const url of ['/', '/sign-in', '/no-such-page']) {
      const res = await t.server!.inject({ url });
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("form-action 'self'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-powered-by']).toBeUndefined();
      expect(res.headers.server).toBeUndefined();
      expect(String(res.headers['content-type'])).toContain('charset=utf-8');
    }
  });

  it('escapes what people typed when a page shows it', async () => {
    const { createTestAccount, sessionCookieFor } = await import('../accounts/testing.js');
    const acc = await createTestAccount(t.ctx.db, { role: 'customer', firstName: '<script>alert("x")</script><img src=x onerror=alert(1)>' });
    const page = await t.server!.inject({ url: '/account', headers: { cookie: await sessionCookieFor(t.ctx.db, acc.id) } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('&lt;script>alert');
    expect(page.body).not.toContain('<script>alert');
    expect(page.body).not.toContain('<img src=x');
  });

  it('refuses a body of a content type the route does not take, with problem details and nothing parsed', async () => {
    const res = await t.server!.inject({ method: 'POST', url: '/api/v1/quotes', headers: { 'content-type': 'text/xml' }, payload: '<household/>' });
    // Refused before the handler, as input it cannot read (ADR 0082), never parsed as something else.
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ type: expect.stringContaining('invalid-input'), title: expect.stringContaining('could not read') });
  });

  it('reports health, readiness with migrations current, and metrics to this machine without the Node version', async () => {
    expect((await t.server!.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await t.server!.inject({ url: '/readyz' })).json()).toEqual({ status: 'ready' });
    const metrics = await t.server!.inject({ url: '/metrics', remoteAddress: '127.0.0.1' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toContain('candor_http_request_duration_seconds');
    expect(metrics.body).not.toContain('version_info');
    expect(metrics.body).not.toContain(process.version);
  });

  it('keeps metrics from anyone elsewhere when no metrics token is configured', async () => {
    const res = await t.server!.inject({ url: '/metrics', remoteAddress: '203.0.113.9', headers: { authorization: 'Bearer guess-guess-guess-guess' } });
    expect(res.statusCode).toBe(401);
    expect(res.body).not.toContain('candor_');
  });

  it('checks CSRF on a page even when a bearer header comes with the session cookie', async () => {
    const customer = await signedIn(t.ctx.db, 'customer');
    const res = await t.server!.inject({
      method: 'POST',
      url: '/account/language',
      headers: { cookie: customer.cookie, authorization: 'Bearer anything-at-all', 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'language=es',
    });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('Your form expired');
  });

  it('publishes the OpenAPI document', async () => {
    const doc = (await t.server!.inject({ url: '/api/v1/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
  });

  it('sends staff pages to sign-in when nobody is signed in', async () => {
    const res = await t.server!.inject({ url: '/staff' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/sign-in?next=%2Fstaff');
  });

  it('serves the design system assets', async () => {
    const css = await t.server!.inject({ url: '/assets/uswds/css/uswds.min.css' });
    expect(css.statusCode).toBe(200);
  });
});

describe('metrics with a token configured', () => {
  const token = 'metrics-token-0123456789abcdef';
  let m: TestApp;
  beforeAll(async () => {
    m = await startTestApp({ config: { metricsToken: token }, listen: false });
  });
  afterAll(async () => m?.stop());

  it('answers only the token, from anywhere', async () => {
    const remote = { remoteAddress: '203.0.113.9' };
    expect((await m.server!.inject({ url: '/metrics', ...remote, headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
    expect((await m.server!.inject({ url: '/metrics', ...remote, headers: { authorization: `Bearer ${token}x` } })).statusCode).toBe(401);
    expect((await m.server!.inject({ url: '/metrics', ...remote })).statusCode).toBe(401);
    // With a token configured, being on this machine is not enough.
    expect((await m.server!.inject({ url: '/metrics', remoteAddress: '127.0.0.1' })).statusCode).toBe(401);
  });
});
