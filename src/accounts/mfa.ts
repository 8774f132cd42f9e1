/**
 * Two-step verification: enrolling an authenticator app, giving a code (or a
 * recovery code) after the password, and turning it off (customers only).
 * TOTP secrets are sealed at rest with the data key.
 */
import { eq } from 'drizzle-orm';
import type { Tx } from '../platform/database.js';
import { MINUTE } from '../platform/clock.js';
import { seal, unseal } from '../platform/crypto.js';
import { auditAccounts } from './audit.js';
import { isLocked, UNLOCKED } from './lockout.js';
import { hashPassword } from './passwords.js';
import { looksLikeRecoveryCode, replaceRecoveryCodes, useRecoveryCode } from './recovery-codes.js';
import { accounts, recoveryCodes } from './schema.js';
import { countFailure, lockState, type AccountRow } from './sign-in.js';
import { revokeAllSessions, rotateSession } from './sessions.js';
import { checkTotp } from './totp.js';

const ENROLMENT_MS = 15 * MINUTE;

/**
 * The secret being enrolled travels in the form, sealed with the data key and
 * bound to the account and a deadline, so showing the enrolment page writes nothing.
 */
export function sealEnrolment(dataKey: Buffer, accountId: string, secret: string, now: Date): string {
  return seal(dataKey, JSON.stringify({ a: accountId, s: secret, e: now.getTime() + ENROLMENT_MS }));
}

export function openEnrolment(dataKey: Buffer, sealed: string, accountId: string, now: Date): string | null {
  try {
    const { a, s, e } = JSON.parse(unseal(dataKey, sealed)) as { a: string; s: string; e: number };
    return a === accountId && now.getTime() < e && typeof s === 'string' ? s : null;
  } catch {
    return null;
  }
}

export function accountTotpSecret(dataKey: Buffer, account: Pick<AccountRow, 'totpSecretSealed'>): string | null {
  return account.totpSecretSealed ? unseal(dataKey, account.totpSecretSealed) : null;
}

interface Ctx {
  now: Date;
  ip: string;
  dataKey: Buffer;
}

/**
 * Turns MFA on with a secret the person has shown they hold (a valid code).
 * At a staff member's first sign-in it may also set their own password.
 * Returns the recovery codes (shown once), or null when the code is wrong.
 */
export async function enrolMfa(tx: Tx, c: Ctx & { accountId: string; secret: string; code: string; newPassword?: string }): Promise<{ recoveryCodes: string[] } | null> {
  const step = checkTotp(c.secret, c.code, c.now, null);
  if (step === null) return null;
  const passwordHash = c.newPassword ? await hashPassword(c.newPassword) : undefined;
  await tx
    .update(accounts)
    .set({
      totpSecretSealed: seal(c.dataKey, c.secret),
      mfaEnabledAt: c.now,
      totpLastStep: step,
      ...(passwordHash ? { passwordHash, passwordChangedAt: c.now, passwordMustChange: false } : {}),
    })
    .where(eq(accounts.id, c.accountId));
  const codes = await replaceRecoveryCodes(tx, c.accountId, c.now);
  const who = { actor: c.accountId, actorKind: 'person' as const, ip: c.ip };
  await auditAccounts(tx, who, 'mfa-enrol', { objectId: c.accountId, details: { method: 'totp', recoveryCodes: codes.length }, at: c.now });
  if (passwordHash) await auditAccounts(tx, who, 'password-change', { objectId: c.accountId, details: { reason: 'first-sign-in' }, at: c.now });
  return { recoveryCodes: codes };
}

export type SecondFactorResult =
  | { ok: true; token: string; usedRecoveryCode: boolean }
  /** `ended`: the account is locked (now or before), and its sessions are over. */
  | { ok: false; lockedNow: boolean; ended: boolean; account?: AccountRow };

/**
 * The second step of signing in. A wrong code counts as a failed sign-in
 * (so the lockout limits guessing codes too); a right one clears the count
 * and replaces the pending session by a complete one.
 */
export async function verifySecondFactor(tx: Tx, c: Ctx & { accountId: string; sessionHash: string; code: string }): Promise<SecondFactorResult> {
  const [account] = await tx.select().from(accounts).where(eq(accounts.id, c.accountId)).for('update');
  if (!account || account.disabledAt || !account.totpSecretSealed) return { ok: false, lockedNow: false, ended: false };
  if (isLocked(lockState(account), c.now)) {
    await revokeAllSessions(tx, account.id, c.now);
    return { ok: false, lockedNow: false, ended: true };
  }
  const who = { actor: account.id, actorKind: 'person' as const, ip: c.ip };
  let usedRecoveryCode = false;
  const step = checkTotp(unseal(c.dataKey, account.totpSecretSealed), c.code, c.now, account.totpLastStep);
  if (step === null) {
    usedRecoveryCode = looksLikeRecoveryCode(c.code) && (await useRecoveryCode(tx, account.id, c.code, c.now));
    if (!usedRecoveryCode) {
      const { lockedNow } = await countFailure(tx, account, c.now, c.ip, 'code');
      return { ok: false, lockedNow, ended: lockedNow, account };
    }
  }
  await tx
    .update(accounts)
    .set({ ...UNLOCKED, ...(step !== null ? { totpLastStep: step } : {}) })
    .where(eq(accounts.id, account.id));
  const token = await rotateSession(tx, c.sessionHash, account.id, { now: c.now, mfaPassed: true, ip: c.ip });
  await auditAccounts(tx, who, usedRecoveryCode ? 'recovery-code-use' : 'mfa-verify', { objectId: account.id, at: c.now });
  return { ok: true, token, usedRecoveryCode };
}

/** New recovery codes, confirmed by a current code from the app. Null when the code is wrong. */
export async function replaceRecoveryCodesWithCode(tx: Tx, c: Ctx & { accountId: string; code: string }): Promise<string[] | null> {
  const [account] = await tx.select().from(accounts).where(eq(accounts.id, c.accountId)).for('update');
  if (!account?.totpSecretSealed) return null;
  const step = checkTotp(unseal(c.dataKey, account.totpSecretSealed), c.code, c.now, account.totpLastStep);
  if (step === null) return null;
  await tx.update(accounts).set({ totpLastStep: step }).where(eq(accounts.id, account.id));
  const codes = await replaceRecoveryCodes(tx, account.id, c.now);
  await auditAccounts(tx, { actor: account.id, actorKind: 'person', ip: c.ip }, 'recovery-codes-replace', { objectId: account.id, at: c.now });
  return codes;
}

/** A customer turns MFA off (staff cannot: it is required for them). */
export async function disableMfa(tx: Tx, c: { accountId: string; now: Date; ip: string }): Promise<void> {
  await tx.update(accounts).set({ totpSecretSealed: null, mfaEnabledAt: null, totpLastStep: null }).where(eq(accounts.id, c.accountId));
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.accountId, c.accountId));
  await auditAccounts(tx, { actor: c.accountId, actorKind: 'person', ip: c.ip }, 'mfa-disable', { objectId: c.accountId, at: c.now });
}
