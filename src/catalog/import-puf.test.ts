import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openTestDatabase } from '../../test/support/database.js';
import type { Database } from '../platform/database.js';
import { csvLine } from './csv.js';
import { importPuf, ImportRefused, progressBar, textSource, type ImportProgress } from './import-puf.js';
import { loadVermont2026Catalog, PLAN_HEADER, RATE_HEADER, vermont2026PlanCsv, vermont2026RateCsv, vermontAreaCsv } from './seed-vermont-2026.js';

let database: Database & { drop(): Promise<void> };
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

async function count(table: string): Promise<number> {
  const { rows } = await database.db.execute(sql.raw(`SELECT count(*)::int AS n FROM ${table}`));
  return Number((rows[0] as { n: number }).n);
}

async function wipe() {
  await database.db.execute(sql`TRUNCATE catalog_rates, catalog_plans, catalog_carriers, catalog_imports, catalog_rating_areas, catalog_rating_area_places`);
}

/** Runs an import the way the command line does: one transaction, rolled back on refusal. */
async function run(plans?: string, rates?: string, onProgress?: (p: ImportProgress) => void) {
  return database.db.transaction((tx) =>
    importPuf(tx, { plans: plans === undefined ? undefined : textSource('plans.csv', plans), rates: rates === undefined ? undefined : textSource('rates.csv', rates), onProgress }),
  );
}

async function refusal(plans?: string, rates?: string): Promise<ImportRefused> {
  try {
    await run(plans, rates);
  } catch (err) {
    if (err instanceof ImportRefused) return err;
    throw err;
  }
  throw new Error('the import was not refused');
}

/** Replaces one cell of a CSV line (1-based line number, column by header name). */
function edit(csv: string, line: number, column: string, value: string): string {
  const lines = csv.split('\n');
  const header = lines[0]!.split(',');
  const cells = lines[line - 1]!.split(',');
  cells[header.indexOf(column)] = value;
  lines[line - 1] = cells.join(',');
  return lines.join('\n');
}

const plans = vermont2026PlanCsv();
const rates = vermont2026RateCsv();

describe('the PUF importer', () => {
  beforeEach(wipe);

  it('imports the Vermont 2026 seed catalog through the PUF layouts, idempotently', async () => {
    const first = await database.db.transaction((tx) => loadVermont2026Catalog(tx));
    // Each carrier: 5 plans with variants 01–03, 2 silver plans with 01–07.
    expect(first).toMatchObject({ carriers: 2, plans: 2 * (5 * 3 + 2 * 7), rates: 14 });
    const again = await database.db.transaction((tx) => loadVermont2026Catalog(tx));
    expect(again.plans).toBe(first.plans);
    expect(await count('catalog_plans')).toBe(first.plans);
    expect(await count('catalog_rates')).toBe(14);
    expect(await count('catalog_carriers')).toBe(2);
    const { rows } = await database.db.execute(sql`SELECT name FROM catalog_carriers ORDER BY name`);
    expect(rows.map((r) => (r as { name: string }).name)).toEqual(['Blue Cross and Blue Shield of Vermont', 'MVP Health Care']);
  });

  it('reads dollar amounts, HSA flags, variants and key copays', async () => {
    await run(plans, rates);
    const { rows } = await database.db.execute(sql`SELECT * FROM catalog_plans WHERE plan_id = '77566VT0020004-05'`);
    expect(rows[0]).toMatchObject({
      variant: '05',
      metal_level: 'silver',
      network_type: 'HMO',
      hsa_eligible: false,
      deductible_individual_cents: 1_000_00,
      oop_max_individual_cents: 3_300_00,
      csr_variation_type: '87% AV Level Silver Plan',
    });
    expect((rows[0] as { cost_sharing: unknown }).cost_sharing).toEqual({
      primaryCare: { kind: 'copay', cents: 15_00, afterDeductible: false },
      specialist: { kind: 'copay', cents: 30_00, afterDeductible: false },
      genericDrugs: { kind: 'copay', cents: 5_00, afterDeductible: false },
      emergencyRoom: { kind: 'copay', cents: 200_00, afterDeductible: false },
    });
    const rate = (await database.db.execute(sql`SELECT * FROM catalog_rates WHERE standard_component_id = '77566VT0020005'`)).rows[0];
    expect(rate).toMatchObject({
      age: 'Family Option',
      age_from: null,
      individual_cents: 1_299_18,
      couple_cents: 2_598_36,
      primary_one_dependent_cents: 2_507_42,
      couple_one_dependent_cents: 3_650_70,
    });
  });

  it('skips dental-only and small-group plans', async () => {
    const dental = csvLine([
      '2026',
      'VT',
      '13627',
      'Blue Cross and Blue Shield of Vermont',
      'Individual',
      'Yes',
      '13627VT0090001',
      'Dental',
      'PPO',
      'High',
      '13627VT0090001-01',
      'Standard High On Exchange Plan',
      'No',
      '',
      '',
      '',
      '',
    ]);
    const shop = csvLine([
      '2026',
      'VT',
      '13627',
      'Blue Cross and Blue Shield of Vermont',
      'SHOP (Small Group)',
      'No',
      '13627VT0090002',
      'Group',
      'PPO',
      'Gold',
      '13627VT0090002-01',
      'Standard Gold On Exchange Plan',
      'No',
      '$1',
      '',
      '$2',
      '',
    ]);
    const result = await run(plans + dental + shop);
    expect(result.skippedPlans).toBe(2);
  });

  it('reports progress and draws a bar', async () => {
    const seen: ImportProgress[] = [];
    await run(plans, rates, (p) => seen.push(p));
    const last = seen.filter((p) => p.file === 'rates.csv').at(-1)!;
    expect(last).toMatchObject({ done: true, rows: 14 });
    expect(progressBar(last, 10)).toBe(`[##########] 100%  14 rows  rates.csv`);
    expect(progressBar({ file: 'x.csv', rows: 1_000, bytes: 50, totalBytes: 200 }, 8)).toBe('[##······]  25%  1,000 rows  x.csv');
  });

  describe('refuses a malformed file with its line number and imports nothing', () => {
    it.each([
      ['a rate that is not an amount', plans, edit(rates, 4, 'IndividualRate', 'abc'), 'rates.csv', 4, /IndividualRate "abc"/],
      ['a rate with fractions of a cent', plans, edit(rates, 6, 'IndividualRate', '1.234'), 'rates.csv', 6, /IndividualRate/],
      ['an unknown age band', plans, edit(rates, 3, 'Age', '99'), 'rates.csv', 3, /Age "99"/],
      ['a bad rating area', plans, edit(rates, 2, 'RatingAreaId', 'Area 1'), 'rates.csv', 2, /RatingAreaId/],
      ['a bad plan id in the rates', plans, edit(rates, 9, 'PlanId', '13627VT001'), 'rates.csv', 9, /PlanId/],
      ['a rate for a plan not in the catalog', plans, edit(rates, 5, 'PlanId', '13627VT0019999'), 'rates.csv', 5, /not in the 2026 catalog/],
      ['a repeated rate', plans, rates + rates.split('\n')[3] + '\n', 'rates.csv', 16, /repeats the rate on line 4/],
      ['a bad date', plans, edit(rates, 2, 'RateEffectiveDate', '01/01/2026'), 'rates.csv', 2, /RateEffectiveDate/],
      ['a missing column', plans, rates.replace('IndividualRate,', 'IndivRate,'), 'rates.csv', 1, /missing column IndividualRate/],
      ['a broken quote', plans, rates.replace('\n2026,VT,77566', '\n"2026,VT,77566'), 'rates.csv', 9, /quote/],
      ['a bad metal level', edit(plans, 7, 'MetalLevel', 'Tin'), rates, 'plans.csv', 7, /MetalLevel "Tin"/],
      ['a variant of another plan', edit(plans, 3, 'PlanId', '13627VT0010002-01'), rates, 'plans.csv', 3, /not a variant/],
      ['a repeated plan variant', plans + plans.split('\n')[1] + '\n', rates, 'plans.csv', plans.split('\n').length, /already on line 2/],
      ['an unreadable copay', plans.replace(',$15,$35,', ',cheap,$35,'), rates, 'plans.csv', 2, /CopayPrimaryCare "cheap"/],
      ['an empty file', '', rates, 'plans.csv', 1, /empty/],
    ])('%s', async (_what, planCsv, rateCsv, file, line, reason) => {
      await run(plans, rates); // an earlier good import must survive a failed one untouched
      const before = { plans: await count('catalog_plans'), rates: await count('catalog_rates'), imports: await count('catalog_imports') };
      const err = await refusal(planCsv, rateCsv);
      expect(err.file).toBe(file);
      expect(err.line).toBe(line);
      expect(err.reason).toMatch(reason);
      expect(err.message).toContain(`${file} line ${line}:`);
      expect({ plans: await count('catalog_plans'), rates: await count('catalog_rates'), imports: await count('catalog_imports') }).toEqual(before);
    });

    it('leaves an empty catalog empty when the rates fail after good plans', async () => {
      await refusal(plans, edit(rates, 10, 'IndividualRate', '-5'));
      expect(await count('catalog_plans')).toBe(0);
      expect(await count('catalog_carriers')).toBe(0);
    });
  });

  it('replaces a plan’s earlier rates with the file’s', async () => {
    await run(plans, rates);
    const header = csvLine(RATE_HEADER);
    const cheaper =
      header +
      csvLine([
        '2026',
        'VT',
        '77566',
        '2026-01-01',
        '2026-12-31',
        '77566VT0020007',
        'Rating Area 1',
        'No Preference',
        'Family Option',
        '800.00',
        '',
        '1600.00',
        '1544.00',
        '1544.00',
        '1544.00',
        '2248.00',
        '2248.00',
        '2248.00',
      ]);
    await run(undefined, cheaper);
    const { rows } = await database.db.execute(sql`SELECT individual_cents FROM catalog_rates WHERE standard_component_id = '77566VT0020007'`);
    expect(rows).toEqual([{ individual_cents: 800_00 }]);
    expect(await count('catalog_rates')).toBe(14);
  });

  it('imports rating-area places by county and ZIP prefix, replacing a state’s earlier ones', async () => {
    const areas = (csv: string) => database.db.transaction((tx) => importPuf(tx, { areas: textSource('areas.csv', csv) }));
    expect((await areas(vermontAreaCsv())).places).toBe(14 + 9);
    const two = 'StateCode,RatingAreaId,County,ZipPrefix\nZZ,Rating Area 1,North,\nZZ,Rating Area 2,,99950\nZZ,Rating Area 1,,999\n';
    expect((await areas(two)).places).toBe(3);
    expect(await count('catalog_rating_area_places')).toBe(23 + 3);
    expect((await areas('StateCode,RatingAreaId,County,ZipPrefix\nZZ,Rating Area 1,,999\n')).places).toBe(1);
    expect(await count('catalog_rating_area_places')).toBe(23 + 1);
    for (const [bad, line, reason] of [
      ['StateCode,RatingAreaId,County,ZipPrefix\nZZ,Rating Area 1,,99\n', 2, /ZipPrefix "99"/],
      ['StateCode,RatingAreaId,County,ZipPrefix\nZZ,Rating Area 1,North,999\n', 2, /not both/],
      ['StateCode,RatingAreaId,County,ZipPrefix\nZZ,Rating Area 1,North,\nZZ,Rating Area 2,north,\n', 3, /already on line 2/],
    ] as const) {
      const err = await database.db.transaction((tx) => importPuf(tx, { areas: textSource('areas.csv', bad) })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ImportRefused);
      expect(err).toMatchObject({ line, reason: expect.stringMatching(reason) });
    }
    expect(await count('catalog_rating_area_places')).toBe(23 + 1);
  });

  it('reads age-banded rows with tobacco rates', async () => {
    await run(plans);
    const header = csvLine(RATE_HEADER);
    const rows = ['0-14', '15', '40', '64 and over'].map((age) =>
      csvLine(['2026', 'VT', '13627', '', '', '13627VT0010001', 'Rating Area 1', 'Tobacco User/Non-Tobacco User', age, '300.10', '450.15', '', '', '', '', '', '', '']),
    );
    await run(undefined, header + rows.join(''));
    const stored = (await database.db.execute(sql`SELECT age, age_from, age_to, tobacco_cents, effective_on, expires_on FROM catalog_rates ORDER BY age_from`)).rows;
    expect(stored).toEqual([
      { age: '0-14', age_from: 0, age_to: 14, tobacco_cents: 450_15, effective_on: '2026-01-01', expires_on: '2026-12-31' },
      { age: '15', age_from: 15, age_to: 15, tobacco_cents: 450_15, effective_on: '2026-01-01', expires_on: '2026-12-31' },
      { age: '40', age_from: 40, age_to: 40, tobacco_cents: 450_15, effective_on: '2026-01-01', expires_on: '2026-12-31' },
      { age: '64 and over', age_from: 64, age_to: 120, tobacco_cents: 450_15, effective_on: '2026-01-01', expires_on: '2026-12-31' },
    ]);
    void PLAN_HEADER;
  });
});
