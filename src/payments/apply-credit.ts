/**
 * A household's credit balance (docs/adr/0066-credit-balances.md): money
 * paid but not owed on any invoice, kept in the ledger as allocations
 * without an invoice, per payment. It is applied to the household's bills
 * as they are made (binder, billing run, a rebilled month) and money a bill
 * no longer needs goes back to it. Each move is a pair of `credit` rows of
 * the same payment (off the credit, onto the invoice, or the reverse), so a
 * payment's total in the ledger never changes and a refund or a returned
 * payment still takes its money back from wherever it went.
 */
import { sql } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.js';
import { applyCredit, releaseExcess, type CreditMove } from '../billing/allocation.js';
import type { Tx } from '../platform/database.js';
import { allocations } from './schema.js';

async function insertMoves(tx: Tx, moves: readonly CreditMove[], at: Date): Promise<void> {
  if (!moves.length) return;
  await tx.insert(allocations).values(
    moves.flatMap((m) => [
      { paymentId: m.paymentId, invoiceId: null as unknown as string, cents: -m.cents, kind: 'credit' as const, at },
      { paymentId: m.paymentId, invoiceId: m.invoiceId, cents: m.cents, kind: 'credit' as const, at },
    ]),
  );
}

/** Locks the household's payments, so a refund, a return or another posting waits (payments before invoices, as everywhere). */
async function lockPayments(tx: Tx, householdId: string): Promise<void> {
  await tx.execute(sql`SELECT id FROM payments WHERE household_id = ${householdId} ORDER BY id FOR UPDATE`);
}

/** The households among `householdIds` that hold credit (one query for a whole chunk of the billing run). */
export async function householdsWithCredit(tx: Tx, householdIds: readonly string[]): Promise<string[]> {
  if (!householdIds.length) return [];
  const r = await tx.execute<{ household_id: string }>(sql`
    SELECT p.household_id FROM payment_allocations a JOIN payments p ON p.id = a.payment_id
     WHERE a.invoice_id IS NULL AND p.household_id = ANY(${sql.param([...new Set(householdIds)])}::uuid[])
     GROUP BY p.household_id HAVING sum(a.cents) > 0`);
  return r.rows.map((row) => row.household_id);
}

/** The household's credit balance in cents. */
export async function creditBalance(tx: Tx, householdId: string): Promise<number> {
  const r = await tx.execute<{ cents: number }>(sql`
    SELECT coalesce(sum(a.cents), 0)::int AS cents FROM payment_allocations a JOIN payments p ON p.id = a.payment_id
     WHERE p.household_id = ${householdId} AND a.invoice_id IS NULL`);
  return r.rows[0]?.cents ?? 0;
}

/**
 * Applies the household's credit to its invoices that still owe (oldest
 * month first, oldest credit first), exactly in cents. Returns the cents
 * applied per invoice.
 */
export async function applyHouseholdCredit(tx: Tx, householdId: string, input: { at: Date; actor?: string }): Promise<Map<string, number>> {
  const applied = new Map<string, number>();
  if ((await householdsWithCredit(tx, [householdId])).length === 0) return applied;
  await lockPayments(tx, householdId);
  const credits = await tx.execute<{ payment_id: string; cents: number }>(sql`
    SELECT a.payment_id, sum(a.cents)::int AS cents FROM payment_allocations a JOIN payments p ON p.id = a.payment_id
     WHERE p.household_id = ${householdId} AND a.invoice_id IS NULL
     GROUP BY a.payment_id, p.created_at HAVING sum(a.cents) > 0
     ORDER BY p.created_at, a.payment_id`);
  if (!credits.rows.length) return applied;
  const owing = await tx.execute<{ id: string; coverage_month: string; owed: number }>(sql`
    SELECT id, coverage_month::text AS coverage_month, amount_cents - paid_cents AS owed FROM billing_invoices
     WHERE household_id = ${householdId} AND status <> 'void' AND amount_cents > paid_cents
     ORDER BY coverage_month, id FOR UPDATE`);
  const moves = applyCredit(
    credits.rows.map((c) => ({ paymentId: c.payment_id, cents: c.cents })),
    owing.rows.map((i) => ({ id: i.id, coverageMonth: i.coverage_month, owedCents: i.owed })),
  );
  if (!moves.length) return applied;
  await insertMoves(tx, moves, input.at);
  for (const m of moves) applied.set(m.invoiceId, (applied.get(m.invoiceId) ?? 0) + m.cents);
  await recordAudit(tx, {
    actor: input.actor ?? 'billing',
    actorKind: 'system',
    action: 'payments.credit.applied',
    objectType: 'household',
    objectId: householdId,
    details: { invoices: [...applied].map(([invoiceId, cents]) => ({ invoiceId, cents })), cents: moves.reduce((s, m) => s + m.cents, 0) },
    at: input.at,
  });
  return applied;
}

/** Applies the credit of those of `householdIds` that hold any (the billing run, per chunk); the cents applied per invoice. */
export async function applyCreditOfHouseholds(tx: Tx, householdIds: readonly string[], input: { at: Date; actor?: string }): Promise<Map<string, number>> {
  const applied = new Map<string, number>();
  for (const householdId of await householdsWithCredit(tx, householdIds)) {
    for (const [invoiceId, cents] of await applyHouseholdCredit(tx, householdId, input)) applied.set(invoiceId, cents);
  }
  return applied;
}

/**
 * Takes `excessCents` paid on an invoice that no longer needs it (its
 * amount went down, or it was cancelled) back into the payers' credit,
 * the newest payment's share first.
 */
export async function releaseToCredit(tx: Tx, input: { householdId: string; invoiceId: string; excessCents: number; at: Date; actor?: string }): Promise<void> {
  if (input.excessCents <= 0) return;
  await lockPayments(tx, input.householdId);
  const shares = await tx.execute<{ payment_id: string; cents: number }>(sql`
    SELECT a.payment_id, sum(a.cents)::int AS cents FROM payment_allocations a JOIN payments p ON p.id = a.payment_id
     WHERE a.invoice_id = ${input.invoiceId}
     GROUP BY a.payment_id, p.created_at HAVING sum(a.cents) > 0
     ORDER BY p.created_at, a.payment_id`);
  const held = shares.rows.reduce((s, r) => s + r.cents, 0);
  const moves = releaseExcess(
    Math.min(input.excessCents, held),
    input.invoiceId,
    shares.rows.map((r) => ({ paymentId: r.payment_id, cents: r.cents })),
  );
  await insertMoves(tx, moves, input.at);
  if (moves.length) {
    await recordAudit(tx, {
      actor: input.actor ?? 'billing',
      actorKind: 'system',
      action: 'payments.credit.released',
      objectType: 'invoice',
      objectId: input.invoiceId,
      details: { householdId: input.householdId, cents: -moves.reduce((s, m) => s + m.cents, 0) },
      at: input.at,
    });
  }
}
