/**
 * Reads the catalog for quoting: a rating area's plans and rates for a plan
 * year, cached in memory under the id of the latest import, so an import or
 * seed in any process is seen by the next quote in every process.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '../platform/database.js';
import { invalidInput } from '../platform/errors.js';
import { planRatesFromRows, type PlanRates } from './rating.js';
import type { KeyCostSharing, MetalLevel } from './schema.js';

export interface CatalogPlan {
  planId: string;
  standardComponentId: string;
  variant: string;
  issuerId: string;
  carrierName: string;
  name: string;
  csrVariationType: string;
  metalLevel: MetalLevel;
  networkType: string;
  hsaEligible: boolean;
  deductibleIndividualCents: number;
  deductibleFamilyCents: number | null;
  oopMaxIndividualCents: number;
  oopMaxFamilyCents: number | null;
  costSharing: KeyCostSharing;
}

/** One plan (standard component) offered in an area: its variants and its rates. */
export interface PlanOffer {
  standardComponentId: string;
  variants: ReadonlyMap<string, CatalogPlan>;
  rates: PlanRates;
}

export interface AreaCatalog {
  planYear: number;
  stateCode: string;
  ratingAreaId: string;
  offers: PlanOffer[];
}

interface Places {
  counties: Map<string, { name: string; ratingAreaId: string }>;
  zips: Array<{ prefix: string; ratingAreaId: string }>;
  years: number[];
}

const MAX_ENTRIES = 64;
const cache = new Map<string, unknown>();

function remember<T>(key: string, value: T): T {
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(key, value);
  return value;
}

async function rows<T>(tx: Tx, query: ReturnType<typeof sql>): Promise<T[]> {
  return (await tx.execute(query)).rows as T[];
}

/** How long a process trusts the generation it last read: a new import reaches other processes within this. */
const GENERATION_TTL_MS = 1_000;
const generations = new WeakMap<object, { id: string; at: number; epoch: number }>();
let epoch = 0;

/** Called by an import in this process, so its own next quote reads the new generation at once. */
export function forgetCatalogGeneration(): void {
  epoch++;
}

/**
 * The id of the latest import: the cache generation ('' before any). Read at most once a
 * second per database handle; inside a transaction always read afresh.
 */
export async function catalogGeneration(tx: Tx): Promise<string> {
  const pooled = !('rollback' in tx);
  const hit = pooled ? generations.get(tx) : undefined;
  if (hit && hit.epoch === epoch && performance.now() - hit.at < GENERATION_TTL_MS) return hit.id;
  const [row] = await rows<{ id: string }>(tx, sql`SELECT id FROM catalog_imports ORDER BY seq DESC LIMIT 1`);
  const id = row?.id ?? '';
  if (pooled) generations.set(tx, { id, at: performance.now(), epoch });
  return id;
}

async function places(tx: Tx, generation: string, stateCode: string): Promise<Places> {
  const key = `places|${generation}|${stateCode}`;
  const hit = cache.get(key) as Places | undefined;
  if (hit) return hit;
  const found = await rows<{ county: string | null; zip_prefix: string | null; rating_area_id: string }>(
    tx,
    sql`SELECT county, zip_prefix, rating_area_id FROM catalog_rating_area_places WHERE state_code = ${stateCode}`,
  );
  const years = await rows<{ plan_year: number }>(tx, sql`SELECT DISTINCT plan_year FROM catalog_rates WHERE state_code = ${stateCode} ORDER BY plan_year`);
  const result: Places = { counties: new Map(), zips: [], years: years.map((y) => Number(y.plan_year)) };
  for (const p of found) {
    if (p.county && !p.zip_prefix) result.counties.set(p.county.toLowerCase(), { name: p.county, ratingAreaId: p.rating_area_id });
    if (p.zip_prefix) result.zips.push({ prefix: p.zip_prefix, ratingAreaId: p.rating_area_id });
  }
  result.zips.sort((a, b) => b.prefix.length - a.prefix.length);
  return remember(key, result);
}

/** The counties of a state, for the shopping form. */
export async function countiesOf(tx: Tx, stateCode: string): Promise<string[]> {
  const p = await places(tx, await catalogGeneration(tx), stateCode);
  return [...p.counties.values()].map((c) => c.name).sort();
}

/** Plan years with rates in the catalog for a state. */
export async function catalogYears(tx: Tx, stateCode: string): Promise<number[]> {
  return (await places(tx, await catalogGeneration(tx), stateCode)).years;
}

/** The rating area of a ZIP code (longest prefix) or a county; refuses places outside the state. */
export async function resolveRatingArea(tx: Tx, stateCode: string, where: { zip?: string; county?: string }, generation?: string): Promise<string> {
  const p = await places(tx, generation ?? (await catalogGeneration(tx)), stateCode);
  if (where.zip) {
    const zip = where.zip.trim();
    const match = p.zips.find((z) => zip.startsWith(z.prefix));
    if (!match) throw invalidInput([{ field: 'zip', messageKey: 'catalog.errors.zipOutside' }]);
    return match.ratingAreaId;
  }
  if (where.county) {
    const match = p.counties.get(where.county.trim().toLowerCase());
    if (!match) throw invalidInput([{ field: 'county', messageKey: 'catalog.errors.countyUnknown' }]);
    return match.ratingAreaId;
  }
  throw invalidInput([{ field: 'zip', messageKey: 'catalog.errors.placeRequired' }]);
}

interface RateRow {
  standard_component_id: string;
  age_from: number | null;
  age_to: number | null;
  individual_cents: number;
  tobacco_cents: number | null;
  couple_cents: number | null;
  primary_one_dependent_cents: number | null;
  primary_two_dependents_cents: number | null;
  primary_three_or_more_dependents_cents: number | null;
  couple_one_dependent_cents: number | null;
  couple_two_dependents_cents: number | null;
  couple_three_or_more_dependents_cents: number | null;
}

interface PlanRow {
  plan_id: string;
  standard_component_id: string;
  variant: string;
  issuer_id: string;
  carrier_name: string;
  name: string;
  csr_variation_type: string;
  metal_level: MetalLevel;
  network_type: string;
  hsa_eligible: boolean;
  deductible_individual_cents: number;
  deductible_family_cents: number | null;
  oop_max_individual_cents: number;
  oop_max_family_cents: number | null;
  cost_sharing: KeyCostSharing;
}

/** Every on-exchange plan with rates in a rating area on a day. */
export async function loadAreaCatalog(tx: Tx, q: { planYear: number; stateCode: string; ratingAreaId: string; on: string }, generation?: string): Promise<AreaCatalog> {
  const gen = generation ?? (await catalogGeneration(tx));
  const key = `area|${gen}|${q.planYear}|${q.stateCode}|${q.ratingAreaId}|${q.on}`;
  const hit = cache.get(key) as AreaCatalog | undefined;
  if (hit) return hit;
  const rateRows = await rows<RateRow>(
    tx,
    sql`SELECT standard_component_id, age_from, age_to, individual_cents, tobacco_cents, couple_cents, primary_one_dependent_cents,
               primary_two_dependents_cents, primary_three_or_more_dependents_cents, couple_one_dependent_cents,
               couple_two_dependents_cents, couple_three_or_more_dependents_cents
        FROM catalog_rates
        WHERE plan_year = ${q.planYear} AND state_code = ${q.stateCode} AND rating_area_id = ${q.ratingAreaId}
          AND effective_on <= ${q.on} AND expires_on >= ${q.on}`,
  );
  const planRows = await rows<PlanRow>(
    tx,
    sql`SELECT p.plan_id, p.standard_component_id, p.variant, p.issuer_id, c.name AS carrier_name, p.name, p.csr_variation_type,
               p.metal_level, p.network_type, p.hsa_eligible, p.deductible_individual_cents, p.deductible_family_cents,
               p.oop_max_individual_cents, p.oop_max_family_cents, p.cost_sharing
        FROM catalog_plans p JOIN catalog_carriers c ON c.issuer_id = p.issuer_id
        WHERE p.plan_year = ${q.planYear} AND p.state_code = ${q.stateCode} AND p.variant <> '00'`,
  );
  const byPlan = new Map<string, RateRow[]>();
  for (const r of rateRows) {
    const list = byPlan.get(r.standard_component_id) ?? [];
    list.push(r);
    byPlan.set(r.standard_component_id, list);
  }
  const variants = new Map<string, Map<string, CatalogPlan>>();
  for (const p of planRows) {
    const map = variants.get(p.standard_component_id) ?? new Map<string, CatalogPlan>();
    map.set(p.variant, {
      planId: p.plan_id,
      standardComponentId: p.standard_component_id,
      variant: p.variant,
      issuerId: p.issuer_id,
      carrierName: p.carrier_name,
      name: p.name,
      csrVariationType: p.csr_variation_type,
      metalLevel: p.metal_level,
      networkType: p.network_type,
      hsaEligible: p.hsa_eligible,
      deductibleIndividualCents: p.deductible_individual_cents,
      deductibleFamilyCents: p.deductible_family_cents,
      oopMaxIndividualCents: p.oop_max_individual_cents,
      oopMaxFamilyCents: p.oop_max_family_cents,
      costSharing: p.cost_sharing,
    });
    variants.set(p.standard_component_id, map);
  }
  const offers: PlanOffer[] = [];
  for (const [scid, list] of [...byPlan.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const v = variants.get(scid);
    if (!v || !v.has('01')) continue;
    const rates = planRatesFromRows(
      list.map((r) => ({
        ageFrom: r.age_from,
        ageTo: r.age_to,
        individualCents: r.individual_cents,
        tobaccoCents: r.tobacco_cents,
        family:
          r.age_from === null
            ? {
                individual: r.individual_cents,
                couple: r.couple_cents,
                primaryOneDependent: r.primary_one_dependent_cents,
                primaryTwoDependents: r.primary_two_dependents_cents,
                primaryThreeOrMoreDependents: r.primary_three_or_more_dependents_cents,
                coupleOneDependent: r.couple_one_dependent_cents,
                coupleTwoDependents: r.couple_two_dependents_cents,
                coupleThreeOrMoreDependents: r.couple_three_or_more_dependents_cents,
              }
            : null,
      })),
    );
    offers.push({ standardComponentId: scid, variants: v, rates });
  }
  return remember(key, { planYear: q.planYear, stateCode: q.stateCode, ratingAreaId: q.ratingAreaId, offers });
}
