/**
 * The notices module: notice types as code, the outbox and its dispatcher,
 * transports (SMTP, print batch, SMS gateway) with local stand-ins,
 * campaigns, holds and recovery, honest links, preferences, blast radius.
 */
import type { CandorModule, CliCommand } from '../web/module.js';
import { flag } from '../cli/args.js';
import { CandorError } from '../platform/errors.js';
import type { AppContext } from '../web/context.js';
import { seedDemoRecipients } from './audiences.js';
import { noticesBlastRadius } from './blast-radius.js';
import { changeCampaignStatus, createCampaign, listCampaigns, type CampaignAction } from './campaigns.js';
import { noticeType } from './catalogue.js';
import { INBOX_PATH } from './inbox.js';
import { noticesMessages } from './messages.js';
import { deliveryReportRoutes } from './delivery-reports.js';
import { noticesRoutes } from './routes.js';
import { createNoticesService } from './service.js';

export async function startNotices(ctx: AppContext): Promise<() => Promise<void>> {
  const service = await createNoticesService(ctx);
  ctx.services.notices = service;
  ctx.services.capabilities.registerBlastRadius(noticesBlastRadius(ctx.services.capabilities, ctx.clock, ctx.profile));
  const en = noticesMessages.for('en');
  const es = noticesMessages.for('es');
  ctx.hooks.customerLinks.push(
    { href: INBOX_PATH, label: { en: en('notices.inbox.title'), es: es('notices.inbox.title') } },
    { href: '/account/notices', label: { en: en('notices.prefs.title'), es: es('notices.prefs.title') } },
  );
  ctx.hooks.staffLinks.push(
    { roles: ['operations', 'supervisor', 'administrator'], href: '/operations/notices', label: { en: 'Notices and campaigns', es: 'Avisos y campañas' } },
    { roles: ['operations', 'supervisor', 'administrator'], href: '/operations/notices/mailbox', label: { en: 'Mailbox (local stand-ins)', es: 'Buzón (sustitutos locales)' } },
  );
  // The dispatcher runs where background workers run. boot starts pg-boss after the modules,
  // so wait for it; a process started without jobs (seed) never dispatches.
  const waiting = setInterval(() => {
    if (!ctx.jobs) return;
    clearInterval(waiting);
    if (runsWorkers(ctx)) service.dispatcher.start();
  }, 50);
  waiting.unref();
  return async () => {
    clearInterval(waiting);
    await service.close();
  };
}

/** Whether this process runs background workers (boot sets ctx.workers; one-shot commands don't). */
function runsWorkers(ctx: AppContext): boolean {
  return ctx.workers === true;
}

function parseStart(value: string | undefined): Date | undefined | 'invalid' {
  if (value === undefined) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? 'invalid' : d;
}

const SYSTEM = { kind: 'system' as const, id: 'cli' };

export const campaignCommands: CliCommand[] = [
  {
    name: 'campaign create',
    usage: 'candor campaign create --notice <type> --audience <name> [--start <ISO>]',
    summary: 'Start a campaign: every member of the audience gets the notice (its messages go to the outbox).',
    async run(ctx, args, print) {
      const notice = flag(args, 'notice');
      const audienceName = flag(args, 'audience');
      const start = parseStart(flag(args, 'start'));
      if (!notice || !noticeType(notice)) {
        print(`Unknown or missing --notice. Known: ${(await import('./catalogue.js')).noticeTypeIds().join(', ')}`);
        return 2;
      }
      const audience = audienceName ? ctx.services.notices.audience(audienceName) : undefined;
      if (!audience) {
        print(
          `Unknown or missing --audience. Known: ${ctx.services.notices
            .audiences()
            .map((a) => a.name)
            .join(', ')}`,
        );
        return 2;
      }
      if (start === 'invalid') {
        print('--start must be an ISO date and time, e.g. 2026-10-21T13:00:00Z');
        return 2;
      }
      const now = ctx.clock.now();
      const created = await ctx.db.transaction((tx) => createCampaign(tx, { noticeType: notice, audience, startAt: start ?? now, now, timeZone: ctx.profile.timeZone, by: SYSTEM }));
      print(`Campaign ${created.id}: ${created.total} messages queued${created.skipped ? `, ${created.skipped} not sent (opted out or no contact)` : ''}.`);
      return 0;
    },
  },
  ...(['pause', 'resume', 'cancel'] as CampaignAction[]).map((action): CliCommand => ({
    name: `campaign ${action}`,
    usage: `candor campaign ${action} <id>${action === 'cancel' ? ' [--reason <text>]' : ''}`,
    summary:
      action === 'pause' ? 'Pause a campaign (its messages wait).' : action === 'resume' ? 'Resume a paused campaign.' : 'Cancel a campaign (messages not yet sent are dropped, with the reason).',
    async run(ctx, args, print) {
      const id = args.positional[0];
      if (!id || !/^[0-9a-f-]{36}$/.test(id)) {
        print(`Usage: candor campaign ${action} <id>`);
        return 2;
      }
      try {
        const result = await ctx.db.transaction((tx) => changeCampaignStatus(tx, { id, action, by: SYSTEM, now: ctx.clock.now(), reason: flag(args, 'reason') }));
        print(`Campaign ${id} is ${result.status}${action === 'cancel' ? `; ${result.cancelled} messages cancelled` : ''}.`);
        return 0;
      } catch (err) {
        if (err instanceof CandorError) {
          print(err.name === 'not-found' ? `No campaign ${id}.` : `Campaign ${id}: ${err.details.values?.status ?? err.name}; nothing changed.`);
          return 1;
        }
        throw err;
      }
    },
  })),
  {
    name: 'campaign list',
    usage: 'candor campaign list [--json]',
    summary: 'List campaigns with their messages by state.',
    async run(ctx, args, print) {
      const list = await listCampaigns(ctx.db, { limit: 100 });
      if (args.flags.json) {
        print(JSON.stringify(list, null, 2));
        return 0;
      }
      if (!list.length) print('No campaigns.');
      for (const c of list)
        print(
          `${c.id}  ${c.status.padEnd(9)}  ${c.noticeType.padEnd(26)}  ${c.audience.padEnd(16)}  ${Object.entries(c.counts)
            .map(([s, n]) => `${s} ${n}`)
            .join(', ')}`,
        );
      return 0;
    },
  },
];

export const noticesModule: CandorModule = {
  name: 'notices',
  async routes(app, ctx) {
    noticesRoutes(app, ctx);
    await deliveryReportRoutes(app, ctx);
  },
  start: startNotices,
  commands: campaignCommands,
  async seed(ctx, report, args) {
    const n = Number(flag(args, 'households') ?? 50);
    const added = await ctx.db.transaction((tx) => seedDemoRecipients(tx, Number.isFinite(n) && n > 0 ? Math.min(n, 100_000) : 50, { now: ctx.clock.now() }));
    report(`Notices: ${added} demo recipients added (audience "demo-enrollees").`);
  },
};
