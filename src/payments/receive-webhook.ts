/**
 * A webhook from the processor: check the signature on the raw body (a bad
 * one changes nothing), take each event id once, then sync the charge it
 * carries. The event is recorded in the same transaction as its effect, so
 * a crash between them makes the processor's retry do the work.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '../platform/database.js';
import type { PostingContext } from './apply-payment.js';
import type { ProcessorEvent } from './processor.js';
import { processorEvents } from './schema.js';
import { syncCharge } from './sync-charge.js';
import { verifyWebhook } from './webhook-signature.js';

export type WebhookOutcome = 'accepted' | 'duplicate' | 'bad-signature' | 'malformed' | 'unknown-charge';

export function parseEvent(body: string): ProcessorEvent | null {
  try {
    const e = JSON.parse(body) as ProcessorEvent;
    if (typeof e?.id !== 'string' || typeof e.type !== 'string' || typeof e.data?.id !== 'string' || !Number.isInteger(e.data.amountCents)) return null;
    return e;
  } catch {
    return null;
  }
}

export async function receiveWebhook(
  db: { transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> },
  input: { secret: string; signature: string | undefined; body: string },
  c: PostingContext,
): Promise<WebhookOutcome> {
  if (!verifyWebhook(input.secret, input.signature, input.body, c.now).ok) return 'bad-signature';
  const event = parseEvent(input.body);
  if (!event) return 'malformed';
  return db.transaction(async (tx) => {
    const seen = await tx
      .insert(processorEvents)
      .values({ eventId: event.id, type: event.type, chargeId: event.data.id, outcome: 'received', receivedAt: c.now })
      .onConflictDoNothing()
      .returning({ id: processorEvents.eventId });
    if (seen.length === 0) return 'duplicate';
    const outcome = await syncCharge(tx, event.data, c);
    await tx.execute(sql`UPDATE payment_processor_events SET outcome = ${outcome} WHERE event_id = ${event.id}`);
    return outcome === 'unknown-charge' ? 'unknown-charge' : 'accepted';
  });
}
