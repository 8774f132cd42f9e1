/** What administrators do to staff accounts: roles, unlock, disable, enable, reset MFA. Every change audited. */
import { and, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { Tx } from '../platform/database.js';
import { invalidInput, notFound } from '../platform/errors.js';
import { auditAccounts, type Who } from './audit.js';
import { UNLOCKED } from './lockout.js';
import { isStaffRole, type StaffRole } from './roles.js';
import { accountRoles, accounts, recoveryCodes } from './schema.js';
import { revokeAllSessions } from './sessions.js';
import { revokeAllAccessTokens } from './access-tokens.js';

async function staffAccount(tx: Tx, id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound();
  const [account] = await tx
    .select()
    .from(accounts)
    .where(and(eq(accounts.id, id), eq(accounts.kind, 'staff')))
    .for('update');
  if (!account) throw notFound();
  return account;
}

/** Other active administrators than this account: the exchange must keep at least one. */
async function otherActiveAdmins(tx: Tx, accountId: string): Promise<number> {
  const rows = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(accountRoles)
    .innerJoin(accounts, eq(accounts.id, accountRoles.accountId))
    .where(and(eq(accountRoles.role, 'administrator'), ne(accounts.id, accountId), isNull(accounts.disabledAt)));
  return rows[0]?.n ?? 0;
}

export async function setStaffRoles(tx: Tx, c: { by: Who; now: Date; accountId: string; roles: string[] }): Promise<{ granted: StaffRole[]; revoked: StaffRole[] }> {
  const wanted = [...new Set(c.roles)];
  if (wanted.length === 0 || !wanted.every(isStaffRole)) throw invalidInput([{ field: 'roles', messageKey: 'accounts.admin.noRoles' }]);
  const account = await staffAccount(tx, c.accountId);
  const current = (await tx.select({ role: accountRoles.role }).from(accountRoles).where(eq(accountRoles.accountId, account.id))).map((r) => r.role as StaffRole);
  const granted = (wanted as StaffRole[]).filter((r) => !current.includes(r));
  const revoked = current.filter((r) => !wanted.includes(r));
  if (revoked.includes('administrator') && (await otherActiveAdmins(tx, account.id)) === 0) throw invalidInput([{ field: 'roles', messageKey: 'accounts.admin.lastAdmin' }]);
  if (revoked.length) await tx.delete(accountRoles).where(and(eq(accountRoles.accountId, account.id), inArray(accountRoles.role, revoked)));
  if (granted.length) await tx.insert(accountRoles).values(granted.map((role) => ({ accountId: account.id, role, grantedBy: c.by.actor, grantedAt: c.now })));
  // A token made for one set of duties must not carry over to another (ADR 0084).
  if (granted.length || revoked.length) await revokeAllAccessTokens(tx, { by: c.by, now: c.now, accountId: account.id, reason: 'role-change' });
  for (const role of granted) await auditAccounts(tx, c.by, 'role-grant', { objectId: account.id, details: { role }, at: c.now });
  for (const role of revoked) await auditAccounts(tx, c.by, 'role-revoke', { objectId: account.id, details: { role }, at: c.now });
  return { granted, revoked };
}

export async function unlockAccount(tx: Tx, c: { by: Who; now: Date; accountId: string }): Promise<void> {
  const account = await staffAccount(tx, c.accountId);
  await tx.update(accounts).set(UNLOCKED).where(eq(accounts.id, account.id));
  await auditAccounts(tx, c.by, 'unlock', { objectId: account.id, details: { wasLocked: Boolean(account.lockedByPolicyAt || account.lockedUntil), failures: account.failedSignIns }, at: c.now });
}

export async function setAccountDisabled(tx: Tx, c: { by: Who; now: Date; accountId: string; disabled: boolean }): Promise<void> {
  const account = await staffAccount(tx, c.accountId);
  if (c.disabled) {
    if (account.id === c.by.actor) throw invalidInput([{ field: 'form', messageKey: 'accounts.admin.self' }]);
    const isAdmin =
      (
        await tx
          .select()
          .from(accountRoles)
          .where(and(eq(accountRoles.accountId, account.id), eq(accountRoles.role, 'administrator')))
      ).length > 0;
    if (isAdmin && (await otherActiveAdmins(tx, account.id)) === 0) throw invalidInput([{ field: 'form', messageKey: 'accounts.admin.lastAdmin' }]);
    await tx.update(accounts).set({ disabledAt: c.now }).where(eq(accounts.id, account.id));
    await revokeAllSessions(tx, account.id, c.now);
  } else {
    await tx.update(accounts).set({ disabledAt: null }).where(eq(accounts.id, account.id));
  }
  await auditAccounts(tx, c.by, c.disabled ? 'account-disable' : 'account-enable', { objectId: account.id, at: c.now });
}

/**
 * For a staff member who lost both phone and recovery codes: MFA is cleared and
 * every session ends, so the next sign-in (with their password) enrols again.
 */
export async function resetStaffMfa(tx: Tx, c: { by: Who; now: Date; accountId: string }): Promise<void> {
  const account = await staffAccount(tx, c.accountId);
  await tx.update(accounts).set({ totpSecretSealed: null, mfaEnabledAt: null, totpLastStep: null }).where(eq(accounts.id, account.id));
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.accountId, account.id));
  await revokeAllSessions(tx, account.id, c.now);
  await revokeAllAccessTokens(tx, { by: c.by, now: c.now, accountId: account.id, reason: 'mfa-reset' });
  await auditAccounts(tx, c.by, 'mfa-reset', { objectId: account.id, at: c.now });
}
