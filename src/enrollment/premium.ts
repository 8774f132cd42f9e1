/**
 * How a plan's monthly premium is paid: the federal credit the household
 * chooses to apply (up to its maximum and the premium), then state help
 * (capped at what is left), then the household's own net premium.
 */

export interface PremiumSplit {
  grossPremiumCents: number;
  aptcCents: number;
  stateAssistanceCents: number;
  netPremiumCents: number;
}

/**
 * `requestedAptcCents` is what the household asked to apply (undefined: the
 * most it may); the result never applies more credit than allowed nor more
 * help than the premium.
 */
export function splitPremium(opts: { grossPremiumCents: number; maxAptcCents: number; requestedAptcCents?: number; stateAssistanceCents: number }): PremiumSplit {
  const gross = Math.max(0, Math.round(opts.grossPremiumCents));
  const cap = Math.min(Math.max(0, opts.maxAptcCents), gross);
  const aptc = Math.max(0, Math.min(cap, Math.round(opts.requestedAptcCents ?? cap)));
  const state = Math.max(0, Math.min(opts.stateAssistanceCents, gross - aptc));
  return { grossPremiumCents: gross, aptcCents: aptc, stateAssistanceCents: state, netPremiumCents: gross - aptc - state };
}

/** Splits a total across members exactly, the first members taking the leftover cents. */
export function shareCents(total: number, parts: number): number[] {
  const base = Math.floor(total / parts);
  const extra = total - base * parts;
  return Array.from({ length: parts }, (_, i) => base + (i < extra ? 1 : 0));
}
