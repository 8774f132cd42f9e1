/**
 * The payment processor, as Candor sees it. Card and bank numbers are typed
 * on the processor's own hosted page; Candor holds only the processor's
 * tokens and ids. One HTTP client (processor-client.ts) talks to a real
 * processor or to the local stand-in (stand-in-processor.ts), which speaks the
 * same protocol. Failures of the outside world come back as results.
 */
export type PaymentMethodKind = 'card' | 'bank';
export type ChargeStatus = 'pending' | 'succeeded' | 'failed' | 'returned';

export interface HostedSession {
  id: string;
  /** Where to send the person's browser. */
  url: string;
  status: 'open' | 'complete' | 'cancelled';
  amountCents: number;
  /** Set once the person has entered a card or bank account. */
  paymentMethod: { token: string; kind: PaymentMethodKind; last4: string } | null;
}

export interface Charge {
  id: string;
  status: ChargeStatus;
  amountCents: number;
  refundedCents: number;
  methodKind: PaymentMethodKind;
  last4: string;
  reference: string;
  /** Our payment id, echoed back. */
  metadata: Record<string, string>;
  failureCode: string | null;
  createdAt: string;
  /** Date the money settled (YYYY-MM-DD), when it has. */
  settledOn: string | null;
}

export interface Refund {
  id: string;
  chargeId: string;
  amountCents: number;
  status: 'succeeded' | 'failed';
}

/** A webhook event: the object's whole state at the time, so any order of delivery converges. */
export interface ProcessorEvent {
  id: string;
  type: 'charge.pending' | 'charge.succeeded' | 'charge.failed' | 'charge.returned' | 'charge.refunded';
  created: string;
  data: Charge;
}

export type ProcessorResult<T> = { ok: true; value: T } | { ok: false; error: 'unreachable' | 'rejected' | 'not-found'; status?: number; code?: string };

export interface PaymentProcessor {
  createSession(
    input: { amountCents: number; reference: string; returnUrl: string; cancelUrl: string; channel: 'online' | 'phone'; language: 'en' | 'es'; metadata: Record<string, string> },
    idempotencyKey: string,
  ): Promise<ProcessorResult<HostedSession>>;
  getSession(id: string): Promise<ProcessorResult<HostedSession>>;
  charge(input: { token: string; amountCents: number; reference: string; metadata: Record<string, string> }, idempotencyKey: string): Promise<ProcessorResult<Charge>>;
  getCharge(id: string): Promise<ProcessorResult<Charge>>;
  refund(input: { chargeId: string; amountCents: number }, idempotencyKey: string): Promise<ProcessorResult<Refund>>;
  /** The processor's charges created on a day (UTC date), for the daily reconciliation. */
  listCharges(createdOn: string): Promise<ProcessorResult<Charge[]>>;
}
