import { describe, expect, it } from 'vitest';
import { writeAnnual1095AFile } from './annual-file.js';
import { planResubmission, ResubmissionMismatch } from './resubmission.js';
import { MARKETPLACE_ID, sampleStatement } from './testing.js';
import type { AnnualAck, AnnualStatementRecord, AnnualSubmission } from './types.js';

const records: AnnualStatementRecord[] = [
  sampleStatement({ statementId: 'o1' }),
  sampleStatement({ statementId: 'c1', kind: 'corrected', corrects: { receiptId: '1095A-2027-00000001', recordSequenceNum: 5 } }),
  sampleStatement({ statementId: 'v1', kind: 'void', voids: { receiptId: '1095A-2027-00000001', recordSequenceNum: 6 } }),
];
const previous: AnnualSubmission = {
  receiptId: '1095A-2027-00000002',
  manifest: writeAnnual1095AFile(records, { marketplaceId: MARKETPLACE_ID, taxYear: 2026, createdAt: new Date('2027-01-20T00:00:00Z') }).manifest,
  records,
};
const ack = (over: Partial<AnnualAck>): AnnualAck => ({
  receiptId: previous.receiptId,
  status: 'accepted',
  summary: { code: 'AIR1095A-000', message: 'Accepted' },
  recordErrors: [],
  fileErrors: [],
  ...over,
});
const recordError = (seq: number, code = 'AIR1095A-R01') => ({ recordSequenceNum: seq, uniqueRecordId: `${previous.receiptId}|00001|${seq}`, code, message: 'm' });

describe('planning a resubmission', () => {
  it('sends nothing after an acceptance', () => {
    expect(planResubmission(previous, ack({}))).toEqual({ action: 'none', items: [] });
  });

  it('corrects only the records in error, each linked to the record the IRS holds; a void in error is voided again', () => {
    const plan = planResubmission(previous, ack({ status: 'accepted-with-errors', recordErrors: [recordError(3, 'AIR1095A-R06'), recordError(2), recordError(2, 'AIR1095A-R04')] }));
    expect(plan.action).toBe('correct');
    expect(
      plan.items.map((i) => ({
        id: i.record.statementId,
        kind: i.record.kind,
        link: i.record.kind === 'corrected' ? i.record.corrects : i.record.kind === 'void' ? i.record.voids : null,
        prev: i.previousUniqueRecordId,
        codes: i.errors.map((e) => e.code),
      })),
    ).toEqual([
      { id: 'c1', kind: 'corrected', link: { receiptId: '1095A-2027-00000002', submissionNum: 1, recordSequenceNum: 2 }, prev: '1095A-2027-00000002|00001|2', codes: ['AIR1095A-R01', 'AIR1095A-R04'] },
      { id: 'v1', kind: 'void', link: { receiptId: '1095A-2027-00000001', recordSequenceNum: 6 }, prev: '1095A-2027-00000002|00001|3', codes: ['AIR1095A-R06'] },
    ]);
  });

  it('uses the statement as it stands now when the caller has fixed it', () => {
    const fixed = { ...records[0], recipient: { name: { first: 'Ana', last: 'Roy' }, birthDate: '1990-04-05' } };
    const plan = planResubmission(previous, ack({ status: 'accepted-with-errors', recordErrors: [recordError(1)] }), (id) => (id === 'o1' ? fixed : undefined));
    expect(plan.items[0].record).toMatchObject({ statementId: 'o1', kind: 'corrected', recipient: { birthDate: '1990-04-05' } });
  });

  it('resends every record as it was after a whole-file rejection', () => {
    const plan = planResubmission(previous, ack({ status: 'rejected', fileErrors: [{ code: 'AIR1095A-F01', message: 'schema' }] }));
    expect(plan.action).toBe('resend');
    expect(plan.items.map((i) => i.record)).toEqual(records);
  });

  it('refuses an acknowledgement that does not fit the transmission', () => {
    expect(() => planResubmission(previous, ack({ receiptId: 'other' }))).toThrow(ResubmissionMismatch);
    expect(() => planResubmission(previous, ack({ status: 'accepted-with-errors', recordErrors: [recordError(9)] }))).toThrow(/record 9/);
  });
});
