/** Every route of the accounts module (access rules: the accounts section of src/web/access.ts). */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../web/context.js';
import { apiRoutes } from './routes/api.js';
import { emailVerificationRoutes } from './routes/email-verification.js';
import { passwordResetRoutes } from './routes/password-reset.js';
import { registerRoutes } from './routes/register.js';
import { settingsRoutes } from './routes/settings.js';
import { signInRoutes } from './routes/sign-in.js';
import { staffAdminRoutes } from './routes/staff-admin.js';
import { tokenRoutes } from './routes/tokens.js';

export function accountsRoutes(app: FastifyInstance, ctx: AppContext) {
  signInRoutes(app, ctx);
  registerRoutes(app, ctx);
  emailVerificationRoutes(app, ctx);
  passwordResetRoutes(app, ctx);
  settingsRoutes(app, ctx);
  tokenRoutes(app, ctx);
  staffAdminRoutes(app, ctx);
  apiRoutes(app);
}
