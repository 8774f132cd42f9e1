/**
 * The annual Form 1095-A report to the IRS, wired to the statements
 * (docs/adr/0140, "How the tax-forms module uses it"; docs/adr/0112):
 *
 * - `writeAnnualReport`: every statement version of the year not yet
 *   reported becomes a record (a corrected or void version refers to the
 *   IRS record last received for its policy); the ones the receiver would
 *   refuse are held back for the exceptions queue; files of at most 15,000
 *   records, one `irs_files` row each and one `irs_records` row per record,
 *   in one transaction.
 * - `sendPendingFiles`: each file written (or whose sending failed) is
 *   rebuilt from its statement versions — the writers are deterministic, so
 *   it is byte for byte the file recorded (its SHA-256 is checked) — and
 *   sent with its transmission id (safe to repeat).
 * - `readAnnualAcks`: each file sent is acknowledged or not yet; its records
 *   are marked accepted or in error (codes and element paths only), and the
 *   records in error are written again as a file answering it
 *   (`planResubmission`), which the next send sends.
 *
 * File bodies hold SSNs: they exist only in memory while a file is built
 * and sent; never in a table, a job payload or a log.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../platform/database.js';
import type { StateProfile } from '../states/profile.js';
import { annualExceptions, createIrsClient, parseUniqueRecordId, planResubmission, splitForTransmission, uniqueRecordId, writeAnnual1095AFile, type IrsClient } from './irs/index.js';
import { fromCents } from './irs/money.js';
import type { AnnualManifest, AnnualStatementRecord, AnnualSubmission, RecordReference, TaxPerson } from './irs/types.js';
import type { StatementKind } from './schema.js';
import type { StatementContent, StatementPerson } from './statement.js';

export interface IrsDeps {
  profile: Pick<StateProfile, 'marketplaceId'>;
  client: IrsClient;
  /** Opens a sealed SSN (the hub's keyring). */
  openSsn(sealed: string): Promise<string>;
}

export function irsClientFrom(config: { irsUrl: string; irsToken: string; irsTimeoutMs?: number }): IrsClient {
  return createIrsClient({ url: config.irsUrl, token: config.irsToken, timeoutMs: config.irsTimeoutMs ?? 30_000 });
}

type StoredRecord = {
  statement_id: string;
  record_sequence_num: number;
  kind: StatementKind;
  refers_to: string | null;
  content: StatementContent;
  coverage_year: number;
};

const money = (cents: number) => fromCents(BigInt(cents));

async function person(deps: IrsDeps, p: StatementPerson): Promise<TaxPerson> {
  const name = { first: p.firstName, last: p.lastName };
  if (p.ssn) return { name, ssn: await deps.openSsn(p.ssn.sealed) };
  return p.dateOfBirth ? { name, birthDate: p.dateOfBirth } : { name };
}

/** The IRS record of a statement version. Opens the SSNs: the result lives in memory only. */
async function toRecord(deps: IrsDeps, statementId: string, kind: StatementKind, refersTo: RecordReference | null, c: StatementContent): Promise<AnnualStatementRecord> {
  const base = {
    statementId,
    taxYear: c.coverageYear,
    policy: { number: c.policyNumber, issuerName: c.issuerName, start: c.policyStart, end: c.policyEnd },
    recipient: {
      ...(await person(deps, c.recipient)),
      ...(c.address ? { address: { line1: c.address.line1, ...(c.address.line2 ? { line2: c.address.line2 } : {}), city: c.address.city, state: c.address.state, zip: c.address.zip } } : {}),
    },
    ...(c.spouse ? { spouse: await person(deps, c.spouse) } : {}),
    covered: await Promise.all(c.covered.map(async (p) => ({ person: await person(deps, p), coverageStart: p.coverageStart, coverageEnd: p.coverageEnd }))),
    months: c.months.map((m) => ({ premium: money(m.premiumCents), slcsp: money(m.slcspCents), aptc: money(m.aptcCents) })),
  };
  if (kind === 'original' || !refersTo) return { ...base, kind: 'original' };
  return kind === 'corrected' ? { ...base, kind: 'corrected', corrects: refersTo } : { ...base, kind: 'void', voids: refersTo };
}

async function insertFile(tx: Tx, records: AnnualStatementRecord[], meta: { taxYear: number; now: Date; marketplaceId: string; answersId: string | null }): Promise<string> {
  const file = writeAnnual1095AFile(records, { marketplaceId: meta.marketplaceId, taxYear: meta.taxYear, createdAt: meta.now });
  const m = file.manifest;
  const { rows } = await tx.execute<{ id: string }>(sql`
    INSERT INTO irs_files (kind, tax_year, transmission_id, file_name, sha256, bytes, record_count, originals, corrected, voids, total_premium, total_slcsp, total_aptc, status, answers_id, written_at)
    VALUES ('annual-1095a', ${meta.taxYear}, ${randomUUID()}, ${m.fileName}, ${m.sha256}, ${m.bytes}, ${m.recordCount}, ${m.originals}, ${m.corrected}, ${m.voids},
            ${m.totals.premium}, ${m.totals.slcsp}, ${m.totals.aptc}, 'written', ${meta.answersId}, ${meta.now})
    RETURNING id`);
  const fileId = rows[0]!.id;
  const json = JSON.stringify(
    records.map((r, i) => ({ s: r.statementId, q: i + 1, k: r.kind, r: r.kind === 'corrected' ? uniqueRecordId(r.corrects) : r.kind === 'void' ? uniqueRecordId(r.voids) : null })),
  );
  await tx.execute(sql`
    INSERT INTO irs_records (file_id, record_sequence_num, statement_id, kind, refers_to)
    SELECT ${fileId}, x.q, x.s, x.k, x.r FROM jsonb_to_recordset(${json}::jsonb) AS x(s uuid, q int, k text, r text)`);
  return fileId;
}

export interface WriteResult {
  files: number;
  records: number;
  /** Statement versions held back: the receiver would refuse them (the exceptions queue). */
  held: Array<{ statementId: string; code: string }>;
}

/** Writes the year's statement versions not yet reported into files (not sent yet). */
export async function writeAnnualReport(db: Db, deps: IrsDeps, input: { year: number; now: Date }): Promise<WriteResult> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(71004231, ${input.year})`);
    // Each version not in any file yet, with the IRS record last received for an earlier version of its policy.
    const { rows } = await tx.execute<{ id: string; kind: StatementKind; content: StatementContent; refers_to: string | null }>(sql`
      SELECT s.id, s.kind, s.content,
             (SELECT r.unique_record_id FROM irs_records r JOIN tax_statements p ON p.id = r.statement_id
               WHERE p.enrollment_id = s.enrollment_id AND p.coverage_year = s.coverage_year AND r.unique_record_id IS NOT NULL AND r.status IN ('accepted', 'in-error')
               ORDER BY p.version DESC, r.unique_record_id DESC LIMIT 1) AS refers_to
        FROM tax_statements s
       WHERE s.coverage_year = ${input.year}
         AND NOT EXISTS (SELECT 1 FROM irs_records r WHERE r.statement_id = s.id)
         -- Only the latest version of each policy is reported.
         AND s.version = (SELECT max(v.version) FROM tax_statements v WHERE v.enrollment_id = s.enrollment_id AND v.coverage_year = s.coverage_year)
       ORDER BY s.issued_at, s.id`);
    const records: AnnualStatementRecord[] = [];
    for (const r of rows) {
      const ref = r.refers_to ? parseUniqueRecordId(r.refers_to) : null;
      // A void with nothing received before has nothing to cancel.
      if (r.kind === 'void' && !ref) continue;
      records.push(await toRecord(deps, r.id, r.kind, ref, r.content));
    }
    const blocking = annualExceptions(records, input.year).filter((e) => e.blocking);
    const heldIds = new Set(blocking.map((e) => e.statementId));
    const ready = records.filter((r) => !heldIds.has(r.statementId));
    let files = 0;
    for (const chunk of splitForTransmission(ready)) {
      await insertFile(tx, chunk, { taxYear: input.year, now: input.now, marketplaceId: deps.profile.marketplaceId, answersId: null });
      files++;
    }
    return { files, records: ready.length, held: blocking.map((e) => ({ statementId: e.statementId, code: e.code })) };
  });
}

async function storedRecords(db: Db | Tx, fileId: string): Promise<StoredRecord[]> {
  const { rows } = await db.execute<StoredRecord>(sql`
    SELECT r.statement_id, r.record_sequence_num, r.kind, r.refers_to, s.content, s.coverage_year
      FROM irs_records r JOIN tax_statements s ON s.id = r.statement_id WHERE r.file_id = ${fileId} ORDER BY r.record_sequence_num`);
  return rows;
}

async function rebuild(deps: IrsDeps, records: StoredRecord[]): Promise<AnnualStatementRecord[]> {
  return Promise.all(records.map((r) => toRecord(deps, r.statement_id, r.kind, r.refers_to ? parseUniqueRecordId(r.refers_to) : null, r.content)));
}

export class FileMismatchError extends Error {
  constructor(readonly fileId: string) {
    super(`IRS file ${fileId} no longer rebuilds to the recorded SHA-256`);
  }
}

/** Sends every annual file written or whose sending failed. Returns how many were sent. */
export async function sendPendingFiles(db: Db, deps: IrsDeps, input: { now: Date }): Promise<{ sent: number; failed: number }> {
  const { rows: files } = await db.execute<{ id: string; tax_year: number; transmission_id: string; sha256: string; written_at: Date | string }>(sql`
    SELECT id, tax_year, transmission_id, sha256, written_at FROM irs_files WHERE kind = 'annual-1095a' AND status IN ('written', 'send-failed') ORDER BY written_at, id`);
  let sent = 0;
  let failed = 0;
  for (const f of files) {
    const records = await rebuild(deps, await storedRecords(db, f.id));
    const file = writeAnnual1095AFile(records, { marketplaceId: deps.profile.marketplaceId, taxYear: f.tax_year, createdAt: new Date(f.written_at) });
    if (file.manifest.sha256 !== f.sha256) throw new FileMismatchError(f.id);
    const r = await deps.client.submitAnnual(file, f.transmission_id);
    if (!r.ok) {
      await db.execute(sql`UPDATE irs_files SET status = 'send-failed' WHERE id = ${f.id}`);
      failed++;
      continue;
    }
    await db.transaction(async (tx) => {
      await tx.execute(sql`UPDATE irs_files SET status = 'sent', receipt_id = ${r.receiptId}, sent_at = ${input.now} WHERE id = ${f.id}`);
      await tx.execute(sql`UPDATE irs_records SET unique_record_id = ${r.receiptId} || '|00001|' || record_sequence_num WHERE file_id = ${f.id}`);
    });
    sent++;
  }
  return { sent, failed };
}

/** Reads the acknowledgement of every annual file sent; writes the resubmission of the records in error. */
export async function readAnnualAcks(db: Db, deps: IrsDeps, input: { now: Date }): Promise<{ acknowledged: number; resubmitted: number }> {
  const { rows: files } = await db.execute<{ id: string; tax_year: number; receipt_id: string }>(sql`
    SELECT id, tax_year, receipt_id FROM irs_files WHERE kind = 'annual-1095a' AND status = 'sent' ORDER BY sent_at, id`);
  let acknowledged = 0;
  let resubmitted = 0;
  for (const f of files) {
    const r = await deps.client.annualAck(f.receipt_id);
    if (!r.ok) continue;
    const ack = r.ack;
    const stored = await storedRecords(db, f.id);
    const records = await rebuild(deps, stored);
    const previous: AnnualSubmission = {
      receiptId: f.receipt_id,
      manifest: { records: stored.map((s) => ({ statementId: s.statement_id, recordSequenceNum: s.record_sequence_num })) } as AnnualManifest,
      records,
    };
    const plan = planResubmission(previous, ack);
    await db.transaction(async (tx) => {
      await tx.execute(sql`
        UPDATE irs_files SET status = ${ack.status}, ack_code = ${ack.summary.code}, ack_message = ${ack.summary.message},
               file_errors = ${JSON.stringify(ack.fileErrors.map((e) => ({ code: e.code, message: e.message, ...(e.xpath ? { xpath: e.xpath } : {}) })))}::jsonb, acknowledged_at = ${input.now}
         WHERE id = ${f.id}`);
      const errors = new Map<number, Array<{ code: string; message: string; xpath?: string }>>();
      for (const e of ack.recordErrors) errors.set(e.recordSequenceNum, [...(errors.get(e.recordSequenceNum) ?? []), { code: e.code, message: e.message, ...(e.xpath ? { xpath: e.xpath } : {}) }]);
      const json = JSON.stringify([...errors].map(([q, e]) => ({ q, e })));
      await tx.execute(sql`UPDATE irs_records SET status = ${ack.status === 'rejected' ? 'rejected' : 'accepted'} WHERE file_id = ${f.id}`);
      await tx.execute(sql`
        UPDATE irs_records r SET status = 'in-error', errors = x.e FROM jsonb_to_recordset(${json}::jsonb) AS x(q int, e jsonb)
         WHERE r.file_id = ${f.id} AND r.record_sequence_num = x.q`);
      if (plan.action !== 'none' && plan.items.length) {
        for (const chunk of splitForTransmission(plan.items.map((i) => i.record))) {
          await insertFile(tx, chunk, { taxYear: f.tax_year, now: input.now, marketplaceId: deps.profile.marketplaceId, answersId: f.id });
          resubmitted += chunk.length;
        }
      }
    });
    acknowledged++;
  }
  return { acknowledged, resubmitted };
}

export interface SubmissionRow {
  id: string;
  fileName: string;
  status: string;
  recordCount: number;
  receiptId: string | null;
  ackCode: string | null;
  ackMessage: string | null;
  answersId: string | null;
  writtenAt: Date;
}

/** The year's annual files, newest first, and the records in error. */
export async function submissionsOf(
  db: Db | Tx,
  year: number,
): Promise<{ files: SubmissionRow[]; inError: Array<{ fileName: string; recordSequenceNum: number; policyNumber: string; codes: string[] }> }> {
  const { rows } = await db.execute<{
    id: string;
    file_name: string;
    status: string;
    record_count: number;
    receipt_id: string | null;
    ack_code: string | null;
    ack_message: string | null;
    answers_id: string | null;
    written_at: Date | string;
  }>(sql`
    SELECT id, file_name, status, record_count, receipt_id, ack_code, ack_message, answers_id, written_at FROM irs_files WHERE kind = 'annual-1095a' AND tax_year = ${year} ORDER BY written_at DESC, id LIMIT 200`);
  const errs = await db.execute<{ file_name: string; record_sequence_num: number; policy_number: string; errors: Array<{ code: string }> }>(sql`
    SELECT f.file_name, r.record_sequence_num, s.policy_number, r.errors FROM irs_records r JOIN irs_files f ON f.id = r.file_id JOIN tax_statements s ON s.id = r.statement_id
     WHERE f.tax_year = ${year} AND r.status = 'in-error'
       AND NOT EXISTS (SELECT 1 FROM irs_files n JOIN irs_records nr ON nr.file_id = n.id WHERE n.answers_id = f.id AND nr.statement_id = r.statement_id AND nr.status = 'accepted')
     ORDER BY f.written_at DESC, r.record_sequence_num LIMIT 200`);
  return {
    files: rows.map((r) => ({
      id: r.id,
      fileName: r.file_name,
      status: r.status,
      recordCount: r.record_count,
      receiptId: r.receipt_id,
      ackCode: r.ack_code,
      ackMessage: r.ack_message,
      answersId: r.answers_id,
      writtenAt: new Date(r.written_at),
    })),
    inError: errs.rows.map((r) => ({ fileName: r.file_name, recordSequenceNum: r.record_sequence_num, policyNumber: r.policy_number, codes: r.errors.map((e) => e.code) })),
  };
}
