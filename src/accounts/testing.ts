/** Factories for tests of any module: real rows in the real database. */
import { randomUUID } from 'node:crypto';
import type { Db } from '../platform/database.js';
import { accountRoles, accounts } from './schema.js';
import { createSession } from './sessions.js';
import type { Role } from './roles.js';

/** A precomputed argon2id hash of TEST_PASSWORD, so factories stay fast. */
export const TEST_PASSWORD = 'correct horse battery staple';

let cachedHash: string | undefined;
async function testHash(): Promise<string> {
  if (!cachedHash) {
    const { hashPassword } = await import('./passwords.js');
    cachedHash = await hashPassword(TEST_PASSWORD);
  }
  return cachedHash;
}

export async function createTestAccount(
  db: Db,
  opts: { role?: Role; roles?: Role[]; email?: string; firstName?: string; language?: 'en' | 'es' } = {},
): Promise<{ id: string; email: string; roles: Role[] }> {
  const roles = opts.roles ?? [opts.role ?? 'customer'];
  const kind = roles.includes('customer') ? 'customer' : 'staff';
  const email = (opts.email ?? `${roles[0]}-${randomUUID().slice(0, 8)}@example.test`).toLowerCase();
  const [row] = await db
    .insert(accounts)
    .values({ kind, email, passwordHash: await testHash(), firstName: opts.firstName ?? 'Test', language: opts.language ?? 'en' })
    .returning({ id: accounts.id });
  await db.insert(accountRoles).values(roles.map((role) => ({ accountId: row!.id, role })));
  return { id: row!.id, email, roles };
}

/** A Cookie header value for a signed-in session (MFA passed) of the account. */
export async function sessionCookieFor(db: Db, accountId: string, now = new Date()): Promise<string> {
  const token = await createSession(db, accountId, { now, mfaPassed: true });
  return `candor_session=${token}`;
}

/** Shorthand: a new account with the role, and its session cookie. */
export async function signedIn(db: Db, role: Role, opts: { language?: 'en' | 'es' } = {}) {
  const account = await createTestAccount(db, { role, language: opts.language });
  return { ...account, cookie: await sessionCookieFor(db, account.id) };
}
