/**
 * The one place errors become responses: named errors (platform/errors.ts)
 * map to design-system pages for people and RFC 9457 problem details for the
 * API. Nothing else — no stack trace, no message of an unexpected error, no
 * personal data — reaches a response.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from '../platform/database.js';
import { CandorError, type ErrorName, type FieldError } from '../platform/errors.js';
import type { AppContext } from './context.js';
import { ErrorPage, InputErrorPage } from './error-pages.js';
import { ALL_CATALOGUES, type Messages } from './i18n.js';
import { shellMessages } from './messages.js';
import { renderPage } from './render.js';

const STATUS: Record<ErrorName, number> = {
  'not-found': 404,
  forbidden: 403,
  'sign-in-required': 401,
  'invalid-input': 400,
  'too-large': 413,
  conflict: 409,
  'capability-unavailable': 503,
  'rate-limited': 429,
  unavailable: 503,
};

export function isApiRequest(req: FastifyRequest): boolean {
  return req.url.startsWith('/api/');
}

/** Seconds a person or client is asked to wait while the database is out of reach (the embedded server restarts within a few). */
const DATABASE_RETRY_AFTER_SECONDS = 10;

/**
 * The SQLSTATE of a PostgreSQL "data exception" (class 22: an impossible date, a number out of
 * range, a byte sequence it cannot store) anywhere in the error's causes. Such a statement failed
 * on a value someone sent, and its transaction was rolled back: a 400, not a 500 (ADR 0082).
 */
function dataException(err: unknown): string | null {
  for (let e = err as { code?: unknown; severity?: unknown; cause?: unknown } | undefined, i = 0; e && typeof e === 'object' && i < 4; e = e.cause as typeof e, i++) {
    if (typeof e.code === 'string' && typeof e.severity === 'string' && /^22[0-9A-Z]{3}$/.test(e.code)) return e.code;
  }
  return null;
}

function toCandorError(err: FastifyError | CandorError | Error): CandorError | 'csrf' | null {
  if (err instanceof CandorError) return err;
  // The database is down or restarting (docs/adr/0097): an honest 503, not a 500.
  if (isDatabaseUnavailable(err)) return new CandorError('unavailable', 'errors.temporarilyUnavailable', { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS });
  if (dataException(err)) return new CandorError('invalid-input', 'errors.input.value');
  const fe = err as FastifyError;
  if (fe.code?.startsWith('FST_CSRF')) return 'csrf';
  if (fe.validation) {
    const fields: FieldError[] = fe.validation.map((v) => ({
      field: (v.instancePath || '').replace(/^\//, '').replace(/\//g, '.') || String((v.params as { missingProperty?: string })?.missingProperty ?? 'body'),
      messageKey: v.keyword === 'required' ? 'errors.field.required' : 'errors.field.invalid',
    }));
    return new CandorError('invalid-input', 'errors.invalidInput', { fields });
  }
  if (fe.statusCode === 429) return new CandorError('rate-limited', 'errors.rateLimited');
  if (fe.statusCode === 413 || fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new CandorError('too-large', 'errors.input.tooLarge');
  // A body the parsers could not read (bad JSON, a broken multipart form, an unknown content type, a bad query string).
  if (fe.statusCode === 415 || fe.statusCode === 400 || fe.code?.startsWith('FST_ERR_CTP') || fe.code === 'FST_ERR_BAD_URL' || fe.code === 'FST_ERR_ASYNC_CONSTRAINT') {
    return new CandorError('invalid-input', 'errors.input.unreadable');
  }
  // A path parameter longer than any id we issue (Fastify's 414) names nothing we have.
  if (fe.statusCode === 404 || fe.code === 'FST_ERR_MAX_PARAM_LENGTH') return new CandorError('not-found', 'errors.notFound');
  return null;
}

/** A catalogue string in the person's language: the shell's, or any module's that has the key. */
function translate(req: FastifyRequest, key: string, values?: Record<string, string | number>): string {
  const catalogue: Messages<string> | undefined = shellMessages.has(key) ? (shellMessages as unknown as Messages<string>) : ALL_CATALOGUES.find((c) => c.has(key));
  return catalogue ? catalogue.for(req.lang ?? 'en')(key, values) : key;
}

export function problem(req: FastifyRequest, reply: FastifyReply, status: number, name: string, title: string, extra: Record<string, unknown> = {}) {
  return reply
    .code(status)
    .type('application/problem+json')
    .send({ type: `https://candor.localhost/problems/${name}`, title, status, instance: req.url.split('?')[0], ...extra });
}

export function installErrorHandling(app: import('fastify').FastifyInstance, ctx: AppContext): (err: FastifyError, req: FastifyRequest, reply: FastifyReply) => Promise<unknown> {
  const handle = async (err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    req.lang ??= 'en';
    req.actor ??= null;
    const known = toCandorError(err);
    if (known === 'csrf') {
      if (isApiRequest(req)) return problem(req, reply, 403, 'csrf', translate(req, 'errors.csrf'));
      return reply.send(await renderPage(ctx, req, reply, { title: translate(req, 'errors.csrf'), status: 403, body: <ErrorPage headingKey="errors.csrf" /> }));
    }
    if (known && dataException(err)) req.log.warn({ err }, 'a statement refused a value; answered 400');
    if (!known) {
      const reference = randomUUID();
      // The logger's err serializer (platform/logger.ts) keeps type, code, message and stack, scrubbed of values.
      req.log.error({ reference, err }, 'unexpected error');
      if (isApiRequest(req)) return problem(req, reply, 500, 'internal', translate(req, 'errors.unavailable'), { reference });
      return reply.send(
        await renderPage(ctx, req, reply, {
          title: translate(req, 'errors.unavailable'),
          status: 500,
          body: <ErrorPage headingKey="errors.unavailable" helpKey="errors.unavailable.help" reference={reference} />,
        }),
      );
    }
    const status = STATUS[known.name];
    if (known.details.retryAfterSeconds) reply.header('retry-after', String(Math.max(1, Math.round(known.details.retryAfterSeconds))));
    if (isApiRequest(req)) {
      return problem(req, reply, status, known.name, translate(req, known.messageKey, known.details.values), {
        ...(known.details.fields ? { errors: known.details.fields.map((f) => ({ field: f.field, code: f.messageKey, detail: translate(req, f.messageKey, f.values) })) } : {}),
        ...(known.details.capabilities ? { capabilities: known.details.capabilities } : {}),
      });
    }
    if (known.messageKey === 'errors.temporarilyUnavailable') {
      const page = <ErrorPage headingKey="errors.temporarilyUnavailable" helpKey="errors.temporarilyUnavailable.help" />;
      return reply.send(await renderPage(ctx, req, reply, { title: translate(req, known.messageKey), status, body: page }));
    }
    switch (known.name) {
      case 'sign-in-required':
        return reply.redirect(`/sign-in?next=${encodeURIComponent(req.url)}`, 303);
      case 'capability-unavailable':
        if (ctx.hooks.unavailablePage) {
          const body = await ctx.hooks.unavailablePage(req, known.details.capabilities ?? []);
          return reply.send(await renderPage(ctx, req, reply, { title: translate(req, 'errors.capabilityUnavailable'), status, body }));
        }
        return reply.send(await renderPage(ctx, req, reply, { title: translate(req, 'errors.capabilityUnavailable'), status, body: <ErrorPage headingKey="errors.unavailable" /> }));
      case 'not-found':
        return reply.send(await renderPage(ctx, req, reply, { title: translate(req, 'errors.notFound'), status, body: <ErrorPage headingKey="errors.notFound" helpKey="errors.notFound.help" /> }));
      case 'forbidden':
        return reply.send(await renderPage(ctx, req, reply, { title: translate(req, 'errors.forbidden'), status, body: <ErrorPage headingKey="errors.forbidden" helpKey="errors.forbidden.help" /> }));
      case 'rate-limited':
        return reply.send(await renderPage(ctx, req, reply, { title: translate(req, 'errors.rateLimited'), status, body: <ErrorPage headingKey="errors.rateLimited" /> }));
      case 'conflict':
        return reply.send(await renderPage(ctx, req, reply, { title: translate(req, 'errors.conflict'), status, body: <ErrorPage headingKey="errors.conflict" /> }));
      default: {
        // invalid-input (or too-large) reaching here: input refused before a page could show it in its form
        // (src/web/input.ts, a body parser, a statement's data exception), or a page that did not handle its own.
        const heading = translate(req, known.messageKey === 'errors.invalidInput' ? 'errors.input.unreadable' : known.messageKey, known.details.values);
        const fields = (known.details.fields ?? []).map((f) => translate(req, f.messageKey, f.values)).filter((m) => m !== heading);
        return reply.send(await renderPage(ctx, req, reply, { title: heading, status, body: <InputErrorPage heading={heading} details={fields} /> }));
      }
    }
  };
  app.setErrorHandler(handle);

  app.setNotFoundHandler(async (req, reply) => {
    req.lang ??= 'en';
    req.actor ??= null;
    if (isApiRequest(req)) return problem(req, reply, 404, 'not-found', translate(req, 'errors.notFound'));
    return reply.send(await renderPage(ctx, req, reply, { title: translate(req, 'errors.notFound'), status: 404, body: <ErrorPage headingKey="errors.notFound" helpKey="errors.notFound.help" /> }));
  });
  return handle;
}
