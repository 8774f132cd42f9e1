/**
 * The stand-in IRS receiver: an HTTP server on loopback that takes the
 * exchange's annual Form 1095-A files and monthly Exchange Periodic Data files,
 * checks each against the IRS schema, the manifest that travels with it and
 * the content rules, and acknowledges in the IRS's message vocabulary:
 *
 *   POST /h41/transmissions                  → 202 {"receiptId": …}
 *   GET  /h41/transmissions/:receipt/ack      → Form1095ATransmissionExchAckng
 *   GET  /h41/transmissions/:receipt/response → Form1095ATransmissionExchResp (204: nothing to say)
 *   POST /h36/submissions                    → 202 {"receiptId": …}
 *   GET  /h36/submissions/:receipt/errors    → HealthExchangeErrors
 *
 * A POST carries the file as its body (application/xml) and the manifest in
 * headers: x-transmission-id (the sender's idempotency key: the same id gets
 * the same receipt), x-file-name, x-sha256, x-record-count, x-tax-year.
 * It remembers the records of accepted annual files so that corrected and void
 * records can be checked against them. Faults on demand: down, slow, reject next.
 * It keeps files in memory only and logs nothing.
 */
import http from 'node:http';
import { createHash } from 'node:crypto';
import type { AddressInfo, Socket } from 'node:net';
import { uniqueRecordId } from '../irs/annual-file.js';
import { checkAnnualFile, checkAnnualRecord, checkMonthlyFile, EPD_CODES, FILE_CODES, readAnnualFile, RECORD_CODES, type HeldRecord } from '../irs/content-rules.js';
import { ACK_CODES, hasDoctype, writeAnnualAck, writeAnnualResponse, writeEpdErrorResponse, type AnnualResponseEntry } from '../irs/messages.js';
import type { IrsError, MonthlyHouseholdError } from '../irs/types.js';
import { validateIrsXml } from '../irs/xsd.js';

export interface ReceiverFaults {
  /** Every connection is dropped as soon as it is accepted. */
  down: boolean;
  /** Added before every answer. */
  latencyMs: number;
  /** The next this-many files are rejected whole, whatever they hold. */
  rejectNext: number;
  /** Annual records of these policy numbers are accepted with an error, once each (the next time each is received). */
  errorPolicies: string[];
}

const NO_FAULTS: ReceiverFaults = { down: false, latencyMs: 0, rejectNext: 0, errorPolicies: [] };

export interface StandinIrsOptions {
  /** The bearer token senders must present. */
  token: string;
  /** The marketplace id the receiver expects (used in answers to files it could not read). */
  marketplaceId: string;
  port?: number;
  now?: () => Date;
  /** Largest body accepted, bytes. */
  maxBytes?: number;
}

interface AnnualTransmission {
  receiptId: string;
  ackXml: string;
  responseXml: string | null;
}

interface MonthlySubmission {
  receiptId: string;
  errorsXml: string;
}

export interface StandinIrs {
  url: string;
  port: number;
  setFaults(f: Partial<ReceiverFaults>): void;
  clearFaults(): void;
  /** Files received, by kind, whatever happened to them. */
  readonly received: { annual: number; monthly: number };
  /** UniqueRecordSequenceNum of every annual record held (accepted, with or without errors). */
  heldRecords(): string[];
  close(): Promise<void>;
}

export async function startStandinIrs(opts: StandinIrsOptions): Promise<StandinIrs> {
  const now = opts.now ?? (() => new Date());
  const maxBytes = opts.maxBytes ?? 200 * 1024 * 1024;
  let faults: ReceiverFaults = { ...NO_FAULTS };
  const received = { annual: 0, monthly: 0 };
  const held = new Map<string, HeldRecord>();
  const annual = new Map<string, AnnualTransmission>();
  const monthly = new Map<string, MonthlySubmission>();
  const byTransmissionId = new Map<string, string>();
  let receiptSeq = 0;
  const sockets = new Set<Socket>();

  const nextReceipt = (prefix: string) => {
    receiptSeq += 1;
    return `${prefix}-${now().getUTCFullYear()}-${String(receiptSeq).padStart(8, '0')}`;
  };

  function manifestProblems(xml: Buffer, req: http.IncomingMessage): boolean {
    const sha = createHash('sha256').update(xml).digest('hex');
    return req.headers['x-sha256'] !== sha;
  }

  async function receiveAnnual(body: Buffer, req: http.IncomingMessage): Promise<AnnualTransmission> {
    received.annual += 1;
    const receiptId = nextReceipt('1095A');
    const taxYear = Number(req.headers['x-tax-year']);
    const reject = (errors: AnnualResponseEntry[]): AnnualTransmission => ({
      receiptId,
      ackXml: writeAnnualAck({ success: false, ...errors[0] }),
      responseXml: writeAnnualResponse(errors),
    });
    if (faults.rejectNext > 0) {
      faults.rejectNext -= 1;
      return reject([{ schemaErrorInfo: 'Transmission', ...FILE_CODES.onDemand }]);
    }
    if (manifestProblems(body, req)) return reject([{ schemaErrorInfo: 'Manifest', ...FILE_CODES.digest }]);
    const xml = body.toString('utf8');
    if (hasDoctype(xml)) return reject([{ schemaErrorInfo: 'DOCTYPE', ...FILE_CODES.doctype }]);
    const schema = await validateIrsXml('annual-upstream', xml);
    if (!schema.valid) {
      return reject(schema.errors.slice(0, 20).map((e) => ({ schemaErrorInfo: `line ${e.line ?? '?'}: ${e.message}`, ...FILE_CODES.schema })));
    }
    const records = readAnnualFile(xml);
    if (String(records.length) !== req.headers['x-record-count']) return reject([{ schemaErrorInfo: 'Manifest', ...FILE_CODES.count }]);
    const fileErrors = checkAnnualFile(records);
    if (fileErrors.length > 0) return reject(fileErrors.map((e) => ({ schemaErrorInfo: e.xpath ?? 'File', ...e })));
    // Records are checked in file order against what was held before this file, plus what came earlier in it.
    const view = new Map(held);
    const entries: AnnualResponseEntry[] = [];
    for (const r of records) {
      const unique = uniqueRecordId({ receiptId, submissionNum: 1, recordSequenceNum: r.recordSequenceNum });
      for (const e of checkAnnualRecord(r, taxYear, view)) entries.push({ uniqueRecordId: unique, ...e });
      if (faults.errorPolicies.includes(r.policyNum)) {
        faults = { ...faults, errorPolicies: faults.errorPolicies.filter((p) => p !== r.policyNum) };
        entries.push({ uniqueRecordId: unique, xpath: 'Policy', ...RECORD_CODES.onDemand });
      }
      view.set(unique, { policyNum: r.policyNum, voided: false });
      const target = r.voidInd ? r.voidedRef : null;
      if (target && view.has(target) && !entries.some((e) => 'uniqueRecordId' in e && e.uniqueRecordId === unique)) view.set(target, { ...view.get(target)!, voided: true });
    }
    for (const [k, v] of view) held.set(k, v);
    const inError = new Set(entries.map((e) => ('uniqueRecordId' in e ? e.uniqueRecordId : '')));
    return {
      receiptId,
      ackXml: writeAnnualAck(
        entries.length === 0
          ? { success: true, ...ACK_CODES_MESSAGES.accepted }
          : { success: true, code: ACK_CODES.acceptedWithErrors, message: `Accepted with errors: ${inError.size} of ${records.length} records` },
      ),
      responseXml: writeAnnualResponse(entries),
    };
  }

  async function receiveMonthly(body: Buffer, req: http.IncomingMessage): Promise<MonthlySubmission> {
    received.monthly += 1;
    const receiptId = nextReceipt('EPD');
    const taxYear = Number(req.headers['x-tax-year']) || now().getUTCFullYear();
    const batchId = now();
    const rejectWith = (fileErrors: IrsError[]): MonthlySubmission => ({
      receiptId,
      errorsXml: writeEpdErrorResponse({
        submissionYear: Number(req.headers['x-submission-year']) || batchId.getUTCFullYear(),
        submissionMonth: Number(req.headers['x-submission-month']) || batchId.getUTCMonth() + 1,
        coverageYear: taxYear,
        batchId,
        marketplaceId: opts.marketplaceId,
        householdCount: 0,
        householdErrors: [],
        fileErrors,
      }),
    });
    if (faults.rejectNext > 0) {
      faults.rejectNext -= 1;
      return rejectWith([EPD_CODES.onDemand]);
    }
    if (manifestProblems(body, req)) return rejectWith([EPD_CODES.digest]);
    const xml = body.toString('utf8');
    if (hasDoctype(xml)) return rejectWith([EPD_CODES.doctype]);
    const schema = await validateIrsXml('monthly-epd', xml);
    if (!schema.valid) return rejectWith(schema.errors.slice(0, 20).map((e) => ({ ...EPD_CODES.schema, message: `${EPD_CODES.schema.message}: line ${e.line ?? '?'}: ${e.message}` })));
    const file = checkMonthlyFile(xml);
    const householdErrors: MonthlyHouseholdError[] = file.groups.flatMap((g) => g.errors);
    return {
      receiptId,
      errorsXml: writeEpdErrorResponse({
        submissionYear: file.submissionYear,
        submissionMonth: file.submissionMonth,
        coverageYear: file.coverageYear,
        batchId,
        marketplaceId: file.marketplaceId,
        householdCount: file.groups.length,
        householdErrors,
        fileErrors: [],
      }),
    };
  }

  const send = (res: http.ServerResponse, status: number, body: string, type = 'application/xml; charset=utf-8') => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(body);
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    try {
      if (faults.latencyMs > 0) await new Promise((r) => setTimeout(r, faults.latencyMs));
      if (req.headers.authorization !== `Bearer ${opts.token}`) return send(res, 401, JSON.stringify({ error: 'unauthorized' }), 'application/json');
      const url = new URL(req.url ?? '/', 'http://receiver');
      const parts = url.pathname.split('/').filter(Boolean);
      if (req.method === 'POST' && parts.length === 2 && (parts[0] === 'h41' || parts[0] === 'h36')) {
        const kind = parts[0];
        if ((kind === 'h41' && parts[1] !== 'transmissions') || (kind === 'h36' && parts[1] !== 'submissions')) return send(res, 404, '');
        const transmissionId = String(req.headers['x-transmission-id'] ?? '');
        if (!/^[A-Za-z0-9._-]{1,80}$/.test(transmissionId)) return send(res, 400, JSON.stringify({ error: 'x-transmission-id missing' }), 'application/json');
        const chunks: Buffer[] = [];
        let size = 0;
        for await (const c of req) {
          size += (c as Buffer).length;
          if (size > maxBytes) return send(res, 413, JSON.stringify({ error: 'too large' }), 'application/json');
          chunks.push(c as Buffer);
        }
        const key = `${kind}:${transmissionId}`;
        let receiptId = byTransmissionId.get(key);
        if (!receiptId) {
          const body = Buffer.concat(chunks);
          if (kind === 'h41') {
            const t = await receiveAnnual(body, req);
            annual.set(t.receiptId, t);
            receiptId = t.receiptId;
          } else {
            const t = await receiveMonthly(body, req);
            monthly.set(t.receiptId, t);
            receiptId = t.receiptId;
          }
          byTransmissionId.set(key, receiptId);
        }
        return send(res, 202, JSON.stringify({ receiptId }), 'application/json');
      }
      if (req.method === 'GET' && parts[0] === 'h41' && parts[1] === 'transmissions' && parts.length === 4) {
        const t = annual.get(decodeURIComponent(parts[2]));
        if (!t) return send(res, 404, '');
        if (parts[3] === 'ack') return send(res, 200, t.ackXml);
        if (parts[3] === 'response') return t.responseXml ? send(res, 200, t.responseXml) : send(res, 204, '');
      }
      if (req.method === 'GET' && parts[0] === 'h36' && parts[1] === 'submissions' && parts.length === 4 && parts[3] === 'errors') {
        const t = monthly.get(decodeURIComponent(parts[2]));
        return t ? send(res, 200, t.errorsXml) : send(res, 404, '');
      }
      return send(res, 404, '');
    } catch {
      if (!res.headersSent) send(res, 500, JSON.stringify({ error: 'receiver error' }), 'application/json');
    }
  };
  // handle answers every request itself, errors included: nothing is left to reject.
  const server = http.createServer((req, res) => void handle(req, res));
  server.on('connection', (s: Socket) => {
    if (faults.down) {
      s.destroy();
      return;
    }
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    setFaults(f) {
      faults = { ...faults, ...f };
      if (faults.down) for (const s of sockets) s.destroy();
    },
    clearFaults() {
      faults = { ...NO_FAULTS };
    },
    heldRecords: () => [...held.keys()],
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

const ACK_CODES_MESSAGES = { accepted: { code: ACK_CODES.accepted, message: 'Accepted' } } as const;
