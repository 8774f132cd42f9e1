/** The enrollment service other modules reach through `ctx.services.enrollment`. */
import type { FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { seal } from '../platform/crypto.js';
import type { Tx } from '../platform/database.js';
import type { AppContext, AppServices } from '../web/context.js';
import { createEngine } from './engine-adapter.js';
import type { EnrollmentEngine } from './engine.js';
import { EnrollmentEvents } from './events.js';

export interface EnrollmentService {
  engine: EnrollmentEngine;
  events: EnrollmentEvents;
  /**
   * Parts other modules add to the customer's coverage page (billing: amount
   * due, next due date, pay button, payment history), given the household id.
   */
  coverageSections: Array<(req: FastifyRequest, householdId: string) => Promise<VNode | null>>;
  /** Parts other modules add to the call centre's household page (src/home: where the household stands and its next step). */
  staffHouseholdSections: Array<(req: FastifyRequest, householdId: string) => Promise<VNode | null>>;
  /** Parts other modules add below an eligibility result (src/home: the open document requests, with deadlines). */
  resultSections: Array<(req: FastifyRequest, householdId: string) => Promise<VNode | null>>;
  /**
   * Identity proofing, asked before a customer submits an application on the
   * website; installed by the hub module. Without it no customer submission
   * is taken (docs/adr/0075-identity-proofing-before-online-submission.md).
   */
  identityProofing?: IdentityProofing;
}

/** What enrollment needs to know of identity proofing, without knowing who does it. */
export interface IdentityProofing {
  /** True when the account has confirmed that it is this person: the application's applicant (docs/adr/0121). */
  proven(tx: Tx, accountId: string, applicant: { firstName: string; lastName: string; dateOfBirth: string }): Promise<boolean>;
  /** Whether a person can confirm it online now (when not, the page offers the other ways to apply). */
  available(): boolean;
  /** The page where the applicant of `applicationId` confirms it, coming back to `returnTo` (a path on this site) afterwards. */
  href(returnTo: string, applicationId: string): string;
}

declare module '../web/context.js' {
  interface AppServices {
    enrollment: EnrollmentService;
  }
}

/**
 * How enrollment seals personal data at rest: with the hub module's envelope
 * keyring when it runs (docs/adr/0072), else directly with the data key (a
 * `v1.` value the keyring still opens and `candor keys rotate` moves on).
 */
export function personalDataSealer(ctx: AppContext): (plaintext: string) => string {
  const hub = (ctx.services as Partial<AppServices>).hub;
  return hub?.keyring ? (v) => hub.keyring.seal(v) : (v) => seal(ctx.keys.data, v);
}

/** Creates the service once per context (tests may ask before start has run). */
export function enrollmentService(ctx: AppContext): EnrollmentService {
  ctx.services.enrollment ??= { engine: createEngine(ctx.profile), events: new EnrollmentEvents(), coverageSections: [], staffHouseholdSections: [], resultSections: [] };
  return ctx.services.enrollment;
}
