/**
 * Confirming a self-registered email address by an emailed link: 24 hours,
 * one use, only the token's SHA-256 stored (as for password resets). Until an
 * account is verified its person may sign in and see it, but not apply or pay.
 * (docs/adr/0130-registration-answers-alike-and-email-is-verified.md)
 */
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Tx } from '../platform/database.js';
import { DAY } from '../platform/clock.js';
import { randomToken, sha256Hex } from '../platform/crypto.js';
import { auditAccounts, type Who } from './audit.js';
import { accounts, emailVerifications } from './schema.js';
import type { AccountRow } from './sign-in.js';

export const VERIFICATION_LINK_MS = DAY;

/** A new link for the account (older unused links stay good until they expire or one is used). */
export async function createEmailVerification(tx: Tx, c: { accountId: string; by: Who; now: Date }): Promise<string> {
  const token = randomToken();
  await tx.insert(emailVerifications).values({ tokenHash: sha256Hex(token), accountId: c.accountId, createdAt: c.now, expiresAt: new Date(c.now.getTime() + VERIFICATION_LINK_MS) });
  await auditAccounts(tx, c.by, 'email-verification-send', { objectId: c.accountId, at: c.now });
  return token;
}

/** For "send the link again": a new link for a signed-in account still unverified, or null when there is nothing to confirm. */
export async function resendEmailVerification(db: Tx, c: { accountId: string; ip: string; now: Date }): Promise<{ account: AccountRow; token: string } | null> {
  return db.transaction(async (tx) => {
    const [account] = await tx.select().from(accounts).where(eq(accounts.id, c.accountId));
    if (!account || account.emailVerifiedAt || account.disabledAt) return null;
    const token = await createEmailVerification(tx, { accountId: account.id, by: { actor: account.id, actorKind: 'person', ip: c.ip }, now: c.now });
    return { account, token };
  });
}

/** The account a link is for, while it is unused and unexpired. */
export async function verificationLinkAccount(tx: Tx, token: string, now: Date): Promise<AccountRow | null> {
  const [row] = await tx
    .select({ account: accounts })
    .from(emailVerifications)
    .innerJoin(accounts, eq(accounts.id, emailVerifications.accountId))
    .where(and(eq(emailVerifications.tokenHash, sha256Hex(token)), isNull(emailVerifications.usedAt), gt(emailVerifications.expiresAt, now)));
  return row && !row.account.disabledAt ? row.account : null;
}

/** Uses the link (and every other link of the account) and marks the address verified. Null when the link is no longer good. */
export async function verifyEmail(db: Tx, input: { token: string; ip: string; now: Date }): Promise<{ accountId: string } | null> {
  return db.transaction(async (tx) => {
    const [used] = await tx
      .update(emailVerifications)
      .set({ usedAt: input.now })
      .where(and(eq(emailVerifications.tokenHash, sha256Hex(input.token)), isNull(emailVerifications.usedAt), gt(emailVerifications.expiresAt, input.now)))
      .returning({ accountId: emailVerifications.accountId });
    if (!used) return null;
    const [account] = await tx.select().from(accounts).where(eq(accounts.id, used.accountId));
    if (!account || account.disabledAt) return null;
    await tx
      .update(emailVerifications)
      .set({ usedAt: input.now })
      .where(and(eq(emailVerifications.accountId, account.id), isNull(emailVerifications.usedAt)));
    if (!account.emailVerifiedAt) await tx.update(accounts).set({ emailVerifiedAt: input.now }).where(eq(accounts.id, account.id));
    await auditAccounts(tx, { actor: account.id, actorKind: 'person', ip: input.ip }, 'email-verify', { objectId: account.id, at: input.now });
    return { accountId: account.id };
  });
}
