/** Runs the reconciliation for a day (UTC date of the charges) and stores the report (re-running replaces it). */
import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../platform/database.js';
import { CandorError } from '../platform/errors.js';
import type { PaymentProcessor } from './processor.js';
import { compareRecords, type LedgerEntry } from './reconciliation.js';
import { payments, reconciliationReports } from './schema.js';

export async function reconcileDay(db: Db, processor: PaymentProcessor, input: { date: string; now: Date }) {
  const listed = await processor.listCharges(input.date);
  if (!listed.ok) throw new CandorError('unavailable', 'errors.payments.processorUnavailable');
  const charges = listed.value;
  const select = { paymentId: payments.id, chargeId: payments.processorChargeId, status: payments.status, amountCents: payments.amountCents, refundedCents: payments.refundedCents };
  const sameDay = await db
    .select(select)
    .from(payments)
    .where(sql`${payments.processorChargeId} IS NOT NULL AND (${payments.createdAt} AT TIME ZONE 'UTC')::date = ${input.date}::date`);
  const ids = charges.map((c) => c.id);
  const byCharge = ids.length ? await db.select(select).from(payments).where(inArray(payments.processorChargeId, ids)) : [];
  const ledger = new Map<string, LedgerEntry>();
  for (const r of [...sameDay, ...byCharge]) if (r.chargeId) ledger.set(r.chargeId, { ...r, chargeId: r.chargeId });
  // A ledger payment whose charge the processor lists under another day is checked on its own.
  const others = [...ledger.values()].filter((l) => !ids.includes(l.chargeId));
  const extra = [];
  for (const l of others) {
    const got = await processor.getCharge(l.chargeId);
    if (got.ok) extra.push(got.value);
  }
  const result = compareRecords([...charges, ...extra], [...ledger.values()]);
  const row = {
    reportDate: input.date,
    generatedAt: input.now,
    processorCount: charges.length + extra.length,
    ledgerCount: ledger.size,
    processorCents: result.processorCents,
    ledgerCents: result.ledgerCents,
    matched: result.matched,
    items: result.items,
  };
  await db.insert(reconciliationReports).values(row).onConflictDoUpdate({ target: reconciliationReports.reportDate, set: row });
  return row;
}
