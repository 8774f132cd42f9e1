/** Plan years as data: `candor plan-year status|load`, the console page, loaded tables in force in every process. */
import fs from 'node:fs';
import type { CandorModule } from '../web/module.js';
import { flag } from '../cli/args.js';
import { loadPlanYear, planYearsKnown, planYearStatus, PlanYearFileRefused, readPlanYearFile, refreshLoadedTables } from './plan-year-tables.js';
import { planYearRoutes } from './routes.js';

export const planYearsModule: CandorModule = {
  name: 'plan-years',
  routes: planYearRoutes,
  async start(ctx) {
    await refreshLoadedTables(ctx.db);
    ctx.hooks.staffLinks.push({
      roles: ['operations', 'supervisor', 'administrator'],
      href: '/operations/plan-years',
      label: { en: 'Plan years: every table, its source, published or provisional', es: 'Años del plan: cada tabla, su fuente, publicada o provisional' },
    });
  },
  commands: [
    {
      name: 'plan-year status',
      usage: 'candor plan-year status [--year <YYYY>]',
      summary:
        'Lists each plan year with every table it uses (poverty guidelines, applicable percentage, cost sharing, state help, Medicaid, open enrollment, holidays, catalog): its source and whether it is published or provisional.',
      async run(ctx, args, print) {
        const only = flag(args, 'year');
        if (only !== undefined && !/^\d{4}$/.test(only)) {
          print('Give --year as four digits, for example --year 2027.');
          return 2;
        }
        const years = only ? [Number(only)] : await planYearsKnown(ctx.db);
        for (const year of years) {
          const tables = await planYearStatus(ctx.db, ctx.profile, year);
          const provisional = tables.filter((t) => t.state !== 'published').length;
          print(`Plan year ${year}${provisional ? ` — ${provisional} table(s) provisional or missing` : ' — all published'}`);
          for (const t of tables) print(`  ${t.name.padEnd(22)} ${t.state.toUpperCase().padEnd(11)} ${t.source}`);
        }
        return 0;
      },
    },
    {
      name: 'plan-year load',
      usage: 'candor plan-year load --year <YYYY> --file <json>',
      summary:
        "Loads a plan year's tables from a JSON file (povertyGuidelines, applicablePercentage, catalog; each names its source and state). A bad file is refused whole, each problem with its line; a loaded file is recorded in the audit trail.",
      async run(ctx, args, print) {
        const year = flag(args, 'year');
        const file = flag(args, 'file');
        if (!year || !/^\d{4}$/.test(year) || !file) {
          print('Give --year <YYYY> and --file <plan-year JSON file>.');
          return 2;
        }
        let text: string;
        try {
          text = fs.readFileSync(file, 'utf8');
        } catch {
          print(`Cannot read ${file}.`);
          return 2;
        }
        try {
          const parsed = readPlanYearFile(text, Number(year));
          const loaded = await ctx.db.transaction((tx) => loadPlanYear(tx, parsed, { actor: 'cli', actorKind: 'system', at: ctx.clock.now() }));
          print(`Loaded plan year ${year}: ${loaded.join(', ')}.`);
          return 0;
        } catch (err) {
          if (err instanceof PlanYearFileRefused) {
            print(`Nothing was loaded. ${file}:`);
            for (const p of err.problems) print(`  line ${p.line}: ${p.message}`);
            return 1;
          }
          throw err;
        }
      },
    },
  ],
};
