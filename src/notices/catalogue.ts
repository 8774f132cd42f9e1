/** Every notice type the exchange sends, by id. Add a type here and the rendering tests cover it. */
import type { NoticeDeclaration } from './declaration.js';
import { coverageTerminated, gracePeriodStarted, invoiceReady, paymentReceived, paymentReminder, terminationWarning } from './types/payments.js';
import { eligibilityResult, verificationNeeded } from './types/eligibility.js';
import { openEnrollmentReminder, serviceRestored } from './types/service.js';
import { documentReviewed, verificationExpired } from '../hub/notices.js';

export const NOTICE_TYPES: Readonly<Record<string, NoticeDeclaration>> = Object.fromEntries(
  [invoiceReady, paymentReminder, paymentReceived, gracePeriodStarted, terminationWarning, coverageTerminated, eligibilityResult, verificationNeeded, serviceRestored, openEnrollmentReminder, verificationExpired, documentReviewed].map((n) => [n.id, n as NoticeDeclaration]),
);

export function noticeType(id: string): NoticeDeclaration | undefined {
  return NOTICE_TYPES[id];
}

export const NOTICE_TYPE_IDS = Object.keys(NOTICE_TYPES);
