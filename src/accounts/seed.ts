/**
 * Demo accounts (idempotent): one staff member for every role, with MFA
 * enrolled, and three customers, one of them Spanish-speaking. Prints the
 * sign-ins; the TOTP secrets are those stored, so a second run prints the same.
 */
import { refuseDemoInProduction } from '../platform/config.js';
import type { AppContext } from '../web/context.js';
import { createAccount } from './create-account.js';
import { accountTotpSecret } from './mfa.js';
import { STAFF_ROLES, type Role } from './roles.js';
import { accountByEmail } from './sign-in.js';
import { newTotpSecret } from './totp.js';

export const DEMO_DOMAIN = 'demo.candor.localhost';

const STAFF_NAMES: Record<(typeof STAFF_ROLES)[number], [string, string]> = {
  'call-centre-agent': ['Casey', 'Agent'],
  'mailroom-clerk': ['Morgan', 'Clerk'],
  caseworker: ['Riley', 'Caseworker'],
  operations: ['Jordan', 'Operations'],
  supervisor: ['Taylor', 'Supervisor'],
  administrator: ['Avery', 'Administrator'],
};

export interface DemoAccount {
  email: string;
  password: string;
  firstName: string;
  lastName: string;
  roles: Role[];
  language: 'en' | 'es';
}

export const DEMO_STAFF: DemoAccount[] = STAFF_ROLES.map((role, i) => ({
  email: `${role}@${DEMO_DOMAIN}`,
  password: `Green Mountain demo ${i + 1}`,
  firstName: STAFF_NAMES[role][0],
  lastName: STAFF_NAMES[role][1],
  roles: [role],
  language: 'en',
}));

export const DEMO_CUSTOMERS: DemoAccount[] = [
  { email: `alex@${DEMO_DOMAIN}`, password: 'Lake Champlain demo 1', firstName: 'Alex', lastName: 'Rivera', roles: ['customer'], language: 'en' },
  { email: `maria@${DEMO_DOMAIN}`, password: 'Lake Champlain demo 2', firstName: 'María', lastName: 'López', roles: ['customer'], language: 'es' },
  { email: `sam@${DEMO_DOMAIN}`, password: 'Lake Champlain demo 3', firstName: 'Sam', lastName: 'Okafor', roles: ['customer'], language: 'en' },
];

export async function seedAccounts(ctx: AppContext, report: (line: string) => void): Promise<void> {
  // Demo staff have published passwords: never in production, whoever calls (docs/adr/0095).
  refuseDemoInProduction(ctx.config, 'demo accounts');
  const now = ctx.clock.now();
  const lines: string[] = [];
  for (const demo of [...DEMO_STAFF, ...DEMO_CUSTOMERS]) {
    const staff = demo.roles[0] !== 'customer';
    let existing = await accountByEmail(ctx.db, demo.email);
    if (!existing) {
      await ctx.db.transaction((tx) => createAccount(tx, { ...demo, totpSecret: staff ? newTotpSecret() : undefined }, { by: { actor: 'seed', actorKind: 'system' }, now, dataKey: ctx.keys.data }));
      existing = await accountByEmail(ctx.db, demo.email);
    }
    let secret: string | null = null;
    try {
      secret = existing ? accountTotpSecret(ctx.keys.data, existing) : null;
    } catch {
      // Sealed with another data key (a new data folder on an old database): say so rather than fail.
      secret = '(sealed with another data key: run `candor user create` for a new account)';
    }
    const who = staff ? demo.roles.join(', ') : `customer${demo.language === 'es' ? ' (español)' : ''}`;
    lines.push(`  ${who.padEnd(20)} ${demo.email.padEnd(44)} ${demo.password.padEnd(24)}${secret ? ` TOTP secret ${secret}` : ''}`.trimEnd());
  }
  report('Demo sign-ins (staff: then a code from an authenticator app set up with the TOTP secret):');
  for (const line of lines) report(line);
}
