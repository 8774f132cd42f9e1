/** The plan catalog and window shopping: carriers, plans, rates, the PUF importer, /shop and the quote API. */
import type { CandorModule } from '../web/module.js';
import { flag, progressLine } from '../cli/args.js';
import { sql } from 'drizzle-orm';
import { fileSource, importPuf, ImportRefused, progressBar } from './import-puf.js';
import { catalogRoutes } from './routes.js';
import { loadVermont2026Catalog, loadVermont2027Catalog } from './seed-vermont-2026.js';

export const catalogModule: CandorModule = {
  name: 'catalog',
  routes: catalogRoutes,
  async seed(ctx, report) {
    if (ctx.profile.id !== 'vt') return;
    const loads = [
      [2026, loadVermont2026Catalog],
      [2027, loadVermont2027Catalog],
    ] as const;
    for (const [year, load] of loads) {
      const { rows } = await ctx.db.execute(sql`SELECT 1 FROM catalog_plans WHERE plan_year = ${year} AND state_code = 'VT' LIMIT 1`);
      if (rows.length) {
        report(`Catalog: the Vermont ${year} plans are already loaded.`);
        continue;
      }
      const result = await ctx.db.transaction((tx) => load(tx));
      report(
        `Catalog: loaded the Vermont ${year} plans (${result.carriers} carriers, ${result.plans} plan variants, ${result.rates} rate rows)${year === 2027 ? ' — provisional: 2026 rates carried forward' : ''}.`,
      );
    }
  },
  commands: [
    {
      name: 'catalog import',
      usage: 'candor catalog import [--areas <csv>] --plans <csv> --rates <csv>',
      summary:
        'Import CMS Exchange PUF files (Plan Attributes, Rate) and rating-area places (StateCode, RatingAreaId, County or ZipPrefix) in one transaction; a bad row refuses the whole import with its line number.',
      async run(ctx, args, print) {
        const plansPath = flag(args, 'plans');
        const ratesPath = flag(args, 'rates');
        const areasPath = flag(args, 'areas');
        if (!plansPath && !ratesPath && !areasPath) {
          print('Give --plans <Plan Attributes PUF csv>, --rates <Rate PUF csv> and/or --areas <rating-area csv>.');
          return 2;
        }
        const show = progressLine();
        const started = Date.now();
        try {
          const plans = plansPath ? fileSource(plansPath) : undefined;
          const rates = ratesPath ? fileSource(ratesPath) : undefined;
          const areas = areasPath ? fileSource(areasPath) : undefined;
          const result = await ctx.db.transaction((tx) => importPuf(tx, { areas, plans, rates, onProgress: (p) => show(progressBar(p)) }));
          process.stderr.write('\n');
          print(
            `Imported ${result.places ? `${result.places} rating-area places, ` : ''}${result.plans} plan variants of ${result.carriers} carriers${result.skippedPlans ? ` (skipped ${result.skippedPlans} dental or small-group rows)` : ''} and ${result.rates} rate rows in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
          );
          return 0;
        } catch (err) {
          process.stderr.write('\n');
          if (err instanceof ImportRefused) {
            print(`Nothing was imported. ${err.message}`);
            return 1;
          }
          throw err;
        }
      },
    },
  ],
};
