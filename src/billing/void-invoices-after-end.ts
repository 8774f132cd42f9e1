/**
 * Bills for months an enrollment no longer covers are not owed: after its
 * end, or all of them when it was cancelled; the month it ends in is billed
 * for its covered days. What was paid on them goes to the household's credit
 * (rebill-enrollment.ts).
 */
import type { Tx } from '../platform/database.js';
import { rebillEnrollment } from './rebill-enrollment.js';

export async function voidInvoicesAfterEnd(tx: Tx, enrollmentId: string, at: Date): Promise<void> {
  await rebillEnrollment(tx, enrollmentId, { now: at });
}
