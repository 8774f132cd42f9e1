/**
 * The 95 % rule (45 CFR 156.270(g)): a payment of at least the profile's
 * fraction of the net premium counts as paid in full. Compared in integers
 * (basis points) so 0.95 × an odd number of cents never rounds the wrong way.
 */
export function thresholdBasisPoints(fraction: number): number {
  return Math.round(fraction * 10_000);
}

export function countsAsPaidInFull(paidCents: number, netCents: number, fraction: number): boolean {
  if (netCents <= 0) return true;
  return paidCents * 10_000 >= netCents * thresholdBasisPoints(fraction);
}

/** The least payment that counts as paid in full. */
export function minimumToCountAsPaid(netCents: number, fraction: number): number {
  if (netCents <= 0) return 0;
  return Math.ceil((netCents * thresholdBasisPoints(fraction)) / 10_000);
}
