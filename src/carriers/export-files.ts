/**
 * Writes the carrier files into the data folder: the daily 834 per carrier
 * with that day's maintenance, and the monthly 820 per carrier. Each file is
 * recorded with its control number; exporting the same day again rewrites
 * the file under the same number and creation time (the carrier sees a
 * corrected resend, not a new file; with nothing changed, the same bytes).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.js';
import type { Tx } from '../platform/database.js';
import type { StateProfile } from '../states/profile.js';
import { carrierParty, dailyMaintenance, exchangeParty } from './carrier-data.js';
import { build820, remittanceTotal } from './edi-820.js';
import { build834 } from './edi-834.js';
import { remittanceLines } from './remittance-lines.js';
import { carrierFiles } from './schema.js';

export interface ExportDeps {
  dataDir: string;
  profile: Pick<StateProfile, 'rating' | 'exchangeName' | 'timeZone'>;
  production: boolean;
  at: Date;
}

export interface WrittenFile {
  carrierHiosId: string;
  kind: '834' | '820';
  period: string;
  path: string;
  records: number;
  controlNumber: number;
}

/** The file's control number and creation time: the first export's, kept by every later one. */
async function reserve(tx: Tx, carrierHiosId: string, kind: '834' | '820', period: string, at: Date): Promise<{ controlNumber: number; createdAt: Date }> {
  const [row] = await tx
    .insert(carrierFiles)
    .values({ carrierHiosId, kind, period, path: '', sha256: '', records: 0, createdAt: at, updatedAt: at })
    .onConflictDoUpdate({ target: [carrierFiles.carrierHiosId, carrierFiles.kind, carrierFiles.period], set: { updatedAt: at } })
    .returning({ controlNumber: carrierFiles.controlNumber, createdAt: carrierFiles.createdAt });
  return row!;
}

async function write(tx: Tx, deps: ExportDeps, f: Omit<WrittenFile, 'path'> & { text: string; totalCents?: number }): Promise<WrittenFile> {
  const relative = path.join('carriers', f.carrierHiosId, `${f.kind}-${f.period}.x12`);
  const absolute = path.join(deps.dataDir, relative);
  fs.mkdirSync(path.dirname(absolute), { recursive: true });
  // Written beside and renamed, so a reader never sees half a file.
  fs.writeFileSync(`${absolute}.tmp`, f.text, { mode: 0o600 });
  fs.renameSync(`${absolute}.tmp`, absolute);
  const sha256 = createHash('sha256').update(f.text).digest('hex');
  await tx
    .update(carrierFiles)
    .set({ path: relative, sha256, records: f.records, totalCents: f.totalCents ?? null, updatedAt: deps.at })
    .where(sql`${carrierFiles.carrierHiosId} = ${f.carrierHiosId} AND ${carrierFiles.kind} = ${f.kind} AND ${carrierFiles.period} = ${f.period}`);
  return { carrierHiosId: f.carrierHiosId, kind: f.kind, period: f.period, path: absolute, records: f.records, controlNumber: f.controlNumber };
}

/** The 834 of each carrier with maintenance on `day`. */
export async function exportDaily834(tx: Tx, deps: ExportDeps, day: string): Promise<WrittenFile[]> {
  const sender = exchangeParty(deps.profile);
  const byCarrier = await dailyMaintenance(tx, { day, timeZone: deps.profile.timeZone, state: deps.profile.rating.stateCode, sourceExchangeId: sender.id });
  const written: WrittenFile[] = [];
  for (const [carrierHiosId, enrollments] of [...byCarrier.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const { controlNumber, createdAt } = await reserve(tx, carrierHiosId, '834', day, deps.at);
    const text = build834({
      sender,
      receiver: await carrierParty(tx, carrierHiosId),
      controlNumber,
      createdAt,
      purpose: 'update',
      reference: `${sender.id}-${carrierHiosId}-${day}`,
      production: deps.production,
      enrollments,
    });
    const records = enrollments.reduce((n, e) => n + e.members.length, 0);
    written.push(await write(tx, deps, { carrierHiosId, kind: '834', period: day, controlNumber, records, text }));
  }
  await recordAudit(tx, {
    actor: 'carriers-export',
    actorKind: 'system',
    action: 'carriers.834-exported',
    details: { day, files: written.map((w) => ({ carrier: w.carrierHiosId, records: w.records, control: w.controlNumber })) },
    at: deps.at,
  });
  return written;
}

/** The 820 of each carrier that had invoices (or adjustments) for the coverage month. */
export async function exportMonthly820(tx: Tx, deps: ExportDeps, month: string, paymentDate: string): Promise<WrittenFile[]> {
  const sender = exchangeParty(deps.profile);
  const carriers = await tx.execute<{ carrier: string }>(sql`SELECT DISTINCT carrier_hios_id AS carrier FROM enrollments ORDER BY 1`);
  const written: WrittenFile[] = [];
  for (const { carrier } of carriers.rows) {
    const lines = await remittanceLines(tx, carrier, month);
    if (!lines.length) continue;
    const { controlNumber, createdAt } = await reserve(tx, carrier, '820', month, deps.at);
    const text = build820({
      sender,
      receiver: await carrierParty(tx, carrier),
      controlNumber,
      createdAt,
      production: deps.production,
      remittanceId: `${sender.id}-${carrier}-${month}`,
      month,
      paymentDate,
      lines,
    });
    written.push(await write(tx, deps, { carrierHiosId: carrier, kind: '820', period: month, controlNumber, records: lines.length, text, totalCents: remittanceTotal(lines) }));
  }
  await recordAudit(tx, {
    actor: 'carriers-export',
    actorKind: 'system',
    action: 'carriers.820-exported',
    details: { month, files: written.map((w) => ({ carrier: w.carrierHiosId, records: w.records, control: w.controlNumber })) },
    at: deps.at,
  });
  return written;
}
