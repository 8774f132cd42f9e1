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

/**
 * A minimal browser for `server.inject()` tests: keeps cookies, and fills in
 * the CSRF field of every form it posts (a token minted from the sign-in page).
 */
export class TestAgent {
  readonly cookies = new Map<string, string>();
  private csrf?: string;

  constructor(private readonly server: import('fastify').FastifyInstance) {}

  /** Starts with the session cookie of `sessionCookieFor` / `signedIn`. */
  static withCookie(server: import('fastify').FastifyInstance, cookie: string): TestAgent {
    const agent = new TestAgent(server);
    for (const part of cookie.split(';')) {
      const [name, ...value] = part.trim().split('=');
      if (name) agent.cookies.set(name, value.join('='));
    }
    return agent;
  }

  private keep(res: { cookies: Array<{ name: string; value: string; expires?: Date; maxAge?: number }> }) {
    for (const c of res.cookies) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now()) || c.maxAge === 0) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
  }

  async get(url: string, headers: Record<string, string> = {}) {
    const res = await this.server.inject({ method: 'GET', url, cookies: Object.fromEntries(this.cookies), headers });
    this.keep(res);
    const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
    if (token) this.csrf = token;
    return res;
  }

  async post(url: string, fields: Record<string, string | string[]> = {}, opts: { csrf?: boolean } = {}) {
    if (opts.csrf !== false && !this.csrf) {
      const saved = new Map(this.cookies);
      await this.get('/sign-in');
      // Only the CSRF cookie should come from that visit.
      for (const [k, v] of saved) this.cookies.set(k, v);
    }
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const one of ([] as string[]).concat(v)) body.append(k, one);
    if (opts.csrf !== false && this.csrf) body.append('_csrf', this.csrf);
    const res = await this.server.inject({
      method: 'POST',
      url,
      payload: body.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      cookies: Object.fromEntries(this.cookies),
    });
    this.keep(res);
    const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
    if (token) this.csrf = token;
    return res;
  }

  session(): string | undefined {
    return this.cookies.get('candor_session');
  }
}
