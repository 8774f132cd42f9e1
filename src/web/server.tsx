/**
 * The HTTP server: every request passes the same hooks in the same order —
 * language, who is asking, access rule, capability, CSRF — before its
 * handler runs. Modules add routes; the rules stay here.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import client from 'prom-client';
import { sql } from 'drizzle-orm';
import type { Actor } from '../accounts/sessions.js';
import { safeNext } from './safe-next.js';
import { forbidden, signInRequired } from '../platform/errors.js';
import { pendingMigrations } from '../platform/migrations.js';
import { needsConfirmedEmail, ruleFor, routeKey, type RouteRule } from './access.js';
import type { AppContext } from './context.js';
import { installErrorHandling, isApiRequest, problem } from './error-handler.js';
import { refuseHostileInput } from './input.js';
import { isLang, type Lang } from './i18n.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered, as "METHOD url" pairs (HEAD folded into GET): the role-matrix test walks these. */
    candorRoutes: Array<{ method: string; url: string }>;
  }
  interface FastifyRequest {
    actor: Actor | null;
    lang: Lang;
    rule: RouteRule;
  }
}

export const SESSION_COOKIE = 'candor_session';
export const LANG_COOKIE = 'candor_lang';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
/** USWDS's package exports no package.json, so find its folder from its main file. */
function packageDir(name: string): string {
  let dir = path.dirname(require.resolve(name));
  while (!dir.endsWith(path.join('node_modules', ...name.split('/')))) dir = path.dirname(dir);
  return dir;
}
const uswdsDist = path.join(packageDir('@uswds/uswds'), 'dist');

/** Finds the signed-in actor for a session cookie; the accounts module's, passed in by app/ (web imports no module). */
export type SessionLoader = (db: AppContext['db'], token: string, now: Date) => Promise<Actor | null>;

export interface RouteModule {
  name: string;
  routes?: (app: FastifyInstance, ctx: AppContext) => Promise<void> | void;
}

function usesBearer(req: FastifyRequest): boolean {
  return /^bearer /i.test(req.headers.authorization ?? '');
}

/**
 * CSRF guards whatever a browser's cookies decide. Only an API call whose actor came from a
 * bearer token alone, with no session cookie sent, may skip it (ADR 0083): a bearer header on
 * a page, a junk bearer beside a cookie, or a token with a cookie present still needs the token.
 */
function exemptFromCsrf(req: FastifyRequest): boolean {
  return isApiRequest(req) && req.actor?.viaToken === true && req.cookies[SESSION_COOKIE] === undefined;
}

/** /metrics for a scraper holding METRICS_TOKEN, or (without one configured) from this machine only. */
function metricsAllowed(ctx: AppContext, req: FastifyRequest): boolean {
  const expected = ctx.config.metricsToken;
  if (!expected) return req.socket.remoteAddress === '127.0.0.1' || req.socket.remoteAddress === '::1' || req.socket.remoteAddress === '::ffff:127.0.0.1';
  const given = usesBearer(req) ? req.headers.authorization!.slice(7).trim() : '';
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export function cookieOptions(ctx: AppContext) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: ctx.config.env === 'production' };
}

function allowed(rule: RouteRule, actor: Actor | null): 'ok' | 'sign-in' | 'forbidden' {
  if (rule.who === 'anyone') return 'ok';
  if (rule.who === 'mfa-pending') return actor && !actor.mfaPassed ? 'ok' : actor ? 'forbidden' : 'sign-in';
  // mfaPassed: every factor the account requires was given (customers without MFA get it with the password).
  const complete = actor && (actor.mfaPassed || actor.viaToken) ? actor : null;
  if (!complete) return 'sign-in';
  if (rule.who === 'signed-in') return 'ok';
  if (rule.who === 'staff') return complete.kind === 'staff' ? 'ok' : 'forbidden';
  return complete.roles.some((r) => (rule.who as readonly string[]).includes(r)) ? 'ok' : 'forbidden';
}

const httpDuration = new client.Histogram({
  name: 'candor_http_request_duration_seconds',
  help: 'HTTP request duration by route and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
});
client.collectDefaultMetrics({ prefix: 'candor_' });
// The exact Node version tells an attacker which published flaws to try (ADR 0083).
client.register.removeSingleMetric('candor_nodejs_version_info');

export async function buildServer(ctx: AppContext, modules: ReadonlyArray<RouteModule>, loadSession: SessionLoader): Promise<FastifyInstance> {
  let handleError: ReturnType<typeof installErrorHandling> | undefined;
  const app: FastifyInstance = Fastify({
    loggerInstance: ctx.log as unknown as FastifyBaseLogger,
    trustProxy: false,
    bodyLimit: 2 * 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
    // A URL the router cannot decode, or a path parameter past its length, goes through the one error
    // handler (a page in the person's language) instead of Fastify's JSON that echoes the path back.
    frameworkErrors: (err, req, reply) => void handleError!(err, req, reply),
  });

  // Every route must have an access rule; a route without one stops the server from starting.
  const missing: string[] = [];
  const registered: Array<{ method: string; url: string }> = [];
  app.decorate('candorRoutes', registered);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (!ruleFor(method, route.url)) missing.push(routeKey(method, route.url));
      if (method !== 'HEAD') registered.push({ method, url: route.url });
    }
  });

  await app.register(formbody);
  await app.register(cookie, { secret: ctx.keys.cookie });
  await app.register(csrf, { sessionPlugin: '@fastify/cookie', cookieOpts: { ...cookieOptions(ctx), signed: true } });
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'"],
        scriptSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: ctx.config.env === 'production' ? [] : null,
      },
    },
    strictTransportSecurity: ctx.config.env === 'production',
  });
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Candor API', version: '1', description: `The ${ctx.profile.exchangeName} exchange API.` },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
  });
  await app.register(fastifyStatic, { root: path.join(here, 'assets'), prefix: '/assets/', index: false, maxAge: '1h' });
  await app.register(fastifyStatic, { root: uswdsDist, prefix: '/assets/uswds/', decorateReply: false, index: false, maxAge: '1d' });

  app.decorateRequest('actor', null);
  app.decorateRequest('lang', 'en');

  app.addHook('onRequest', async (req) => {
    const cookieLang = req.cookies[LANG_COOKIE];
    req.lang = isLang(cookieLang) ? cookieLang : 'en';
    req.actor = null;
    const token = req.cookies[SESSION_COOKIE];
    if (token) req.actor = await loadSession(ctx.db, token, ctx.clock.now());
    if (!req.actor && usesBearer(req) && isApiRequest(req) && ctx.hooks.authenticateBearer) {
      req.actor = await ctx.hooks.authenticateBearer(req.headers.authorization!.slice(7).trim(), req);
    }
    if (req.actor && !isLang(cookieLang)) req.lang = req.actor.language;
  });

  // preValidation, not preHandler: a request that may not use the route is refused before its
  // body is validated, so a stranger never learns a route's schema from a 400 (role-matrix test).
  app.addHook('preValidation', async (req, reply) => {
    const url = req.routeOptions.url;
    if (!url) return;
    const rule = ruleFor(req.method, url);
    if (!rule) throw forbidden();
    req.rule = rule;
    const verdict = allowed(rule, req.actor);
    if (verdict === 'sign-in') {
      if (isApiRequest(req)) return problem(req, reply, 401, 'sign-in-required', 'Sign-in required');
      if (req.method === 'GET') throw signInRequired();
      return reply.redirect('/sign-in', 303);
    }
    if (verdict === 'forbidden') throw forbidden();
    if (needsConfirmedEmail(rule) && req.actor?.kind === 'customer' && !req.actor.emailVerified) {
      if (isApiRequest(req)) return problem(req, reply, 403, 'email-unconfirmed', 'Confirm the account’s email address before applying or paying.');
      return reply.redirect('/account/confirm-email', 303);
    }
    if (rule.capability && ctx.hooks.requireCapability) await ctx.hooks.requireCapability(rule.capability, req);
    // Before the CSRF check, which reads the body's _csrf field itself.
    const hostile = refuseHostileInput(req);
    if (hostile) throw hostile;
    if (!['GET', 'HEAD', 'OPTIONS'].includes(req.method) && rule.csrf !== false && !exemptFromCsrf(req)) {
      await new Promise<void>((resolve, reject) => {
        app.csrfProtection(req, reply, ((err?: Error) => (err ? reject(err) : resolve())) as () => void);
      });
    }
  });

  app.addHook('onResponse', async (req, reply) => {
    httpDuration.observe({ method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  handleError = installErrorHandling(app, ctx);

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    try {
      await ctx.db.execute(sql`SELECT 1`);
      const pending = await pendingMigrations((text) => ctx.pool.query(text));
      if (pending.length) return reply.code(503).send({ status: 'migrations pending', modules: pending });
      return { status: 'ready' };
    } catch {
      return reply.code(503).send({ status: 'database unreachable' });
    }
  });
  app.get('/metrics', async (req, reply) => {
    if (!metricsAllowed(ctx, req)) {
      reply.header('www-authenticate', 'Bearer realm="metrics"');
      return problem(req, reply, 401, 'sign-in-required', 'Metrics need the metrics token.');
    }
    return reply.type(client.register.contentType).send(await client.register.metrics());
  });
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get<{ Querystring: { to?: string; next?: string } }>('/language', async (req, reply) => {
    const to = isLang(req.query.to) ? req.query.to : 'en';
    // The app's one safe-redirect rule, as after sign-in: a path on this site or the home page.
    const next = safeNext(req.query.next, '/');
    reply.setCookie(LANG_COOKIE, to, { ...cookieOptions(ctx), maxAge: 365 * 24 * 3600 });
    return reply.redirect(next, 303);
  });

  for (const module of modules) {
    if (module.routes) await app.register(async (scope) => module.routes!(scope, ctx));
  }

  await app.ready();
  if (missing.length) throw new Error(`Routes without an access rule in src/web/access.ts: ${[...new Set(missing)].join(', ')}`);
  return app;
}
