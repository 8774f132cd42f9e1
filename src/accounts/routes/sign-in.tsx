/** Signing in (password, then the second factor or its enrolment) and signing out. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { eq } from 'drizzle-orm';
import type { FieldError } from '../../platform/errors.js';
import type { AppContext } from '../../web/context.js';
import { Alert, Button, Form } from '../../web/components.js';
import { usePage } from '../../web/page-context.js';
import { renderPage } from '../../web/render.js';
import { cookieOptions, SESSION_COOKIE } from '../../web/server.js';
import { auditAccounts } from '../audit.js';
import { clientIp, emailInput, Errors, Field, parseForm, passwordInput } from '../forms.js';
import { sendLockedEmail } from '../mail.js';
import { accountsMessages } from '../messages.js';
import { enrolMfa, openEnrolment, sealEnrolment, verifySecondFactor } from '../mfa.js';
import { newPasswordErrors } from '../new-password.js';
import { safeNext } from '../next-path.js';
import { PASSWORD_MIN } from '../password-rules.js';
import { accounts } from '../schema.js';
import { revokeSession, rotateSession } from '../sessions.js';
import { signIn, type AccountRow } from '../sign-in.js';
import { UNLOCKED } from '../lockout.js';
import { groupSecret, newTotpSecret, totpQrDataUrl, totpUri } from '../totp.js';
import { attemptLimit } from './limits.js';

const m = accountsMessages;

function landing(kind: 'customer' | 'staff'): string {
  return kind === 'staff' ? '/staff' : '/';
}

function HiddenNext(props: { next?: string }) {
  return props.next ? <input type="hidden" name="next" value={props.next} /> : null;
}

function SignInPage(props: { email?: string; next?: string; errors: FieldError[]; failed?: boolean; notice?: string }) {
  const { lang } = usePage();
  const t = m.for(lang);
  return (
    <div class="grid-row">
      <div class="grid-col-12 tablet:grid-col-8 desktop:grid-col-6">
        <h1>{t('signIn.title')}</h1>
        {props.notice === 'signed-out' && (
          <Alert type="success" slim>
            {t('signIn.signedOut')}
          </Alert>
        )}
        {props.notice === 'reset' && (
          <Alert type="success" slim>
            {t('signIn.passwordReset')}
          </Alert>
        )}
        {props.notice === 'email-confirmed' && (
          <Alert type="success" slim>
            {t('confirm.doneSignIn')}
          </Alert>
        )}
        {props.failed && (
          <Alert type="error" heading={t('signIn.failed')}>
            {t('signIn.failedHelp')}
          </Alert>
        )}
        <Errors errors={props.errors} labels={{ email: t('email.label'), password: t('password.label') }} />
        <p class="usa-intro">{t('signIn.lead')}</p>
        <Form action="/sign-in">
          <HiddenNext next={props.next} />
          <Field name="email" type="email" label={t('email.label')} autocomplete="username" value={props.email} errors={props.errors} />
          <Field name="password" type="password" label={t('password.label')} autocomplete="current-password" errors={props.errors} />
          <Button>{t('signIn.submit')}</Button>
        </Form>
        <p>
          <a href="/password/forgot">{t('signIn.forgot')}</a>
        </p>
        <p>
          {t('signIn.noAccount')} <a href="/register">{t('signIn.register')}</a>
        </p>
      </div>
    </div>
  );
}

function CodePage(props: { next?: string; errors: FieldError[] }) {
  const { lang, profile } = usePage();
  const t = m.for(lang);
  return (
    <div class="grid-row">
      <div class="grid-col-12 tablet:grid-col-8 desktop:grid-col-6">
        <h1>{t('mfa.title')}</h1>
        <Errors errors={props.errors} labels={{ code: t('mfa.code') }} />
        <p>{t('mfa.lead', { exchange: profile.exchangeName })}</p>
        <Form action="/sign-in/mfa">
          <input type="hidden" name="intent" value="code" />
          <HiddenNext next={props.next} />
          <Field name="code" label={t('mfa.code')} hint={t('mfa.codeHint')} autocomplete="one-time-code" errors={props.errors} width="md" />
          <Button>{t('mfa.submit')}</Button>
        </Form>
      </div>
    </div>
  );
}

export interface EnrolView {
  sealed: string;
  secret: string;
  qr: string;
}

export async function enrolView(ctx: AppContext, account: Pick<AccountRow, 'id' | 'firstName'>, secret = newTotpSecret()): Promise<EnrolView> {
  const uri = totpUri(secret, ctx.profile.exchangeName, `${account.firstName} (${account.id.slice(0, 8)})`);
  return { sealed: sealEnrolment(ctx.keys.data, account.id, secret, ctx.clock.now()), secret, qr: await totpQrDataUrl(uri) };
}

/** The QR code, the key as text, and the confirming code field: shared by sign-in and account settings. */
export function EnrolFields(props: { view: EnrolView; errors: FieldError[] }) {
  const { lang, profile } = usePage();
  const t = m.for(lang);
  return (
    <>
      <input type="hidden" name="enrolment" value={props.view.sealed} />
      <p>{t('mfa.enrol.scan')}</p>
      <img src={props.view.qr} alt={t('mfa.enrol.qrAlt', { exchange: profile.exchangeName })} width={220} height={220} />
      <p>
        {t('mfa.enrol.key')} <code class="candor-secret">{groupSecret(props.view.secret)}</code>
      </p>
      <Field name="code" label={t('mfa.enrol.code')} autocomplete="one-time-code" inputmode="numeric" errors={props.errors} width="sm" />
    </>
  );
}

function EnrolPage(props: { view: EnrolView; next?: string; errors: FieldError[]; mustChange: boolean }) {
  const { lang } = usePage();
  const t = m.for(lang);
  return (
    <div class="grid-row">
      <div class="grid-col-12 tablet:grid-col-10 desktop:grid-col-8">
        <h1>{t('mfa.enrol.title')}</h1>
        <Errors errors={props.errors} labels={{ code: t('mfa.enrol.code'), password: t('password.new'), confirm: t('password.confirm') }} />
        <p class="usa-intro">{t('mfa.enrol.staffLead')}</p>
        <Form action="/sign-in/mfa">
          <input type="hidden" name="intent" value="enrol" />
          <HiddenNext next={props.next} />
          <EnrolFields view={props.view} errors={props.errors} />
          {props.mustChange && (
            <fieldset class="usa-fieldset">
              <legend class="usa-legend usa-legend--large">{t('mfa.enrol.newPassword')}</legend>
              <p>{t('mfa.enrol.newPasswordLead', { min: PASSWORD_MIN.staff })}</p>
              <Field name="password" type="password" label={t('password.new')} hint={t('password.hint', { min: PASSWORD_MIN.staff })} autocomplete="new-password" errors={props.errors} />
              <Field name="confirm" type="password" label={t('password.confirm')} autocomplete="new-password" errors={props.errors} />
            </fieldset>
          )}
          <Button>{t('mfa.enrol.submit')}</Button>
        </Form>
      </div>
    </div>
  );
}

export function RecoveryCodesPage(props: { codes: string[]; continueTo: string }) {
  const { lang } = usePage();
  const t = m.for(lang);
  return (
    <div class="usa-prose">
      <h1>{t('mfa.codes.title')}</h1>
      <p>{t('mfa.codes.lead')}</p>
      <ul class="usa-list candor-recovery-codes">
        {props.codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      <p>
        <a class="usa-button" href={props.continueTo}>
          {t('mfa.codes.continue')}
        </a>
      </p>
    </div>
  );
}

const signInForm = z.object({ email: emailInput(), password: passwordInput(), next: z.string().optional() });

export function signInRoutes(app: FastifyInstance, ctx: AppContext) {
  const title = (req: FastifyRequest, key: 'signIn.title' | 'mfa.title' | 'mfa.enrol.title' | 'mfa.codes.title') => m.for(req.lang)(key);
  const setSession = (reply: FastifyReply, token: string) => reply.setCookie(SESSION_COOKIE, token, cookieOptions(ctx));

  app.get<{ Querystring: { next?: string; notice?: string } }>('/sign-in', async (req, reply) => {
    const next = safeNext(req.query.next, '') || undefined;
    return renderPage(ctx, req, reply, { title: title(req, 'signIn.title'), body: <SignInPage next={next} errors={[]} notice={req.query.notice} /> });
  });

  app.post('/sign-in', { config: { rateLimit: attemptLimit(ctx) } }, async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const next = safeNext(body.next, '') || undefined;
    const parsed = parseForm(signInForm, body);
    const email = typeof body.email === 'string' ? body.email : '';
    if (!parsed.ok) {
      return renderPage(ctx, req, reply, { title: title(req, 'signIn.title'), status: 400, body: <SignInPage email={email} next={next} errors={parsed.errors} /> });
    }
    const result = await signIn(ctx.db, {
      email: parsed.data.email,
      password: parsed.data.password,
      ip: clientIp(req),
      now: ctx.clock.now(),
      previousSessionHash: req.actor?.sessionHash || undefined,
    });
    if (!result.ok) {
      if (result.lockedNow) void sendLockedEmail(ctx, result.lockedNow.account);
      return renderPage(ctx, req, reply, { title: title(req, 'signIn.title'), status: 400, body: <SignInPage email={email} next={next} errors={[]} failed /> });
    }
    setSession(reply, result.token);
    if (result.secondFactor === 'none') return reply.redirect(safeNext(next, landing(result.kind)), 303);
    return reply.redirect(next ? `/sign-in/mfa?next=${encodeURIComponent(next)}` : '/sign-in/mfa', 303);
  });

  app.post('/sign-out', async (req, reply) => {
    if (req.actor?.sessionHash) {
      const actor = req.actor;
      await ctx.db.transaction(async (tx) => {
        const now = ctx.clock.now();
        await revokeSession(tx, actor.sessionHash, now);
        await auditAccounts(tx, { actor: actor.accountId, actorKind: 'person', ip: clientIp(req) }, 'sign-out', { objectId: actor.accountId, at: now });
      });
    }
    reply.clearCookie(SESSION_COOKIE, cookieOptions(ctx));
    return reply.redirect('/sign-in?notice=signed-out', 303);
  });

  async function pendingAccount(req: FastifyRequest): Promise<AccountRow> {
    const [account] = await ctx.db.select().from(accounts).where(eq(accounts.id, req.actor!.accountId));
    return account!;
  }

  app.get<{ Querystring: { next?: string } }>('/sign-in/mfa', async (req, reply) => {
    const next = safeNext(req.query.next, '') || undefined;
    const account = await pendingAccount(req);
    if (account.mfaEnabledAt) return renderPage(ctx, req, reply, { title: title(req, 'mfa.title'), body: <CodePage next={next} errors={[]} /> });
    const view = await enrolView(ctx, account);
    return renderPage(ctx, req, reply, { title: title(req, 'mfa.enrol.title'), body: <EnrolPage view={view} next={next} errors={[]} mustChange={account.passwordMustChange} /> });
  });

  app.post('/sign-in/mfa', { config: { rateLimit: attemptLimit(ctx) } }, async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const next = safeNext(body.next, '') || undefined;
    const actor = req.actor!;
    const account = await pendingAccount(req);
    const now = ctx.clock.now();
    const ip = clientIp(req);
    const code = typeof body.code === 'string' ? body.code.trim() : '';

    if (account.mfaEnabledAt) {
      if (!code)
        return renderPage(ctx, req, reply, { title: title(req, 'mfa.title'), status: 400, body: <CodePage next={next} errors={[{ field: 'code', messageKey: 'accounts.field.required' }]} /> });
      const result = await ctx.db.transaction((tx) => verifySecondFactor(tx, { accountId: account.id, sessionHash: actor.sessionHash, code, now, ip, dataKey: ctx.keys.data }));
      if (result.ok) {
        setSession(reply, result.token);
        return reply.redirect(safeNext(next, landing(account.kind)), 303);
      }
      if (result.lockedNow && result.account) void sendLockedEmail(ctx, result.account);
      if (result.ended) {
        reply.clearCookie(SESSION_COOKIE, cookieOptions(ctx));
        return reply.redirect('/sign-in', 303);
      }
      return renderPage(ctx, req, reply, { title: title(req, 'mfa.title'), status: 400, body: <CodePage next={next} errors={[{ field: 'code', messageKey: 'accounts.mfa.wrongCode' }]} /> });
    }

    // Enrolment at sign-in (staff without MFA yet).
    const secret = typeof body.enrolment === 'string' ? openEnrolment(ctx.keys.data, body.enrolment, account.id, now) : null;
    const errors: FieldError[] = [];
    if (!secret) errors.push({ field: 'code', messageKey: 'accounts.mfa.enrol.expired' });
    else if (!code) errors.push({ field: 'code', messageKey: 'accounts.field.required' });
    const password = typeof body.password === 'string' ? body.password : '';
    if (account.passwordMustChange) {
      errors.push(...newPasswordErrors(password, { kind: account.kind, email: account.email, confirm: typeof body.confirm === 'string' ? body.confirm : '' }));
    }
    let codes: { recoveryCodes: string[]; token: string } | null = null;
    if (errors.length === 0 && secret) {
      codes = await ctx.db.transaction(async (tx) => {
        const enrolled = await enrolMfa(tx, { accountId: account.id, secret, code, now, ip, dataKey: ctx.keys.data, newPassword: account.passwordMustChange ? password : undefined });
        if (!enrolled) return null;
        await tx.update(accounts).set(UNLOCKED).where(eq(accounts.id, account.id));
        const token = await rotateSession(tx, actor.sessionHash, account.id, { now, mfaPassed: true, ip });
        return { recoveryCodes: enrolled.recoveryCodes, token };
      });
      if (!codes) errors.push({ field: 'code', messageKey: 'accounts.mfa.wrongCode' });
    }
    if (!codes) {
      const view = await enrolView(ctx, account, secret ?? undefined);
      return renderPage(ctx, req, reply, { title: title(req, 'mfa.enrol.title'), status: 400, body: <EnrolPage view={view} next={next} errors={errors} mustChange={account.passwordMustChange} /> });
    }
    setSession(reply, codes.token);
    req.actor = { ...actor, mfaPassed: true };
    return renderPage(ctx, req, reply, { title: title(req, 'mfa.codes.title'), body: <RecoveryCodesPage codes={codes.recoveryCodes} continueTo={safeNext(next, landing(account.kind))} /> });
  });
}
