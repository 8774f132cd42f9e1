/**
 * The annual renewal run (45 CFR 155.335; docs/adr/0105-annual-renewal.md):
 * every household enrolled for this year is redetermined for next year from
 * the information on file, priced for next year through the quote engine,
 * passively re-enrolled (rules.ts) or told why not, and sent its notice.
 *
 * Set-based in chunks of households (keyset by household id): each chunk reads
 * its facts in a few statements, decides in memory, and writes its renewal
 * rows, applications, determinations, verifications, enrollments (with
 * members, amounts and `created` transitions) and notices in one transaction.
 * The renewal row's key (household, plan year) is written first with
 * ON CONFLICT DO NOTHING, and only the households it returns get the rest:
 * a run killed half-way and started again renews nobody twice and decides
 * the others as the first run would have.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.js';
import { localDay } from '../enrollment/dates.js';
import type { ApplicantFacts, EnrollmentEngine, HouseholdQuote, Metal, PlanOffer } from '../enrollment/engine.js';
import { newPolicyNumber } from '../enrollment/identifiers.js';
import { splitPremium, type PremiumSplit } from '../enrollment/premium.js';
import { enqueueNotices, type EnqueueNoticeInput } from '../notices/enqueue-notice.js';
import type { Db, Tx } from '../platform/database.js';
import { CandorError } from '../platform/errors.js';
import { estimatesFor } from '../plan-years/plan-year-tables.js';
import { openEnrollmentFor } from '../states/calendar.js';
import type { StateProfile } from '../states/profile.js';
import './notices.js'; // registers the notice types this run raises
import type { RenewalChange, RenewalEndedData, RenewalNoticeData } from './notices.js';
import { chooseRenewalPlan, hasCostSharingReductions, type RenewalRule } from './rules.js';
import { RENEWAL_OUTCOMES, type RenewalOutcome } from './schema.js';

export type RenewalCounts = Record<RenewalOutcome, number>;

export interface RenewalRunResult {
  planYear: number;
  /** Households decided by this call (not those an earlier run decided). */
  decided: number;
  /** Households an earlier (interrupted) run had decided already. */
  alreadyDone: number;
  counts: RenewalCounts;
  /** False when stopped by `maxChunks` before the end. */
  finished: boolean;
}

export interface RenewalDeps {
  engine: EnrollmentEngine;
  profile: StateProfile;
}

export interface RenewalInput {
  planYear: number;
  now: Date;
  chunkSize?: number;
  startedBy?: string;
  /** Stop after this many chunks (an interrupted run, for tests and operators). */
  maxChunks?: number;
  onProgress?: (done: number, total: number) => void;
}

const ACTIVE = ['pending-binder', 'effectuated', 'in-grace'];
const ZERO_UUID = '00000000-0000-0000-0000-000000000000';

export const emptyCounts = (): RenewalCounts => Object.fromEntries(RENEWAL_OUTCOMES.map((o) => [o, 0])) as RenewalCounts;

/** The renewal's dates for a plan year: new coverage from January 1; choose another plan by the January-first deadline. */
export function renewalDates(profile: Pick<StateProfile, 'openEnrollment'>, planYear: number): { coverageStart: string; chooseBy: string; coverageEnds: string } {
  const oe = openEnrollmentFor(profile.openEnrollment, planYear);
  return { coverageStart: `${planYear}-01-01`, chooseBy: oe.januaryFirstDeadline, coverageEnds: `${planYear - 1}-12-31` };
}

/** Why plan year `planYear` cannot be renewed into yet (a message key), or null: it needs next year's plans in the catalog. */
export async function renewalRefusal(tx: Tx, profile: Pick<StateProfile, 'rating'>, planYear: number): Promise<string | null> {
  const { rows } = await tx.execute(sql`SELECT 1 FROM catalog_plans WHERE plan_year = ${planYear} AND state_code = ${profile.rating.stateCode} LIMIT 1`);
  return rows.length ? null : 'renewal.errors.noCatalog';
}

interface Candidate {
  [key: string]: unknown;
  household_id: string;
  state: string;
  language: 'en' | 'es';
  account_id: string | null;
  email: string | null;
  enrollment_id: string;
  status: string;
  coverage_end: string;
  carrier_hios_id: string;
  plan_hios_id: string;
  plan_variant: string;
  aptc_cents: number;
  net_premium_cents: number;
  done: boolean;
}

interface MemberRow {
  [key: string]: unknown;
  id: string;
  household_id: string;
  is_primary: boolean;
  first_name: string;
  last_name: string;
  date_of_birth: string;
  seeking_coverage: boolean;
  pregnant: boolean;
  aian: boolean;
  citizenship: ApplicantFacts['citizenship'];
  incarcerated: boolean;
  other_coverage: boolean;
  tobacco_use: boolean;
  tax_filing: ApplicantFacts['taxFiling'];
  relationship: ApplicantFacts['relationship'] | null;
}

interface AddressRow {
  [key: string]: unknown;
  household_id: string;
  kind: 'home' | 'mailing';
  line1: string;
  line2: string;
  city: string;
  state: string;
  zip: string;
  county: string;
}

interface ApplicationRow {
  [key: string]: unknown;
  id: string;
  household_id: string;
  channel: 'online' | 'call-centre' | 'paper';
  annual_income_cents: number | null;
  tax_household_size: number | null;
  consent: boolean;
}

interface PlanInfo {
  issuerId: string;
  metal: Metal;
  networkType: string;
}

/** What the run decided for one household, before anything is written. */
export type Decision =
  | { householdId: string; outcome: Exclude<RenewalOutcome, 'renewed-same-plan' | 'renewed-crosswalk' | 'renewed-other-plan' | 'ineligible'>; fromEnrollmentId: string }
  /** Redetermined, and nobody covered is eligible for a plan next year (the determination is recorded all the same). */
  | {
      householdId: string;
      outcome: 'ineligible';
      fromEnrollmentId: string;
      application: ApplicationRow;
      decision: Awaited<ReturnType<EnrollmentEngine['determine']>>;
      consent: boolean;
      maxAptcCents: number;
    }
  | {
      householdId: string;
      outcome: 'renewed-same-plan' | 'renewed-crosswalk' | 'renewed-other-plan';
      rule: RenewalRule;
      fromEnrollmentId: string;
      application: ApplicationRow;
      decision: Awaited<ReturnType<EnrollmentEngine['determine']>>;
      consent: boolean;
      offer: PlanOffer;
      maxAptcCents: number;
      split: PremiumSplit;
      previousNetCents: number;
      changes: RenewalChange[];
    };

/** Facts of one chunk of households, read in a few statements. */
interface ChunkFacts {
  candidates: Candidate[];
  members: Map<string, MemberRow[]>;
  covered: Map<string, Set<string>>;
  addresses: Map<string, AddressRow[]>;
  applications: Map<string, ApplicationRow>;
  enrolledNextYear: Set<string>;
}

function groupBy<T>(rows: readonly T[], key: (r: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

async function readPage(tx: Tx, year: number, after: string, limit: number): Promise<Candidate[]> {
  const prev = year - 1;
  const { rows } = await tx.execute<Candidate>(sql`
    SELECT e.household_id, h.state, h.language, h.customer_account_id AS account_id, a.email,
           e.id AS enrollment_id, e.status, e.coverage_end::text AS coverage_end, e.carrier_hios_id, e.plan_hios_id, e.plan_variant,
           e.aptc_cents, e.net_premium_cents,
           EXISTS (SELECT 1 FROM renewals r WHERE r.household_id = e.household_id AND r.plan_year = ${year}) AS done
      FROM (SELECT DISTINCT ON (household_id) * FROM enrollments
             -- The page's households first, in index order (each page costs its own size, not what is left).
             WHERE household_id IN (SELECT DISTINCT household_id FROM enrollments
                                     WHERE plan_year = ${prev} AND status <> 'cancelled' AND household_id > ${after}::uuid
                                     ORDER BY household_id LIMIT ${limit})
               AND plan_year = ${prev} AND status <> 'cancelled'
             ORDER BY household_id, (status IN ('pending-binder', 'effectuated', 'in-grace')) DESC, coverage_end DESC, created_at DESC, id) e
      JOIN households h ON h.id = e.household_id
      LEFT JOIN accounts a ON a.id = h.customer_account_id
     ORDER BY e.household_id`);
  return rows;
}

async function readFacts(tx: Tx, year: number, candidates: Candidate[]): Promise<ChunkFacts> {
  const ids = sql.param(candidates.map((c) => c.household_id));
  const enrollmentIds = sql.param(candidates.map((c) => c.enrollment_id));
  const [memberRows, coveredRows, addressRows, applicationRows, nextYear] = await Promise.all([
    tx.execute<MemberRow>(sql`
      SELECT m.id, m.household_id, m.is_primary, m.first_name, m.last_name, m.date_of_birth::text AS date_of_birth, m.seeking_coverage, m.pregnant, m.aian,
             m.citizenship, m.incarcerated, m.other_coverage, m.tobacco_use, m.tax_filing, r.kind AS relationship
        FROM household_members m
        LEFT JOIN household_members p ON p.household_id = m.household_id AND p.is_primary
        LEFT JOIN household_relationships r ON r.member_id = m.id AND r.related_to_id = p.id
       WHERE m.household_id = ANY(${ids}::uuid[])
       ORDER BY m.household_id, m.is_primary DESC, m.created_at, m.id`),
    tx.execute<{ enrollment_id: string; member_id: string }>(sql`SELECT enrollment_id, member_id FROM enrollment_members WHERE enrollment_id = ANY(${enrollmentIds}::uuid[])`),
    tx.execute<AddressRow>(sql`SELECT household_id, kind, line1, line2, city, state, zip, county FROM household_addresses WHERE household_id = ANY(${ids}::uuid[])`),
    // The latest determined application for this year: the information on file, with any change reported since.
    tx.execute<ApplicationRow>(sql`
      SELECT DISTINCT ON (ap.household_id) ap.id, ap.household_id, ap.channel, ap.annual_income_cents, ap.tax_household_size,
             EXISTS (SELECT 1 FROM application_attestations t WHERE t.application_id = ap.id AND t.kind = 'renewal-consent') AS consent
        FROM applications ap
       WHERE ap.household_id = ANY(${ids}::uuid[]) AND ap.plan_year = ${year - 1} AND ap.status = 'determined'
       ORDER BY ap.household_id, ap.determined_at DESC NULLS LAST, ap.id`),
    tx.execute<{ household_id: string }>(sql`
      SELECT DISTINCT household_id FROM enrollments
       WHERE household_id = ANY(${ids}::uuid[]) AND plan_year = ${year} AND status IN ('pending-binder', 'effectuated', 'in-grace')`),
  ]);
  const byEnrollment = groupBy(coveredRows.rows, (r) => r.enrollment_id);
  return {
    candidates,
    members: groupBy(memberRows.rows, (m) => m.household_id),
    covered: new Map(candidates.map((c) => [c.household_id, new Set((byEnrollment.get(c.enrollment_id) ?? []).map((r) => r.member_id))])),
    addresses: groupBy(addressRows.rows, (a) => a.household_id),
    applications: new Map(applicationRows.rows.map((a) => [a.household_id, a])),
    enrolledNextYear: new Set(nextYear.rows.map((r) => r.household_id)),
  };
}

function factsOf(m: MemberRow): ApplicantFacts {
  return {
    id: m.id,
    isPrimary: m.is_primary,
    dateOfBirth: m.date_of_birth,
    relationship: m.is_primary ? 'self' : (m.relationship ?? 'other'),
    seekingCoverage: m.seeking_coverage,
    pregnant: m.pregnant,
    americanIndianAlaskaNative: m.aian,
    citizenship: m.citizenship,
    incarcerated: m.incarcerated,
    otherCoverage: m.other_coverage,
    tobaccoUse: m.tobacco_use,
    taxFiling: m.tax_filing,
  };
}

/** The catalog facts of this year's plans that the hierarchy compares with (metal, issuer, network), cached per run. */
class PlanBook {
  private plans = new Map<string, PlanInfo>();
  private crosswalk = new Map<string, string>();
  constructor(private readonly fromYear: number) {}

  async load(db: Tx): Promise<void> {
    const { rows } = await db.execute<{ plan_year: number; standard_component_id: string; issuer_id: string; metal_level: Metal; network_type: string }>(
      sql`SELECT plan_year, standard_component_id, issuer_id, metal_level, network_type FROM catalog_plans WHERE plan_year IN (${this.fromYear}, ${this.fromYear + 1}) AND variant = '01'`,
    );
    for (const r of rows) this.plans.set(`${r.plan_year}|${r.standard_component_id}`, { issuerId: r.issuer_id, metal: r.metal_level, networkType: r.network_type });
    const cw = await db.execute<{ from_plan_hios_id: string; to_plan_hios_id: string }>(sql`SELECT from_plan_hios_id, to_plan_hios_id FROM renewal_plan_crosswalks WHERE from_year = ${this.fromYear}`);
    for (const r of cw.rows) this.crosswalk.set(r.from_plan_hios_id, r.to_plan_hios_id);
  }

  /** This year's plan (`next`: next year's). */
  plan(id: string, next = false): PlanInfo | null {
    return this.plans.get(`${this.fromYear + (next ? 1 : 0)}|${id}`) ?? null;
  }

  crosswalkOf(id: string): string | null {
    return this.crosswalk.get(id) ?? null;
  }
}

function outsideState(err: unknown): boolean {
  return err instanceof CandorError && err.name === 'invalid-input';
}

/** Decides one household (pure but for the quote engine's cached catalog reads on `db`). */
async function decide(db: Db, deps: RenewalDeps, book: PlanBook, facts: ChunkFacts, c: Candidate, year: number, today: string): Promise<Decision> {
  const base = { householdId: c.household_id, fromEnrollmentId: c.enrollment_id };
  if (facts.enrolledNextYear.has(c.household_id)) return { ...base, outcome: 'already-enrolled' };
  if (!ACTIVE.includes(c.status) || c.coverage_end < `${year - 1}-12-31`) return { ...base, outcome: 'ended' };
  const stateCode = deps.profile.rating.stateCode;
  const home = facts.addresses.get(c.household_id)?.find((a) => a.kind === 'home');
  if (!home || home.state !== stateCode || c.state !== stateCode) return { ...base, outcome: 'moved' };
  const application = facts.applications.get(c.household_id);
  if (!application || application.annual_income_cents === null) return { ...base, outcome: 'no-application' };

  const all = (facts.members.get(c.household_id) ?? []).map(factsOf);
  const taxHouseholdSize = application.tax_household_size ?? all.length;
  const ask = { state: c.state, planYear: year, annualIncomeCents: application.annual_income_cents, taxHouseholdSize, zip: home.zip, county: home.county };
  const cover = [...(facts.covered.get(c.household_id) ?? [])];
  let decision;
  let quote: HouseholdQuote | null;
  try {
    // One pass of the quote engine: every member redetermined for next year, and next year's plans priced for those covered who stay eligible.
    ({ decision, quote } = await deps.engine.redetermine(db, { ...ask, applicationDay: today, coverageStart: `${year}-01-01`, members: all, cover }));
  } catch (err) {
    if (outsideState(err)) return { ...base, outcome: 'moved' };
    throw err;
  }
  if (!quote) return { ...base, outcome: 'ineligible', application, decision, consent: application.consent, maxAptcCents: 0 };

  // Without the household's consent to use IRS data, it is renewed without financial help (155.335(k)).
  const consent = application.consent;
  const maxAptcCents = consent ? quote.maxAptcCents : 0;
  const stateAssistanceCents = consent ? quote.stateAssistanceCents : 0;
  const csrVariant = consent ? quote.csrVariant : '01';
  const offers = quote.offers.map((o) => {
    const split = splitPremium({
      grossPremiumCents: o.grossPremiumCents,
      maxAptcCents: o.metal === 'catastrophic' ? 0 : maxAptcCents,
      stateAssistanceCents: o.metal === 'catastrophic' ? 0 : stateAssistanceCents,
    });
    return {
      offer: { ...o, variant: consent ? o.variant : '01' },
      split,
      planHiosId: o.planHiosId,
      variant: consent ? o.variant : '01',
      issuerId: o.carrierHiosId,
      metal: o.metal,
      networkType: book.plan(o.planHiosId, true)?.networkType ?? '',
      grossPremiumCents: o.grossPremiumCents,
      netPremiumCents: split.netPremiumCents,
    };
  });
  const current = book.plan(c.plan_hios_id);
  const choice = current
    ? chooseRenewalPlan({ planHiosId: c.plan_hios_id, issuerId: current.issuerId, metal: current.metal, networkType: current.networkType }, offers, {
        crosswalkTo: book.crosswalkOf(c.plan_hios_id),
        costSharingReductions: hasCostSharingReductions(csrVariant),
      })
    : offers.find((o) => o.planHiosId === c.plan_hios_id)
      ? { plan: offers.find((o) => o.planHiosId === c.plan_hios_id)!, rule: 'same-plan' as const }
      : null;
  if (!choice) return { ...base, outcome: 'no-plan' };

  const { split } = choice.plan;
  const changes: RenewalChange[] = [];
  if (choice.rule === 'crosswalk') changes.push('crosswalk');
  else if (choice.rule === 'bronze-to-silver') changes.push('bronze-to-silver');
  else if (choice.rule !== 'same-plan') changes.push('other-plan');
  if (split.netPremiumCents > c.net_premium_cents) changes.push('premium-up');
  if (split.netPremiumCents < c.net_premium_cents) changes.push('premium-down');
  if (split.aptcCents > c.aptc_cents) changes.push('credit-up');
  if (split.aptcCents < c.aptc_cents) changes.push('credit-down');
  if (choice.plan.variant !== c.plan_variant && choice.rule === 'same-plan') changes.push('cost-sharing');
  changes.push(consent ? 'income-check' : 'no-income-consent');
  return {
    ...base,
    outcome: choice.rule === 'same-plan' ? 'renewed-same-plan' : choice.rule === 'crosswalk' ? 'renewed-crosswalk' : 'renewed-other-plan',
    rule: choice.rule,
    application,
    decision,
    consent,
    offer: choice.plan.offer,
    maxAptcCents,
    split,
    previousNetCents: c.net_premium_cents,
    changes,
  };
}

/** Reads and decides one page of households; `null` at the end. */
async function decidePage(db: Db, deps: RenewalDeps, book: PlanBook, year: number, after: string, limit: number, today: string) {
  const page = await readPage(db, year, after, limit);
  if (!page.length) return null;
  const todo = page.filter((c) => !c.done);
  const facts = todo.length ? await readFacts(db, year, todo) : null;
  const decisions: Decision[] = [];
  for (const c of todo) decisions.push(await decide(db, deps, book, facts!, c, year, today));
  return { last: page[page.length - 1]!.household_id, seen: page.length, alreadyDone: page.length - todo.length, decisions, facts };
}

/** How many households the run looks at (for the progress bar). */
async function countCandidates(db: Db, year: number): Promise<number> {
  const { rows } = await db.execute<{ n: number }>(sql`SELECT count(DISTINCT household_id)::int AS n FROM enrollments WHERE plan_year = ${year - 1} AND status <> 'cancelled'`);
  return rows[0]?.n ?? 0;
}

async function prepare(db: Db, deps: RenewalDeps, year: number) {
  const dates = renewalDates(deps.profile, year);
  const refusal = await renewalRefusal(db, deps.profile, year);
  if (refusal) throw new CandorError('conflict', refusal, { values: { year } });
  const book = new PlanBook(year - 1);
  await book.load(db);
  return { dates, book };
}

/** Counts by outcome of what a run would decide now, writing nothing (households already decided count as decided). */
export async function previewRenewal(
  db: Db,
  deps: RenewalDeps,
  input: { planYear: number; now: Date; chunkSize?: number; onProgress?: (done: number, total: number) => void },
): Promise<{ counts: RenewalCounts; alreadyDone: number; total: number }> {
  const year = input.planYear;
  const { book } = await prepare(db, deps, year);
  const today = localDay(input.now, deps.profile.timeZone);
  const total = await countCandidates(db, year);
  const counts = emptyCounts();
  let alreadyDone = 0;
  let seen = 0;
  let after = ZERO_UUID;
  for (;;) {
    const page = await decidePage(db, deps, book, year, after, input.chunkSize ?? 1_000, today);
    if (!page) break;
    for (const d of page.decisions) counts[d.outcome]++;
    alreadyDone += page.alreadyDone;
    seen += page.seen;
    input.onProgress?.(seen, total);
    after = page.last;
  }
  if (alreadyDone) {
    const { rows } = await db.execute<{ outcome: RenewalOutcome; n: number }>(sql`SELECT outcome, count(*)::int AS n FROM renewals WHERE plan_year = ${year} GROUP BY outcome`);
    for (const r of rows) counts[r.outcome] += r.n;
  }
  return { counts, alreadyDone, total };
}

/** Runs (or resumes) the renewal of plan year `planYear`. */
export async function runRenewal(db: Db, deps: RenewalDeps, input: RenewalInput): Promise<RenewalRunResult> {
  const year = input.planYear;
  const { dates, book } = await prepare(db, deps, year);
  const startedBy = input.startedBy ?? 'renewal-run';
  const now = input.now;
  const today = localDay(now, deps.profile.timeZone);
  await db.execute(sql`INSERT INTO renewal_runs (plan_year, started_at, started_by) VALUES (${year}, ${now}, ${startedBy}) ON CONFLICT (plan_year) DO NOTHING`);
  const total = await countCandidates(db, year);
  const result: RenewalRunResult = { planYear: year, decided: 0, alreadyDone: 0, counts: emptyCounts(), finished: false };
  let after = ZERO_UUID;
  let seen = 0;
  let chunks = 0;
  for (;;) {
    if (input.maxChunks !== undefined && chunks >= input.maxChunks) return result;
    const page = await decidePage(db, deps, book, year, after, input.chunkSize ?? 1_000, today);
    if (!page) break;
    if (page.decisions.length) {
      const written = await db.transaction((tx) => writeChunk(tx, deps, page.decisions, page.facts!, { year, now, dates, startedBy }));
      for (const d of written) result.counts[d.outcome]++;
      result.decided += written.length;
      result.alreadyDone += page.decisions.length - written.length;
    }
    result.alreadyDone += page.alreadyDone;
    seen += page.seen;
    chunks++;
    input.onProgress?.(seen, total);
    after = page.last;
  }
  result.finished = true;
  await db.transaction(async (tx) => {
    await tx.execute(sql`UPDATE renewal_runs SET finished_at = ${now} WHERE plan_year = ${year}`);
    const { rows } = await tx.execute<{ outcome: RenewalOutcome; n: number }>(sql`SELECT outcome, count(*)::int AS n FROM renewals WHERE plan_year = ${year} GROUP BY outcome`);
    await recordAudit(tx, {
      actor: startedBy,
      actorKind: startedBy === 'renewal-run' ? 'schedule' : 'system',
      action: 'renewal.run.completed',
      objectType: 'renewal-run',
      objectId: String(year),
      details: Object.fromEntries(rows.map((r) => [r.outcome, r.n])),
      at: now,
    });
  });
  return result;
}

/**
 * INSERT … SELECT FROM unnest(column arrays): one statement and one parameter
 * per column however many rows, so a chunk's rows cost what a set-based
 * statement costs (a VALUES list of thousands of parameters is parsed and
 * bound row by row).
 */
async function insertColumns(tx: Tx, table: string, columns: ReadonlyArray<readonly [name: string, type: string, values: unknown[]]>, suffix = sql``) {
  const names = sql.raw(columns.map(([n]) => `"${n}"`).join(', '));
  const arrays = sql.join(
    columns.map(([, type, values]) => (type === 'jsonb' ? sql`${sql.param(values.map((v) => JSON.stringify(v)))}::text[]` : sql`${sql.param(values)}::${sql.raw(type)}[]`)),
    sql`, `,
  );
  const select = sql.join(
    columns.map(([n, type]) => (type === 'jsonb' ? sql.raw(`c."${n}"::jsonb`) : sql.raw(`c."${n}"`))),
    sql`, `,
  );
  return tx.execute(sql`INSERT INTO ${sql.raw(table)} (${names}) SELECT ${select} FROM unnest(${arrays}) AS c(${names}) ${suffix}`);
}

/**
 * Writes one chunk's decisions in the caller's transaction. The households
 * are locked (as plan selection locks them), so an active choice made at the
 * same moment either comes first and is seen, or waits and replaces this.
 */
async function writeChunk(
  tx: Tx,
  deps: RenewalDeps,
  decisions: Decision[],
  facts: ChunkFacts,
  ctx: { year: number; now: Date; dates: ReturnType<typeof renewalDates>; startedBy: string },
): Promise<Decision[]> {
  const { year, now, dates } = ctx;
  const ids = decisions.map((d) => d.householdId);
  await tx.execute(sql`SELECT id FROM households WHERE id = ANY(${sql.param(ids)}::uuid[]) ORDER BY id FOR UPDATE`);
  // A plan chosen for next year since the chunk was read wins over the passive renewal.
  const chose = new Set(
    (
      await tx.execute<{ household_id: string }>(
        sql`SELECT DISTINCT household_id FROM enrollments WHERE household_id = ANY(${sql.param(ids)}::uuid[]) AND plan_year = ${year} AND status IN ('pending-binder', 'effectuated', 'in-grace')`,
      )
    ).rows.map((r) => r.household_id),
  );
  const final: Decision[] = decisions.map((d) =>
    chose.has(d.householdId) && d.outcome !== 'already-enrolled' ? { householdId: d.householdId, fromEnrollmentId: d.fromEnrollmentId, outcome: 'already-enrolled' } : d,
  );

  const renewedOf = (d: Decision) => ('rule' in d ? d : null);
  const claimed = await insertColumns(
    tx,
    'renewals',
    [
      ['household_id', 'uuid', final.map((d) => d.householdId)],
      ['plan_year', 'int', final.map(() => year)],
      ['outcome', 'text', final.map((d) => d.outcome)],
      ['rule', 'text', final.map((d) => renewedOf(d)?.rule ?? null)],
      ['from_enrollment_id', 'uuid', final.map((d) => d.fromEnrollmentId)],
      [
        'income_check',
        'text',
        final.map((d) => {
          const r = renewedOf(d);
          return r ? (r.consent ? 'pending' : 'not-authorised') : null;
        }),
      ],
      ['previous_net_cents', 'int', final.map((d) => renewedOf(d)?.previousNetCents ?? null)],
      ['net_premium_cents', 'int', final.map((d) => renewedOf(d)?.split.netPremiumCents ?? null)],
      ['decided_at', 'timestamptz', final.map(() => now.toISOString())],
    ],
    sql`ON CONFLICT (household_id, plan_year) DO NOTHING RETURNING household_id`,
  );
  const mine = new Set((claimed.rows as Array<{ household_id: string }>).map((r) => r.household_id));
  const todo = final.filter((d): d is Extract<Decision, { rule: RenewalRule }> => 'rule' in d && mine.has(d.householdId));
  const determined = final.filter((d): d is Extract<Decision, { decision: unknown }> => 'decision' in d && mine.has(d.householdId));
  const appIds = new Map(determined.map((d) => [d.householdId, randomUUID()]));
  const enrollmentIds = new Map(todo.map((d) => [d.householdId, randomUUID()]));
  const at = now.toISOString();

  if (determined.length) {
    const hh = determined.map((d) => d.householdId);
    const apps = determined.map((d) => appIds.get(d.householdId)!);
    await insertColumns(tx, 'applications', [
      ['id', 'uuid', apps],
      ['household_id', 'uuid', hh],
      ['plan_year', 'int', determined.map(() => year)],
      ['channel', 'text', determined.map((d) => d.application.channel)],
      ['status', 'text', determined.map(() => 'determined')],
      ['step', 'text', determined.map(() => 'review')],
      ['annual_income_cents', 'int', determined.map((d) => d.application.annual_income_cents)],
      ['tax_household_size', 'int', determined.map((d) => d.application.tax_household_size)],
      ['submitted_at', 'timestamptz', determined.map(() => at)],
      ['determined_at', 'timestamptz', determined.map(() => at)],
      ['created_at', 'timestamptz', determined.map(() => at)],
      ['updated_at', 'timestamptz', determined.map(() => at)],
    ]);
    await tx.execute(sql`UPDATE renewals r SET application_id = v.a FROM unnest(${sql.param(hh)}::uuid[], ${sql.param(apps)}::uuid[]) AS v(h, a) WHERE r.household_id = v.h AND r.plan_year = ${year}`);
    await tx.execute(sql`UPDATE eligibility_determinations SET current = false WHERE household_id = ANY(${sql.param(hh)}::uuid[]) AND current`);
    const rows = determined.flatMap((d) =>
      d.decision.members.map((m) => ({
        applicationId: appIds.get(d.householdId)!,
        householdId: d.householdId,
        memberId: m.memberId,
        outcome: d.consent ? m.outcome : m.outcome === 'qhp-aptc' ? 'qhp' : m.outcome,
        fplPercent: d.decision.fplPercent,
        maxAptcCents: d.maxAptcCents,
        stateAssistanceCents: d.consent && d.outcome !== 'ineligible' ? d.decision.stateAssistanceCents : 0,
        csrVariant: d.consent ? d.decision.csrVariant : '01',
        reasons: [...m.reasons, 'renewal'],
      })),
    );
    await insertColumns(tx, 'eligibility_determinations', [
      ['application_id', 'uuid', rows.map((r) => r.applicationId)],
      ['household_id', 'uuid', rows.map((r) => r.householdId)],
      ['member_id', 'uuid', rows.map((r) => r.memberId)],
      ['plan_year', 'int', rows.map(() => year)],
      ['outcome', 'text', rows.map((r) => r.outcome)],
      ['fpl_percent', 'int', rows.map((r) => r.fplPercent)],
      ['max_aptc_cents', 'int', rows.map((r) => r.maxAptcCents)],
      ['state_assistance_cents', 'int', rows.map((r) => r.stateAssistanceCents)],
      ['csr_variant', 'text', rows.map((r) => r.csrVariant)],
      ['reasons', 'jsonb', rows.map((r) => r.reasons)],
      ['determined_at', 'timestamptz', rows.map(() => at)],
    ]);
  }
  if (todo.length) {
    // Income checked with the IRS through the hub where the household allowed it: pending until the hub answers
    // (the hub's queue job sends it; with the link cut it waits, and the renewal stands on the attestation meanwhile).
    const consented = todo.filter((d) => d.consent);
    if (consented.length) {
      await insertColumns(
        tx,
        'verifications',
        [
          ['application_id', 'uuid', consented.map((d) => appIds.get(d.householdId)!)],
          ['household_id', 'uuid', consented.map((d) => d.householdId)],
          ['element', 'text', consented.map(() => 'income')],
          ['status', 'text', consented.map(() => 'pending')],
          ['attested_at', 'timestamptz', consented.map(() => at)],
          ['updated_at', 'timestamptz', consented.map(() => at)],
        ],
        sql`ON CONFLICT DO NOTHING`,
      );
    }
    const eids = todo.map((d) => enrollmentIds.get(d.householdId)!);
    await insertColumns(tx, 'enrollments', [
      ['id', 'uuid', eids],
      ['household_id', 'uuid', todo.map((d) => d.householdId)],
      ['application_id', 'uuid', todo.map((d) => appIds.get(d.householdId)!)],
      ['plan_year', 'int', todo.map(() => year)],
      ['carrier_hios_id', 'text', todo.map((d) => d.offer.carrierHiosId)],
      ['plan_hios_id', 'text', todo.map((d) => d.offer.planHiosId)],
      ['plan_variant', 'text', todo.map((d) => d.offer.variant)],
      ['policy_number', 'text', todo.map(() => newPolicyNumber())],
      ['coverage_start', 'date', todo.map(() => dates.coverageStart)],
      ['coverage_end', 'date', todo.map(() => `${year}-12-31`)],
      ['gross_premium_cents', 'int', todo.map((d) => d.split.grossPremiumCents)],
      ['aptc_cents', 'int', todo.map((d) => d.split.aptcCents)],
      ['state_assistance_cents', 'int', todo.map((d) => d.split.stateAssistanceCents)],
      ['net_premium_cents', 'int', todo.map((d) => d.split.netPremiumCents)],
      // Coverage continues: a renewal needs no binder payment (RULES.md), so it is in force from the start.
      ['status', 'text', todo.map(() => 'effectuated')],
      ['status_changed_at', 'timestamptz', todo.map(() => at)],
      ['created_at', 'timestamptz', todo.map(() => at)],
      ['updated_at', 'timestamptz', todo.map(() => at)],
    ]);
    const covered = todo.flatMap((d) => d.offer.memberPremiums.map((m, i) => ({ e: enrollmentIds.get(d.householdId)!, m: m.memberId, sub: i === 0, cents: m.cents })));
    await insertColumns(tx, 'enrollment_members', [
      ['enrollment_id', 'uuid', covered.map((c) => c.e)],
      ['member_id', 'uuid', covered.map((c) => c.m)],
      ['is_subscriber', 'boolean', covered.map((c) => c.sub)],
      ['premium_cents', 'int', covered.map((c) => c.cents)],
    ]);
    await insertColumns(tx, 'enrollment_amounts', [
      ['enrollment_id', 'uuid', eids],
      ['effective_from', 'date', todo.map(() => dates.coverageStart)],
      ['gross_premium_cents', 'int', todo.map((d) => d.split.grossPremiumCents)],
      ['aptc_cents', 'int', todo.map((d) => d.split.aptcCents)],
      ['state_assistance_cents', 'int', todo.map((d) => d.split.stateAssistanceCents)],
      ['net_premium_cents', 'int', todo.map((d) => d.split.netPremiumCents)],
      ['max_aptc_cents', 'int', todo.map((d) => d.maxAptcCents)],
      ['reason', 'text', todo.map(() => 'redetermination')],
      ['application_id', 'uuid', todo.map((d) => appIds.get(d.householdId)!)],
      ['actor', 'text', todo.map(() => ctx.startedBy)],
      ['actor_kind', 'text', todo.map(() => 'system')],
      ['recorded_at', 'timestamptz', todo.map(() => at)],
    ]);
    await tx.execute(
      sql`UPDATE renewals r SET to_enrollment_id = v.e FROM unnest(${sql.param(todo.map((d) => d.householdId))}::uuid[], ${sql.param(eids)}::uuid[]) AS v(h, e) WHERE r.household_id = v.h AND r.plan_year = ${year}`,
    );
    // `renewal` is what billing (no binder) and the 834 (INS04 41, re-enrollment) read.
    await insertColumns(tx, 'enrollment_transitions', [
      ['enrollment_id', 'uuid', eids],
      ['kind', 'text', todo.map(() => 'created')],
      ['to_status', 'text', todo.map(() => 'effectuated')],
      ['effective_date', 'date', todo.map(() => dates.coverageStart)],
      ['reason', 'text', todo.map(() => 'renewal')],
      ['actor', 'text', todo.map(() => ctx.startedBy)],
      ['actor_kind', 'text', todo.map(() => 'system')],
      ['at', 'timestamptz', todo.map(() => at)],
    ]);
  }

  const noticed = final.filter((d) => mine.has(d.householdId) && d.outcome !== 'already-enrolled');
  await enqueueNotices(tx, await noticeInputs(tx, deps, noticed, facts, { year, now, dates }));
  return final.filter((d) => mine.has(d.householdId));
}

async function noticeInputs(
  tx: Tx,
  deps: RenewalDeps,
  decisions: Decision[],
  facts: ChunkFacts,
  ctx: { year: number; now: Date; dates: ReturnType<typeof renewalDates> },
): Promise<EnqueueNoticeInput[]> {
  if (!decisions.length) return [];
  const planIds = [...new Set(decisions.flatMap((d) => ('rule' in d ? [`${d.offer.planHiosId}-${d.offer.variant}`] : [])))];
  const names = new Map(
    planIds.length
      ? (
          await tx.execute<{ plan_id: string; name: string; carrier: string }>(sql`
            SELECT p.plan_id, p.name, c.name AS carrier FROM catalog_plans p JOIN catalog_carriers c ON c.issuer_id = p.issuer_id
             WHERE p.plan_year = ${ctx.year} AND p.plan_id = ANY(${sql.param(planIds)}::text[])`)
        ).rows.map((r) => [r.plan_id, r])
      : [],
  );
  const byHousehold = new Map(facts.candidates.map((c) => [c.household_id, c]));
  // Amounts from a provisional table or catalog are labelled as an estimate (issue 12, item 1; docs/adr/0100).
  const estimate = (await estimatesFor(tx, ctx.year, deps.profile.rating.stateCode)).length > 0;
  return decisions.map((d) => {
    const c = byHousehold.get(d.householdId)!;
    const primary = facts.members.get(d.householdId)?.find((m) => m.is_primary);
    const addresses = facts.addresses.get(d.householdId) ?? [];
    const address = addresses.find((a) => a.kind === 'mailing') ?? addresses.find((a) => a.kind === 'home');
    let type: string;
    let data: RenewalNoticeData | RenewalEndedData;
    if ('rule' in d) {
      const plan = names.get(`${d.offer.planHiosId}-${d.offer.variant}`);
      type = 'renewal';
      data = {
        planYear: ctx.year,
        planName: plan?.name ?? d.offer.name,
        carrierName: plan?.carrier ?? d.offer.carrierName,
        coverageStart: ctx.dates.coverageStart,
        chooseBy: ctx.dates.chooseBy,
        grossPremiumCents: d.split.grossPremiumCents,
        creditCents: d.split.aptcCents,
        stateAssistanceCents: d.split.stateAssistanceCents,
        netPremiumCents: d.split.netPremiumCents,
        previousNetCents: d.previousNetCents,
        changes: d.changes,
        ...(estimate ? { estimate: true } : {}),
      };
    } else {
      type = 'renewal-ended';
      data = {
        planYear: ctx.year,
        reason: d.outcome as RenewalEndedData['reason'],
        coverageEnds: c.coverage_end < ctx.dates.coverageEnds ? c.coverage_end : ctx.dates.coverageEnds,
        chooseBy: ctx.dates.chooseBy,
      };
    }
    return {
      type,
      recipient: {
        householdId: d.householdId,
        ...(c.account_id ? { accountId: c.account_id } : {}),
        firstName: primary?.first_name ?? 'Customer',
        lastName: primary?.last_name ?? '',
        language: c.language,
        ...(c.email ? { email: c.email } : {}),
        ...(address ? { mailingAddress: { lines: [address.line1, address.line2].filter(Boolean), city: address.city, state: address.state, zip: address.zip } } : {}),
      },
      data,
      now: ctx.now,
      timeZone: deps.profile.timeZone,
      dedupeKey: `${type}:${ctx.year}:${d.householdId}`,
    };
  });
}

/** Counts of what renewal decided for a plan year so far (the console and `candor renewal run` print them). */
export async function renewalCounts(tx: Tx, planYear: number): Promise<{ counts: RenewalCounts; run: { startedAt: Date; finishedAt: Date | null } | null }> {
  const counts = emptyCounts();
  const { rows } = await tx.execute<{ outcome: RenewalOutcome; n: number }>(sql`SELECT outcome, count(*)::int AS n FROM renewals WHERE plan_year = ${planYear} GROUP BY outcome`);
  for (const r of rows) counts[r.outcome] = r.n;
  const run = await tx.execute<{ started_at: Date; finished_at: Date | null }>(sql`SELECT started_at, finished_at FROM renewal_runs WHERE plan_year = ${planYear}`);
  const r = run.rows[0];
  return { counts, run: r ? { startedAt: new Date(r.started_at), finishedAt: r.finished_at ? new Date(r.finished_at) : null } : null };
}
