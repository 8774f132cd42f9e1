/**
 * Emails of the accounts module. They carry the person's first name and a
 * link, nothing else personal, in the account's language. They are sent after
 * the transaction commits and without making the request wait, so a reply
 * takes as long whether or not an email went out.
 */
import { eq } from 'drizzle-orm';
import type { AppContext } from '../web/context.js';
import { accountsMessages } from './messages.js';
import { accounts } from './schema.js';
import type { AccountRow } from './sign-in.js';

type Recipient = Pick<AccountRow, 'email' | 'firstName' | 'language' | 'kind'>;

function send(ctx: AppContext, to: string, subject: string, text: string, kind: string): Promise<void> {
  return ctx.mailer
    .sendMail({ from: ctx.config.mailFrom, to, subject, text })
    .then(() => undefined)
    .catch((err: Error) => {
      ctx.log.warn({ mail: kind, err: { message: err.message } }, 'an accounts email could not be sent');
    });
}

export function sendResetEmail(ctx: AppContext, account: Recipient, token: string): Promise<void> {
  const t = accountsMessages.for(account.language);
  const vars = { name: account.firstName, exchange: ctx.profile.exchangeName, phone: ctx.profile.phoneLines.customerSupport.number, link: `${ctx.publicUrl}/password/reset/${token}` };
  return send(ctx, account.email, t('mail.reset.subject', vars), t('mail.reset.body', vars), 'password-reset');
}

export function sendLockedEmail(ctx: AppContext, account: Recipient): Promise<void> {
  const t = accountsMessages.for(account.language);
  const vars = { name: account.firstName, exchange: ctx.profile.exchangeName, phone: ctx.profile.phoneLines.customerSupport.number, link: `${ctx.publicUrl}/password/forgot` };
  return send(ctx, account.email, t('mail.locked.subject', vars), t(account.kind === 'staff' ? 'mail.locked.staffBody' : 'mail.locked.customerBody', vars), 'lockout');
}

export function sendVerificationEmail(ctx: AppContext, account: Recipient, token: string): Promise<void> {
  const t = accountsMessages.for(account.language);
  const vars = { name: account.firstName, exchange: ctx.profile.exchangeName, phone: ctx.profile.phoneLines.customerSupport.number, link: `${ctx.publicUrl}/email/confirm/${token}` };
  return send(ctx, account.email, t('mail.verify.subject', vars), t('mail.verify.body', vars), 'email-verification');
}

/** To the owner of an address someone tried to register again: no link that acts, only sign-in and reset. */
export function sendAddressHasAccountEmail(ctx: AppContext, account: Recipient): Promise<void> {
  const t = accountsMessages.for(account.language);
  const vars = {
    name: account.firstName,
    exchange: ctx.profile.exchangeName,
    phone: ctx.profile.phoneLines.customerSupport.number,
    signIn: `${ctx.publicUrl}/sign-in`,
    reset: `${ctx.publicUrl}/password/forgot`,
  };
  return send(ctx, account.email, t('mail.exists.subject', vars), t('mail.exists.body', vars), 'address-has-account');
}

export type AccountChange = 'password-change' | 'password-reset' | 'mfa-on' | 'mfa-off' | 'recovery-codes' | 'token-create';

/**
 * Tells the person that a way into their account changed, so a change they did not make does
 * not go unnoticed (ASVS 2.2.3, 2.5.5). It says what changed, never a secret, and how to take
 * the account back. Looked up and sent after the commit, without making the request wait.
 */
export function sendAccountChangedEmail(ctx: AppContext, accountId: string, change: AccountChange): Promise<void> {
  return ctx.db
    .select()
    .from(accounts)
    .where(eq(accounts.id, accountId))
    .then(([account]) => {
      if (!account || account.disabledAt) return;
      const t = accountsMessages.for(account.language);
      const vars = {
        name: account.firstName,
        exchange: ctx.profile.exchangeName,
        phone: ctx.profile.phoneLines.customerSupport.number,
        what: t(`mail.changed.${change}`),
        link: `${ctx.publicUrl}/password/forgot`,
      };
      return send(ctx, account.email, t('mail.changed.subject', vars), t(account.kind === 'staff' ? 'mail.changed.staffBody' : 'mail.changed.body', vars), `account-changed:${change}`);
    })
    .catch((err: Error) => {
      ctx.log.warn({ mail: 'account-changed', err: { message: err.message } }, 'an accounts email could not be sent');
    });
}
