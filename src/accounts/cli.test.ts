import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/database.js';
import { connect, type Database } from '../platform/database.js';
import { accountTotpSecret } from './mfa.js';
import { verifyPassword } from './passwords.js';
import { STAFF_ROLES } from './roles.js';
import { accountRoles, accounts } from './schema.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
let testDb: { url: string; drop(): Promise<void> };
let database: Database;
let dataDir: string;

beforeAll(async () => {
  testDb = await createTestDatabase();
  database = connect(testDb.url, 2);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'candor-cli-'));
});
afterAll(async () => {
  await database?.close();
  await testDb?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function candor(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [path.join(root, 'bin', 'candor.js'), ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: testDb.url, CANDOR_DATA_DIR: dataDir, LOG_LEVEL: 'warn', CANDOR_ENV: 'test' },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const dataKey = () => Buffer.from((JSON.parse(fs.readFileSync(path.join(dataDir, 'keys.json'), 'utf8')) as { data: string }).data, 'base64');
const account = async (email: string) => (await database.db.select().from(accounts).where(eq(accounts.email, email)))[0];

// Each test starts `candor` (tsx, boot, argon2id) several times: slow on a busy machine.
const SLOW = { timeout: 300_000 };

describe('candor user create', () => {
  it('creates a staff account, printing a generated password and the TOTP secret', SLOW, async () => {
    const out = await candor('user', 'create', '--email', 'First.Admin@state.example', '--first-name', 'Ada', '--role', 'administrator,supervisor');
    expect(out.code).toBe(0);
    const password = /Password \(shown once\): (\S+)/.exec(out.stdout)![1]!;
    const secret = /TOTP secret \(shown once\): (\S+)/.exec(out.stdout)![1]!;
    expect(out.stdout).toContain('otpauth://totp/');
    const row = await account('first.admin@state.example');
    expect(row).toMatchObject({ kind: 'staff', firstName: 'Ada' });
    expect(await verifyPassword(row!.passwordHash, password)).toBe(true);
    expect(accountTotpSecret(dataKey(), row!)).toBe(secret);
    const roles = await database.db.select().from(accountRoles).where(eq(accountRoles.accountId, row!.id));
    expect(roles.map((r) => r.role).sort()).toEqual(['administrator', 'supervisor']);
  });

  it('creates a customer with a given password, and checks it against the rules', SLOW, async () => {
    const weak = await candor('user', 'create', '--email', 'c@example.test', '--first-name', 'Cy', '--role', 'customer', '--password', 'password1234');
    expect(weak.code).toBe(2);
    expect(weak.stderr.trim()).toBe('candor: --password: This password is too common: people trying to break into accounts guess it first. Choose another.');
    const ok = await candor('user', 'create', '--email', 'c@example.test', '--first-name', 'Cy', '--role', 'customer', '--password', 'meadow cobalt otter', '--language', 'es');
    expect(ok.code).toBe(0);
    expect(ok.stdout).not.toContain('Password');
    expect(ok.stdout).not.toContain('TOTP');
    expect(await account('c@example.test')).toMatchObject({ kind: 'customer', language: 'es' });
  });

  it('explains what is missing or wrong in one line', SLOW, async () => {
    const missing = await candor('user', 'create', '--email', 'x@example.test');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('needs --email, --first-name and --role');
    const badRole = await candor('user', 'create', '--email', 'x@example.test', '--first-name', 'X', '--role', 'wizard');
    expect(badRole.stderr).toContain('unknown role "wizard"');
    const taken = await candor('user', 'create', '--email', 'c@example.test', '--first-name', 'X', '--role', 'customer');
    expect(taken.stderr.trim()).toBe('candor: --email: An account with this email address already exists. Sign in, or reset your password.');
  });
});

describe('candor seed (accounts)', () => {
  it('creates a staff member for every role and three customers, and prints the same sign-ins when run again', SLOW, async () => {
    const first = await candor('seed');
    expect(first.code).toBe(0);
    for (const role of STAFF_ROLES) {
      const row = await account(`${role}@demo.candor.localhost`);
      expect(row?.kind).toBe('staff');
      const secret = accountTotpSecret(dataKey(), row!)!;
      expect(first.stdout).toContain(`${role}@demo.candor.localhost`);
      expect(first.stdout).toContain(`TOTP secret ${secret}`);
    }
    const maria = await account('maria@demo.candor.localhost');
    expect(maria).toMatchObject({ kind: 'customer', language: 'es' });
    const line = first.stdout.split('\n').find((l) => l.includes('maria@demo.candor.localhost'))!;
    expect(await verifyPassword(maria!.passwordHash, /(Lake Champlain demo \d)/.exec(line)![1]!)).toBe(true);

    const count = (await database.db.select().from(accounts)).length;
    const second = await candor('seed');
    expect(second.code).toBe(0);
    expect((await database.db.select().from(accounts)).length).toBe(count);
    const accountLines = (s: string) => s.split('\n').filter((l) => l.includes('@demo.candor.localhost'));
    expect(accountLines(second.stdout)).toEqual(accountLines(first.stdout));
  });
});
