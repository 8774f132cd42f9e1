/**
 * The client for the IRS receiver (the stand-in speaks the same protocol; see
 * ../irs-standin/server.ts): send a file with its manifest, then read the
 * acknowledgement. Every outcome comes back as a result; nothing the receiver
 * does or fails to do throws. It never logs what it sends or receives.
 */
import { parseAnnualAck, parseEpdErrorResponse } from './messages.js';
import type { AnnualAck, AnnualManifest, MonthlyAck, MonthlyManifest, WrittenFile } from './types.js';

export interface IrsClientConfig {
  url: string;
  token: string;
  /** Each request's limit. */
  timeoutMs: number;
}

export type IrsFailure =
  | 'timeout'
  /** No connection could be made, or it was dropped. */
  | 'unreachable'
  /** The receiver answered with an error status. */
  | 'receiver-error'
  /** The receiver answered with something that is not the expected message. */
  | 'bad-response'
  /** No acknowledgement under that receipt (yet). */
  | 'not-found';

export type IrsResult<T> = ({ ok: true } & T) | { ok: false; failure: IrsFailure; status?: number };

export interface IrsClient {
  /** `transmissionId` makes the call safe to repeat: the receiver gives the same receipt. */
  submitAnnual(file: WrittenFile<AnnualManifest>, transmissionId: string): Promise<IrsResult<{ receiptId: string }>>;
  annualAck(receiptId: string): Promise<IrsResult<{ ack: AnnualAck }>>;
  submitMonthly(file: WrittenFile<MonthlyManifest>, transmissionId: string): Promise<IrsResult<{ receiptId: string }>>;
  monthlyAck(receiptId: string): Promise<IrsResult<{ ack: MonthlyAck }>>;
}

type Raw = { ok: true; status: number; body: string } | { ok: false; failure: IrsFailure; status?: number };

export function createIrsClient(config: IrsClientConfig): IrsClient {
  const base = config.url.replace(/\/$/, '');

  async function call(method: 'GET' | 'POST', path: string, headers: Record<string, string> = {}, body?: string): Promise<Raw> {
    try {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${config.token}`, ...headers },
        body,
        signal: AbortSignal.timeout(config.timeoutMs),
      });
      const text = await res.text();
      if (res.status === 404) return { ok: false, failure: 'not-found', status: 404 };
      if (res.status >= 400) return { ok: false, failure: 'receiver-error', status: res.status };
      return { ok: true, status: res.status, body: text };
    } catch (err) {
      const name = (err as Error)?.name;
      return { ok: false, failure: name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'unreachable' };
    }
  }

  async function submit(path: string, file: WrittenFile<AnnualManifest | MonthlyManifest>, transmissionId: string, extra: Record<string, string>): Promise<IrsResult<{ receiptId: string }>> {
    const r = await call(
      'POST',
      path,
      {
        'content-type': 'application/xml; charset=utf-8',
        'x-transmission-id': transmissionId,
        'x-file-name': file.manifest.fileName,
        'x-sha256': file.manifest.sha256,
        'x-record-count': String(file.manifest.recordCount),
        'x-tax-year': String(file.manifest.taxYear),
        ...extra,
      },
      file.xml,
    );
    if (!r.ok) return r;
    try {
      const receiptId = JSON.parse(r.body)?.receiptId;
      if (typeof receiptId !== 'string' || !receiptId) return { ok: false, failure: 'bad-response', status: r.status };
      return { ok: true, receiptId };
    } catch {
      return { ok: false, failure: 'bad-response', status: r.status };
    }
  }

  return {
    submitAnnual: (file, transmissionId) => submit('/h41/transmissions', file, transmissionId, {}),
    submitMonthly: (file, transmissionId) =>
      submit('/h36/submissions', file, transmissionId, { 'x-submission-year': String(file.manifest.submissionYear), 'x-submission-month': String(file.manifest.submissionMonth) }),
    async annualAck(receiptId) {
      const id = encodeURIComponent(receiptId);
      const ack = await call('GET', `/h41/transmissions/${id}/ack`);
      if (!ack.ok) return ack;
      const resp = await call('GET', `/h41/transmissions/${id}/response`);
      if (!resp.ok) return resp;
      try {
        return { ok: true, ack: parseAnnualAck(receiptId, ack.body, resp.status === 204 ? null : resp.body) };
      } catch {
        return { ok: false, failure: 'bad-response', status: ack.status };
      }
    },
    async monthlyAck(receiptId) {
      const r = await call('GET', `/h36/submissions/${encodeURIComponent(receiptId)}/errors`);
      if (!r.ok) return r;
      try {
        return { ok: true, ack: parseEpdErrorResponse(receiptId, r.body) };
      } catch {
        return { ok: false, failure: 'bad-response', status: r.status };
      }
    },
  };
}
