import { eq } from 'drizzle-orm';
import type { Tx } from '../platform/database.js';
import { invalidInput } from '../platform/errors.js';
import { revokeAllAccessTokens } from './access-tokens.js';
import { auditAccounts } from './audit.js';
import { newPasswordErrors } from './new-password.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { accounts } from './schema.js';
import { revokeAllSessions, createSession } from './sessions.js';
import { countFailure } from './sign-in.js';

/**
 * A signed-in person changes their password. Every session and access token
 * of the account ends, this session included; the person carries on in a new
 * session. A wrong current password counts as a failed sign-in.
 */
export async function changePassword(db: Tx, input: { accountId: string; current: string; password: string; confirm: string; ip: string; now: Date }): Promise<{ token: string }> {
  const [account] = await db.select().from(accounts).where(eq(accounts.id, input.accountId));
  if (!account) throw invalidInput([{ field: 'current', messageKey: 'accounts.password.currentWrong' }]);
  const currentRight = await verifyPassword(account.passwordHash, input.current);
  if (!currentRight) {
    // A wrong current password is a guess at the password like one at sign-in: it counts toward the
    // lockout, committed even though the change is refused (ADR 0084).
    await db.transaction(async (tx) => {
      const [locked] = await tx.select().from(accounts).where(eq(accounts.id, account.id)).for('update');
      if (locked) await countFailure(tx, locked, input.now, input.ip, 'current-password');
    });
  }
  const errors = currentRight ? [] : [{ field: 'current', messageKey: 'accounts.password.currentWrong' }];
  errors.push(...newPasswordErrors(input.password, { kind: account.kind, email: account.email, confirm: input.confirm }));
  if (errors.length) throw invalidInput(errors);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    await tx.update(accounts).set({ passwordHash, passwordChangedAt: input.now, passwordMustChange: false }).where(eq(accounts.id, account.id));
    await revokeAllSessions(tx, account.id, input.now);
    await revokeAllAccessTokens(tx, { by: { actor: account.id, actorKind: 'person', ip: input.ip }, now: input.now, accountId: account.id, reason: 'password-change' });
    const token = await createSession(tx, account.id, { now: input.now, mfaPassed: true, ip: input.ip });
    await auditAccounts(tx, { actor: account.id, actorKind: 'person', ip: input.ip }, 'password-change', { objectId: account.id, details: { sessionsEnded: true }, at: input.now });
    return { token };
  });
}
