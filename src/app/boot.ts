/**
 * Assembles the exchange: database (embedded or configured), migrations,
 * keys, mail transport, module hooks, jobs and the web server. `candor serve`,
 * `candor worker`, the command line and the tests all start it here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../platform/config.js';
import { defaultPublicUrl } from '../web/public-url.js';
import { systemClock, type Clock } from '../platform/clock.js';
import { openDatabase } from '../platform/database.js';
import { startJobs, type Jobs } from '../platform/jobs.js';
import { createLogger, type Logger } from '../platform/logger.js';
import { createMailer, startLocalSmtp } from '../platform/mail.js';
import { migrateAll } from '../platform/migrations.js';
import { stateProfile } from '../states/index.js';
import type { AppContext } from '../web/context.js';
import { buildServer } from '../web/server.js';
import type { CandorModule } from '../web/module.js';
import { loadSession } from '../accounts/index.js';
import { MODULES } from './modules.js';

interface LocalKeys {
  cookie: string;
  data: string;
}

/** Development keys live in the data folder (mode 0600); production must configure them. */
export function loadKeys(config: Config): { cookie: string; data: Buffer } {
  if (config.sessionSecret && config.dataKey) return { cookie: config.sessionSecret, data: Buffer.from(config.dataKey, 'base64') };
  if (config.env === 'production') throw new Error('SESSION_SECRET and CANDOR_DATA_KEY must be set in production');
  const file = path.join(config.dataDir, 'keys.json');
  let keys: LocalKeys;
  if (fs.existsSync(file)) keys = JSON.parse(fs.readFileSync(file, 'utf8')) as LocalKeys;
  else {
    keys = { cookie: randomBytes(32).toString('base64url'), data: randomBytes(32).toString('base64') };
    fs.mkdirSync(config.dataDir, { recursive: true });
    fs.writeFileSync(file, JSON.stringify(keys), { mode: 0o600 });
  }
  return { cookie: config.sessionSecret ?? keys.cookie, data: Buffer.from(config.dataKey ?? keys.data, 'base64') };
}

export interface Runtime {
  ctx: AppContext;
  modules: ReadonlyArray<CandorModule>;
  server?: FastifyInstance;
  close(): Promise<void>;
}

export interface BootOptions {
  config: Config;
  log?: Logger;
  clock?: Clock;
  modules?: ReadonlyArray<CandorModule>;
  /** Start the web server (listen is the caller's). */
  web?: boolean;
  /** Start pg-boss; `work` also runs the workers. */
  jobs?: false | { work: boolean };
  /** Run module start hooks (listeners, monitors). */
  startModules?: boolean;
  migrate?: boolean;
  onProgress?: (line: string) => void;
}

export async function boot(opts: BootOptions): Promise<Runtime> {
  const { config } = opts;
  const log = opts.log ?? createLogger(config.logLevel);
  const modules = opts.modules ?? MODULES;
  const progress = opts.onProgress ?? (() => {});
  const cleanups: Array<() => Promise<void>> = [];
  const closeAll = async () => {
    for (const fn of cleanups.reverse()) await fn().catch((err: Error) => log.warn({ err: { message: err.message } }, 'while shutting down'));
  };
  try {
    progress(config.databaseUrl ? 'Connecting to PostgreSQL…' : 'Starting the embedded PostgreSQL server…');
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.databasePoolSize }, log);
    cleanups.push(() => database.close());
    if (opts.migrate !== false) await migrateAll(database.url, (m) => progress(`Migrating ${m}…`));

    let localSmtp;
    let smtpUrl = config.smtpUrl;
    if (!smtpUrl) {
      localSmtp = await startLocalSmtp();
      cleanups.push(() => localSmtp!.close());
      smtpUrl = localSmtp.url;
    }
    const mailer = createMailer(smtpUrl);
    cleanups.push(async () => mailer.close());

    const ctx: AppContext = {
      config,
      log,
      db: database.db,
      pool: database.pool,
      clock: opts.clock ?? systemClock,
      profile: stateProfile(config.state),
      keys: loadKeys(config),
      mailer,
      localSmtp,
      publicUrl: config.publicUrl ?? defaultPublicUrl(config.host, config.port),
      jobs: null,
      workers: !!opts.jobs && opts.jobs.work,
      hooks: { banners: [], staffLinks: [], customerLinks: [] },
      services: {} as AppContext['services'],
    };

    if (opts.startModules !== false) {
      for (const module of modules) {
        const stop = await module.start?.(ctx);
        if (stop) cleanups.push(stop);
      }
    }
    if (opts.jobs) {
      progress('Starting background jobs…');
      const jobs: Jobs = await startJobs({ url: database.url, ctx, declarations: modules.flatMap((m) => m.jobs ?? []), work: opts.jobs.work, log });
      ctx.jobs = jobs;
      cleanups.push(() => jobs.stop());
    }
    let server: FastifyInstance | undefined;
    if (opts.web) {
      server = await buildServer(ctx, modules, loadSession);
      cleanups.push(() => server!.close());
    }
    return { ctx, modules, server, close: closeAll };
  } catch (err) {
    await closeAll();
    throw err;
  }
}
