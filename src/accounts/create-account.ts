import { randomInt } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Tx } from '../platform/database.js';
import { seal } from '../platform/crypto.js';
import { invalidInput } from '../platform/errors.js';
import { auditAccounts, type Who } from './audit.js';
import { newPasswordErrors } from './new-password.js';
import { hashPassword } from './passwords.js';
import { isStaffRole, type Role } from './roles.js';
import { accountRoles, accounts } from './schema.js';
import { normaliseEmail } from './sign-in.js';

const PASSWORD_WORDS = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random password of 20 characters (about 117 bits), in groups of five for reading aloud. */
export function generatePassword(): string {
  let s = '';
  for (let i = 0; i < 20; i++) s += PASSWORD_WORDS[randomInt(PASSWORD_WORDS.length)];
  return s.match(/.{5}/g)!.join('-');
}

export interface NewAccount {
  email: string;
  firstName: string;
  lastName?: string;
  language?: 'en' | 'es';
  roles: Role[];
  /** Generated (and returned) when absent. */
  password?: string;
  /** The first sign-in must choose a new password (an administrator's one-time password). */
  mustChangePassword?: boolean;
  /** Enrol TOTP now with this secret (the command line and the demo seed). */
  totpSecret?: string;
}

/**
 * Creates a staff or customer account (by an administrator, the command line
 * or the seed). Staff roles and the customer role are never mixed on one account.
 */
export async function createAccount(tx: Tx, input: NewAccount, c: { by: Who; now: Date; dataKey: Buffer }): Promise<{ accountId: string; password: string; generated: boolean }> {
  const email = normaliseEmail(input.email);
  const kind = input.roles.every(isStaffRole) ? 'staff' : input.roles.length === 1 && input.roles[0] === 'customer' ? 'customer' : null;
  if (!kind || input.roles.length === 0) throw invalidInput([{ field: 'roles', messageKey: 'accounts.admin.noRoles' }]);
  const generated = input.password === undefined;
  const password = input.password ?? generatePassword();
  const errors = generated ? [] : newPasswordErrors(password, { kind, email });
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) errors.unshift({ field: 'email', messageKey: 'accounts.email.invalid' });
  if (errors.length) throw invalidInput(errors);
  const [taken] = await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.email, email));
  if (taken) throw invalidInput([{ field: 'email', messageKey: 'accounts.email.taken' }]);
  const [row] = await tx
    .insert(accounts)
    .values({
      kind,
      email,
      passwordHash: await hashPassword(password),
      firstName: input.firstName,
      lastName: input.lastName ?? '',
      language: input.language ?? 'en',
      passwordMustChange: input.mustChangePassword ?? false,
      totpSecretSealed: input.totpSecret ? seal(c.dataKey, input.totpSecret) : null,
      mfaEnabledAt: input.totpSecret ? c.now : null,
      createdAt: c.now,
      passwordChangedAt: c.now,
      // Made by staff, the command line or the seed: the exchange vouches for the address.
      emailVerifiedAt: c.now,
    })
    .returning({ id: accounts.id });
  const accountId = row!.id;
  const grantedBy = c.by.actorKind === 'person' ? c.by.actor : null;
  await tx.insert(accountRoles).values(input.roles.map((role) => ({ accountId, role, grantedBy, grantedAt: c.now })));
  await auditAccounts(tx, c.by, 'account-create', { objectId: accountId, details: { kind, roles: input.roles, mfa: input.totpSecret ? 'enrolled' : 'at-first-sign-in' }, at: c.now });
  for (const role of input.roles) await auditAccounts(tx, c.by, 'role-grant', { objectId: accountId, details: { role }, at: c.now });
  return { accountId, password, generated };
}
