/** The enrollment service other modules reach through `ctx.services.enrollment`. */
import type { FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { AppContext } from '../web/context.js';
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

/** Creates the service once per context (tests may ask before start has run). */
export function enrollmentService(ctx: AppContext): EnrollmentService {
  ctx.services.enrollment ??= { engine: createEngine(ctx.profile), events: new EnrollmentEvents(), coverageSections: [] };
  return ctx.services.enrollment;
}

