import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createIrsClient, type IrsClient } from '../irs/client.js';
import { writeAnnual1095AFile, fileDigest } from '../irs/annual-file.js';
import { writeMonthlyEpdFile } from '../irs/monthly-file.js';
import { planMonthlyResubmission, planResubmission } from '../irs/resubmission.js';
import { MARKETPLACE_ID, months, sampleHouseholdMonth, sampleStatement } from '../irs/testing.js';
import type { AnnualAck, AnnualStatementRecord, AnnualSubmission } from '../irs/types.js';
import { startStandinIrs, type StandinIrs } from './server.js';
import { validateIrsXml, validateIrsXmlMany } from '../irs/xsd.js';

const TOKEN = 'test-token';
const meta = (createdAt = '2027-01-20T14:00:00Z') => ({ marketplaceId: MARKETPLACE_ID, taxYear: 2026, createdAt: new Date(createdAt) });
let receiver: StandinIrs;
let client: IrsClient;
let transmission = 0;
const nextId = () => `t-${++transmission}`;

beforeAll(async () => {
  receiver = await startStandinIrs({ token: TOKEN, marketplaceId: MARKETPLACE_ID, now: () => new Date('2027-01-20T14:00:00Z') });
  client = createIrsClient({ url: receiver.url, token: TOKEN, timeoutMs: 10_000 });
});
afterAll(async () => {
  await receiver.close();
});
beforeEach(() => receiver.clearFaults());

/** Sends records as one file and reads the acknowledgement. */
async function send(records: AnnualStatementRecord[]): Promise<{ submission: AnnualSubmission; ack: AnnualAck }> {
  const file = writeAnnual1095AFile(records, meta());
  const sent = await client.submitAnnual(file, nextId());
  if (!sent.ok) throw new Error(`not sent: ${sent.failure}`);
  const read = await client.annualAck(sent.receiptId);
  if (!read.ok) throw new Error(`no ack: ${read.failure}`);
  return { submission: { receiptId: sent.receiptId, manifest: file.manifest, records }, ack: read.ack };
}

describe('the stand-in IRS receiver, through the client', () => {
  it('accepts a good annual file', async () => {
    const { ack } = await send([sampleStatement({ statementId: 'a1' }), sampleStatement({ statementId: 'a2' })]);
    expect(ack).toMatchObject({ status: 'accepted', summary: { code: 'AIR1095A-000' }, recordErrors: [], fileErrors: [] });
    expect(ack.receiptId).toMatch(/^1095A-2027-\d{8}$/);
  });

  it('accepts a file with errors, naming the one bad record by its RecordSequenceNum', async () => {
    const noId = sampleStatement({ statementId: 'b2', recipient: { name: { first: 'Ana', last: 'Roy' } } });
    const { ack } = await send([sampleStatement({ statementId: 'b1' }), noId, sampleStatement({ statementId: 'b3' })]);
    expect(ack.status).toBe('accepted-with-errors');
    expect(ack.summary).toMatchObject({ code: 'AIR1095A-AE', message: 'Accepted with errors: 1 of 3 records' });
    expect(ack.recordErrors).toEqual([
      { recordSequenceNum: 2, uniqueRecordId: `${ack.receiptId}|00001|2`, code: 'AIR1095A-R01', message: 'The recipient has neither an SSN nor a date of birth', xpath: 'Recipient' },
    ]);
  });

  it('checks the totals against the months, the tax year and the policy dates', async () => {
    const file = writeAnnual1095AFile(
      [sampleStatement({ statementId: 'c1' }), sampleStatement({ statementId: 'c2', policy: { number: 'PC2', issuerName: 'Green Mountain Health', start: '2026-03-01', end: '2026-02-01' } })],
      meta(),
    );
    // A total that is not the sum of its months (the writer never makes one: the file is altered after writing).
    const tampered = { ...file, xml: file.xml.replace('<air:AnnualPremiumAmt>10234.50</air:AnnualPremiumAmt>', '<air:AnnualPremiumAmt>10234.51</air:AnnualPremiumAmt>') };
    tampered.manifest = { ...file.manifest, ...fileDigest(tampered.xml) };
    const sent = await client.submitAnnual(tampered, nextId());
    if (!sent.ok) throw new Error(sent.failure);
    const read = await client.annualAck(sent.receiptId);
    if (!read.ok) throw new Error(read.failure);
    expect(read.ack.recordErrors.map((e) => [e.recordSequenceNum, e.code, e.xpath])).toEqual([
      [1, 'AIR1095A-R04', 'RecipientPolicyInformation/AnnualPolicyTotalAmounts/AnnualPremiumAmt'],
      [2, 'AIR1095A-R10', 'Policy'],
    ]);
  });

  it('rejects a whole file that breaks the schema, saying where', async () => {
    const file = writeAnnual1095AFile([sampleStatement({ statementId: 'd1' })], meta());
    const broken = { ...file, xml: file.xml.replace('<air:TaxYr>2026</air:TaxYr>', '') };
    broken.manifest = { ...file.manifest, ...fileDigest(broken.xml) };
    const sent = await client.submitAnnual(broken, nextId());
    if (!sent.ok) throw new Error(sent.failure);
    const read = await client.annualAck(sent.receiptId);
    if (!read.ok) throw new Error(read.failure);
    expect(read.ack.status).toBe('rejected');
    expect(read.ack.summary.code).toBe('AIR1095A-F01');
    expect(read.ack.fileErrors[0].message).toMatch(/TaxYr/);
    // Nothing of a rejected file is held: a correction of its record is refused.
    expect(receiver.heldRecords()).not.toContain(`${sent.receiptId}|00001|1`);
  });

  it('rejects garbage and entity declarations as whole files, without a server error', async () => {
    const base = writeAnnual1095AFile([sampleStatement({ statementId: 'z1' })], meta());
    const bodies = ['not xml at all', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]><Form1095ATransmissionUpstream>&a;</Form1095ATransmissionUpstream>'];
    const codes: string[] = [];
    for (const xml of bodies) {
      const sent = await client.submitAnnual({ xml, manifest: { ...base.manifest, ...fileDigest(xml) } }, nextId());
      if (!sent.ok) throw new Error(sent.failure);
      const read = await client.annualAck(sent.receiptId);
      if (!read.ok) throw new Error(read.failure);
      expect(read.ack.status).toBe('rejected');
      codes.push(read.ack.summary.code);
    }
    expect(codes).toEqual(['AIR1095A-F01', 'AIR1095A-F05']);
  });

  it('rejects a file that is not the one its manifest describes', async () => {
    const file = writeAnnual1095AFile([sampleStatement({ statementId: 'e1' })], meta());
    const sent = await client.submitAnnual({ ...file, xml: file.xml.replace('Jose', 'Josh') }, nextId());
    if (!sent.ok) throw new Error(sent.failure);
    const read = await client.annualAck(sent.receiptId);
    expect(read.ok && read.ack).toMatchObject({ status: 'rejected', summary: { code: 'AIR1095A-F02' } });
  });

  it('resubmits only the rejected records, as corrections linked to them, and they are accepted', async () => {
    const first = [
      sampleStatement({ statementId: 'f1' }),
      sampleStatement({
        statementId: 'f2',
        policy: { number: 'PF2', issuerName: 'Green Mountain Health', start: '2026-01-01', end: '2026-12-31' },
        recipient: { name: { first: 'Ana', last: 'Roy' } },
      }),
      sampleStatement({ statementId: 'f3' }),
      sampleStatement({
        statementId: 'f4',
        policy: { number: 'PF4', issuerName: 'Green Mountain Health', start: '2026-01-01', end: '2026-12-31' },
        months: months(1, 12, { premium: '500', slcsp: '600', aptc: '650' }),
      }),
    ];
    const { submission, ack } = await send(first);
    expect(ack.status).toBe('accepted-with-errors');
    expect(ack.recordErrors.map((e) => e.recordSequenceNum)).toEqual([2, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4]);

    // The data is fixed at the source: f2's recipient now has a date of birth, f4's credit is the right one.
    const fixed = new Map<string, AnnualStatementRecord>([
      ['f2', { ...first[1], recipient: { name: { first: 'Ana', last: 'Roy' }, birthDate: '1990-04-05' } }],
      ['f4', { ...first[3], months: months(1, 12, { premium: '500', slcsp: '600', aptc: '450' }) }],
    ]);
    const plan = planResubmission(submission, ack, (id) => fixed.get(id));
    expect(plan.action).toBe('correct');
    expect(plan.items.map((i) => [i.record.statementId, i.record.kind, i.previousUniqueRecordId])).toEqual([
      ['f2', 'corrected', `${ack.receiptId}|00001|2`],
      ['f4', 'corrected', `${ack.receiptId}|00001|4`],
    ]);

    const second = await send(plan.items.map((i) => i.record));
    expect(second.ack).toMatchObject({ status: 'accepted', recordErrors: [] });
    expect(second.submission.manifest.records).toEqual([
      { statementId: 'f2', recordSequenceNum: 1 },
      { statementId: 'f4', recordSequenceNum: 2 },
    ]);
    expect(planResubmission(second.submission, second.ack).action).toBe('none');
  });

  it('resends everything after a whole-file rejection (reject next), and the second file is accepted', async () => {
    receiver.setFaults({ rejectNext: 1 });
    const records = [sampleStatement({ statementId: 'g1' }), sampleStatement({ statementId: 'g2' })];
    const { submission, ack } = await send(records);
    expect(ack).toMatchObject({ status: 'rejected', summary: { code: 'AIR1095A-F09' } });
    const plan = planResubmission(submission, ack);
    expect(plan.action).toBe('resend');
    expect(plan.items.map((i) => [i.record.statementId, i.record.kind])).toEqual([
      ['g1', 'original'],
      ['g2', 'original'],
    ]);
    const again = await send(plan.items.map((i) => i.record));
    expect(again.ack.status).toBe('accepted');
  });

  it('takes a correction and a void of records it holds, and refuses ones it does not', async () => {
    const ph1 = { number: 'PH1', issuerName: 'Green Mountain Health', start: '2026-03-01', end: '2026-12-31' };
    const ph2 = { ...ph1, number: 'PH2' };
    const { ack } = await send([sampleStatement({ statementId: 'h1', policy: ph1 }), sampleStatement({ statementId: 'h2', policy: ph2 })]);
    expect(ack.status).toBe('accepted');
    const held = (seq: number) => ({ receiptId: ack.receiptId, recordSequenceNum: seq });
    const later = await send([
      sampleStatement({ statementId: 'h1-c', kind: 'corrected', corrects: held(1), policy: ph1, months: months(3, 12, { premium: '1023.45', slcsp: '998.10', aptc: '700.00' }) }),
      sampleStatement({ statementId: 'h2-v', kind: 'void', voids: held(2), policy: ph2 }),
      sampleStatement({ statementId: 'h3-c', kind: 'corrected', corrects: { receiptId: '1095A-2027-99999999', recordSequenceNum: 1 }, policy: ph1 }),
      sampleStatement({ statementId: 'h1-other', kind: 'corrected', corrects: held(2), policy: ph1 }),
    ]);
    expect(later.ack.recordErrors.map((e) => [e.recordSequenceNum, e.code])).toEqual([
      [3, 'AIR1095A-R06'],
      [4, 'AIR1095A-R07'],
    ]);
    // A second void of the same record is refused.
    const again = await send([sampleStatement({ statementId: 'h2-v2', kind: 'void', voids: held(2), policy: ph2 })]);
    expect(again.ack.recordErrors.map((e) => e.code)).toEqual(['AIR1095A-R08']);
  });

  it('answers in messages the IRS schemas accept', async () => {
    const get = async (path: string) => (await fetch(`${receiver.url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
    const withErrors = await send([sampleStatement({ statementId: 'm1', recipient: { name: { first: 'Ana', last: 'Roy' } } })]);
    receiver.setFaults({ rejectNext: 1 });
    const rejected = await send([sampleStatement({ statementId: 'm2' })]);
    const acks = [await get(`/h41/transmissions/${withErrors.ack.receiptId}/ack`), await get(`/h41/transmissions/${rejected.ack.receiptId}/ack`)];
    const responses = [await get(`/h41/transmissions/${withErrors.ack.receiptId}/response`), await get(`/h41/transmissions/${rejected.ack.receiptId}/response`)];
    expect((await validateIrsXmlMany('annual-ack', acks)).flatMap((r) => r.errors)).toEqual([]);
    expect((await validateIrsXmlMany('annual-response', responses)).flatMap((r) => r.errors)).toEqual([]);
    const monthly = await client.submitMonthly(
      writeMonthlyEpdFile([sampleHouseholdMonth('M1', 1, { dependents: [{ name: { first: 'Noé', last: 'Blanc' } }] })], {
        marketplaceId: MARKETPLACE_ID,
        submissionYear: 2026,
        submissionMonth: 2,
        coverageYear: 2026,
        createdAt: new Date('2026-02-05T00:00:00Z'),
      }),
      nextId(),
    );
    if (!monthly.ok) throw new Error(monthly.failure);
    expect(await validateIrsXml('monthly-error-response', await get(`/h36/submissions/${monthly.receiptId}/errors`))).toEqual({ valid: true, errors: [] });
  });

  it('gives the same receipt when the same transmission is sent twice', async () => {
    const file = writeAnnual1095AFile([sampleStatement({ statementId: 'i1' })], meta());
    const before = receiver.received.annual;
    const a = await client.submitAnnual(file, 'same-transmission');
    const b = await client.submitAnnual(file, 'same-transmission');
    expect(a.ok && b.ok && a.receiptId === b.receiptId).toBe(true);
    expect(receiver.received.annual).toBe(before + 1);
  });

  it('comes back as a result, never an exception, when the receiver is down, slow or refuses the token', async () => {
    const file = writeAnnual1095AFile([sampleStatement({ statementId: 'j1' })], meta());
    receiver.setFaults({ down: true });
    expect(await client.submitAnnual(file, nextId())).toEqual({ ok: false, failure: 'unreachable' });
    receiver.setFaults({ down: false, latencyMs: 2_000 });
    const impatient = createIrsClient({ url: receiver.url, token: TOKEN, timeoutMs: 200 });
    expect(await impatient.submitAnnual(file, nextId())).toEqual({ ok: false, failure: 'timeout' });
    receiver.clearFaults();
    const stranger = createIrsClient({ url: receiver.url, token: 'wrong', timeoutMs: 5_000 });
    expect(await stranger.submitAnnual(file, nextId())).toEqual({ ok: false, failure: 'receiver-error', status: 401 });
    expect(await client.annualAck('1095A-2027-00000000')).toEqual({ ok: false, failure: 'not-found', status: 404 });
  });

  it('acknowledges monthly files: accepted, accepted with household errors, rejected; and the households in error go again', async () => {
    const monthly = { marketplaceId: MARKETPLACE_ID, submissionYear: 2026, submissionMonth: 6, coverageYear: 2026, createdAt: new Date('2026-06-05T06:00:00Z') };
    const good = [sampleHouseholdMonth('K1', 5), sampleHouseholdMonth('K1', 6), sampleHouseholdMonth('K2', 6)];
    const sent = await client.submitMonthly(writeMonthlyEpdFile(good, monthly), nextId());
    if (!sent.ok) throw new Error(sent.failure);
    const read = await client.monthlyAck(sent.receiptId);
    expect(read.ok && read.ack).toMatchObject({ status: 'accepted', householdErrors: [], fileErrors: [] });

    const bad = [...good, sampleHouseholdMonth('K3', 6, { primary: { name: { first: 'Noé', last: 'Blanc' } } })];
    const sent2 = await client.submitMonthly(writeMonthlyEpdFile(bad, monthly), nextId());
    if (!sent2.ok) throw new Error(sent2.failure);
    const read2 = await client.monthlyAck(sent2.receiptId);
    if (!read2.ok) throw new Error(read2.failure);
    expect(read2.ack.status).toBe('accepted-with-errors');
    expect(read2.ack.householdErrors.map((e) => [e.irsGroupId, e.code])).toEqual([['K3', 'EPD-H01']]);
    expect(planMonthlyResubmission(bad, read2.ack).map((r) => r.irsGroupId)).toEqual(['K3']);

    receiver.setFaults({ rejectNext: 1 });
    const sent3 = await client.submitMonthly(writeMonthlyEpdFile(good, monthly), nextId());
    if (!sent3.ok) throw new Error(sent3.failure);
    const read3 = await client.monthlyAck(sent3.receiptId);
    if (!read3.ok) throw new Error(read3.failure);
    expect(read3.ack).toMatchObject({ status: 'rejected', fileErrors: [{ code: 'EPD-F09' }] });
    expect(planMonthlyResubmission(good, read3.ack)).toHaveLength(3);
  });
});
