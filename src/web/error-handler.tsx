/**
 * The one place errors become responses: named errors (platform/errors.ts)
 * map to design-system pages for people and RFC 9457 problem details for the
 * API. Nothing else — no stack trace, no message of an unexpected error, no
 * personal data — reaches a response.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { CandorError, type ErrorName, type FieldError } from '../platform/errors.js';
import type { AppContext } from './context.js';
import { ErrorPage } from './error-pages.js';
import { shellMessages } from './messages.js';
import { renderPage } from './render.js';

const STATUS: Record<ErrorName, number> = {
  'not-found': 404,
  forbidden: 403,
  'sign-in-required': 401,
  'invalid-input': 400,
  conflict: 409,
  'capability-unavailable': 503,
  'rate-limited': 429,
  unavailable: 503,
};

export function isApiRequest(req: FastifyRequest): boolean {
  return req.url.startsWith('/api/');
}

function toCandorError(err: FastifyError | CandorError | Error): CandorError | 'csrf' | null {
  if (err instanceof CandorError) return err;
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
  if (fe.statusCode === 415 || fe.statusCode === 413 || fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (fe.statusCode === 400 && fe.code?.startsWith('FST_ERR'))) {
    return new CandorError('invalid-input', 'errors.invalidInput');
  }
  if (fe.statusCode === 404) return new CandorError('not-found', 'errors.notFound');
  return null;
}

function translate(req: FastifyRequest, key: string, values?: Record<string, string | number>): string {
  const t = shellMessages.for(req.lang ?? 'en');
  return shellMessages.has(key) ? t(key, values) : key;
}

export function problem(req: FastifyRequest, reply: FastifyReply, status: number, name: string, title: string, extra: Record<string, unknown> = {}) {
  return reply
    .code(status)
    .type('application/problem+json')
    .send({ type: `https://candor.localhost/problems/${name}`, title, status, instance: req.url.split('?')[0], ...extra });
}

export function installErrorHandling(app: import('fastify').FastifyInstance, ctx: AppContext): void {
  app.setErrorHandler(async (err: FastifyError, req, reply) => {
    req.lang ??= 'en';
    req.actor ??= null;
    const known = toCandorError(err);
    if (known === 'csrf') {
      if (isApiRequest(req)) return problem(req, reply, 403, 'csrf', translate(req, 'errors.csrf'));
      return reply.send(await renderPage(ctx, req, reply, { title: translate(req, 'errors.csrf'), status: 403, body: <ErrorPage headingKey="errors.csrf" /> }));
    }
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
      default:
        // invalid-input reaching here means a page did not handle its own form errors: show the generic page.
        return reply.send(await renderPage(ctx, req, reply, { title: translate(req, 'errors.invalidInput'), status, body: <ErrorPage headingKey="errors.unavailable" /> }));
    }
  });

  app.setNotFoundHandler(async (req, reply) => {
    req.lang ??= 'en';
    req.actor ??= null;
    if (isApiRequest(req)) return problem(req, reply, 404, 'not-found', translate(req, 'errors.notFound'));
    return reply.send(await renderPage(ctx, req, reply, { title: translate(req, 'errors.notFound'), status: 404, body: <ErrorPage headingKey="errors.notFound" helpKey="errors.notFound.help" /> }));
  });
}
