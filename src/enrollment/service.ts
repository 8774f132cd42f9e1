/** The enrollment service other modules reach through `ctx.services.enrollment`. */
import type { FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { seal } from '../platform/crypto.js';
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
  ctx.services.enrollment ??= { engine: createEngine(ctx.profile), events: new EnrollmentEvents(), coverageSections: [] };
  return ctx.services.enrollment;
}

