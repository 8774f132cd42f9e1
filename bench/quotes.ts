/**
 * Catalog and quote benchmarks, each a ratio against a baseline measured in the same run:
 * - quotes per second for a four-person household across the whole Vermont 2026 catalog
 *   through POST /api/v1/quotes, against a bare Fastify JSON route, at 100 concurrent
 *   connections (autocannon), with p99 latency; and the engine alone (no HTTP) per second;
 * - the time to import a generated Rate-PUF-layout file of 2 million rows (one
 *   transaction, staging table), against streaming the same file through the CSV reader alone.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { readCsv } from '../src/catalog/csv.js';
import { fileSource, importPuf } from '../src/catalog/import-puf.js';
import { loadAreaCatalog } from '../src/catalog/load-catalog.js';
import { memberIds, priceHousehold, quoteHousehold, type QuoteInput } from '../src/catalog/quote-household.js';
import { RATE_PUF_AGE_BANDS, rateFromCurve } from '../src/catalog/rating.js';
import { centsText, loadVermont2026Catalog, PLAN_HEADER, RATE_HEADER } from '../src/catalog/seed-vermont-2026.js';
import { csvLine } from '../src/catalog/csv.js';
import { determineEligibility } from '../src/eligibility/determine-eligibility.js';
import { benchHeader, startBenchApp } from './support.js';

const ROUNDS = 3;
const SECONDS = 5;
const CONNECTIONS = 100;
/** 500 plans × 79 rating areas × 51 age bands ("0-14", 15 … 63, "64 and over") = 2,014,500 rate rows. */
const PLANS = 500;
const AREAS = 79;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function cannon(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

const FAMILY: Omit<QuoteInput, 'asOf'> = { planYear: 2026, zip: '05602', annualIncomeCents: 95_000_00, members: [{ age: 44 }, { age: 42 }, { age: 15 }, { age: 11 }] };

/** Writes a Plan Attributes file of PLANS plans and a Rate PUF file of age-banded rows for them in AREAS rating areas. */
async function generatePuf(dir: string): Promise<{ plans: string; rates: string; rows: number }> {
  const plans = path.join(dir, 'plans.csv');
  const rates = path.join(dir, 'rates.csv');
  const ids: string[] = [];
  let planText = csvLine(PLAN_HEADER);
  for (let i = 0; i < PLANS; i++) {
    const issuer = String(10_000 + (i % 10));
    const id = `${issuer}ZZ${String(1_000_000 + i).padStart(7, '0')}`;
    ids.push(id);
    const metal = ['Bronze', 'Silver', 'Gold', 'Platinum'][i % 4]!;
    planText += csvLine([
      2026,
      'ZZ',
      issuer,
      `Carrier ${issuer}`,
      'Individual',
      'No',
      id,
      `Plan ${i}`,
      'HMO',
      metal,
      `${id}-01`,
      `Standard ${metal} On Exchange Plan`,
      'No',
      '$2,000',
      '$4,000',
      '$8,000',
      '$16,000',
      '$30',
      '$60',
      '$10',
      '$250',
    ]);
  }
  fs.writeFileSync(plans, planText);
  const out = fs.createWriteStream(rates, { highWaterMark: 1 << 20 });
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  await write(csvLine(RATE_HEADER));
  let rows = 0;
  for (let p = 0; p < PLANS; p++) {
    const issuer = ids[p]!.slice(0, 5);
    const base = 300_00 + p * 37;
    let chunk = '';
    for (let a = 1; a <= AREAS; a++) {
      for (const band of RATE_PUF_AGE_BANDS) {
        const rate = rateFromCurve(base + a * 11, band.from);
        chunk += `2026,ZZ,${issuer},2026-01-01,2026-12-31,${ids[p]},Rating Area ${a},Tobacco User/Non-Tobacco User,${band.age},${centsText(rate)},${centsText(Math.round(rate * 1.5))},,,,,,,\n`;
        rows++;
      }
    }
    await write(chunk);
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return { plans, rates, rows };
}

export async function main(): Promise<string> {
  const app = await startBenchApp();
  const bare = Fastify({ logger: false });
  bare.post('/bare', async () => ({ ok: true }));
  const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'candor-bench-puf-'));
  try {
    await app.ctx.db.transaction((tx) => loadVermont2026Catalog(tx));
    const body = JSON.stringify(FAMILY);
    const check = await quoteHousehold(app.ctx.db, app.ctx.profile, { ...FAMILY, asOf: '2025-11-15' });
    if (check.plans.length !== 14) throw new Error(`expected the whole catalog (14 plans), got ${check.plans.length}`);

    // Warm both servers, then alternate so the machine's load touches both alike.
    const opts = (url: string) => ({ url, method: 'POST' as const, headers: { 'content-type': 'application/json' }, body, connections: CONNECTIONS });
    await cannon({ ...opts(`${app.url}/api/v1/quotes`), duration: 2 });
    await cannon({ ...opts(`${bareUrl}/bare`), duration: 2 });
    const quotes: autocannon.Result[] = [];
    const bases: autocannon.Result[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      quotes.push(await cannon({ ...opts(`${app.url}/api/v1/quotes`), duration: SECONDS }));
      bases.push(await cannon({ ...opts(`${bareUrl}/bare`), duration: SECONDS }));
    }
    const errors = quotes.reduce((n, q) => n + q.errors + q.non2xx, 0);
    if (errors) throw new Error(`${errors} quote requests failed`);
    const qps = median(quotes.map((q) => q.requests.average));
    const bps = median(bases.map((q) => q.requests.average));
    const qP99 = median(quotes.map((q) => q.latency.p99));
    const bP99 = median(bases.map((q) => q.latency.p99));

    // The engine alone: eligibility and pricing of every plan, catalog cached, no HTTP.
    const catalog = await loadAreaCatalog(app.ctx.db, { planYear: 2026, stateCode: 'VT', ratingAreaId: 'Rating Area 1', on: '2026-01-01' });
    const members = memberIds(FAMILY.members);
    let engineRuns = 0;
    const engineStart = process.hrtime.bigint();
    while (process.hrtime.bigint() - engineStart < 2_000_000_000n) {
      const e = determineEligibility(
        { planYear: 2026, householdSize: 4, annualIncomeCents: FAMILY.annualIncomeCents, members: members.map((m) => ({ ...m, seekingCoverage: true })), asOf: '2025-11-15' },
        app.ctx.profile.subsidies,
      );
      priceHousehold(catalog, e, members, app.ctx.profile, '2026-01-01');
      engineRuns++;
    }
    const enginePerSecond = engineRuns / (Number(process.hrtime.bigint() - engineStart) / 1e9);

    // Import: 2 million Rate PUF rows.
    process.stderr.write('generating the Rate PUF file…\n');
    const files = await generatePuf(dir);
    const size = fs.statSync(files.rates).size;
    const parseStart = Date.now();
    let parsed = 0;
    for await (const _ of readCsv(fs.createReadStream(files.rates, { highWaterMark: 1 << 20 }))) parsed++;
    const parseSeconds = (Date.now() - parseStart) / 1000;
    process.stderr.write(`importing ${fmt(files.rows)} rows…\n`);
    const importStart = Date.now();
    const result = await app.ctx.db.transaction((tx) => importPuf(tx, { plans: fileSource(files.plans), rates: fileSource(files.rates) }));
    const importSeconds = (Date.now() - importStart) / 1000;
    if (result.rates !== files.rows || parsed !== files.rows + 1) throw new Error(`imported ${result.rates} of ${files.rows} rows`);

    return [
      '## quotes',
      '',
      benchHeader(),
      '',
      `Load average when the run ended (other work shares the 2 cores): ${os
        .loadavg()
        .map((l) => fmt(l, 1))
        .join(', ')}.`,
      '',
      `A four-person household (44, 42, 15, 11; $95,000) quoted across the whole Vermont 2026 catalog (14 plans, both carriers) through \`POST /api/v1/quotes\`, against a bare Fastify JSON route in the same process, ${CONNECTIONS} concurrent connections, median of ${ROUNDS} alternating ${SECONDS}-second autocannon runs.`,
      '',
      '| measure | Candor | baseline | ratio |',
      '|---|---|---|---|',
      `| requests per second (quotes vs bare route) | ${fmt(qps)} | ${fmt(bps)} | ${fmt(qps / bps, 3)} |`,
      `| p99 latency at ${CONNECTIONS} concurrent | ${fmt(qP99)} ms | ${fmt(bP99)} ms | ${fmt(qP99 / Math.max(1, bP99), 1)}× |`,
      `| engine alone (eligibility + every plan priced, no HTTP), per second | ${fmt(enginePerSecond)} | ${fmt(qps)} over HTTP | ${fmt(enginePerSecond / qps, 1)}× |`,
      `| import of a generated Rate PUF file: ${fmt(files.rows)} rows (${fmt(size / 2 ** 20, 0)} MiB), one transaction | ${fmt(importSeconds, 1)} s (${fmt(files.rows / importSeconds)} rows/s) | CSV reading alone: ${fmt(parseSeconds, 1)} s | ${fmt(importSeconds / parseSeconds, 1)}× |`,
    ].join('\n');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await bare.close();
    await app.stop();
  }
}
