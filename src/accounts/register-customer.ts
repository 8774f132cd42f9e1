/**
 * A customer creates an account. The answer is the same whether or not the
 * address already has one (customer or staff): a new address gets a link to
 * confirm it, a taken one gets an email telling its owner someone tried, and
 * the person at the form sees "Check your email" either way. The password is
 * hashed in both cases, so the two take about as long. (ADR 0130)
 */
import { eq } from 'drizzle-orm';
import type { Tx } from '../platform/database.js';
import { invalidInput } from '../platform/errors.js';
import { auditAccounts } from './audit.js';
import { createEmailVerification } from './email-verification.js';
import { newPasswordErrors } from './new-password.js';
import { hashPassword } from './passwords.js';
import { accountRoles, accounts } from './schema.js';
import { normaliseEmail, type AccountRow } from './sign-in.js';

export type Registration =
  /** A new account, not yet verified: email it the confirmation link. */
  | { outcome: 'created'; account: AccountRow; verificationToken: string }
  /** The address already had an account: tell its owner (unless it is disabled). */
  | { outcome: 'address-has-account'; account: AccountRow };

/** Throws invalid-input with field errors for a bad form; otherwise never says whether the address was taken. */
export async function registerCustomer(
  db: Tx,
  input: { email: string; firstName: string; lastName: string; password: string; confirm: string; language: 'en' | 'es'; ip: string; now: Date },
): Promise<Registration> {
  const email = normaliseEmail(input.email);
  const errors = newPasswordErrors(input.password, { kind: 'customer', email, confirm: input.confirm });
  if (errors.length) throw invalidInput(errors);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx): Promise<Registration> => {
    const anonymous = { actor: 'unknown', actorKind: 'anonymous', ip: input.ip } as const;
    const inserted = await tx
      .insert(accounts)
      .values({
        kind: 'customer',
        email,
        passwordHash,
        firstName: input.firstName,
        lastName: input.lastName,
        language: input.language,
        createdAt: input.now,
        passwordChangedAt: input.now,
        emailVerifiedAt: null,
      })
      .onConflictDoNothing()
      .returning();
    const created = inserted[0];
    if (!created) {
      const [existing] = await tx.select().from(accounts).where(eq(accounts.email, email));
      await auditAccounts(tx, anonymous, 'register', { objectId: existing!.id, outcome: 'failure', details: { reason: 'address-has-account' }, at: input.now });
      return { outcome: 'address-has-account', account: existing! };
    }
    await tx.insert(accountRoles).values({ accountId: created.id, role: 'customer', grantedAt: input.now });
    await auditAccounts(tx, { actor: created.id, actorKind: 'person', ip: input.ip }, 'register', { objectId: created.id, details: { emailVerified: false }, at: input.now });
    const verificationToken = await createEmailVerification(tx, { accountId: created.id, by: { actor: created.id, actorKind: 'person', ip: input.ip }, now: input.now });
    return { outcome: 'created', account: created, verificationToken };
  });
}
