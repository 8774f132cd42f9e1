/** Bills for months an enrollment no longer covers are not owed: after its end, or all of them when it was cancelled. */
import { and, eq, gt, ne } from 'drizzle-orm';
import { enrollments } from '../enrollment/schema.js';
import type { Tx } from '../platform/database.js';
import { invoices } from './schema.js';

export async function voidInvoicesAfterEnd(tx: Tx, enrollmentId: string, at: Date): Promise<void> {
  const [e] = await tx.select({ status: enrollments.status, coverageEnd: enrollments.coverageEnd }).from(enrollments).where(eq(enrollments.id, enrollmentId));
  if (!e || (e.status !== 'terminated' && e.status !== 'cancelled')) return;
  await tx
    .update(invoices)
    .set({ status: 'void', updatedAt: at })
    .where(and(eq(invoices.enrollmentId, enrollmentId), ne(invoices.status, 'void'), e.status === 'cancelled' ? eq(invoices.status, 'open') : gt(invoices.coverageMonth, e.coverageEnd)));
}
