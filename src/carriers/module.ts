/**
 * Files to and from insurers: the daily 834 and monthly 820 the exchange
 * sends (on the state profile's schedule, or from the command line), and the
 * effectuation and audit 834s it receives.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CandorModule } from '../web/module.js';
import type { JobDeclaration } from '../platform/jobs.js';
import { flag } from '../cli/args.js';
import { importCarrierFile } from './import-carrier-file.js';
import { carrierMessages } from './messages.js';
import { carrierRoutes } from './routes.js';
import { cronFor, type FileKind } from './schedule.js';
import { exportFromCommandLine, runScheduledExport } from './scheduled-exports.js';
import type { AppContext } from '../web/context.js';

export const DAILY_834_JOB = 'carriers-daily-834';
export const MONTHLY_820_JOB = 'carriers-monthly-820';

function exportDeps(ctx: AppContext) {
  return { dataDir: ctx.config.dataDir, profile: ctx.profile, production: ctx.config.env === 'production', at: ctx.clock.now() };
}

function scheduledExportJob(name: string, kind: FileKind): JobDeclaration<Record<string, never>, AppContext> {
  return {
    name,
    cron: (ctx) => cronFor(kind, ctx.profile.carrierFiles),
    timeZone: (ctx) => ctx.profile.timeZone,
    retryLimit: 5,
    expireInSeconds: 60 * 60,
    handler: async (ctx) => {
      await runScheduledExport(ctx.db, exportDeps(ctx), kind);
    },
  };
}

const isDay = (v: string | undefined): v is string => !!v && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`));

export const carriersModule: CandorModule = {
  name: 'carriers',
  routes: carrierRoutes,
  // At the state profile's times (carrierFiles), in its time zone; each run skips a period already made.
  jobs: [scheduledExportJob(DAILY_834_JOB, '834'), scheduledExportJob(MONTHLY_820_JOB, '820')],
  async start(ctx) {
    const en = carrierMessages.for('en');
    const es = carrierMessages.for('es');
    ctx.hooks.staffLinks.push({ roles: ['operations', 'supervisor', 'administrator'], href: '/operations/carriers', label: { en: en('carriers.link'), es: es('carriers.link') } });
  },
  commands: [
    {
      name: 'carriers export',
      usage: 'candor carriers export --date YYYY-MM-DD',
      summary: "Write each carrier's 834 for the day's enrollment changes into the data folder and print the paths.",
      async run(ctx, args, print) {
        const day = flag(args, 'date');
        if (!isDay(day)) {
          print('Give the day to export: --date YYYY-MM-DD.');
          return 2;
        }
        const files = await exportFromCommandLine(ctx.db, exportDeps(ctx), '834', day);
        if (!files.length) print(`No enrollment changes on ${day}: no 834 written.`);
        for (const f of files) print(f.path);
        return 0;
      },
    },
    {
      name: 'carriers remit',
      usage: 'candor carriers remit --month YYYY-MM [--paid-on YYYY-MM-DD]',
      summary: "Write each carrier's 820 premium remittance for a coverage month and print the paths.",
      async run(ctx, args, print) {
        const month = flag(args, 'month');
        if (!month || !/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) {
          print('Give the coverage month: --month YYYY-MM.');
          return 2;
        }
        const paidOn = flag(args, 'paid-on') ?? ctx.clock.now().toISOString().slice(0, 10);
        if (!isDay(paidOn)) {
          print('--paid-on must be a date, YYYY-MM-DD.');
          return 2;
        }
        const files = await exportFromCommandLine(ctx.db, exportDeps(ctx), '820', month, paidOn);
        if (!files.length) print(`Nothing to remit for ${month}.`);
        for (const f of files) print(f.path);
        return 0;
      },
    },
    {
      name: 'carriers import',
      usage: 'candor carriers import <file>',
      summary: "Import a carrier's effectuation or audit 834 and print its discrepancy count (the report is on /operations/carriers).",
      async run(ctx, args, print) {
        const file = args.positional[0];
        if (!file || !fs.existsSync(file)) {
          print('Give the path of a carrier 834 file.');
          return 2;
        }
        try {
          const r = await ctx.db.transaction((tx) =>
            importCarrierFile(tx, { text: fs.readFileSync(file, 'utf8'), fileName: path.basename(file), actor: { id: 'carriers-import', kind: 'system' }, at: ctx.clock.now() }),
          );
          if (r.duplicate) print(`Already imported: ${r.kind} file from ${r.carrierHiosId} (${r.discrepancies} discrepancies).`);
          else
            print(
              `Imported the ${r.kind} file from ${r.carrierHiosId}: ${r.records} policies, ${r.confirmed} confirmed, ${r.discrepancies} discrepancies. Report: /operations/carriers/imports/${r.importId}`,
            );
          return 0;
        } catch (err) {
          const e = err as { name?: string; details?: { fields?: Array<{ values?: Record<string, string | undefined> }> } };
          if (e.name === 'invalid-input') {
            print(`Nothing imported: ${String(e.details?.fields?.[0]?.values?.reason ?? 'the file is not a carrier 834')}.`);
            return 1;
          }
          throw err;
        }
      },
    },
  ],
};
