/**
 * Personal access tokens for staff API access: shown once, kept as SHA-256,
 * revocable, expiring. A token carries no roles of its own: each use gets the
 * holder's roles at that moment. (docs/adr/0014-personal-access-tokens.md)
 */
import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import type { Db, Tx } from '../platform/database.js';
import { DAY, MINUTE } from '../platform/clock.js';
import { randomToken, sha256Hex } from '../platform/crypto.js';
import { notFound } from '../platform/errors.js';
import { auditAccounts, type Who } from './audit.js';
import type { Role } from './roles.js';
import { accessTokens, accountRoles, accounts } from './schema.js';
import type { Actor } from './sessions.js';

export const TOKEN_PREFIX = 'candor_pat_';
export const TOKEN_LIFETIME_MS = 90 * DAY;
/** last_used_at is written at most this often. */
const TOUCH_EVERY_MS = MINUTE;

export async function createAccessToken(tx: Tx, c: { by: Who & { actor: string }; now: Date; name: string }): Promise<{ id: string; token: string }> {
  const token = TOKEN_PREFIX + randomToken();
  const [row] = await tx
    .insert(accessTokens)
    .values({ accountId: c.by.actor, name: c.name, tokenHash: sha256Hex(token), createdAt: c.now, expiresAt: new Date(c.now.getTime() + TOKEN_LIFETIME_MS) })
    .returning({ id: accessTokens.id });
  await auditAccounts(tx, c.by, 'token-create', { objectType: 'access-token', objectId: row!.id, details: { account: c.by.actor }, at: c.now });
  return { id: row!.id, token };
}

export async function revokeAccessToken(tx: Tx, c: { by: Who; now: Date; tokenId: string }): Promise<void> {
  if (!/^[0-9a-f-]{36}$/i.test(c.tokenId)) throw notFound();
  const revoked = await tx
    .update(accessTokens)
    .set({ revokedAt: c.now })
    .where(and(eq(accessTokens.id, c.tokenId), eq(accessTokens.accountId, c.by.actor), isNull(accessTokens.revokedAt)))
    .returning({ id: accessTokens.id });
  if (!revoked[0]) throw notFound();
  await auditAccounts(tx, c.by, 'token-revoke', { objectType: 'access-token', objectId: c.tokenId, details: { account: c.by.actor }, at: c.now });
}

/**
 * Ends every live token of an account. A token is a standing credential: a password change or
 * reset, a lockout, an MFA reset and a role change each mean whoever holds an old one must not
 * keep acting (ADR 0084). Audited once, with the number revoked and why.
 */
export async function revokeAllAccessTokens(tx: Tx, c: { by: Who; now: Date; accountId: string; reason: string }): Promise<number> {
  const revoked = await tx
    .update(accessTokens)
    .set({ revokedAt: c.now })
    .where(and(eq(accessTokens.accountId, c.accountId), isNull(accessTokens.revokedAt)))
    .returning({ id: accessTokens.id });
  if (revoked.length) {
    await auditAccounts(tx, c.by, 'token-revoke', { objectType: 'account', objectId: c.accountId, details: { account: c.accountId, tokens: revoked.length, reason: c.reason }, at: c.now });
  }
  return revoked.length;
}

export async function listAccessTokens(tx: Tx, accountId: string) {
  return tx.select().from(accessTokens).where(eq(accessTokens.accountId, accountId)).orderBy(desc(accessTokens.createdAt));
}

/** The actor a bearer token stands for: a live token of an enabled staff account, with its roles now. */
export async function authenticateToken(db: Db, token: string, now: Date): Promise<Actor | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const tokenHash = sha256Hex(token);
  const [row] = await db
    .select({ token: accessTokens, account: accounts })
    .from(accessTokens)
    .innerJoin(accounts, eq(accounts.id, accessTokens.accountId))
    .where(and(eq(accessTokens.tokenHash, tokenHash), isNull(accessTokens.revokedAt), gt(accessTokens.expiresAt, now)));
  if (!row || row.account.disabledAt || row.account.kind !== 'staff') return null;
  if (!row.token.lastUsedAt || now.getTime() - row.token.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
    await db.update(accessTokens).set({ lastUsedAt: now }).where(eq(accessTokens.id, row.token.id));
  }
  const roles = await db.select({ role: accountRoles.role }).from(accountRoles).where(eq(accountRoles.accountId, row.account.id));
  return {
    accountId: row.account.id,
    kind: 'staff',
    roles: roles.map((r) => r.role as Role),
    firstName: row.account.firstName,
    language: row.account.language,
    sessionHash: '',
    mfaPassed: true,
    viaToken: true,
    emailVerified: row.account.emailVerifiedAt !== null,
  };
}
