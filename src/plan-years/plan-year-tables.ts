/**
 * A plan year as data (docs/adr/0100-plan-year-as-data.md): every table a
 * year uses, with its source and whether it is published or provisional;
 * loading a year's tables from a file (validated whole, refused with line
 * numbers); and putting loaded tables in force in every process.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit.js';
import type { Tx } from '../platform/database.js';
import { holidaysIn, openEnrollmentFor, type holidayCalendar } from '../states/calendar.js';
import type { StateProfile } from '../states/profile.js';
import { VERMONT_HOLIDAYS } from '../states/vt.js';
import {
  PLAN_YEARS,
  POVERTY_GUIDELINE_SOURCES,
  guidelinesInForce,
  rulesInForce,
  useLoadedTables,
  type PlanYearRules,
  type PovertyGuideline,
  type PovertyRegion,
  type TableState,
} from '../eligibility/tables.js';
import { VT_2027_CATALOG_SOURCE } from '../catalog/seed-vermont-2026.js';
import { JsonSyntaxError, parseJsonWithLines } from './json-lines.js';
import { planYearTables } from './schema.js';

export type TableName =
  'poverty-guidelines' | 'applicable-percentage' | 'required-contribution' | 'cost-sharing' | 'premium-assistance' | 'medicaid-dr-dynasaur' | 'open-enrollment' | 'holidays' | 'catalog';

export interface TableStatus {
  name: TableName;
  source: string;
  state: TableState | 'missing';
  /** One line of what it holds (dates, figures). */
  summary: string;
}

/** Catalogs shipped as estimates, by plan year (replaced by loading a published `catalog` table). */
const SHIPPED_PROVISIONAL_CATALOGS: Readonly<Record<number, string>> = { 2027: VT_2027_CATALOG_SOURCE };

const pct = (bp: number) => `${(bp / 100).toFixed(2)} %`;
const dollars = (cents: number) => `$${(cents / 100).toLocaleString('en-US')}`;

/** Every table of a plan year with its source and state, as the exchange uses them now. */
export async function planYearStatus(tx: Tx, profile: StateProfile, planYear: number): Promise<TableStatus[]> {
  await refreshLoadedTables(tx);
  const loaded = new Map(
    (
      await tx
        .select()
        .from(planYearTables)
        .where(sql`plan_year = ${planYear}`)
    ).map((r) => [r.name, r]),
  );
  const rules = rulesInForce(planYear);
  const out: TableStatus[] = [];
  const guidelineYear = rules?.guidelineYear ?? planYear - 1;
  const g = guidelinesInForce(guidelineYear);
  const gLoaded = loaded.get('poverty-guidelines');
  out.push(
    g
      ? {
          name: 'poverty-guidelines',
          source: gLoaded?.source ?? POVERTY_GUIDELINE_SOURCES[guidelineYear] ?? 'unknown',
          state: (gLoaded?.state as TableState) ?? 'published',
          summary: `${guidelineYear} guidelines: ${dollars(g.contiguous.firstPersonCents)} + ${dollars(g.contiguous.eachExtraPersonCents)} a person (Alaska ${dollars(g.alaska.firstPersonCents)}, Hawaii ${dollars(g.hawaii.firstPersonCents)})`,
        }
      : { name: 'poverty-guidelines', source: '—', state: 'missing', summary: `the ${guidelineYear} guidelines are not loaded` },
  );
  const ap = rules?.applicablePercentage ?? null;
  out.push(
    ap
      ? {
          name: 'applicable-percentage',
          source: ap.source,
          state: ap.state,
          summary:
            ap.bands.map((b) => `${b.from}–${b.to} %: ${pct(b.startBp)}→${pct(b.endBp)}`).join('; ') + (ap.aboveLastBandBp === null ? '; above: no credit' : `; above: ${pct(ap.aboveLastBandBp)}`),
        }
      : { name: 'applicable-percentage', source: '—', state: 'missing', summary: 'not published; quotes for this year are refused' },
  );
  out.push(
    rules?.employerAffordabilityBp != null && ap
      ? { name: 'required-contribution', source: ap.source, state: ap.state, summary: `employer coverage affordable up to ${pct(rules.employerAffordabilityBp)} of income` }
      : { name: 'required-contribution', source: '—', state: 'missing', summary: 'not published' },
  );
  const s = profile.subsidies;
  out.push({
    name: 'cost-sharing',
    source: '45 CFR 155.305(g), 156.420; 33 V.S.A. § 1812',
    state: 'published',
    summary: s.csr.map((c) => `≤ ${c.maxFplPercent} %: Silver ${c.level} (-${c.variant}, ${c.fundedBy})`).join('; '),
  });
  out.push(
    s.premiumAssistance
      ? {
          name: 'premium-assistance',
          source: '33 V.S.A. § 1812(a)',
          state: 'published',
          summary: `≤ ${s.premiumAssistance.maxFplPercent} % FPL: ${pct(s.premiumAssistance.reductionBasisPoints)} off the applicable percentage`,
        }
      : { name: 'premium-assistance', source: '—', state: 'published', summary: 'none in this state' },
  );
  out.push({
    name: 'medicaid-dr-dynasaur',
    source: '42 CFR 435.119; Vermont Medicaid state plan',
    state: 'published',
    summary: `adults ≤ ${s.medicaid.adultMaxFplPercent} %, children under ${s.medicaid.childUnderAge} < ${s.medicaid.childBelowFplPercent} %, pregnant < ${s.medicaid.pregnantBelowFplPercent} %; new guidelines from ${s.medicaid.guidelinesSwitchOn}`,
  });
  const oe = openEnrollmentFor(profile.openEnrollment, planYear);
  out.push({
    name: 'open-enrollment',
    source: '45 CFR 155.410 (by rule: src/states/calendar.ts)',
    state: 'published',
    summary: `${oe.start} to ${oe.end}; by ${oe.januaryFirstDeadline} for January 1`,
  });
  const closed = profile.phoneLines.customerSupport.closedOn as Partial<ReturnType<typeof holidayCalendar>>;
  const calendar = closed.rule ?? VERMONT_HOLIDAYS;
  out.push({ name: 'holidays', source: `${calendar.source} (by rule)`, state: 'published', summary: `call centre closed on ${holidaysIn(calendar, planYear).join(', ')}` });
  const plans = await tx.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM catalog_plans WHERE plan_year = ${planYear} AND state_code = ${profile.rating.stateCode}`);
  const count = Number(plans.rows[0]?.n ?? 0);
  const cLoaded = loaded.get('catalog');
  out.push(
    count === 0
      ? { name: 'catalog', source: '—', state: 'missing', summary: 'no plans loaded' }
      : cLoaded
        ? { name: 'catalog', source: cLoaded.source, state: cLoaded.state as TableState, summary: `${count} plan variants` }
        : SHIPPED_PROVISIONAL_CATALOGS[planYear]
          ? { name: 'catalog', source: SHIPPED_PROVISIONAL_CATALOGS[planYear]!, state: 'provisional', summary: `${count} plan variants` }
          : { name: 'catalog', source: `Vermont ${planYear} approved rates (GMCB), Exchange PUF import`, state: 'published', summary: `${count} plan variants` },
  );
  return out;
}

/** The years to list: shipped rules, loaded tables and catalog years. */
export async function planYearsKnown(tx: Tx): Promise<number[]> {
  const { rows } = await tx.execute<{ y: number }>(sql`SELECT DISTINCT plan_year AS y FROM plan_year_tables UNION SELECT DISTINCT plan_year FROM catalog_plans`);
  return [...new Set([...Object.keys(PLAN_YEARS).map(Number), ...rows.map((r) => Number(r.y))])].sort((a, b) => a - b);
}

/** The tables whose figures a person sees in a quote of this year that are estimates, with their sources. */
export async function estimatesFor(tx: Tx, planYear: number, stateCode: string): Promise<Array<{ table: TableName; source: string }>> {
  await refreshLoadedTables(tx);
  const out: Array<{ table: TableName; source: string }> = [];
  const ap = rulesInForce(planYear)?.applicablePercentage;
  if (ap?.state === 'provisional') out.push({ table: 'applicable-percentage', source: ap.source });
  const { rows } = await tx.execute<{ source: string; state: string }>(sql`SELECT source, state FROM plan_year_tables WHERE plan_year = ${planYear} AND name = 'catalog'`);
  const loaded = rows[0];
  if (loaded ? loaded.state === 'provisional' : SHIPPED_PROVISIONAL_CATALOGS[planYear] && stateCode === 'VT')
    out.push({ table: 'catalog', source: loaded?.source ?? SHIPPED_PROVISIONAL_CATALOGS[planYear]! });
  return out;
}

// ── the file an operator loads ─────────────────────────────────────

const source = z.string().trim().min(3, 'name the source: the publication and its citation');
const state = z.enum(['published', 'provisional']);
const bp = z.number().int('a whole number of basis points (9.96 % is 996)').min(0).max(10_000);
const guideline = z.object({ firstPersonCents: z.number().int().positive(), eachExtraPersonCents: z.number().int().positive() }).strict();

export const planYearFileSchema = z
  .object({
    planYear: z.number().int().min(2014).max(2100),
    povertyGuidelines: z.object({ year: z.number().int(), source, state, contiguous: guideline, alaska: guideline, hawaii: guideline }).strict().optional(),
    applicablePercentage: z
      .object({
        source,
        state,
        bands: z
          .array(z.object({ from: z.number().int().min(0), to: z.number().int().positive(), startBp: bp, endBp: bp }).strict())
          .min(1)
          .superRefine((bands, ctx) => {
            bands.forEach((b, i) => {
              if (b.to <= b.from) ctx.addIssue({ code: 'custom', path: [i, 'to'], message: '"to" must be above "from"' });
              if (b.endBp < b.startBp) ctx.addIssue({ code: 'custom', path: [i, 'endBp'], message: 'a band never falls: "endBp" must be at least "startBp"' });
              if (i > 0 && b.from !== bands[i - 1]!.to) ctx.addIssue({ code: 'custom', path: [i, 'from'], message: `bands must follow on: this one must start at ${bands[i - 1]!.to}` });
            });
          }),
        aboveLastBandBp: bp.nullable(),
        requiredContributionBp: bp,
        lawfullyPresentBelowPovertyEligible: z.boolean().optional(),
        creditInIncomeBasedSep: z.boolean().optional(),
      })
      .strict()
      .optional(),
    catalog: z.object({ source, state }).strict().optional(),
  })
  .strict()
  .refine((f) => f.povertyGuidelines || f.applicablePercentage || f.catalog, { message: 'give at least one table: povertyGuidelines, applicablePercentage or catalog' });

export type PlanYearFile = z.infer<typeof planYearFileSchema>;

export class PlanYearFileRefused extends Error {
  constructor(readonly problems: Array<{ line: number; message: string }>) {
    super(problems.map((p) => `line ${p.line}: ${p.message}`).join('\n'));
  }
}

/** Reads and validates a plan-year file; a bad one is refused whole, every problem with its line. */
export function readPlanYearFile(text: string, year: number): PlanYearFile {
  let parsed: ReturnType<typeof parseJsonWithLines>;
  try {
    parsed = parseJsonWithLines(text);
  } catch (err) {
    if (err instanceof JsonSyntaxError) throw new PlanYearFileRefused([{ line: err.line, message: `not valid JSON: ${err.message}` }]);
    throw err;
  }
  const result = planYearFileSchema.safeParse(parsed.value);
  if (!result.success) {
    throw new PlanYearFileRefused(
      result.error.issues
        .map((i) => ({ line: parsed.lineOf(i.path as Array<string | number>), message: `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}` }))
        .sort((a, b) => a.line - b.line),
    );
  }
  if (result.data.planYear !== year) throw new PlanYearFileRefused([{ line: parsed.lineOf(['planYear']), message: `planYear: the file is for ${result.data.planYear}, not ${year}` }]);
  if (result.data.povertyGuidelines && result.data.povertyGuidelines.year !== year - 1) {
    throw new PlanYearFileRefused([{ line: parsed.lineOf(['povertyGuidelines', 'year']), message: `povertyGuidelines.year: plan year ${year} uses the guidelines published in ${year - 1}` }]);
  }
  return result.data;
}

/** Writes a year's tables (replacing those loaded before) and an audit record; takes effect in this process at once, in others within a second. */
export async function loadPlanYear(tx: Tx, file: PlanYearFile, by: { actor: string; actorKind: 'person' | 'system'; at: Date }): Promise<TableName[]> {
  const rows: Array<{ name: TableName; source: string; state: TableState; data: unknown }> = [];
  if (file.povertyGuidelines) rows.push({ name: 'poverty-guidelines', source: file.povertyGuidelines.source, state: file.povertyGuidelines.state, data: file.povertyGuidelines });
  if (file.applicablePercentage) rows.push({ name: 'applicable-percentage', source: file.applicablePercentage.source, state: file.applicablePercentage.state, data: file.applicablePercentage });
  if (file.catalog) rows.push({ name: 'catalog', source: file.catalog.source, state: file.catalog.state, data: null });
  for (const r of rows) {
    await tx
      .insert(planYearTables)
      .values({ planYear: file.planYear, name: r.name, source: r.source, state: r.state, data: r.data, loadedAt: by.at, loadedBy: null })
      .onConflictDoUpdate({ target: [planYearTables.planYear, planYearTables.name], set: { source: r.source, state: r.state, data: r.data, loadedAt: by.at } });
  }
  await recordAudit(tx, {
    actor: by.actor,
    actorKind: by.actorKind,
    action: 'plan-year.loaded',
    objectType: 'plan-year',
    objectId: String(file.planYear),
    details: { tables: rows.map((r) => ({ name: r.name, source: r.source, state: r.state })) },
    at: by.at,
  });
  lastRead = null;
  await refreshLoadedTables(tx);
  return rows.map((r) => r.name);
}

// ── loaded tables in force in this process ─────────────────────────

const TTL_MS = 1_000;
let lastRead: { at: number; key: string } | null = null;

/** Reads the loaded tables at most once a second and puts them in force (src/eligibility/tables.ts: useLoadedTables). */
export async function refreshLoadedTables(tx: Tx): Promise<void> {
  if (lastRead && performance.now() - lastRead.at < TTL_MS) return;
  const { rows } = await tx.execute<{ plan_year: number; name: string; source: string; state: TableState; data: any; loaded_at: Date }>(
    sql`SELECT plan_year, name, source, state, data, loaded_at FROM plan_year_tables WHERE name IN ('applicable-percentage', 'poverty-guidelines') ORDER BY plan_year`,
  );
  const key = rows.map((r) => `${r.plan_year}/${r.name}/${new Date(r.loaded_at).getTime()}`).join(',');
  if (lastRead?.key !== key) {
    const rules = new Map<number, PlanYearRules>();
    const guidelines = new Map<number, Record<PovertyRegion, PovertyGuideline>>();
    for (const r of rows) {
      const y = Number(r.plan_year);
      if (r.name === 'poverty-guidelines') {
        guidelines.set(Number(r.data.year), { contiguous: r.data.contiguous, alaska: r.data.alaska, hawaii: r.data.hawaii });
      } else {
        const shipped = PLAN_YEARS[y];
        rules.set(y, {
          guidelineYear: shipped?.guidelineYear ?? y - 1,
          applicablePercentage: { source: r.source, state: r.state, bands: r.data.bands, aboveLastBandBp: r.data.aboveLastBandBp },
          employerAffordabilityBp: r.data.requiredContributionBp,
          lawfullyPresentBelowPovertyEligible: r.data.lawfullyPresentBelowPovertyEligible ?? shipped?.lawfullyPresentBelowPovertyEligible ?? false,
          creditInIncomeBasedSep: r.data.creditInIncomeBasedSep ?? shipped?.creditInIncomeBasedSep ?? false,
        });
      }
    }
    useLoadedTables({ rules, guidelines });
  }
  lastRead = { at: performance.now(), key };
}
