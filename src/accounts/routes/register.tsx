/** Customers create their own accounts (the `sign-in` capability). */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { FieldError } from '../../platform/errors.js';
import type { AppContext } from '../../web/context.js';
import { Button, Form } from '../../web/components.js';
import { usePage } from '../../web/page-context.js';
import { renderPage } from '../../web/render.js';
import { cookieOptions, SESSION_COOKIE } from '../../web/server.js';
import { clientIp, emailInput, Errors, Field, fieldErrorsOf, parseForm, passwordInput, required } from '../forms.js';
import { accountsMessages } from '../messages.js';
import { safeNext } from '../next-path.js';
import { PASSWORD_MIN } from '../password-rules.js';
import { registerCustomer } from '../register-customer.js';
import { attemptLimit } from './limits.js';

const m = accountsMessages;

function RegisterPage(props: { values: Record<string, string>; errors: FieldError[] }) {
  const { lang } = usePage();
  const t = m.for(lang);
  return (
    <div class="grid-row">
      <div class="grid-col-12 tablet:grid-col-8 desktop:grid-col-6">
        <h1>{t('register.title')}</h1>
        <Errors
          errors={props.errors}
          labels={{ firstName: t('firstName.label'), lastName: t('lastName.label'), email: t('email.label'), password: t('password.label'), confirm: t('password.confirm') }}
        />
        <p class="usa-intro">{t('register.lead')}</p>
        <Form action="/register">
          <Field name="firstName" label={t('firstName.label')} autocomplete="given-name" value={props.values.firstName} errors={props.errors} />
          <Field name="lastName" label={t('lastName.label')} autocomplete="family-name" value={props.values.lastName} errors={props.errors} />
          <Field name="email" type="email" label={t('email.label')} autocomplete="email" value={props.values.email} errors={props.errors} />
          <Field name="password" type="password" label={t('password.label')} hint={t('password.hint', { min: PASSWORD_MIN.customer })} autocomplete="new-password" errors={props.errors} />
          <Field name="confirm" type="password" label={t('password.confirm')} autocomplete="new-password" errors={props.errors} />
          <Button>{t('register.submit')}</Button>
        </Form>
        <p>
          {t('register.haveAccount')} <a href="/sign-in">{t('signIn.title')}</a>
        </p>
      </div>
    </div>
  );
}

const form = z.object({ firstName: required(100), lastName: required(100), email: emailInput(), password: passwordInput(), confirm: passwordInput() });

export function registerRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/register', async (req, reply) => renderPage(ctx, req, reply, { title: m.for(req.lang)('register.title'), body: <RegisterPage values={{}} errors={[]} /> }));

  app.post('/register', { config: { rateLimit: attemptLimit(ctx) } }, async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = Object.fromEntries(['firstName', 'lastName', 'email'].map((k) => [k, typeof body[k] === 'string' ? (body[k] as string) : '']));
    const again = (errors: FieldError[]) => renderPage(ctx, req, reply, { title: m.for(req.lang)('register.title'), status: 400, body: <RegisterPage values={values} errors={errors} /> });
    const parsed = parseForm(form, body);
    if (!parsed.ok) return again(parsed.errors);
    try {
      const { token } = await registerCustomer(ctx.db, { ...parsed.data, language: req.lang, ip: clientIp(req), now: ctx.clock.now() });
      reply.setCookie(SESSION_COOKIE, token, cookieOptions(ctx));
      // A new customer lands on their home: the task list starts them on their application.
      return reply.redirect(safeNext(body.next, '/'), 303);
    } catch (err) {
      return again(fieldErrorsOf(err));
    }
  });
}
