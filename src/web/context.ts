/**
 * What every route and job is handed: the shared platform services. Domain
 * modules add their own services by extending `AppServices` through
 * declaration merging in their own folder.
 */
import type { Transporter } from 'nodemailer';
import type pg from 'pg';
import type { VNode } from 'preact';
import type { FastifyRequest } from 'fastify';
import type { Config } from '../platform/config.js';
import type { Clock } from '../platform/clock.js';
import type { Db } from '../platform/database.js';
import type { Jobs } from '../platform/jobs.js';
import type { Logger } from '../platform/logger.js';
import type { StateProfile } from '../states/profile.js';
import type { Lang } from './i18n.js';

/**
 * Services that domain modules create in their `start(ctx)` and attach here.
 * Each module declares its own entry by interface merging in its folder:
 *   declare module '../web/context.js' { interface AppServices { capabilities: CapabilityService } }
 */
export interface AppServices {}

/** Extension points other modules fill in when the app is assembled. */
export interface AppHooks {
  /** Links on the staff home page, by role. */
  staffLinks: Array<{ roles: string[]; href: string; label: { en: string; es: string } }>;
  /** Links on the staff's page of a household (the modules' pages about it), by role. */
  householdLinks?: Array<{ roles: string[]; href: (householdId: string) => string; label: { en: string; es: string } }>;
  /** Links on a signed-in customer's home page and account page (the modules' pages of their own). */
  customerLinks: Array<{ href: string; label: { en: string; es: string } }>;
  /** The signed-in customer's home: where they stand and their next step (src/home). */
  customerHome?: (req: FastifyRequest) => Promise<{ title: string; body: VNode } | null>;
  /** Rendered at the top of every page (for example the capabilities banner). */
  banners: Array<(req: FastifyRequest, lang: Lang) => Promise<VNode | null>>;
  /**
   * Checks a capability a route declares; throws `capability-unavailable`
   * when it is not available. Installed by the capabilities module.
   */
  requireCapability?: (capability: string, req: FastifyRequest) => Promise<void>;
  /** Resolves a personal access token (API) to an actor; installed by the accounts module. */
  authenticateBearer?: (token: string, req: FastifyRequest) => Promise<import('../accounts/sessions.js').Actor | null>;
  /** The honest page shown instead of one whose capability is unavailable. */
  unavailablePage?: (req: FastifyRequest, capabilities: string[]) => Promise<VNode>;
}

export interface AppContext {
  config: Config;
  log: Logger;
  db: Db;
  pool: pg.Pool;
  clock: Clock;
  profile: StateProfile;
  /** Key for cookies and CSRF; key for sealing personal data at rest. */
  keys: { cookie: string; data: Buffer };
  mailer: Transporter;
  /** The local SMTP peer when no SMTP_URL is configured (its mailbox shows in the console). */
  localSmtp?: import('../platform/mail.js').LocalSmtp;
  publicUrl: string;
  jobs: Jobs | null;
  /** Whether this process runs background workers (serve, worker, tests that ask); false for one-shot commands. */
  workers: boolean;
  hooks: AppHooks;
  services: AppServices;
}
