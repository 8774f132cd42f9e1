/**
 * The scheduled carrier files (docs/adr/0056-scheduled-carrier-files.md): a
 * run claims each period it is for in `carrier_export_runs` and writes its
 * files in the same transaction, through the same export code as the command
 * line. A period already claimed is skipped, so a retried job, a second
 * worker or a run after a missed night never makes a second file; missed
 * periods since the last one made are caught up (at most CATCH_UP).
 */
import { and, desc, eq, lte } from 'drizzle-orm';
import type { Db, Tx } from '../platform/database.js';
import { localDate } from '../billing/dates.js';
import type { StateProfile } from '../states/profile.js';
import { exportDaily834, exportMonthly820, type ExportDeps, type WrittenFile } from './export-files.js';
import { periodAt, periodsToExport, type FileKind } from './schedule.js';
import { carrierExportRuns } from './schema.js';

export interface ScheduledDeps extends ExportDeps {
  profile: ExportDeps['profile'] & Pick<StateProfile, 'carrierFiles'>;
}

export interface PeriodRun {
  period: string;
  files: WrittenFile[];
}

/** An 820 is paid on `paidOn`, by default the day it is made. */
async function writeFiles(tx: Tx, deps: ExportDeps, kind: FileKind, period: string, paidOn = localDate(deps.at, deps.profile.timeZone)): Promise<WrittenFile[]> {
  return kind === '834' ? exportDaily834(tx, deps, period) : exportMonthly820(tx, deps, period, paidOn);
}

const records = (files: readonly WrittenFile[]) => files.reduce((n, f) => n + f.records, 0);

/** A run of the command line: it always writes (an operator's resend), and is recorded as the period's latest run. */
export async function exportFromCommandLine(db: Db, deps: ExportDeps, kind: FileKind, period: string, paidOn?: string): Promise<WrittenFile[]> {
  return db.transaction(async (tx) => {
    const files = await writeFiles(tx, deps, kind, period, paidOn);
    const run = { files: files.length, records: records(files), ranAt: deps.at, startedBy: 'command-line' as const };
    await tx
      .insert(carrierExportRuns)
      .values({ kind, period, ...run })
      .onConflictDoUpdate({ target: [carrierExportRuns.kind, carrierExportRuns.period], set: run });
    return files;
  });
}

/** The scheduled run of one kind at `deps.at`: each period not yet made, in its own transaction. */
export async function runScheduledExport(db: Db, deps: ScheduledDeps, kind: FileKind): Promise<PeriodRun[]> {
  const target = periodAt(kind, deps.at, deps.profile.timeZone, deps.profile.carrierFiles);
  const [latest] = await db
    .select({ period: carrierExportRuns.period })
    .from(carrierExportRuns)
    .where(and(eq(carrierExportRuns.kind, kind), lte(carrierExportRuns.period, target)))
    .orderBy(desc(carrierExportRuns.period))
    .limit(1);
  const done: PeriodRun[] = [];
  for (const period of periodsToExport(kind, target, latest?.period ?? null)) {
    const files = await db.transaction(async (tx) => {
      // The claim: a second run waits here for the first to commit, then finds the period taken.
      const [claimed] = await tx
        .insert(carrierExportRuns)
        .values({ kind, period, startedBy: 'schedule', files: 0, records: 0, ranAt: deps.at })
        .onConflictDoNothing()
        .returning({ id: carrierExportRuns.id });
      if (!claimed) return null;
      const written = await writeFiles(tx, deps, kind, period);
      await tx
        .update(carrierExportRuns)
        .set({ files: written.length, records: records(written) })
        .where(eq(carrierExportRuns.id, claimed.id));
      return written;
    });
    if (files) done.push({ period, files });
  }
  return done;
}

/** The latest runs, newest first (for the operations page). */
export async function recentExportRuns(db: Db, limit = 20) {
  return db.select().from(carrierExportRuns).orderBy(desc(carrierExportRuns.ranAt), desc(carrierExportRuns.period)).limit(limit);
}

export type ExportRunRow = typeof carrierExportRuns.$inferSelect;
