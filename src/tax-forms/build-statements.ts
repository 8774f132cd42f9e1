/**
 * Reads what happened to a page of households' policies in a coverage year,
 * set-based (a few statements per page), and decides each policy's Form
 * 1095-A (statement.ts) — shared by the preview, which writes nothing, and the
 * run, which writes the page's statements in the transaction it read them in.
 */
import { sql } from 'drizzle-orm';
import { benchmarkPlan } from '../catalog/quote-household.js';
import { catalogGeneration, loadAreaCatalog, resolveRatingArea, type AreaCatalog } from '../catalog/load-catalog.js';
import type { RatedMember } from '../catalog/rating.js';
import { ageOn, lastOfMonth } from '../enrollment/dates.js';
import type { Tx } from '../platform/database.js';
import type { StateProfile } from '../states/profile.js';
import { coverageInYear, type DatedAmountRow } from './months.js';
import type { StatementKind } from './schema.js';
import {
  buildStatement,
  contentHash,
  decideStatement,
  statementExceptions,
  type PolicyFacts,
  type StatementAction,
  type StatementAddress,
  type StatementContent,
  type StatementException,
  type StatementPerson,
} from './statement.js';

export const ZERO_UUID = '00000000-0000-0000-0000-000000000000';

export interface PolicyDecision {
  householdId: string;
  caseNumber: string;
  enrollmentId: string;
  policyNumber: string;
  action: StatementAction;
  /** The content to issue (for a void: the statement voided). */
  content: StatementContent | null;
  contentHash: string | null;
  latest: { id: string; version: number; kind: StatementKind } | null;
  exceptions: StatementException[];
}

/** The marketplace identifier of Line 1, the same value the IRS files carry: the state profile's (docs/adr/0111). */
export function marketplaceIdentifier(profile: Pick<StateProfile, 'marketplaceId'>): string {
  return profile.marketplaceId;
}

async function rows<T>(tx: Tx, query: ReturnType<typeof sql>): Promise<T[]> {
  return (await tx.execute(query)).rows as T[];
}

interface EnrollmentRow {
  id: string;
  household_id: string;
  case_number: string;
  policy_number: string;
  carrier_hios_id: string;
  status: string;
  end_reason: string | null;
  coverage_start: string;
  coverage_end: string;
  gross_premium_cents: number;
  aptc_cents: number;
  state_assistance_cents: number;
}

interface MemberRow {
  id: string;
  household_id: string;
  is_primary: boolean;
  first_name: string;
  last_name: string;
  date_of_birth: string | null;
  ssn_sealed: string | null;
  ssn_hash: string | null;
  ssn_last4: string | null;
  relationship: string | null;
}

/** The households (keyset by id) with a policy in the coverage year after `after`. */
export async function householdPage(tx: Tx, year: number, after: string, size: number): Promise<string[]> {
  const r = await rows<{ household_id: string }>(
    tx,
    sql`SELECT DISTINCT household_id FROM enrollments WHERE plan_year = ${year} AND status <> 'pending-binder' AND household_id > ${after}::uuid ORDER BY household_id LIMIT ${size}`,
  );
  return r.map((x) => x.household_id);
}

export async function countHouseholds(tx: Tx, year: number): Promise<number> {
  const r = await rows<{ n: number }>(tx, sql`SELECT count(DISTINCT household_id)::int AS n FROM enrollments WHERE plan_year = ${year} AND status <> 'pending-binder'`);
  return r[0]?.n ?? 0;
}

/** Benchmarks by rating area and date, for one page (the catalog itself is cached across pages). */
class Benchmarks {
  private catalogs = new Map<string, Promise<AreaCatalog | null>>();
  private generation: Promise<string> | null = null;
  constructor(
    private tx: Tx,
    private profile: Pick<StateProfile, 'rating' | 'marketplaceId'>,
  ) {}

  async area(where: { zip?: string; county?: string }): Promise<string | null> {
    this.generation ??= catalogGeneration(this.tx);
    return resolveRatingArea(this.tx, this.profile.rating.stateCode, where, await this.generation).catch(() => null);
  }

  async monthlyCents(year: number, areaId: string | null, on: string, members: RatedMember[]): Promise<number | null> {
    if (!areaId || !members.length) return null;
    const key = `${year}|${areaId}|${on}`;
    let catalog = this.catalogs.get(key);
    if (!catalog) {
      this.generation ??= catalogGeneration(this.tx);
      const generation = await this.generation;
      catalog = loadAreaCatalog(this.tx, { planYear: year, stateCode: this.profile.rating.stateCode, ratingAreaId: areaId, on }, generation).catch(() => null);
      this.catalogs.set(key, catalog);
    }
    const c = await catalog;
    return c ? (benchmarkPlan(c, members, this.profile.rating)?.premiumCents ?? null) : null;
  }
}

const person = (m: MemberRow): StatementPerson => ({
  memberId: m.id,
  firstName: m.first_name,
  lastName: m.last_name,
  dateOfBirth: m.date_of_birth,
  ssn: m.ssn_sealed && m.ssn_hash ? { sealed: m.ssn_sealed, hash: m.ssn_hash, last4: m.ssn_last4 ?? '' } : null,
});

/** Decides the statement of every policy of these households in the coverage year. Reads only. */
export async function decideHouseholds(tx: Tx, profile: Pick<StateProfile, 'rating' | 'marketplaceId'>, year: number, householdIds: string[]): Promise<PolicyDecision[]> {
  if (!householdIds.length) return [];
  const ids = sql`${`{${householdIds.join(',')}}`}::uuid[]`;
  // One after another: a transaction is one connection.
  const enrollmentRows = await rows<EnrollmentRow>(
    tx,
    sql`SELECT e.id, e.household_id, h.case_number, e.policy_number, e.carrier_hios_id, e.status, e.end_reason, e.coverage_start::text, e.coverage_end::text,
               e.gross_premium_cents, e.aptc_cents, e.state_assistance_cents
          FROM enrollments e JOIN households h ON h.id = e.household_id
         WHERE e.household_id = ANY(${ids}) AND e.plan_year = ${year} AND e.status <> 'pending-binder'
         ORDER BY e.household_id, e.coverage_start, e.created_at, e.id`,
  );
  const memberRows = await rows<MemberRow>(
    tx,
    sql`SELECT m.id, m.household_id, m.is_primary, m.first_name, m.last_name, m.date_of_birth::text, m.ssn_sealed, m.ssn_hash, m.ssn_last4,
               (SELECT r.kind FROM household_relationships r JOIN household_members p ON p.id = r.related_to_id AND p.is_primary WHERE r.member_id = m.id LIMIT 1) AS relationship
          FROM household_members m WHERE m.household_id = ANY(${ids})`,
  );
  const addressRows = await rows<StatementAddress & { household_id: string; kind: string; county: string }>(
    tx,
    sql`SELECT household_id, kind, line1, line2, city, state, zip, county FROM household_addresses WHERE household_id = ANY(${ids})`,
  );
  const covered = await rows<{ enrollment_id: string; member_id: string; is_subscriber: boolean }>(
    tx,
    sql`SELECT em.enrollment_id, em.member_id, em.is_subscriber FROM enrollment_members em JOIN enrollments e ON e.id = em.enrollment_id
         WHERE e.household_id = ANY(${ids}) AND e.plan_year = ${year}`,
  );
  const carriers = await rows<{ issuer_id: string; name: string }>(tx, sql`SELECT issuer_id, name FROM catalog_carriers`);
  const enrollmentIds = sql`${`{${enrollmentRows.map((e) => e.id).join(',')}}`}::uuid[]`;
  const amounts = await rows<DatedAmountRow & { enrollmentId: string }>(
    tx,
    sql`SELECT id::int, enrollment_id AS "enrollmentId", effective_from::text AS "effectiveFrom", gross_premium_cents AS "grossPremiumCents", aptc_cents AS "aptcCents",
               state_assistance_cents AS "stateAssistanceCents"
          FROM enrollment_amounts WHERE enrollment_id = ANY(${enrollmentIds}) ORDER BY effective_from, id`,
  );
  const graces = await rows<{ enrollment_id: string; first_month: string }>(
    tx,
    sql`SELECT enrollment_id, first_month::text FROM billing_grace_periods WHERE enrollment_id = ANY(${enrollmentIds}) AND status = 'terminated' AND with_credit`,
  );
  // Without the content: only a void statement needs it (read below), and a rerun reads every policy's latest.
  const latest = await rows<{ id: string; enrollment_id: string; version: number; kind: StatementKind; content_hash: string }>(
    tx,
    sql`SELECT DISTINCT ON (enrollment_id) id, enrollment_id, version, kind, content_hash FROM tax_statements
         WHERE enrollment_id = ANY(${enrollmentIds}) AND coverage_year = ${year} ORDER BY enrollment_id, version DESC`,
  );

  const membersOf = new Map<string, MemberRow[]>();
  for (const m of memberRows) membersOf.set(m.household_id, [...(membersOf.get(m.household_id) ?? []), m]);
  const memberById = new Map(memberRows.map((m) => [m.id, m]));
  const addresses = new Map(addressRows.map((a) => [`${a.household_id}|${a.kind}`, a]));
  const addressOf = (householdId: string, kind: string) => addresses.get(`${householdId}|${kind}`);
  const coveredOf = new Map<string, Array<{ member_id: string; is_subscriber: boolean }>>();
  for (const c of covered) coveredOf.set(c.enrollment_id, [...(coveredOf.get(c.enrollment_id) ?? []), c]);
  const historyOf = new Map<string, DatedAmountRow[]>();
  for (const a of amounts) historyOf.set(a.enrollmentId, [...(historyOf.get(a.enrollmentId) ?? []), a]);
  const latestOf = new Map(latest.map((l) => [l.enrollment_id, l]));
  const issuerName = new Map(carriers.map((c) => [c.issuer_id, c.name]));
  const benchmarks = new Benchmarks(tx, profile);
  const areas = new Map<string, Promise<string | null>>();

  const out: PolicyDecision[] = [];
  for (const e of enrollmentRows) {
    const prior = latestOf.get(e.id) ?? null;
    const priorRef = prior ? { id: prior.id, version: prior.version, kind: prior.kind } : null;
    const base = { householdId: e.household_id, caseNumber: e.case_number, enrollmentId: e.id, policyNumber: e.policy_number, latest: priorRef };
    const inYear = e.status === 'cancelled' ? null : coverageInYear(year, e.coverage_start, e.coverage_end);
    if (!inYear) {
      const action = decideStatement(prior ? { kind: prior.kind, contentHash: prior.content_hash } : null, null);
      if (action !== 'none') out.push({ ...base, action, content: null, contentHash: prior?.content_hash ?? null, exceptions: [] });
      continue;
    }
    const household = membersOf.get(e.household_id) ?? [];
    const primary = household.find((m) => m.is_primary) ?? household[0]!;
    const spouse = household.find((m) => m.id !== primary.id && (m.relationship === 'spouse' || m.relationship === 'domestic-partner'));
    const policyMembers = (coveredOf.get(e.id) ?? [])
      .map((c) => memberById.get(c.member_id))
      .filter((m): m is MemberRow => !!m)
      .sort((a, b) => Number(b.is_primary) - Number(a.is_primary) || a.first_name.localeCompare(b.first_name) || a.id.localeCompare(b.id));
    const home = addressOf(e.household_id, 'home');
    const mailing = addressOf(e.household_id, 'mailing') ?? home;
    if (!areas.has(e.household_id)) areas.set(e.household_id, home ? benchmarks.area({ zip: home.zip || undefined, county: home.county || undefined }) : Promise.resolve(null));
    const rated: RatedMember[] = policyMembers.map((m) => ({
      id: m.id,
      age: Math.min(120, Math.max(0, m.date_of_birth ? ageOn(m.date_of_birth, inYear.start) : 30)),
      relationship: m.is_primary ? 'subscriber' : m.relationship === 'spouse' || m.relationship === 'domestic-partner' ? 'spouse' : 'dependent',
    }));
    const benchmarkCents = await benchmarks.monthlyCents(year, await areas.get(e.household_id)!, e.coverage_start, rated);
    const grace = e.status === 'terminated' && e.end_reason === 'non-payment' ? graces.find((g) => g.enrollment_id === e.id && lastOfMonth(g.first_month) === e.coverage_end) : undefined;
    const facts: PolicyFacts = {
      coverageYear: year,
      coverageStart: inYear.start,
      coverageEnd: inYear.end,
      grossPremiumCents: e.gross_premium_cents,
      aptcCents: e.aptc_cents,
      stateAssistanceCents: e.state_assistance_cents,
      history: historyOf.get(e.id) ?? [],
      benchmarkCents,
      unpaidGraceMonth: grace?.first_month ?? null,
      marketplaceId: marketplaceIdentifier(profile),
      policyNumber: e.policy_number,
      issuerName: issuerName.get(e.carrier_hios_id) ?? e.carrier_hios_id,
      issuerId: e.carrier_hios_id,
      recipient: person(primary),
      spouse: spouse ? person(spouse) : null,
      address: mailing ? { line1: mailing.line1, line2: mailing.line2, city: mailing.city, state: mailing.state, zip: mailing.zip } : null,
      covered: policyMembers.map(person),
    };
    const content = buildStatement(facts);
    const hash = contentHash(content);
    const action = decideStatement(prior ? { kind: prior.kind, contentHash: prior.content_hash } : null, { contentHash: hash });
    out.push({ ...base, action, content, contentHash: hash, exceptions: statementExceptions(content, facts) });
  }
  // A void statement carries the content of the one it voids.
  const voids = out.filter((d) => d.action === 'void' && d.latest);
  if (voids.length) {
    const voided = await rows<{ id: string; content: StatementContent }>(tx, sql`SELECT id, content FROM tax_statements WHERE id = ANY(${`{${voids.map((d) => d.latest!.id).join(',')}}`}::uuid[])`);
    const byId = new Map(voided.map((v) => [v.id, v.content]));
    for (const d of voids) d.content = byId.get(d.latest!.id) ?? null;
  }
  return out;
}

/** Writes a page's new, corrected and void statements; returns how many were written (a concurrent run's are skipped). */
export interface IssuedStatement {
  id: string;
  householdId: string;
  kind: 'original' | 'corrected' | 'void';
  content: StatementContent;
}

export async function issueStatements(
  tx: Tx,
  year: number,
  decisions: readonly PolicyDecision[],
  input: { now: Date; issuedBy: string },
): Promise<Record<'original' | 'corrected' | 'void', number> & { issued: IssuedStatement[] }> {
  const made = { original: 0, corrected: 0, void: 0, issued: [] as IssuedStatement[] };
  const toWrite = decisions.filter(
    (d): d is PolicyDecision & { action: 'original' | 'corrected' | 'void'; content: StatementContent; contentHash: string } =>
      (d.action === 'original' || d.action === 'corrected' || d.action === 'void') && d.content !== null && d.contentHash !== null,
  );
  if (!toWrite.length) return made;
  const json = JSON.stringify(
    toWrite.map((d) => ({
      h: d.householdId,
      e: d.enrollmentId,
      p: d.policyNumber,
      v: (d.latest?.version ?? 0) + 1,
      k: d.action,
      r: d.latest?.id ?? null,
      c: d.content,
      x: d.contentHash,
    })),
  );
  const inserted = await rows<{ id: string; household_id: string; kind: 'original' | 'corrected' | 'void'; content: StatementContent }>(
    tx,
    sql`INSERT INTO tax_statements (household_id, enrollment_id, coverage_year, policy_number, version, kind, replaces_id, content, content_hash, issued_at, issued_by)
        SELECT x.h, x.e, ${year}, x.p, x.v, x.k, x.r, x.c, x.x, ${input.now}, ${input.issuedBy}
          FROM jsonb_to_recordset(${json}::jsonb) AS x(h uuid, e uuid, p text, v smallint, k text, r uuid, c jsonb, x text)
        ON CONFLICT (enrollment_id, coverage_year, version) DO NOTHING
        RETURNING id, household_id, kind, content`,
  );
  for (const r of inserted) {
    made[r.kind]++;
    made.issued.push({ id: r.id, householdId: r.household_id, kind: r.kind, content: r.content });
  }
  return made;
}
