/**
 * Webhook signatures: `Candor-Signature: t=<unix seconds>,v1=<hex HMAC-SHA-256
 * of "<t>.<raw body>">`. The timestamp inside the signed text stops a captured
 * delivery from being replayed later than the tolerance; the event id stops
 * one being applied twice within it.
 */
import { constantTimeEqual, hmacHex } from '../platform/crypto.js';

export const SIGNATURE_HEADER = 'candor-signature';
export const DEFAULT_TOLERANCE_SECONDS = 300;

export function signWebhook(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${hmacHex(secret, `${t}.${body}`)}`;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: 'missing' | 'malformed' | 'stale' | 'mismatch' };

export function verifyWebhook(secret: string, header: string | undefined, body: string, now: Date, toleranceSeconds = DEFAULT_TOLERANCE_SECONDS): SignatureCheck {
  if (!header) return { ok: false, reason: 'missing' };
  const parts = Object.fromEntries(header.split(',').map((p) => p.trim().split('=', 2) as [string, string]));
  const t = Number(parts.t);
  const v1 = parts.v1;
  if (!Number.isInteger(t) || !v1 || !/^[0-9a-f]{64}$/.test(v1)) return { ok: false, reason: 'malformed' };
  if (Math.abs(now.getTime() / 1000 - t) > toleranceSeconds) return { ok: false, reason: 'stale' };
  return constantTimeEqual(hmacHex(secret, `${t}.${body}`), v1) ? { ok: true } : { ok: false, reason: 'mismatch' };
}
