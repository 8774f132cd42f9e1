/**
 * Where links in notices may lead, and the capability each needs. A link is
 * always /l/{token}; the target is looked up when it is clicked.
 */
import { ENTRY_PATHS, type CapabilityId } from '../capabilities/ids.js';

export const LINK_TARGETS = {
  pay: { capability: 'online-payment', path: ENTRY_PATHS['online-payment'] ?? '/billing/pay' },
  account: { capability: 'sign-in', path: '/account' },
  /** The person's notices and documents; reading them needs signing in (when it is down, the alternatives page offers the phone line). */
  inbox: { capability: 'sign-in', path: '/account/notices/inbox' },
  documents: { capability: 'document-upload', path: ENTRY_PATHS['document-upload'] ?? '/documents' },
  shop: { capability: 'plan-shopping', path: ENTRY_PATHS['plan-shopping'] ?? '/shop' },
  apply: { capability: 'applications', path: ENTRY_PATHS.applications ?? '/apply' },
  status: { capability: null, path: '/status' },
} as const satisfies Record<string, { capability: CapabilityId | null; path: string }>;

export type LinkTarget = keyof typeof LINK_TARGETS;

export function isLinkTarget(value: string): value is LinkTarget {
  return value in LINK_TARGETS;
}

/** Links stay usable for 120 days: long enough for a letter kept in a drawer, short enough to expire. */
export const LINK_LIFETIME_MS = 120 * 24 * 3600 * 1000;
