/**
 * The capabilities module: the registry of every part of the exchange and its
 * live status, the guard, the degradation hooks, the status page, the
 * operations console and the `candor status` commands.
 */
import type { CandorModule } from '../app/module.js';
import { capabilityUnavailable } from '../platform/errors.js';
import type { AppContext } from '../web/context.js';
import { applyDueWindows } from './apply-due-windows.js';
import { isCapabilityId } from './ids.js';
import { createCapabilityService } from './service.js';

export const WINDOWS_JOB = 'capabilities-windows';

export async function startCapabilities(ctx: AppContext): Promise<() => Promise<void>> {
  const databaseUrl = ctx.pool.options.connectionString;
  if (!databaseUrl) throw new Error('capabilities: the database pool has no connection string');
  const service = createCapabilityService({ databaseUrl, clock: ctx.clock, profile: ctx.profile, log: ctx.log });
  await service.start();
  ctx.services.capabilities = service;

  ctx.hooks.requireCapability = async (capability, req) => {
    if (!isCapabilityId(capability)) throw new Error(`access table names an unknown capability: ${capability}`);
    if (req.actor?.kind === 'customer') service.recordVisit(capability, req.actor.sessionHash);
    if (!service.isAvailable(capability)) throw capabilityUnavailable([capability], service.retryAfterSeconds([capability]));
  };
  return () => service.close();
}

export const capabilitiesModule: CandorModule = {
  name: 'capabilities',
  start: startCapabilities,
  jobs: [
    {
      name: WINDOWS_JOB,
      // Every minute; the windows start and end on the minute they are set for.
      cron: '* * * * *',
      retryLimit: 5,
      retryDelaySeconds: 5,
      expireInSeconds: 60,
      handler: async (ctx: AppContext) => {
        const result = await applyDueWindows(ctx.db, ctx.clock.now());
        if (result.started.length || result.ended.length) await ctx.services.capabilities.refresh();
      },
    },
  ],
};
