import type { AppContext } from '../../web/context.js';

/** Per-IP limit on submissions an attacker would repeat: sign-in, second factor, reset, registration. */
export function attemptLimit(ctx: AppContext) {
  return { max: ctx.config.signInAttemptsPerMinute, timeWindow: 60_000 };
}
