/**
 * Confirming a self-registered email address: the emailed link (a page with a
 * button, so a mail scanner that follows links does not use it up), and the
 * "Confirm your email" page that applying and paying send an unverified
 * customer to, with "send the link again". (ADR 0130)
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../web/context.js';
import { Alert, Button, Form } from '../../web/components.js';
import { usePage } from '../../web/page-context.js';
import { renderPage } from '../../web/render.js';
import { resendEmailVerification, verificationLinkAccount, verifyEmail } from '../email-verification.js';
import { clientIp } from '../forms.js';
import { sendVerificationEmail } from '../mail.js';
import { accountsMessages } from '../messages.js';
import { attemptLimit } from './limits.js';

const m = accountsMessages;
/** "Send the link again": a few per account (or address, before sign-in) in a quarter of an hour. */
const RESENDS = { max: 3, timeWindow: 15 * 60_000 };

function ConfirmEmailPage(props: { sent: boolean }) {
  const { lang } = usePage();
  const t = m.for(lang);
  return (
    <div class="usa-prose">
      <h1>{t('confirm.title')}</h1>
      {props.sent && (
        <Alert type="success" slim>
          {t('confirm.sent')}
        </Alert>
      )}
      <p>{t('confirm.lead')}</p>
      <Form action="/account/confirm-email">
        <Button>{t('confirm.resend')}</Button>
      </Form>
      <p>{t('confirm.meanwhile')}</p>
    </div>
  );
}

function LinkPage(props: { token: string }) {
  const { lang } = usePage();
  const t = m.for(lang);
  return (
    <div class="usa-prose">
      <h1>{t('confirm.title')}</h1>
      <p>{t('confirm.link.lead')}</p>
      <Form action={`/email/confirm/${encodeURIComponent(props.token)}`}>
        <Button>{t('confirm.link.submit')}</Button>
      </Form>
    </div>
  );
}

function InvalidLinkPage() {
  const { lang } = usePage();
  const t = m.for(lang);
  return (
    <div class="usa-prose">
      <h1>{t('confirm.invalid.title')}</h1>
      <p>{t('confirm.invalid.lead')}</p>
      <p>
        <a class="usa-button" href="/sign-in">
          {t('signIn.title')}
        </a>
      </p>
    </div>
  );
}

export function emailVerificationRoutes(app: FastifyInstance, ctx: AppContext) {
  const t = (lang: 'en' | 'es') => m.for(lang);
  const invalid = (req: Parameters<typeof renderPage>[1], reply: Parameters<typeof renderPage>[2]) =>
    renderPage(ctx, req, reply, { title: t(req.lang)('confirm.invalid.title'), status: 404, body: <InvalidLinkPage /> });

  app.get<{ Querystring: { notice?: string } }>('/account/confirm-email', async (req, reply) => {
    if (req.actor!.emailVerified) return reply.redirect('/account', 303);
    return renderPage(ctx, req, reply, { title: t(req.lang)('confirm.title'), body: <ConfirmEmailPage sent={req.query.notice === 'sent'} /> });
  });

  app.post(
    '/account/confirm-email',
    { config: { rateLimit: { ...RESENDS, keyGenerator: (req: { actor?: { accountId: string } | null; ip: string }) => req.actor?.accountId ?? req.ip } } },
    async (req, reply) => {
      if (req.actor!.emailVerified) return reply.redirect('/account', 303);
      const fresh = await resendEmailVerification(ctx.db, { accountId: req.actor!.accountId, ip: clientIp(req), now: ctx.clock.now() });
      if (fresh) void sendVerificationEmail(ctx, fresh.account, fresh.token);
      return reply.redirect('/account/confirm-email?notice=sent', 303);
    },
  );

  app.get<{ Params: { token: string } }>('/email/confirm/:token', async (req, reply) => {
    const account = await verificationLinkAccount(ctx.db, req.params.token, ctx.clock.now());
    if (!account) return invalid(req, reply);
    return renderPage(ctx, req, reply, { title: t(req.lang)('confirm.title'), body: <LinkPage token={req.params.token} /> });
  });

  app.post<{ Params: { token: string } }>('/email/confirm/:token', { config: { rateLimit: attemptLimit(ctx) } }, async (req, reply) => {
    const done = await verifyEmail(ctx.db, { token: req.params.token, ip: clientIp(req), now: ctx.clock.now() });
    if (!done) return invalid(req, reply);
    if (req.actor?.accountId === done.accountId) return reply.redirect('/account?done=email-confirmed', 303);
    return reply.redirect('/sign-in?notice=email-confirmed', 303);
  });
}
