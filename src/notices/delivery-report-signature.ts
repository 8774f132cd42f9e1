/**
 * Delivery reports are signed as the payment processor's webhooks are
 * (docs/adr/0062): `Candor-Signature: t=<unix seconds>,v1=<hex HMAC-SHA-256
 * of "<t>.<raw body>">`, refused more than 5 minutes either side of now, so
 * a captured report cannot be replayed later; the report id stops one being
 * applied twice within that time.
 */
import { constantTimeEqual, hmacHex } from '../platform/crypto.js';

export const SIGNATURE_HEADER = 'candor-signature';
const TOLERANCE_SECONDS = 300;

export function signReport(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${hmacHex(secret, `${t}.${body}`)}`;
}

export function verifyReport(secret: string, header: string | undefined, body: string, now: Date): boolean {
  if (!header || header.length > 200) return false;
  const parts = new Map(header.split(',').map((p) => p.trim().split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1');
  if (!Number.isInteger(t) || !v1 || !/^[0-9a-f]{64}$/.test(v1)) return false;
  if (Math.abs(now.getTime() / 1000 - t) > TOLERANCE_SECONDS) return false;
  return constantTimeEqual(hmacHex(secret, `${t}.${body}`), v1);
}
