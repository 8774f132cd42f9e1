/**
 * Background and scheduled work on pg-boss 10. Each job is a named
 * declaration that states when it runs and its retry policy on the job
 * itself; a test checks that every declared job has a worker.
 */
import PgBoss from 'pg-boss';
import type { Logger } from './logger.js';

export interface JobDeclaration<Data extends object = Record<string, unknown>, Ctx = unknown> {
  name: string;
  /** Cron expression (in `timeZone`) for scheduled jobs; a function reads it from the context at start (a setting). */
  cron?: string | ((ctx: Ctx) => string);
  timeZone?: string | ((ctx: Ctx) => string);
  retryLimit?: number;
  retryDelaySeconds?: number;
  retryBackoff?: boolean;
  expireInSeconds?: number;
  /** How many jobs one fetch hands to the handler. */
  batchSize?: number;
  /** Seconds between polls for this queue (pg-boss minimum 0.5). */
  pollingIntervalSeconds?: number;
  handler: (ctx: Ctx, data: Data, meta: { id: string }) => Promise<void>;
}

export interface Jobs {
  boss: PgBoss;
  send<D extends object>(name: string, data: D, options?: PgBoss.SendOptions): Promise<string | null>;
  stop(): Promise<void>;
}

/** Starts pg-boss, creates each declared queue, installs schedules, and (if `work`) runs workers. */
export async function startJobs<Ctx>(opts: { url: string; ctx: Ctx; declarations: ReadonlyArray<JobDeclaration<any, Ctx>>; work: boolean; log: Logger }): Promise<Jobs> {
  const boss = new PgBoss({ connectionString: opts.url, schema: 'pgboss', max: 4, application_name: 'candor-jobs' });
  boss.on('error', (err) => opts.log.error({ err: { message: err.message } }, 'job queue error'));
  await boss.start();
  for (const job of opts.declarations) {
    await boss.createQueue(job.name, {
      name: job.name,
      retryLimit: job.retryLimit ?? 3,
      retryDelay: job.retryDelaySeconds ?? 30,
      retryBackoff: job.retryBackoff ?? true,
      expireInSeconds: job.expireInSeconds ?? 15 * 60,
    });
    const cron = typeof job.cron === 'function' ? job.cron(opts.ctx) : job.cron;
    const tz = typeof job.timeZone === 'function' ? job.timeZone(opts.ctx) : job.timeZone;
    if (cron) await boss.schedule(job.name, cron, {}, { tz: tz ?? 'UTC' });
    if (opts.work) {
      await boss.work<Record<string, unknown>>(job.name, { batchSize: job.batchSize ?? 1, pollingIntervalSeconds: job.pollingIntervalSeconds ?? 2 }, async (batch) => {
        for (const item of batch) {
          try {
            await job.handler(opts.ctx, item.data as never, { id: item.id });
          } catch (err) {
            opts.log.warn({ job: job.name, id: item.id, err: { message: (err as Error).message } }, 'job failed; pg-boss will retry');
            throw err;
          }
        }
      });
    }
  }
  return {
    boss,
    send: (name, data, options) => (options ? boss.send(name, data, options) : boss.send(name, data)),
    stop: () => boss.stop({ graceful: true, timeout: 10_000 }),
  };
}
