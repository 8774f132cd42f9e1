import { eq } from 'drizzle-orm';
import type { Tx } from '../platform/database.js';
import { invalidInput } from '../platform/errors.js';
import { auditAccounts } from './audit.js';
import { newPasswordErrors } from './new-password.js';
import { hashPassword } from './passwords.js';
import { accountRoles, accounts } from './schema.js';
import { createSession } from './sessions.js';
import { normaliseEmail } from './sign-in.js';

/** A customer creates an account and is signed in. Throws invalid-input with field errors. */
export async function registerCustomer(
  db: Tx,
  input: { email: string; firstName: string; lastName: string; password: string; confirm: string; language: 'en' | 'es'; ip: string; now: Date },
): Promise<{ accountId: string; token: string }> {
  const email = normaliseEmail(input.email);
  const errors = newPasswordErrors(input.password, { kind: 'customer', email, confirm: input.confirm });
  if (errors.length) throw invalidInput(errors);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [taken] = await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.email, email));
    if (taken) throw invalidInput([{ field: 'email', messageKey: 'accounts.email.taken' }]);
    const inserted = await tx
      .insert(accounts)
      .values({ kind: 'customer', email, passwordHash, firstName: input.firstName, lastName: input.lastName, language: input.language, createdAt: input.now, passwordChangedAt: input.now })
      .onConflictDoNothing()
      .returning({ id: accounts.id });
    if (!inserted[0]) throw invalidInput([{ field: 'email', messageKey: 'accounts.email.taken' }]);
    const accountId = inserted[0].id;
    await tx.insert(accountRoles).values({ accountId, role: 'customer', grantedAt: input.now });
    const token = await createSession(tx, accountId, { now: input.now, mfaPassed: true, ip: input.ip });
    await auditAccounts(tx, { actor: accountId, actorKind: 'person', ip: input.ip }, 'register', { objectId: accountId, at: input.now });
    return { accountId, token };
  });
}
