/**
 * Emails of the accounts module. They carry the person's first name and a
 * link, nothing else personal, in the account's language. They are sent after
 * the transaction commits and without making the request wait, so a reply
 * takes as long whether or not an email went out.
 */
import type { AppContext } from '../web/context.js';
import { accountsMessages } from './messages.js';
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
