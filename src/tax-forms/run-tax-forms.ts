/**
 * `candor tax-forms preview|run` and the console's figures: every household
 * with a policy in the coverage year, in pages of households (keyset by id).
 * The preview decides each policy's Form 1095-A and writes nothing; the run
 * writes each page's statements in the transaction it read the page in, so a
 * run cut short and started again (or a second run) issues nothing twice:
 * a statement is issued only when its content differs from the last one
 * issued for the policy.
 */
import { sql } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.js';
import type { Db, Tx } from '../platform/database.js';
import type { StateProfile } from '../states/profile.js';
import { countHouseholds, decideHouseholds, householdPage, issueStatements, ZERO_UUID, type PolicyDecision } from './build-statements.js';
import { deliverIssued } from './deliver.js';
import type { StatementException } from './statement.js';

export interface TaxFormsDeps {
  profile: Pick<StateProfile, 'rating' | 'timeZone' | 'marketplaceId'>;
}

export interface StatementCounts {
  households: number;
  policies: number;
  original: number;
  corrected: number;
  void: number;
  unchanged: number;
}

export interface ExceptionItem {
  caseNumber: string;
  policyNumber: string;
  exception: StatementException;
}

export interface PreviewResult {
  counts: StatementCounts;
  exceptions: ExceptionItem[];
}

const LOCK_KEY = 71_004_230; // any constant: with the year, serialises writers of one coverage year

export const emptyCounts = (): StatementCounts => ({ households: 0, policies: 0, original: 0, corrected: 0, void: 0, unchanged: 0 });

function tally(counts: StatementCounts, decisions: readonly PolicyDecision[], households: number) {
  counts.households += households;
  for (const d of decisions) {
    counts.policies++;
    if (d.action !== 'none') counts[d.action]++;
  }
}

export function parseYear(value: string | undefined): number | null {
  if (!value || !/^\d{4}$/.test(value)) return null;
  const year = Number(value);
  return year >= 2014 && year <= 2100 ? year : null;
}

async function page(tx: Tx, deps: TaxFormsDeps, year: number, after: string, size: number) {
  const ids = await householdPage(tx, year, after, size);
  if (!ids.length) return null;
  return { ids, decisions: await decideHouseholds(tx, deps.profile, year, ids) };
}

/** What a run would issue now, and the exceptions to look at first. Changes nothing. */
export async function previewTaxForms(db: Db, deps: TaxFormsDeps, input: { year: number; chunkSize?: number; onProgress?: (done: number, total: number) => void }): Promise<PreviewResult> {
  const counts = emptyCounts();
  const exceptions: ExceptionItem[] = [];
  const total = await countHouseholds(db, input.year);
  let after = ZERO_UUID;
  for (;;) {
    const p = await db.transaction(async (tx) => {
      await tx.execute(sql`SET TRANSACTION READ ONLY`);
      return page(tx, deps, input.year, after, input.chunkSize ?? 1_000);
    });
    if (!p) break;
    tally(counts, p.decisions, p.ids.length);
    for (const d of p.decisions) for (const exception of d.exceptions) exceptions.push({ caseNumber: d.caseNumber, policyNumber: d.policyNumber, exception });
    input.onProgress?.(counts.households, total);
    after = p.ids[p.ids.length - 1]!;
  }
  return { counts, exceptions };
}

export interface RunResult {
  /** Statements issued by this run: new, corrected and void. */
  statements: number;
  counts: StatementCounts;
  finished: boolean;
}

/** Issues (or resumes issuing) the coverage year's statements. */
export async function runTaxForms(
  db: Db,
  deps: TaxFormsDeps,
  input: { year: number; now: Date; startedBy?: string; chunkSize?: number; maxChunks?: number; onProgress?: (done: number, total: number) => void },
): Promise<RunResult> {
  const startedBy = input.startedBy ?? 'tax-forms-run';
  await db.execute(sql`INSERT INTO tax_statement_runs (coverage_year, started_at, started_by) VALUES (${input.year}, ${input.now}, ${startedBy})
                       ON CONFLICT (coverage_year) DO UPDATE SET started_at = excluded.started_at, started_by = excluded.started_by, finished_at = NULL`);
  const total = await countHouseholds(db, input.year);
  const counts = emptyCounts();
  const made = { original: 0, corrected: 0, void: 0 };
  let after = ZERO_UUID;
  let chunks = 0;
  for (;;) {
    if (input.maxChunks !== undefined && chunks >= input.maxChunks) return { statements: made.original + made.corrected + made.void, counts, finished: false };
    const p = await db.transaction(async (tx) => {
      // One writer at a time per coverage year: a second process waits here, then finds the statements written.
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${LOCK_KEY}, ${input.year})`);
      const read = await page(tx, deps, input.year, after, input.chunkSize ?? 1_000);
      if (!read) return null;
      const written = await issueStatements(tx, input.year, read.decisions, { now: input.now, issuedBy: startedBy });
      // Each version issued is delivered: its notice is written in the same transaction.
      await deliverIssued(tx, written.issued, { now: input.now, timeZone: deps.profile.timeZone });
      return { ...read, written };
    });
    if (!p) break;
    tally(counts, p.decisions, p.ids.length);
    made.original += p.written.original;
    made.corrected += p.written.corrected;
    made.void += p.written.void;
    chunks++;
    input.onProgress?.(counts.households, total);
    after = p.ids[p.ids.length - 1]!;
  }
  const statements = made.original + made.corrected + made.void;
  await db.transaction(async (tx) => {
    await tx.execute(sql`UPDATE tax_statement_runs SET finished_at = ${input.now}, statements_made = statements_made + ${statements} WHERE coverage_year = ${input.year}`);
    await recordAudit(tx, {
      actor: startedBy,
      actorKind: startedBy === 'tax-forms-run' ? 'schedule' : 'system',
      action: 'tax-forms.run.completed',
      objectType: 'tax-statement-run',
      objectId: String(input.year),
      details: { households: counts.households, policies: counts.policies, ...made },
      at: input.now,
    });
  });
  return { statements, counts, finished: true };
}

/** Statements issued so far for a coverage year, by kind, and the last run. */
export async function issuedCounts(
  tx: Tx | Db,
  year: number,
): Promise<{ original: number; corrected: number; void: number; households: number; run: { startedAt: Date; finishedAt: Date | null } | null }> {
  const { rows } = await tx.execute<{ kind: 'original' | 'corrected' | 'void'; n: number }>(sql`SELECT kind, count(*)::int AS n FROM tax_statements WHERE coverage_year = ${year} GROUP BY kind`);
  const out = { original: 0, corrected: 0, void: 0 };
  for (const r of rows) out[r.kind] = r.n;
  const h = await tx.execute<{ n: number }>(sql`SELECT count(DISTINCT household_id)::int AS n FROM tax_statements WHERE coverage_year = ${year}`);
  const run = await tx.execute<{ started_at: Date; finished_at: Date | null }>(sql`SELECT started_at, finished_at FROM tax_statement_runs WHERE coverage_year = ${year}`);
  const r = run.rows[0];
  return { ...out, households: h.rows[0]?.n ?? 0, run: r ? { startedAt: new Date(r.started_at), finishedAt: r.finished_at ? new Date(r.finished_at) : null } : null };
}
