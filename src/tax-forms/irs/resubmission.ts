/**
 * What to send after an acknowledgement, as a pure function of what was sent
 * and what came back:
 * - accepted: nothing;
 * - accepted with errors: only the records in error, each as a corrected
 *   record pointing at the one the IRS holds (its UniqueRecordSequenceNum in
 *   the earlier transmission); a void record in error is sent again as a void
 *   of the same original;
 * - rejected: the IRS holds nothing of that file, so every record goes again
 *   exactly as it was (originals stay originals).
 * The new file numbers its records afresh (writeAnnual1095AFile does that).
 */
import { uniqueRecordId } from './annual-file.js';
import type { AnnualAck, AnnualStatementRecord, AnnualSubmission, IrsError, MonthlyAck, MonthlyHouseholdRecord } from './types.js';

export interface ResubmissionItem {
  record: AnnualStatementRecord;
  /** The record in the earlier transmission this one answers for. */
  previousUniqueRecordId: string;
  errors: IrsError[];
}

export type ResubmissionPlan = { action: 'none'; items: [] } | { action: 'correct' | 'resend'; items: ResubmissionItem[] };

export class ResubmissionMismatch extends Error {
  constructor(problem: string) {
    super(problem);
    this.name = 'ResubmissionMismatch';
  }
}

function withoutKind(r: AnnualStatementRecord): Omit<AnnualStatementRecord, 'kind' | 'corrects' | 'voids'> {
  const { kind: _kind, corrects: _c, voids: _v, ...rest } = r as AnnualStatementRecord & { corrects?: unknown; voids?: unknown };
  return rest;
}

/**
 * `current` gives the statement as it stands now (after the data was fixed);
 * without it, or when it returns nothing, the record is sent with the data it had.
 */
export function planResubmission(previous: AnnualSubmission, ack: AnnualAck, current?: (statementId: string) => AnnualStatementRecord | undefined): ResubmissionPlan {
  if (ack.receiptId !== previous.receiptId) throw new ResubmissionMismatch('the acknowledgement is for another transmission');
  const bySeq = new Map(previous.manifest.records.map((r) => [r.recordSequenceNum, r.statementId]));
  const byId = new Map(previous.records.map((r) => [r.statementId, r]));
  const ref = (recordSequenceNum: number) => ({ receiptId: previous.receiptId, submissionNum: 1, recordSequenceNum });

  if (ack.status === 'accepted') return { action: 'none', items: [] };

  if (ack.status === 'rejected') {
    return {
      action: 'resend',
      items: previous.manifest.records.map(({ statementId, recordSequenceNum }) => {
        const before = byId.get(statementId)!;
        const now = current?.(statementId);
        const record = now ? ({ ...withoutKind(now), ...kindOf(before) } as AnnualStatementRecord) : before;
        return { record, previousUniqueRecordId: uniqueRecordId(ref(recordSequenceNum)), errors: ack.fileErrors };
      }),
    };
  }

  const errorsBySeq = new Map<number, IrsError[]>();
  for (const e of ack.recordErrors) {
    const { recordSequenceNum, uniqueRecordId: _u, ...error } = e;
    errorsBySeq.set(recordSequenceNum, [...(errorsBySeq.get(recordSequenceNum) ?? []), error]);
  }
  const items: ResubmissionItem[] = [];
  for (const [seq, errors] of [...errorsBySeq.entries()].sort(([a], [b]) => a - b)) {
    const statementId = bySeq.get(seq);
    if (statementId === undefined) throw new ResubmissionMismatch(`the acknowledgement names record ${seq}, which the transmission did not hold`);
    const before = byId.get(statementId)!;
    const data = withoutKind(current?.(statementId) ?? before);
    const record: AnnualStatementRecord = before.kind === 'void' ? { ...data, kind: 'void', voids: before.voids } : { ...data, kind: 'corrected', corrects: ref(seq) };
    items.push({ record, previousUniqueRecordId: uniqueRecordId(ref(seq)), errors });
  }
  return { action: 'correct', items };
}

function kindOf(r: AnnualStatementRecord) {
  return r.kind === 'original' ? { kind: 'original' as const } : r.kind === 'corrected' ? { kind: 'corrected' as const, corrects: r.corrects } : { kind: 'void' as const, voids: r.voids };
}

/**
 * Monthly reporting is cumulative (each month's file restates the year so far), so
 * a household in error is simply sent again once fixed: this picks the
 * household-months to send (all of them when the whole file was rejected).
 */
export function planMonthlyResubmission(previous: readonly MonthlyHouseholdRecord[], ack: MonthlyAck): MonthlyHouseholdRecord[] {
  if (ack.status === 'accepted') return [];
  if (ack.status === 'rejected') return [...previous];
  const groups = new Set(ack.householdErrors.map((e) => e.irsGroupId));
  return previous.filter((r) => groups.has(r.irsGroupId));
}
