/**
 * Server-side sessions: 15 minutes idle, 12 hours absolute (RULES.md,
 * security figures). Revocable: sign-out and a password change end them.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '../platform/database.js';
import { MINUTE, HOUR } from '../platform/clock.js';
import { randomToken, sha256Hex } from '../platform/crypto.js';
import { accountRoles, accounts, sessions } from './schema.js';
import type { Role } from './roles.js';

export const SESSION_IDLE_MS = 15 * MINUTE;
export const SESSION_ABSOLUTE_MS = 12 * HOUR;
/** last_seen_at is written at most this often, to keep page views from writing on every request. */
const TOUCH_EVERY_MS = 30_000;

export interface Actor {
  accountId: string;
  kind: 'customer' | 'staff';
  roles: Role[];
  firstName: string;
  language: 'en' | 'es';
  sessionHash: string;
  /** Staff sessions are complete only after the second factor. */
  mfaPassed: boolean;
  /** Present when the request came with a personal access token instead of a session. */
  viaToken?: boolean;
  /** The person has proved they read mail at the account's address (ADR 0130); applying and paying need it. */
  emailVerified: boolean;
}

/** A session is live while neither its idle nor its absolute limit has passed. */
export function sessionLive(s: { lastSeenAt: Date; absoluteExpiresAt: Date; revokedAt: Date | null }, now: Date): boolean {
  return !s.revokedAt && now.getTime() - s.lastSeenAt.getTime() < SESSION_IDLE_MS && now < s.absoluteExpiresAt;
}

export async function createSession(tx: Tx, accountId: string, opts: { now: Date; mfaPassed: boolean; ip?: string }): Promise<string> {
  const token = randomToken();
  await tx.insert(sessions).values({
    tokenHash: sha256Hex(token),
    accountId,
    mfaPassed: opts.mfaPassed,
    createdAt: opts.now,
    lastSeenAt: opts.now,
    absoluteExpiresAt: new Date(opts.now.getTime() + SESSION_ABSOLUTE_MS),
    ip: opts.ip,
  });
  return token;
}

export async function loadSession(db: Db, token: string, now: Date): Promise<Actor | null> {
  const tokenHash = sha256Hex(token);
  const rows = await db
    .select({
      session: sessions,
      account: { id: accounts.id, kind: accounts.kind, firstName: accounts.firstName, language: accounts.language, disabledAt: accounts.disabledAt, emailVerifiedAt: accounts.emailVerifiedAt },
      // Roles in the same round trip: every signed-in request pays for this query.
      roles: sql<string[]>`array(SELECT ${accountRoles.role} FROM ${accountRoles} WHERE ${accountRoles.accountId} = ${accounts.id})`,
    })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .where(eq(sessions.tokenHash, tokenHash));
  const row = rows[0];
  if (!row || row.account.disabledAt || !sessionLive(row.session, now)) return null;
  if (now.getTime() - row.session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.tokenHash, tokenHash));
  }
  return {
    accountId: row.account.id,
    kind: row.account.kind,
    roles: row.roles as Role[],
    firstName: row.account.firstName,
    language: row.account.language,
    sessionHash: tokenHash,
    mfaPassed: row.session.mfaPassed,
    emailVerified: row.account.emailVerifiedAt !== null,
  };
}

export async function markSessionMfaPassed(tx: Tx, sessionHash: string, now: Date): Promise<void> {
  await tx.update(sessions).set({ mfaPassed: true, lastSeenAt: now }).where(eq(sessions.tokenHash, sessionHash));
}

export async function revokeSession(tx: Tx, sessionHash: string, now: Date): Promise<void> {
  await tx
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.tokenHash, sessionHash), isNull(sessions.revokedAt)));
}

/** Ends every session of an account (password change, lockout, role change). */
export async function revokeAllSessions(tx: Tx, accountId: string, now: Date, exceptHash?: string): Promise<void> {
  await tx
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.accountId, accountId), isNull(sessions.revokedAt), exceptHash ? sql`${sessions.tokenHash} <> ${exceptHash}` : undefined));
}

/**
 * Replaces a session by a new one with a new token (at sign-in and when the
 * second factor is given), so a token seen before the change is worth nothing.
 */
export async function rotateSession(tx: Tx, oldHash: string | undefined, accountId: string, opts: { now: Date; mfaPassed: boolean; ip?: string }): Promise<string> {
  if (oldHash) await revokeSession(tx, oldHash, opts.now);
  return createSession(tx, accountId, opts);
}
