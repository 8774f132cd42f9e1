/** The accounts module: sign-in, MFA, registration, password reset, settings, staff administration, access tokens. */
import type { CandorModule } from '../web/module.js';
import { authenticateToken } from './access-tokens.js';
import { userCreate } from './commands.js';
import { dummyPasswordHash } from './passwords.js';
import { accountsRoutes } from './routes.js';
import { seedAccounts } from './seed.js';

export const accountsModule: CandorModule = {
  name: 'accounts',
  routes: accountsRoutes,
  async start(ctx) {
    // Computed once now so the first sign-in for an unknown address is not slower than the rest.
    await dummyPasswordHash();
    ctx.hooks.authenticateBearer = (token) => authenticateToken(ctx.db, token, ctx.clock.now());
    ctx.hooks.staffLinks.push(
      { roles: ['administrator'], href: '/admin/staff', label: { en: 'Staff accounts', es: 'Cuentas del personal' } },
      {
        roles: ['call-centre-agent', 'mailroom-clerk', 'caseworker', 'operations', 'supervisor', 'administrator'],
        href: '/account/tokens',
        label: { en: 'Personal access tokens', es: 'Tokens de acceso personal' },
      },
    );
  },
  seed: (ctx, report) => seedAccounts(ctx, report),
  commands: [userCreate],
};
