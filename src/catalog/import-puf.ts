/**
 * Imports Exchange PUF files (Plan Attributes, Rate) in one transaction:
 * every row is checked as it streams by; rates go through a staging table
 * in batches (one INSERT … SELECT FROM json_populate_recordset per batch); the first bad row
 * refuses the whole import with its file and line, and nothing is kept.
 * (docs/adr/0033-catalog-import.md)
 */
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../platform/database.js';
import { CsvSyntaxError, readCsv } from './csv.js';
import { AREA_COLUMNS, PLAN_COLUMNS, RATE_COLUMNS, RowError, columnIndex, parseAreaRow, parsePlanRow, parseRateRow, rowReader, type AreaRow, type PlanRow } from './puf.js';
import { forgetCatalogGeneration } from './load-catalog.js';
import { carriers, catalogImports, plans, ratingAreaPlaces, ratingAreas } from './schema.js';

export interface ImportSource {
  /** Shown in messages: a file name. */
  name: string;
  open(): Readable;
  /** Size in bytes, for the progress display. */
  size?: number;
}

export function fileSource(file: string): ImportSource {
  if (!fs.existsSync(file)) throw new ImportRefused(file, 0, 'no such file');
  return { name: path.basename(file), open: () => fs.createReadStream(file, { highWaterMark: 1 << 20 }), size: fs.statSync(file).size };
}

export function textSource(name: string, text: string): ImportSource {
  return { name, open: () => Readable.from([Buffer.from(text, 'utf8')]), size: Buffer.byteLength(text) };
}

export interface ImportProgress {
  file: string;
  rows: number;
  bytes: number;
  totalBytes?: number;
  done?: boolean;
}

export interface ImportResult {
  importId: string;
  places: number;
  carriers: number;
  plans: number;
  skippedPlans: number;
  rates: number;
}

/** A refused import: which file, which line (1 = the header), and why. */
export class ImportRefused extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(line > 0 ? `${file} line ${line}: ${reason}` : `${file}: ${reason}`);
  }
}

const RATE_BATCH = 5_000;
const PROGRESS_EVERY = 25_000;

async function* records(source: ImportSource, onBytes: (n: number) => void) {
  const stream = source.open();
  async function* counted() {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      onBytes(chunk.length);
      yield chunk;
    }
  }
  try {
    yield* readCsv(counted());
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw new ImportRefused(source.name, err.line, err.message);
    throw err;
  } finally {
    stream.destroy();
  }
}

async function readPlans(source: ImportSource, progress: (p: ImportProgress) => void): Promise<{ rows: PlanRow[]; skipped: number }> {
  let bytes = 0;
  let index: Map<string, number> | null = null;
  const rows: PlanRow[] = [];
  const seen = new Map<string, number>();
  let skipped = 0;
  for await (const record of records(source, (n) => (bytes += n))) {
    try {
      if (!index) {
        index = columnIndex(record.fields, PLAN_COLUMNS.required);
        continue;
      }
      const row = parsePlanRow(rowReader(record.fields, index));
      if (!row) {
        skipped++;
        continue;
      }
      const key = `${row.planYear}|${row.planId}`;
      const earlier = seen.get(key);
      if (earlier) throw new RowError(`plan ${row.planId} for ${row.planYear} is already on line ${earlier}`);
      seen.set(key, record.line);
      rows.push(row);
    } catch (err) {
      if (err instanceof RowError) throw new ImportRefused(source.name, record.line, err.message);
      throw err;
    }
    if (rows.length % PROGRESS_EVERY === 0) progress({ file: source.name, rows: rows.length, bytes, totalBytes: source.size });
  }
  if (!index) throw new ImportRefused(source.name, 1, 'the file is empty');
  progress({ file: source.name, rows: rows.length, bytes, totalBytes: source.size, done: true });
  return { rows, skipped };
}

async function storePlans(tx: Tx, rows: PlanRow[]): Promise<number> {
  const issuers = new Map<string, { issuerId: string; stateCode: string; name: string }>();
  for (const r of rows) issuers.set(r.issuerId, { issuerId: r.issuerId, stateCode: r.stateCode, name: r.issuerName });
  if (issuers.size) {
    await tx
      .insert(carriers)
      .values([...issuers.values()])
      .onConflictDoUpdate({ target: carriers.issuerId, set: { name: sql`excluded.name`, stateCode: sql`excluded.state_code`, updatedAt: sql`now()` } });
  }
  for (let i = 0; i < rows.length; i += 500) {
    const batch = rows.slice(i, i + 500).map(({ issuerName: _, ...plan }) => plan);
    await tx
      .insert(plans)
      .values(batch)
      .onConflictDoUpdate({
        target: [plans.planYear, plans.planId],
        set: Object.fromEntries(
          [
            'standard_component_id',
            'variant',
            'issuer_id',
            'state_code',
            'name',
            'csr_variation_type',
            'metal_level',
            'network_type',
            'hsa_eligible',
            'deductible_individual_cents',
            'deductible_family_cents',
            'oop_max_individual_cents',
            'oop_max_family_cents',
            'cost_sharing',
          ].map((c) => [c.replace(/_(\w)/g, (_m, ch: string) => ch.toUpperCase()), sql.raw(`excluded.${c}`)]),
        ),
      });
  }
  return issuers.size;
}

const STAGING_COLUMNS: Array<[string, string]> = [
  ['line', 'int'],
  ['plan_year', 'smallint'],
  ['state_code', 'text'],
  ['standard_component_id', 'text'],
  ['rating_area_id', 'text'],
  ['effective_on', 'date'],
  ['expires_on', 'date'],
  ['age', 'text'],
  ['age_from', 'smallint'],
  ['age_to', 'smallint'],
  ['individual_cents', 'int'],
  ['tobacco_cents', 'int'],
  ['couple_cents', 'int'],
  ['primary_one_dependent_cents', 'int'],
  ['primary_two_dependents_cents', 'int'],
  ['primary_three_or_more_dependents_cents', 'int'],
  ['couple_one_dependent_cents', 'int'],
  ['couple_two_dependents_cents', 'int'],
  ['couple_three_or_more_dependents_cents', 'int'],
];

async function stageRates(tx: Tx, source: ImportSource, progress: (p: ImportProgress) => void): Promise<number> {
  await tx.execute(sql.raw(`CREATE TEMP TABLE catalog_rates_staging (${STAGING_COLUMNS.map(([c, t]) => `${c} ${t}`).join(', ')}) ON COMMIT DROP`));
  // Each batch travels as one JSON parameter that PostgreSQL unpacks into rows (json_populate_recordset):
  // one round trip and no parameter limit, with serialisation left to V8 and C.
  const names = STAGING_COLUMNS.map(([c]) => c);
  let batch: Array<Record<string, unknown>> = [];
  const flush = async () => {
    if (!batch.length) return;
    await tx.execute(sql`INSERT INTO catalog_rates_staging SELECT * FROM json_populate_recordset(NULL::catalog_rates_staging, ${JSON.stringify(batch)}::json)`);
    batch = [];
  };
  let bytes = 0;
  let index: Map<string, number> | null = null;
  let count = 0;
  for await (const record of records(source, (n) => (bytes += n))) {
    let row;
    try {
      if (!index) {
        index = columnIndex(record.fields, RATE_COLUMNS.required);
        continue;
      }
      row = parseRateRow(rowReader(record.fields, index));
    } catch (err) {
      if (err instanceof RowError) throw new ImportRefused(source.name, record.line, err.message);
      throw err;
    }
    const values = [
      record.line,
      row.planYear,
      row.stateCode,
      row.standardComponentId,
      row.ratingAreaId,
      row.effectiveOn,
      row.expiresOn,
      row.age,
      row.ageFrom,
      row.ageTo,
      row.individualCents,
      row.tobaccoCents,
      ...row.family,
    ];
    const staged: Record<string, unknown> = {};
    for (let i = 0; i < values.length; i++) if (values[i] !== null) staged[names[i]!] = values[i];
    batch.push(staged);
    count++;
    if (batch.length >= RATE_BATCH) await flush();
    if (count % PROGRESS_EVERY === 0) progress({ file: source.name, rows: count, bytes, totalBytes: source.size });
  }
  await flush();
  if (!index) throw new ImportRefused(source.name, 1, 'the file is empty');
  progress({ file: source.name, rows: count, bytes, totalBytes: source.size, done: true });
  return count;
}

async function first(tx: Tx, query: SQL): Promise<Record<string, unknown> | undefined> {
  const result = await tx.execute(query);
  return (result.rows as Array<Record<string, unknown>>)[0];
}

async function storeRates(tx: Tx, source: ImportSource): Promise<void> {
  // A cheap hashed check first; the lines of a repeat are looked up only when there is one.
  const repeated = await first(tx, sql`SELECT 1 AS found FROM catalog_rates_staging GROUP BY plan_year, standard_component_id, rating_area_id, effective_on, age HAVING count(*) > 1 LIMIT 1`);
  const dup = repeated
    ? await first(
        tx,
        sql`SELECT line, first_line FROM (
              SELECT line, min(line) OVER w AS first_line, row_number() OVER (w ORDER BY line) AS n
              FROM catalog_rates_staging
              WINDOW w AS (PARTITION BY plan_year, standard_component_id, rating_area_id, effective_on, age)
            ) s WHERE n > 1 ORDER BY line LIMIT 1`,
      )
    : undefined;
  if (dup) throw new ImportRefused(source.name, Number(dup.line), `repeats the rate on line ${String(dup.first_line)} (same plan, rating area, date and age)`);
  const orphan = await first(
    tx,
    sql`SELECT min(s.line) AS line, s.standard_component_id, s.plan_year FROM catalog_rates_staging s
        WHERE NOT EXISTS (SELECT 1 FROM catalog_plans p WHERE p.plan_year = s.plan_year AND p.standard_component_id = s.standard_component_id)
        GROUP BY s.standard_component_id, s.plan_year ORDER BY 1 LIMIT 1`,
  );
  if (orphan)
    throw new ImportRefused(source.name, Number(orphan.line), `plan ${String(orphan.standard_component_id)} is not in the ${String(orphan.plan_year)} catalog: import its Plan Attributes first`);
  await tx.execute(sql`INSERT INTO catalog_rating_areas (state_code, rating_area_id) SELECT DISTINCT state_code, rating_area_id FROM catalog_rates_staging ON CONFLICT DO NOTHING`);
  // The file is the truth for the plans it names: their earlier rates go.
  await tx.execute(sql`DELETE FROM catalog_rates r USING (SELECT DISTINCT plan_year, standard_component_id FROM catalog_rates_staging) s
                       WHERE r.plan_year = s.plan_year AND r.standard_component_id = s.standard_component_id`);
  const cols = STAGING_COLUMNS.slice(1)
    .map(([c]) => c)
    .join(', ');
  await tx.execute(sql.raw(`INSERT INTO catalog_rates (${cols}) SELECT ${cols} FROM catalog_rates_staging`));
}

/** Reads a rating-area file (StateCode, RatingAreaId, County or ZipPrefix) and replaces the places of the states it names. */
async function storeAreas(tx: Tx, source: ImportSource, progress: (p: ImportProgress) => void): Promise<number> {
  let bytes = 0;
  let index: Map<string, number> | null = null;
  const rows: AreaRow[] = [];
  const seen = new Map<string, number>();
  for await (const record of records(source, (n) => (bytes += n))) {
    try {
      if (!index) {
        index = columnIndex(record.fields, AREA_COLUMNS.required);
        continue;
      }
      const row = parseAreaRow(rowReader(record.fields, index));
      const key = `${row.stateCode}|${row.county?.toLowerCase() ?? ''}|${row.zipPrefix ?? ''}`;
      const earlier = seen.get(key);
      if (earlier) throw new RowError(`this place is already on line ${earlier}`);
      seen.set(key, record.line);
      rows.push(row);
    } catch (err) {
      if (err instanceof RowError) throw new ImportRefused(source.name, record.line, err.message);
      throw err;
    }
  }
  if (!index) throw new ImportRefused(source.name, 1, 'the file is empty');
  progress({ file: source.name, rows: rows.length, bytes, totalBytes: source.size, done: true });
  const states = [...new Set(rows.map((r) => r.stateCode))];
  for (const state of states) await tx.execute(sql`DELETE FROM catalog_rating_area_places WHERE state_code = ${state}`);
  const areas = [...new Map(rows.map((r) => [`${r.stateCode}|${r.ratingAreaId}`, { stateCode: r.stateCode, ratingAreaId: r.ratingAreaId }])).values()];
  if (areas.length) await tx.insert(ratingAreas).values(areas).onConflictDoNothing();
  for (let i = 0; i < rows.length; i += 1_000) await tx.insert(ratingAreaPlaces).values(rows.slice(i, i + 1_000));
  return rows.length;
}

/** Imports the given files in the caller's transaction; throws `ImportRefused` (and the caller rolls back) on the first bad row. */
export async function importPuf(tx: Tx, opts: { plans?: ImportSource; rates?: ImportSource; areas?: ImportSource; source?: string; onProgress?: (p: ImportProgress) => void }): Promise<ImportResult> {
  const progress = opts.onProgress ?? (() => {});
  const placeCount = opts.areas ? await storeAreas(tx, opts.areas, progress) : 0;
  let planRows: PlanRow[] = [];
  let skipped = 0;
  let carrierCount = 0;
  if (opts.plans) {
    ({ rows: planRows, skipped } = await readPlans(opts.plans, progress));
    carrierCount = await storePlans(tx, planRows);
  }
  let rateCount = 0;
  if (opts.rates) {
    rateCount = await stageRates(tx, opts.rates, progress);
    await storeRates(tx, opts.rates);
  }
  const [record] = await tx
    .insert(catalogImports)
    .values({ source: opts.source ?? [opts.areas?.name, opts.plans?.name, opts.rates?.name].filter(Boolean).join(' + '), plans: planRows.length, rates: rateCount })
    .returning({ id: catalogImports.id });
  forgetCatalogGeneration();
  return { importId: record!.id, places: placeCount, carriers: carrierCount, plans: planRows.length, skippedPlans: skipped, rates: rateCount };
}

/** A one-line progress bar: "[#####·····] 48%  960,000 rows  rates.csv". */
export function progressBar(p: ImportProgress, width = 24): string {
  const fraction = p.totalBytes ? Math.min(1, p.bytes / p.totalBytes) : p.done ? 1 : 0;
  const filled = Math.round(fraction * width);
  return `[${'#'.repeat(filled)}${'·'.repeat(width - filled)}] ${String(Math.round(fraction * 100)).padStart(3)}%  ${p.rows.toLocaleString('en-US')} rows  ${p.file}`;
}
