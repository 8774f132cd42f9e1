/**
 * Reading and writing the IRS messages around the files, in the schemas'
 * vocabulary:
 * - Form 1095-A: the acknowledgement (Form1095ATransmissionExchAckng:
 *   AcknowledgementStatusCd SUCCESS or FAILURE with one ErrorMessageDetail) and
 *   the response (Form1095ATransmissionExchResp: per record, its
 *   UniqueRecordSequenceNum with ErrorMessageCd/Txt; or SchemaErrorInfo for a
 *   file the schema refused).
 * - Monthly EPD: the error response (HealthExchangeErrors: file-level
 *   EPDErrorDetail, or per household IRSHouseholdErrorDtl).
 * The codes themselves are Candor's (the IRS's code list is not published with
 * the schemas): see docs/adr/0140.
 */
import { XMLParser } from 'fast-xml-parser';
import { parseUniqueRecordId } from './annual-file.js';
import { NS } from './namespaces.js';
import type { AckStatus, AnnualAck, AnnualRecordError, IrsError, MonthlyAck, MonthlyHouseholdError } from './types.js';
import { el, text, XML_DECLARATION } from './xml.js';

/** File-level answers (ErrorMessageDetail of the acknowledgement). */
export const ACK_CODES = {
  accepted: 'AIR1095A-000',
  acceptedWithErrors: 'AIR1095A-AE',
} as const;

const ARRAYS = new Set([
  'Form1095AUpstreamDetail',
  'CoveredIndividual',
  'Form1095AResponseGrp',
  'IRSHouseholdGrp',
  'TaxHousehold',
  'TaxHouseholdCoverage',
  'DependentGrp',
  'AssociatedPolicy',
  'InsurancePolicy',
  'InsuranceCoverage',
  'IRSHouseholdErrorDtl',
  'EPDErrorDetail',
]);

/** Every value stays a string (amounts, SSNs with leading zeros, "01"); namespaces prefixes dropped. */
export const irsXmlParser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  isArray: (name) => ARRAYS.has(name),
});

/**
 * No IRS message has a DOCTYPE: one is refused before any parser sees it, so no
 * entity is ever declared, expanded or fetched.
 */
export function hasDoctype(xml: string): boolean {
  return /<!DOCTYPE|<!ENTITY/i.test(xml);
}

function parseMessage(xml: string): any {
  if (hasDoctype(xml)) throw new IrsMessageError('a DOCTYPE is not allowed');
  return irsXmlParser.parse(xml);
}

// ---- Form 1095-A acknowledgement and response ----

export function writeAnnualAck(summary: { success: boolean } & IrsError): string {
  return (
    XML_DECLARATION +
    `<Form1095ATransmissionExchAckng xmlns="${NS.ack}" xmlns:air="${NS.air}" xmlns:irs="${NS.irs}">` +
    el(
      'air:Form1095AAckStatusGrp',
      text('irs:AcknowledgementStatusCd', summary.success ? 'SUCCESS' : 'FAILURE'),
      el('irs:ErrorMessageDetail', text('irs:ErrorMessageCd', summary.code), text('irs:ErrorMessageTxt', summary.message), text('irs:XpathContent', summary.xpath)),
    ) +
    '</Form1095ATransmissionExchAckng>\n'
  );
}

export type AnnualResponseEntry = ({ uniqueRecordId: string } | { schemaErrorInfo: string }) & IrsError;

/** Null when there is nothing to say (the schema wants at least one entry). */
export function writeAnnualResponse(entries: readonly AnnualResponseEntry[]): string | null {
  if (entries.length === 0) return null;
  return (
    XML_DECLARATION +
    `<Form1095ATransmissionExchResp xmlns="${NS.resp}" xmlns:air="${NS.air}" xmlns:irs="${NS.irs}">` +
    entries
      .map((e) =>
        el(
          'air:Form1095AResponseGrp',
          'uniqueRecordId' in e ? text('air:UniqueRecordSequenceNum', e.uniqueRecordId) : text('air:SchemaErrorInfo', e.schemaErrorInfo.replace(/#/g, '').slice(0, 500)),
          text('irs:ErrorMessageCd', e.code),
          text('irs:ErrorMessageTxt', e.message),
          text('irs:XpathContent', e.xpath),
        ),
      )
      .join('') +
    '</Form1095ATransmissionExchResp>\n'
  );
}

export class IrsMessageError extends Error {
  constructor(problem: string) {
    super(problem);
    this.name = 'IrsMessageError';
  }
}

const str = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : typeof v === 'object' ? String((v as Record<string, unknown>)['#text'] ?? '') : String(v));

/** Reads an acknowledgement and (when there is one) the response into one answer. */
export function parseAnnualAck(receiptId: string, ackXml: string, responseXml: string | null): AnnualAck {
  const ack = parseMessage(ackXml)?.Form1095ATransmissionExchAckng?.Form1095AAckStatusGrp;
  if (!ack) throw new IrsMessageError('not a Form1095ATransmissionExchAckng message');
  const statusCd = str(ack.AcknowledgementStatusCd);
  if (statusCd !== 'SUCCESS' && statusCd !== 'FAILURE') throw new IrsMessageError('unknown AcknowledgementStatusCd');
  const detail = ack.ErrorMessageDetail ?? {};
  const summary: IrsError = { code: str(detail.ErrorMessageCd) ?? '', message: str(detail.ErrorMessageTxt) ?? '', ...(detail.XpathContent ? { xpath: str(detail.XpathContent) } : {}) };
  const recordErrors: AnnualRecordError[] = [];
  const fileErrors: IrsError[] = [];
  if (responseXml) {
    const resp = parseMessage(responseXml)?.Form1095ATransmissionExchResp;
    if (!resp) throw new IrsMessageError('not a Form1095ATransmissionExchResp message');
    for (const g of resp.Form1095AResponseGrp ?? []) {
      const base: IrsError = { code: str(g.ErrorMessageCd) ?? '', message: str(g.ErrorMessageTxt) ?? '', ...(g.XpathContent ? { xpath: str(g.XpathContent) } : {}) };
      const unique = str(g.UniqueRecordSequenceNum);
      if (unique) {
        const ref = parseUniqueRecordId(unique);
        if (!ref) throw new IrsMessageError('UniqueRecordSequenceNum not understood');
        recordErrors.push({ ...base, uniqueRecordId: unique, recordSequenceNum: ref.recordSequenceNum });
      } else {
        fileErrors.push({ ...base, message: `${base.message}${g.SchemaErrorInfo ? `: ${str(g.SchemaErrorInfo)}` : ''}` });
      }
    }
  }
  const status: AckStatus = statusCd === 'FAILURE' ? 'rejected' : recordErrors.length > 0 ? 'accepted-with-errors' : 'accepted';
  if (status === 'rejected' && fileErrors.length === 0) fileErrors.push(summary);
  return { receiptId, status, summary, recordErrors, fileErrors };
}

// ---- Monthly EPD error response ----

export interface EpdErrorResponseInput {
  submissionYear: number;
  submissionMonth: number;
  coverageYear: number;
  /** When the file was received (BatchId is a timestamp). */
  batchId: Date;
  marketplaceId: string;
  householdCount: number;
  householdErrors: MonthlyHouseholdError[];
  fileErrors: IrsError[];
}

function epdErrorDetail(e: IrsError): string {
  return el('irs:EPDErrorDetail', text('irs:ErrorMessageCd', e.code), text('irs:ErrorMessageTxt', e.message), text('irs:XpathContent', e.xpath));
}

export function writeEpdErrorResponse(r: EpdErrorResponseInput): string {
  const byGroup = new Map<string, MonthlyHouseholdError[]>();
  for (const e of r.householdErrors) byGroup.set(e.irsGroupId, [...(byGroup.get(e.irsGroupId) ?? []), e]);
  return (
    XML_DECLARATION +
    `<HealthExchangeErrors xmlns="${NS.epdErr}" xmlns:irs="${NS.irs}" xmlns:isr="${NS.isr}" version="1.1">` +
    text('irs:SubmissionYr', r.submissionYear) +
    text('irs:SubmissionMonthNum', String(r.submissionMonth).padStart(2, '0')) +
    text('irs:ApplicableCoverageYr', r.coverageYear) +
    text('irs:BatchId', r.batchId.toISOString().replace(/\.\d+Z$/, 'Z')) +
    text('isr:DocumentSequenceNum', '00001') +
    text('irs:BatchTransmissionQty', r.householdCount) +
    el(
      'irs:IndividualExchangeError',
      text('irs:HealthExchangeId', r.marketplaceId),
      [...byGroup.entries()].map(([group, errors]) => el('irs:IRSHouseholdErrorDtl', text('irs:IRSGroupIdentificationNum', group), errors.slice(0, 99).map(epdErrorDetail))),
    ) +
    r.fileErrors.slice(0, 99).map(epdErrorDetail).join('') +
    '</HealthExchangeErrors>\n'
  );
}

export function parseEpdErrorResponse(receiptId: string, xml: string): MonthlyAck {
  const root = parseMessage(xml)?.HealthExchangeErrors;
  if (!root) throw new IrsMessageError('not a HealthExchangeErrors message');
  const asError = (d: Record<string, unknown>): IrsError => ({ code: str(d.ErrorMessageCd) ?? '', message: str(d.ErrorMessageTxt) ?? '', ...(d.XpathContent ? { xpath: str(d.XpathContent) } : {}) });
  const fileErrors: IrsError[] = (root.EPDErrorDetail ?? []).map(asError);
  const householdErrors: MonthlyHouseholdError[] = [];
  for (const h of root.IndividualExchangeError?.IRSHouseholdErrorDtl ?? []) {
    for (const d of h.EPDErrorDetail ?? []) householdErrors.push({ ...asError(d), irsGroupId: str(h.IRSGroupIdentificationNum) ?? '' });
  }
  const status: AckStatus = fileErrors.length > 0 ? 'rejected' : householdErrors.length > 0 ? 'accepted-with-errors' : 'accepted';
  return { receiptId, status, householdErrors, fileErrors };
}
