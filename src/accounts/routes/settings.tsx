/** Account settings: language, password, and two-step verification. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { FieldError } from '../../platform/errors.js';
import type { AppContext } from '../../web/context.js';
import { Alert, Button, Form, LinkList } from '../../web/components.js';
import { usePage } from '../../web/page-context.js';
import { renderPage } from '../../web/render.js';
import { cookieOptions, LANG_COOKIE, SESSION_COOKIE } from '../../web/server.js';
import { auditAccounts } from '../audit.js';
import { changePassword } from '../change-password.js';
import { clientIp, Errors, Field, fieldErrorsOf, parseForm, passwordInput, Radios } from '../forms.js';
import { sendAccountChangedEmail } from '../mail.js';
import { accountsMessages } from '../messages.js';
import { disableMfa, enrolMfa, openEnrolment, replaceRecoveryCodesWithCode } from '../mfa.js';
import { PASSWORD_MIN } from '../password-rules.js';
import { verifyPassword } from '../passwords.js';
import { unusedRecoveryCodes } from '../recovery-codes.js';
import { accounts } from '../schema.js';
import type { AccountRow } from '../sign-in.js';
import { EnrolFields, enrolView, RecoveryCodesPage, type EnrolView } from './sign-in.js';
import { attemptLimit } from './limits.js';

const m = accountsMessages;
const DONE = {
  language: 'settings.language.saved',
  password: 'settings.password.saved',
  'mfa-on': 'mfa.manage.enabled',
  'mfa-off': 'mfa.manage.disabled',
  'email-confirmed': 'confirm.done',
} as const;

function SettingsPage(props: { account: AccountRow; done?: string; errors: FieldError[]; links: AppContext['hooks']['customerLinks'] }) {
  const { lang } = usePage();
  const t = m.for(lang);
  const { account } = props;
  const done = props.done && props.done in DONE ? DONE[props.done as keyof typeof DONE] : null;
  return (
    <div class="usa-prose">
      <h1>{t('settings.title')}</h1>
      {done && (
        <Alert type="success" slim>
          {t(done)}
        </Alert>
      )}
      <p>{t('settings.signedInAs', { name: account.firstName })}</p>
      {account.kind === 'customer' && !account.emailVerifiedAt && (
        <Alert type="warning" slim>
          {t('settings.unverified')} <a href="/account/confirm-email">{t('confirm.title')}</a>
        </Alert>
      )}
      {account.kind === 'customer' && props.links.length > 0 && (
        <>
          <h2 id="your-pages">{t('settings.customerPages')}</h2>
          <LinkList links={props.links} lang={lang} id="customer-links" />
        </>
      )}

      <h2 id="language">{t('settings.language')}</h2>
      <Form action="/account/language" class="usa-form" aria-label={t('settings.language')}>
        <Radios
          name="language"
          legend={t('settings.language.legend')}
          value={account.language}
          options={[
            { value: 'en', label: t('settings.language.en'), lang: 'en' },
            { value: 'es', label: t('settings.language.es'), lang: 'es' },
          ]}
        />
        <Button variant="outline">{t('settings.language.save')}</Button>
      </Form>

      <h2 id="password">{t('settings.password')}</h2>
      <Errors errors={props.errors} labels={{ current: t('password.current'), password: t('password.new'), confirm: t('password.confirm') }} />
      <Form action="/account/password" class="usa-form" aria-label={t('settings.password')}>
        <Field name="current" type="password" label={t('password.current')} autocomplete="current-password" errors={props.errors} />
        <Field name="password" type="password" label={t('password.new')} hint={t('password.hint', { min: PASSWORD_MIN[account.kind] })} autocomplete="new-password" errors={props.errors} />
        <Field name="confirm" type="password" label={t('password.confirm')} autocomplete="new-password" errors={props.errors} />
        <Button variant="outline">{t('settings.password.submit')}</Button>
      </Form>

      <h2 id="mfa">{t('mfa.manage.title')}</h2>
      <p>{account.mfaEnabledAt ? t('mfa.manage.on') : t('mfa.manage.off')}</p>
      <p>
        <a href="/account/mfa">{account.mfaEnabledAt ? t('mfa.manage.manage') : t('mfa.manage.setUp')}</a>
      </p>

      {account.kind === 'staff' && (
        <>
          <h2>{t('settings.staffTools')}</h2>
          <ul class="usa-list">
            <li>
              <a href="/account/tokens">{t('settings.tokens')}</a>
            </li>
          </ul>
        </>
      )}
    </div>
  );
}

function MfaPage(props: { account: AccountRow; codesLeft: number; view?: EnrolView; errors: FieldError[]; disableErrors?: FieldError[] }) {
  const { lang } = usePage();
  const t = m.for(lang);
  const { account } = props;
  if (!account.mfaEnabledAt && props.view) {
    return (
      <div class="grid-row">
        <div class="grid-col-12 tablet:grid-col-10 desktop:grid-col-8">
          <h1>{t('mfa.enrol.title')}</h1>
          <Errors errors={props.errors} labels={{ code: t('mfa.enrol.code') }} />
          <p class="usa-intro">{t('mfa.enrol.customerLead')}</p>
          <Form action="/account/mfa">
            <input type="hidden" name="intent" value="enrol" />
            <EnrolFields view={props.view} errors={props.errors} />
            <Button>{t('mfa.enrol.submit')}</Button>
          </Form>
        </div>
      </div>
    );
  }
  return (
    <div class="usa-prose">
      <h1>{t('mfa.manage.title')}</h1>
      <p>{t('mfa.manage.on')}</p>
      <p>{t('mfa.manage.codesLeft', { count: props.codesLeft })}</p>
      <h2>{t('mfa.manage.newCodes')}</h2>
      <Errors errors={props.errors} labels={{ code: t('mfa.code') }} />
      <p>{t('mfa.manage.newCodesLead')}</p>
      <Form action="/account/mfa" class="usa-form" aria-label={t('mfa.manage.newCodes')}>
        <input type="hidden" name="intent" value="codes" />
        <Field name="code" label={t('mfa.enrol.code')} autocomplete="one-time-code" inputmode="numeric" errors={props.errors} width="sm" />
        <Button variant="outline">{t('mfa.manage.newCodes')}</Button>
      </Form>
      {account.kind === 'customer' && (
        <>
          <h2>{t('mfa.manage.disable')}</h2>
          <Errors errors={props.disableErrors ?? []} labels={{ disablePassword: t('password.current') }} />
          <p>{t('mfa.manage.disableLead')}</p>
          <Form action="/account/mfa/disable" class="usa-form" aria-label={t('mfa.manage.disable')}>
            <Field name="disablePassword" type="password" label={t('password.current')} autocomplete="current-password" errors={props.disableErrors} />
            <Button variant="secondary">{t('mfa.manage.disable')}</Button>
          </Form>
        </>
      )}
    </div>
  );
}

const passwordForm = z.object({ current: passwordInput(), password: passwordInput(), confirm: passwordInput() });

export function settingsRoutes(app: FastifyInstance, ctx: AppContext) {
  const t = (req: FastifyRequest) => m.for(req.lang);
  async function me(req: FastifyRequest): Promise<AccountRow> {
    const [account] = await ctx.db.select().from(accounts).where(eq(accounts.id, req.actor!.accountId));
    return account!;
  }
  const settings = async (req: FastifyRequest, reply: FastifyReply, opts: { errors?: FieldError[]; done?: string; status?: number } = {}) =>
    renderPage(ctx, req, reply, {
      title: t(req)('settings.title'),
      status: opts.status,
      body: <SettingsPage account={await me(req)} errors={opts.errors ?? []} done={opts.done} links={ctx.hooks.customerLinks} />,
    });
  const mfaPage = async (req: FastifyRequest, reply: FastifyReply, opts: { errors?: FieldError[]; disableErrors?: FieldError[]; status?: number; secret?: string } = {}) => {
    const account = await me(req);
    const view = account.mfaEnabledAt ? undefined : await enrolView(ctx, account, opts.secret);
    return renderPage(ctx, req, reply, {
      title: t(req)(account.mfaEnabledAt ? 'mfa.manage.title' : 'mfa.enrol.title'),
      status: opts.status,
      body: <MfaPage account={account} codesLeft={await unusedRecoveryCodes(ctx.db, account.id)} view={view} errors={opts.errors ?? []} disableErrors={opts.disableErrors} />,
    });
  };

  app.get<{ Querystring: { done?: string } }>('/account', async (req, reply) => settings(req, reply, { done: req.query.done }));

  app.post('/account/language', async (req, reply) => {
    const language = (req.body as Record<string, unknown> | undefined)?.language;
    if (language !== 'en' && language !== 'es') return settings(req, reply, { status: 400 });
    const actor = req.actor!;
    await ctx.db.transaction(async (tx) => {
      const now = ctx.clock.now();
      await tx.update(accounts).set({ language }).where(eq(accounts.id, actor.accountId));
      await auditAccounts(tx, { actor: actor.accountId, actorKind: 'person', ip: clientIp(req) }, 'language-change', { objectId: actor.accountId, details: { language }, at: now });
    });
    reply.setCookie(LANG_COOKIE, language, { ...cookieOptions(ctx), maxAge: 365 * 24 * 3600 });
    return reply.redirect('/account?done=language', 303);
  });

  app.post('/account/password', { config: { rateLimit: attemptLimit(ctx) } }, async (req, reply) => {
    const parsed = parseForm(passwordForm, req.body);
    if (!parsed.ok) return settings(req, reply, { errors: parsed.errors, status: 400 });
    try {
      const { token } = await changePassword(ctx.db, { accountId: req.actor!.accountId, ...parsed.data, ip: clientIp(req), now: ctx.clock.now() });
      reply.setCookie(SESSION_COOKIE, token, cookieOptions(ctx));
      void sendAccountChangedEmail(ctx, req.actor!.accountId, 'password-change');
      return reply.redirect('/account?done=password', 303);
    } catch (err) {
      return settings(req, reply, { errors: fieldErrorsOf(err), status: 400 });
    }
  });

  app.get('/account/mfa', async (req, reply) => mfaPage(req, reply));

  app.post('/account/mfa', { config: { rateLimit: attemptLimit(ctx) } }, async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const code = typeof body.code === 'string' ? body.code.trim() : '';
    const account = await me(req);
    const now = ctx.clock.now();
    const ip = clientIp(req);
    if (!account.mfaEnabledAt) {
      const secret = typeof body.enrolment === 'string' ? openEnrolment(ctx.keys.data, body.enrolment, account.id, now) : null;
      if (!secret) return mfaPage(req, reply, { status: 400, errors: [{ field: 'code', messageKey: 'accounts.mfa.enrol.expired' }] });
      if (!code) return mfaPage(req, reply, { status: 400, secret, errors: [{ field: 'code', messageKey: 'accounts.field.required' }] });
      const enrolled = await ctx.db.transaction((tx) => enrolMfa(tx, { accountId: account.id, secret, code, now, ip, dataKey: ctx.keys.data }));
      if (!enrolled) return mfaPage(req, reply, { status: 400, secret, errors: [{ field: 'code', messageKey: 'accounts.mfa.wrongCode' }] });
      void sendAccountChangedEmail(ctx, account.id, 'mfa-on');
      return renderPage(ctx, req, reply, { title: t(req)('mfa.codes.title'), body: <RecoveryCodesPage codes={enrolled.recoveryCodes} continueTo="/account?done=mfa-on" /> });
    }
    if (!code) return mfaPage(req, reply, { status: 400, errors: [{ field: 'code', messageKey: 'accounts.field.required' }] });
    const codes = await ctx.db.transaction((tx) => replaceRecoveryCodesWithCode(tx, { accountId: account.id, code, now, ip, dataKey: ctx.keys.data }));
    if (!codes) return mfaPage(req, reply, { status: 400, errors: [{ field: 'code', messageKey: 'accounts.mfa.wrongCode' }] });
    void sendAccountChangedEmail(ctx, account.id, 'recovery-codes');
    return renderPage(ctx, req, reply, { title: t(req)('mfa.codes.title'), body: <RecoveryCodesPage codes={codes} continueTo="/account/mfa" /> });
  });

  app.post('/account/mfa/disable', { config: { rateLimit: attemptLimit(ctx) } }, async (req, reply) => {
    const password = (req.body as Record<string, unknown> | undefined)?.disablePassword;
    const account = await me(req);
    if (typeof password !== 'string' || !password || !(await verifyPassword(account.passwordHash, password))) {
      const messageKey = typeof password === 'string' && password ? 'accounts.password.currentWrong' : 'accounts.field.required';
      return mfaPage(req, reply, { status: 400, disableErrors: [{ field: 'disablePassword', messageKey }] });
    }
    await ctx.db.transaction((tx) => disableMfa(tx, { accountId: account.id, now: ctx.clock.now(), ip: clientIp(req) }));
    void sendAccountChangedEmail(ctx, account.id, 'mfa-off');
    return reply.redirect('/account?done=mfa-off', 303);
  });
}
