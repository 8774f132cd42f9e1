/** Forgotten passwords: ask for a link, then choose a new password through it. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { FieldError } from '../../platform/errors.js';
import type { AppContext } from '../../web/context.js';
import { Button, Form } from '../../web/components.js';
import { usePage } from '../../web/page-context.js';
import { renderPage } from '../../web/render.js';
import { clientIp, emailInput, Errors, Field, fieldErrorsOf, parseForm, passwordInput } from '../forms.js';
import { sendAccountChangedEmail, sendResetEmail } from '../mail.js';
import { accountsMessages } from '../messages.js';
import { PASSWORD_MIN } from '../password-rules.js';
import { requestPasswordReset, resetLinkAccount, resetPassword } from '../password-reset.js';
import { attemptLimit } from './limits.js';

const m = accountsMessages;

function ForgotPage(props: { email?: string; errors: FieldError[] }) {
  const { lang } = usePage();
  const t = m.for(lang);
  return (
    <div class="grid-row">
      <div class="grid-col-12 tablet:grid-col-8 desktop:grid-col-6">
        <h1>{t('forgot.title')}</h1>
        <Errors errors={props.errors} labels={{ email: t('email.label') }} />
        <p>{t('forgot.lead')}</p>
        <Form action="/password/forgot">
          <Field name="email" type="email" label={t('email.label')} autocomplete="email" value={props.email} errors={props.errors} />
          <Button>{t('forgot.submit')}</Button>
        </Form>
      </div>
    </div>
  );
}

function SentPage() {
  const { lang } = usePage();
  const t = m.for(lang);
  return (
    <div class="usa-prose">
      <h1>{t('forgot.sent.title')}</h1>
      <p>{t('forgot.sent.lead')}</p>
      <p>
        <a href="/sign-in">{t('signIn.title')}</a>
      </p>
    </div>
  );
}

function ResetPage(props: { token: string; kind: 'customer' | 'staff'; errors: FieldError[] }) {
  const { lang } = usePage();
  const t = m.for(lang);
  return (
    <div class="grid-row">
      <div class="grid-col-12 tablet:grid-col-8 desktop:grid-col-6">
        <h1>{t('reset.title')}</h1>
        <Errors errors={props.errors} labels={{ password: t('password.new'), confirm: t('password.confirm') }} />
        <Form action={`/password/reset/${encodeURIComponent(props.token)}`}>
          <Field name="password" type="password" label={t('password.new')} hint={t('password.hint', { min: PASSWORD_MIN[props.kind] })} autocomplete="new-password" errors={props.errors} />
          <Field name="confirm" type="password" label={t('password.confirm')} autocomplete="new-password" errors={props.errors} />
          <Button>{t('reset.submit')}</Button>
        </Form>
      </div>
    </div>
  );
}

function InvalidLinkPage() {
  const { lang } = usePage();
  const t = m.for(lang);
  return (
    <div class="usa-prose">
      <h1>{t('reset.invalid.title')}</h1>
      <p>{t('reset.invalid.lead')}</p>
      <p>
        <a class="usa-button" href="/password/forgot">
          {t('reset.invalid.again')}
        </a>
      </p>
    </div>
  );
}

const forgotForm = z.object({ email: emailInput() });
const resetForm = z.object({ password: passwordInput(), confirm: passwordInput() });

export function passwordResetRoutes(app: FastifyInstance, ctx: AppContext) {
  const t = (lang: 'en' | 'es') => m.for(lang);

  app.get('/password/forgot', async (req, reply) => renderPage(ctx, req, reply, { title: t(req.lang)('forgot.title'), body: <ForgotPage errors={[]} /> }));

  app.post('/password/forgot', { config: { rateLimit: attemptLimit(ctx) } }, async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const parsed = parseForm(forgotForm, body);
    if (!parsed.ok) {
      return renderPage(ctx, req, reply, { title: t(req.lang)('forgot.title'), status: 400, body: <ForgotPage email={typeof body.email === 'string' ? body.email : ''} errors={parsed.errors} /> });
    }
    const created = await requestPasswordReset(ctx.db, { email: parsed.data.email, ip: clientIp(req), now: ctx.clock.now() });
    if (created) void sendResetEmail(ctx, created.account, created.token);
    return renderPage(ctx, req, reply, { title: t(req.lang)('forgot.sent.title'), body: <SentPage /> });
  });

  app.get<{ Params: { token: string } }>('/password/reset/:token', async (req, reply) => {
    const account = await resetLinkAccount(ctx.db, req.params.token, ctx.clock.now());
    if (!account) return renderPage(ctx, req, reply, { title: t(req.lang)('reset.invalid.title'), status: 404, body: <InvalidLinkPage /> });
    return renderPage(ctx, req, reply, { title: t(req.lang)('reset.title'), body: <ResetPage token={req.params.token} kind={account.kind} errors={[]} /> });
  });

  app.post<{ Params: { token: string } }>('/password/reset/:token', { config: { rateLimit: attemptLimit(ctx) } }, async (req, reply) => {
    const now = ctx.clock.now();
    const account = await resetLinkAccount(ctx.db, req.params.token, now);
    if (!account) return renderPage(ctx, req, reply, { title: t(req.lang)('reset.invalid.title'), status: 404, body: <InvalidLinkPage /> });
    const again = (errors: FieldError[]) =>
      renderPage(ctx, req, reply, { title: t(req.lang)('reset.title'), status: 400, body: <ResetPage token={req.params.token} kind={account.kind} errors={errors} /> });
    const parsed = parseForm(resetForm, req.body);
    if (!parsed.ok) return again(parsed.errors);
    try {
      const done = await resetPassword(ctx.db, { token: req.params.token, ...parsed.data, ip: clientIp(req), now });
      if (!done) return renderPage(ctx, req, reply, { title: t(req.lang)('reset.invalid.title'), status: 404, body: <InvalidLinkPage /> });
      void sendAccountChangedEmail(ctx, done.accountId, 'password-reset');
    } catch (err) {
      return again(fieldErrorsOf(err));
    }
    return reply.redirect('/sign-in?notice=reset', 303);
  });
}
