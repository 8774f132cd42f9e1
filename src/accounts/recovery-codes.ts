/** Single-use MFA recovery codes: ten of them, 50 random bits each, kept only as SHA-256. */
import { randomInt } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { Tx } from '../platform/database.js';
import { sha256Hex } from '../platform/crypto.js';
import { recoveryCodes } from './schema.js';

/** No 0/O or 1/I/L: codes are read off paper. */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
export const RECOVERY_CODE_COUNT = 10;

export function newRecoveryCode(): string {
  let s = '';
  for (let i = 0; i < 10; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return `${s.slice(0, 5)}-${s.slice(5)}`;
}

/** How a typed code is compared: case, spaces and dashes do not matter. */
export function normaliseRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]+/g, '');
}

export function looksLikeRecoveryCode(code: string): boolean {
  return /^[a-z0-9]{10}$/.test(normaliseRecoveryCode(code)) && !/^\d+$/.test(normaliseRecoveryCode(code));
}

/** Replaces the account's recovery codes with new ones and returns them (shown once). */
export async function replaceRecoveryCodes(tx: Tx, accountId: string, now: Date): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.accountId, accountId));
  await tx.insert(recoveryCodes).values(codes.map((c) => ({ accountId, codeHash: sha256Hex(normaliseRecoveryCode(c)), createdAt: now })));
  return codes;
}

/** Uses up a recovery code; false when it is not one of the account's unused codes. */
export async function useRecoveryCode(tx: Tx, accountId: string, code: string, now: Date): Promise<boolean> {
  const used = await tx
    .update(recoveryCodes)
    .set({ usedAt: now })
    .where(and(eq(recoveryCodes.accountId, accountId), eq(recoveryCodes.codeHash, sha256Hex(normaliseRecoveryCode(code))), isNull(recoveryCodes.usedAt)))
    .returning({ accountId: recoveryCodes.accountId });
  return used.length === 1;
}

export async function unusedRecoveryCodes(tx: Tx, accountId: string): Promise<number> {
  const rows = await tx
    .select({ h: recoveryCodes.codeHash })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.accountId, accountId), isNull(recoveryCodes.usedAt)));
  return rows.length;
}
