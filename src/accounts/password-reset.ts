/**
 * Password reset by an emailed link: one hour, one use, only the token's
 * SHA-256 stored. Asking gives the same answer whether or not the address
 * has an account. (docs/adr/0013-password-reset-links.md)
 */
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Tx } from '../platform/database.js';
import { HOUR } from '../platform/clock.js';
import { randomToken, sha256Hex } from '../platform/crypto.js';
import { invalidInput } from '../platform/errors.js';
import { auditAccounts } from './audit.js';
import { newPasswordErrors } from './new-password.js';
import { hashPassword } from './passwords.js';
import { accounts, passwordResets } from './schema.js';
import { revokeAllSessions } from './sessions.js';
import { revokeAllAccessTokens } from './access-tokens.js';
import { normaliseEmail, type AccountRow } from './sign-in.js';

export const RESET_LINK_MS = HOUR;

/** Creates a reset token for the address's account, if there is one; the caller emails it. */
export async function requestPasswordReset(db: Tx, input: { email: string; ip: string; now: Date }): Promise<{ token: string; account: AccountRow } | null> {
  const email = normaliseEmail(input.email);
  return db.transaction(async (tx) => {
    const [account] = await tx.select().from(accounts).where(eq(accounts.email, email));
    if (!account || account.disabledAt) {
      await auditAccounts(tx, { actor: 'unknown', actorKind: 'anonymous', ip: input.ip }, 'password-reset-request', {
        outcome: 'failure',
        details: { reason: account ? 'disabled' : 'unknown-account' },
        at: input.now,
      });
      return null;
    }
    const token = randomToken();
    await tx.insert(passwordResets).values({ tokenHash: sha256Hex(token), accountId: account.id, createdAt: input.now, expiresAt: new Date(input.now.getTime() + RESET_LINK_MS) });
    await auditAccounts(tx, { actor: account.id, actorKind: 'person', ip: input.ip }, 'password-reset-request', { objectId: account.id, at: input.now });
    return { token, account };
  });
}

/** The account a reset link is for, while it is unused and unexpired. */
export async function resetLinkAccount(tx: Tx, token: string, now: Date): Promise<AccountRow | null> {
  const [row] = await tx
    .select({ account: accounts })
    .from(passwordResets)
    .innerJoin(accounts, eq(accounts.id, passwordResets.accountId))
    .where(and(eq(passwordResets.tokenHash, sha256Hex(token)), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now)));
  return row && !row.account.disabledAt ? row.account : null;
}

/**
 * Sets the new password, uses the link up (and every other link of the
 * account), and ends every session. A reset proves control of the mailbox,
 * so it lifts a customer's temporary lockout; a staff lockout stays until an
 * administrator lifts it. Null when the link is no longer good.
 */
export async function resetPassword(db: Tx, input: { token: string; password: string; confirm: string; ip: string; now: Date }): Promise<{ accountId: string } | null> {
  const account = await resetLinkAccount(db, input.token, input.now);
  if (!account) return null;
  const errors = newPasswordErrors(input.password, { kind: account.kind, email: account.email, confirm: input.confirm });
  if (errors.length) throw invalidInput(errors);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const used = await tx
      .update(passwordResets)
      .set({ usedAt: input.now })
      .where(and(eq(passwordResets.tokenHash, sha256Hex(input.token)), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, input.now)))
      .returning({ accountId: passwordResets.accountId });
    if (used[0]?.accountId !== account.id) return null;
    await tx
      .update(passwordResets)
      .set({ usedAt: input.now })
      .where(and(eq(passwordResets.accountId, account.id), isNull(passwordResets.usedAt)));
    await tx
      .update(accounts)
      .set({
        passwordHash,
        passwordChangedAt: input.now,
        passwordMustChange: false,
        ...(account.kind === 'customer' ? { failedSignIns: 0, firstFailedAt: null, lockedUntil: null } : {}),
      })
      .where(eq(accounts.id, account.id));
    await revokeAllSessions(tx, account.id, input.now);
    await revokeAllAccessTokens(tx, { by: { actor: account.id, actorKind: 'person', ip: input.ip }, now: input.now, accountId: account.id, reason: 'password-reset' });
    await auditAccounts(tx, { actor: account.id, actorKind: 'person', ip: input.ip }, 'password-reset', { objectId: account.id, details: { sessionsEnded: true }, at: input.now });
    return { accountId: account.id };
  });
}
