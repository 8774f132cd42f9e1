/**
 * The capabilities module: the registry of every part of the exchange and its
 * live status, the guard, the degradation hooks (alternatives page, banner,
 * CapabilityLink), the status page, the operations console and the
 * `candor status` commands.
 */
import { lt } from 'drizzle-orm';
import type { CandorModule } from '../web/module.js';
import { capabilityUnavailable } from '../platform/errors.js';
import type { AppContext } from '../web/context.js';
import { applyDueWindows } from './apply-due-windows.js';
import { setPageCapabilities } from './capability-link.js';
import { statusCommands } from './commands.js';
import { isCapabilityId, type CapabilityId } from './ids.js';
import { StatusBanner, UnavailablePage } from './pages.js';
import { capabilityRoutes } from './routes.js';
import { capabilityPageVisits } from './schema.js';
import { createCapabilityService } from './service.js';
import type { Alternative } from './types.js';

export const WINDOWS_JOB = 'capabilities-windows';

export async function startCapabilities(ctx: AppContext): Promise<() => Promise<void>> {
  const databaseUrl = ctx.pool.options.connectionString;
  if (!databaseUrl) throw new Error('capabilities: the database pool has no connection string');
  const service = createCapabilityService({ databaseUrl, clock: ctx.clock, profile: ctx.profile, log: ctx.log });
  await service.start();
  ctx.services.capabilities = service;
  setPageCapabilities(service);

  ctx.hooks.requireCapability = async (capability, req) => {
    if (!isCapabilityId(capability)) throw new Error(`access table names an unknown capability: ${capability}`);
    if (req.actor?.kind === 'customer') service.recordVisit(capability, req.actor.sessionHash);
    // A stale cache means "we don't know": ask the table once before answering (a busy
    // process must not show a working part as unavailable); if that fails too, it is unavailable.
    if (service.snapshot().stale) await refreshWithin(service, 2000);
    if (!service.isAvailable(capability)) throw capabilityUnavailable([capability], service.retryAfterSeconds([capability]));
  };

  ctx.hooks.unavailablePage = async (_req, capabilities) => {
    const ids = capabilities.filter(isCapabilityId);
    const snap = service.snapshot();
    const seen = new Set<string>(ids);
    const alternatives: Alternative[] = [];
    for (const id of ids) {
      for (const alt of service.alternatives(id)) {
        if (seen.has(alt.id)) continue;
        seen.add(alt.id);
        alternatives.push(alt);
      }
    }
    return <UnavailablePage states={ids.map((id: CapabilityId) => snap.capabilities[id])} alternatives={alternatives} />;
  };

  ctx.hooks.banners.push(async (_req, lang) => {
    if (service.snapshot().stale) await refreshWithin(service, 2000);
    return <StatusBanner snapshot={service.snapshot()} lang={lang} profile={ctx.profile} />;
  });

  ctx.hooks.staffLinks.push({
    roles: ['operations', 'supervisor', 'administrator'],
    href: '/operations/capabilities',
    label: {
      en: 'Capability status board: take a part of the exchange down, schedule maintenance',
      es: 'Tablero de estado de los servicios: desactivar una parte del mercado, programar mantenimiento',
    },
  });

  return async () => {
    setPageCapabilities(null);
    await service.close();
  };
}

export const capabilitiesModule: CandorModule = {
  name: 'capabilities',
  start: startCapabilities,
  routes: capabilityRoutes,
  commands: statusCommands,
  jobs: [
    {
      name: WINDOWS_JOB,
      // Every minute: windows start and end on the minute they are set for.
      cron: '* * * * *',
      retryLimit: 5,
      retryDelaySeconds: 5,
      expireInSeconds: 60,
      handler: async (ctx: AppContext) => {
        const now = ctx.clock.now();
        const result = await applyDueWindows(ctx.db, now);
        if (result.started.length || result.ended.length) await ctx.services.capabilities.refresh();
        // Page visits only matter for the last 15 minutes' blast radius.
        await ctx.db.delete(capabilityPageVisits).where(lt(capabilityPageVisits.lastSeenAt, new Date(now.getTime() - 24 * 3_600_000)));
      },
    },
  ],
};

/** Re-reads the registry, giving up after `ms` (the caller then sees the stale state as unknown). */
async function refreshWithin(service: { refresh(): Promise<void> }, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([service.refresh().catch(() => {}), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
