/**
 * The password step of signing in. Every attempt costs one argon2id
 * verification — against the account's hash, or a dummy hash when there is
 * no such account — and every failure gets the same answer, so neither the
 * answer nor its timing tells whether an email address has an account.
 * (docs/adr/0010-sign-in-answers-and-lockout.md)
 */
import { eq, sql } from 'drizzle-orm';
import type { Tx } from '../platform/database.js';
import { auditAccounts } from './audit.js';
import { afterFailure, isLocked, UNLOCKED, type LockState } from './lockout.js';
import { dummyPasswordHash, verifyPassword } from './passwords.js';
import { accounts } from './schema.js';
import { revokeAllSessions, rotateSession } from './sessions.js';
import { revokeAllAccessTokens } from './access-tokens.js';

export type AccountRow = typeof accounts.$inferSelect;

const NO_ACCOUNT = '00000000-0000-0000-0000-000000000000';

export interface SignInInput {
  email: string;
  password: string;
  ip: string;
  now: Date;
  /** The session the request came with, if any: replaced, never reused. */
  previousSessionHash?: string;
}

export type SignInResult = { ok: true; token: string; accountId: string; kind: 'customer' | 'staff'; secondFactor: 'none' | 'code' | 'enrol' } | { ok: false; lockedNow?: { account: AccountRow } };

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function lockState(a: Pick<AccountRow, 'failedSignIns' | 'firstFailedAt' | 'lockedUntil' | 'lockedByPolicyAt'>): LockState {
  return { failedSignIns: a.failedSignIns, firstFailedAt: a.firstFailedAt, lockedUntil: a.lockedUntil, lockedByPolicyAt: a.lockedByPolicyAt };
}

/** Counts one failed attempt (password or second factor) against the account, locking it at the limit. */
export async function countFailure(tx: Tx, account: AccountRow, now: Date, ip: string, step: 'password' | 'code' | 'current-password'): Promise<{ lockedNow: boolean }> {
  const { state, lockedNow } = afterFailure(account.kind, lockState(account), now);
  await tx.update(accounts).set(state).where(eq(accounts.id, account.id));
  const audited = { password: ['sign-in', 'wrong-password'], code: ['mfa-verify', 'wrong-code'], 'current-password': ['password-change', 'wrong-current-password'] } as const;
  await auditAccounts(tx, { actor: account.id, actorKind: 'person', ip }, audited[step][0], {
    objectId: account.id,
    outcome: 'failure',
    details: { reason: audited[step][1], failures: state.failedSignIns },
    at: now,
  });
  if (lockedNow) {
    await revokeAllSessions(tx, account.id, now);
    await revokeAllAccessTokens(tx, { by: { actor: 'accounts', actorKind: 'system', ip }, now, accountId: account.id, reason: 'lockout' });
    await auditAccounts(tx, { actor: 'accounts', actorKind: 'system', ip }, 'lockout', {
      objectId: account.id,
      details: { kind: account.kind, failures: state.failedSignIns, until: state.lockedUntil?.toISOString() ?? 'administrator' },
      at: now,
    });
  }
  return { lockedNow };
}

export async function signIn(db: Tx, input: SignInInput): Promise<SignInResult> {
  const email = normaliseEmail(input.email);
  const [found] = await db.select().from(accounts).where(eq(accounts.email, email));
  const passwordOk = await verifyPassword(found?.passwordHash ?? (await dummyPasswordHash()), input.password);

  return db.transaction(async (tx) => {
    if (!found) {
      // The same round trips as a wrong password for an account (row lock, counter update),
      // touching no row, so the answer takes as long (measured in bench/accounts.ts).
      await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, NO_ACCOUNT)).for('update');
      await tx
        .update(accounts)
        .set({ failedSignIns: sql`${accounts.failedSignIns} + 1` })
        .where(eq(accounts.id, NO_ACCOUNT));
      await auditAccounts(tx, { actor: 'unknown', actorKind: 'anonymous', ip: input.ip }, 'sign-in', {
        outcome: 'failure',
        details: { reason: 'unknown-account' },
        at: input.now,
      });
      return { ok: false } as const;
    }
    // Re-read under a row lock: concurrent attempts must not lose a failure count.
    const [account] = await tx.select().from(accounts).where(eq(accounts.id, found.id)).for('update');
    if (!account) return { ok: false } as const;
    const who = { actor: account.id, actorKind: 'person' as const, ip: input.ip };
    if (account.disabledAt || isLocked(lockState(account), input.now)) {
      await auditAccounts(tx, who, 'sign-in', { objectId: account.id, outcome: 'denied', details: { reason: account.disabledAt ? 'disabled' : 'locked' }, at: input.now });
      return { ok: false } as const;
    }
    if (!passwordOk) {
      const { lockedNow } = await countFailure(tx, account, input.now, input.ip, 'password');
      return lockedNow ? ({ ok: false, lockedNow: { account } } as const) : ({ ok: false } as const);
    }
    const secondFactor = account.mfaEnabledAt ? 'code' : account.kind === 'staff' ? 'enrol' : 'none';
    // Failure counts are cleared only once every factor is given, so a stolen
    // password cannot be used to reset the count between guesses of the code.
    if (secondFactor === 'none') await tx.update(accounts).set(UNLOCKED).where(eq(accounts.id, account.id));
    const token = await rotateSession(tx, input.previousSessionHash, account.id, { now: input.now, mfaPassed: secondFactor === 'none', ip: input.ip });
    await auditAccounts(tx, who, 'sign-in', { objectId: account.id, details: { step: 'password', next: secondFactor }, at: input.now });
    return { ok: true, token, accountId: account.id, kind: account.kind, secondFactor } as const;
  });
}

/** Used by tests and the seed: whether an email has an account (never by routes that answer strangers). */
export async function accountByEmail(tx: Tx, email: string): Promise<AccountRow | undefined> {
  const [row] = await tx
    .select()
    .from(accounts)
    .where(sql`${accounts.email} = ${normaliseEmail(email)}`);
  return row;
}
