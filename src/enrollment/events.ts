/**
 * What enrollment tells other modules, inside the transaction that made it
 * happen: listeners run in the same transaction, so a binder invoice or a
 * notice commits with the enrollment or not at all. Billing listens for
 * `enrollment-selected` (binder invoice); the notices wiring listens for
 * `application-determined` (the eligibility-result notice).
 */
import type { Tx } from '../platform/database.js';
import type { Channel, DeterminationOutcome } from './schema.js';

export interface EnrollmentEventMap {
  'application-determined': {
    applicationId: string;
    householdId: string;
    channel: Channel;
    planYear: number;
    outcomes: Array<{ memberId: string; outcome: DeterminationOutcome }>;
    maxAptcCents: number;
    determinedAt: Date;
  };
  'enrollment-selected': {
    enrollmentId: string;
    householdId: string;
    coverageStart: string;
    netPremiumCents: number;
    at: Date;
  };
  'enrollment-changed': {
    enrollmentId: string;
    householdId: string;
    /** What changed: `aptc`, `terminated-by-request`, `cancelled-by-request`, … */
    change: string;
    at: Date;
  };
}

export type EnrollmentEventName = keyof EnrollmentEventMap;
type Listener<N extends EnrollmentEventName> = (tx: Tx, event: EnrollmentEventMap[N]) => Promise<void>;

export class EnrollmentEvents {
  private listeners: { [N in EnrollmentEventName]?: Array<Listener<N>> } = {};

  /** Adds a listener; returns the function that removes it. */
  on<N extends EnrollmentEventName>(name: N, listener: Listener<N>): () => void {
    const list = (this.listeners[name] ??= []) as Array<Listener<N>>;
    list.push(listener);
    return () => {
      const i = list.indexOf(listener);
      if (i >= 0) list.splice(i, 1);
    };
  }

  async emit<N extends EnrollmentEventName>(tx: Tx, name: N, event: EnrollmentEventMap[N]): Promise<void> {
    for (const listener of (this.listeners[name] ?? []) as Array<Listener<N>>) await listener(tx, event);
  }
}
