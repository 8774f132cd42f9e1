/**
 * Who may use each route, in one table a reader can scan. The server refuses
 * to start if a registered route has no line here, and a test walks every
 * registered route with every role against this table.
 *
 * who:
 *   'anyone'      — no sign-in needed
 *   'mfa-pending' — a staff member between password and second factor
 *   'signed-in'   — any signed-in person
 *   'staff'       — any staff role
 *   [roles]       — only these roles
 * capability: the capability the route needs (src/capabilities); when it is not
 *   available the person gets the alternatives page instead (HTTP 503).
 * csrf: false only for routes that never read cookies for authority (webhooks);
 *   an API call authenticated by a personal access token alone, with no session
 *   cookie, is exempted automatically (ADR 0083).
 */
import type { Role } from '../accounts/roles.js';

export type Who = 'anyone' | 'mfa-pending' | 'signed-in' | 'staff' | readonly Role[];

export interface RouteRule {
  who: Who;
  capability?: string;
  csrf?: false;
}

const anyone = { who: 'anyone' } as const;
const signedIn = { who: 'signed-in' } as const;
const staff = { who: 'staff' } as const;
const admin = { who: ['administrator'] } as const;
const operations = { who: ['operations', 'supervisor', 'administrator'] } as const;

export const ROUTES: Record<string, RouteRule> = {
  // ── platform and shell ─────────────────────────────────────────────
  'GET /': anyone,
  'GET /language': anyone,
  'GET /favicon.ico': anyone,
  'GET /healthz': anyone,
  'GET /readyz': anyone,
  // The handler asks for METRICS_TOKEN, or the loopback address when none is configured (ADR 0083).
  'GET /metrics': anyone,
  'GET /api/v1/openapi.json': anyone,
  'GET /assets/*': anyone,
  'GET /assets/uswds/*': anyone,
  'GET /staff': staff,

  // ── accounts: sign-in, MFA, reset, settings, staff admin, tokens ───
  'GET /sign-in': anyone,
  'POST /sign-in': anyone,
  // Anyone: a staff member between password and code may abandon the sign-in too.
  'POST /sign-out': anyone,
  'GET /sign-in/mfa': { who: 'mfa-pending' },
  'POST /sign-in/mfa': { who: 'mfa-pending' },
  'GET /register': { who: 'anyone', capability: 'sign-in' },
  'POST /register': { who: 'anyone', capability: 'sign-in' },
  'GET /password/forgot': anyone,
  'POST /password/forgot': anyone,
  'GET /password/reset/:token': anyone,
  'POST /password/reset/:token': anyone,
  // The emailed link that confirms a self-registered address; the page applying and paying send an unconfirmed customer to (ADR 0130).
  'GET /email/confirm/:token': anyone,
  'POST /email/confirm/:token': anyone,
  'GET /account/confirm-email': signedIn,
  'POST /account/confirm-email': signedIn,
  'GET /account': signedIn,
  'POST /account/password': signedIn,
  'POST /account/language': signedIn,
  'GET /account/mfa': signedIn,
  'POST /account/mfa': signedIn,
  'POST /account/mfa/disable': { who: ['customer'] },
  'GET /account/tokens': staff,
  'POST /account/tokens': staff,
  'POST /account/tokens/:id/revoke': staff,
  'GET /admin/staff': admin,
  'POST /admin/staff': admin,
  'GET /admin/staff/:id': admin,
  'POST /admin/staff/:id/roles': admin,
  'POST /admin/staff/:id/unlock': admin,
  'POST /admin/staff/:id/disable': admin,
  'POST /admin/staff/:id/enable': admin,
  'POST /admin/staff/:id/reset-mfa': admin,
  'GET /api/v1/me': signedIn,

  // ── capabilities ───────────────────────────────────────────────────
  // The status page must answer even when everything else is down: no capability.
  'GET /status': anyone,
  'GET /status/feed.atom': anyone,
  'GET /api/v1/status': anyone,
  'GET /operations/capabilities': operations,
  'GET /operations/capabilities/:id': operations,
  'POST /operations/capabilities/:id/preview': operations,
  'POST /operations/capabilities/:id/change': operations,
  'POST /operations/capabilities/:id/maintenance/preview': operations,
  'POST /operations/capabilities/:id/maintenance': operations,
  'POST /operations/maintenance/:windowId/cancel': operations,
  // ── plan years ─────────────────────────────────────────────────────
  'GET /operations/plan-years': operations,
  // Used by tests only (test/browser/capabilities.test.ts registers it): a tiny page guarded by plan-shopping.
  'GET /shop-probe': { who: 'anyone', capability: 'plan-shopping' },

  // ── catalog ────────────────────────────────────────────────────────
  // Window shopping without an account; the household travels in POST bodies (ADR 0034).
  'GET /shop': { who: 'anyone', capability: 'plan-shopping' },
  'GET /shop/plans': { who: 'anyone', capability: 'plan-shopping' },
  'POST /shop/plans': { who: 'anyone', capability: 'plan-shopping' },
  'GET /shop/compare': { who: 'anyone', capability: 'plan-shopping' },
  'POST /shop/compare': { who: 'anyone', capability: 'plan-shopping' },
  // Anonymous and read-only: it acts on no one's cookies, so no CSRF token.
  'POST /api/v1/quotes': { who: 'anyone', capability: 'plan-shopping', csrf: false },

  // ── hub ────────────────────────────────────────────────────────────
  // A customer's documents for inconsistencies; identity proofing shows its own alternatives when unavailable.
  'GET /documents': { who: ['customer'], capability: 'document-upload' },
  'POST /documents/:id': { who: ['customer'], capability: 'document-upload' },
  'GET /identity-proofing': { who: ['customer'] },
  'POST /identity-proofing': { who: ['customer'] },
  'GET /hub/inconsistencies': { who: ['caseworker', 'supervisor'] },
  'GET /hub/inconsistencies/:id': { who: ['caseworker', 'supervisor'] },
  'POST /hub/inconsistencies/:id/extend': { who: ['caseworker', 'supervisor'] },
  'GET /hub/documents/:id': { who: ['caseworker', 'supervisor'] },
  'POST /hub/documents/:id/review': { who: ['caseworker', 'supervisor'] },
  // ── renewal ────────────────────────────────────────────────────────
  'GET /operations/renewal': operations,
  // ── tax forms ──────────────────────────────────────────────────────
  'GET /operations/tax-forms': operations,
  // The call centre sends a caller's Form 1095-A again (audited with the reason).
  'GET /call-centre/households/:householdId/tax-forms': { who: ['call-centre-agent', 'supervisor'] },
  'POST /call-centre/households/:householdId/tax-forms/resend': { who: ['call-centre-agent', 'supervisor'] },
  'GET /hub': operations,
  'POST /hub/disconnect': operations,
  'POST /hub/reconnect': operations,

  // ── enrollment ─────────────────────────────────────────────────────
  // Customers apply online (capability 'applications') and pick plans ('enrollment'); each
  // handler also checks the household is theirs. Staff copies of the application pages have no
  // capability: paper and phone applications go on when the website's applications are down.
  'GET /apply': { who: ['customer'], capability: 'applications' },
  'POST /apply': { who: ['customer'], capability: 'applications' },
  'GET /applications/:applicationId/people': { who: ['customer'], capability: 'applications' },
  'POST /applications/:applicationId/people': { who: ['customer'], capability: 'applications' },
  'GET /applications/:applicationId/people/:memberId': { who: ['customer'], capability: 'applications' },
  'POST /applications/:applicationId/people/:memberId': { who: ['customer'], capability: 'applications' },
  'POST /applications/:applicationId/people/:memberId/remove': { who: ['customer'], capability: 'applications' },
  'GET /applications/:applicationId/address': { who: ['customer'], capability: 'applications' },
  'POST /applications/:applicationId/address': { who: ['customer'], capability: 'applications' },
  'GET /applications/:applicationId/income': { who: ['customer'], capability: 'applications' },
  'POST /applications/:applicationId/income': { who: ['customer'], capability: 'applications' },
  'GET /applications/:applicationId/review': { who: ['customer'], capability: 'applications' },
  'POST /applications/:applicationId/submit': { who: ['customer'], capability: 'applications' },
  'GET /applications/:applicationId/result': { who: ['customer'] },
  'GET /applications/:applicationId/plans': { who: ['customer'], capability: 'enrollment' },
  'POST /applications/:applicationId/plans': { who: ['customer'], capability: 'enrollment' },
  'POST /applications/:applicationId/continue': { who: ['customer'], capability: 'applications' },
  'GET /coverage': { who: ['customer'] },
  'GET /coverage/life-event': { who: ['customer'], capability: 'enrollment' },
  'POST /coverage/life-event': { who: ['customer'], capability: 'enrollment' },
  'GET /enrollments/:enrollmentId': { who: ['customer'] },
  'GET /enrollments/:enrollmentId/end': { who: ['customer'], capability: 'enrollment' },
  'POST /enrollments/:enrollmentId/end': { who: ['customer'], capability: 'enrollment' },
  'GET /enrollments/:enrollmentId/credit': { who: ['customer'], capability: 'enrollment' },
  'POST /enrollments/:enrollmentId/credit': { who: ['customer'], capability: 'enrollment' },
  'GET /api/v1/coverage': { who: ['customer'] },
  'GET /staff/applications/:applicationId/people': { who: ['call-centre-agent', 'caseworker', 'supervisor'] },
  'POST /staff/applications/:applicationId/people': { who: ['call-centre-agent', 'caseworker', 'supervisor'] },
  'GET /staff/applications/:applicationId/people/:memberId': { who: ['call-centre-agent', 'caseworker', 'supervisor'] },
  'POST /staff/applications/:applicationId/people/:memberId': { who: ['call-centre-agent', 'caseworker', 'supervisor'] },
  'POST /staff/applications/:applicationId/people/:memberId/remove': { who: ['call-centre-agent', 'caseworker', 'supervisor'] },
  'GET /staff/applications/:applicationId/address': { who: ['call-centre-agent', 'caseworker', 'supervisor'] },
  'POST /staff/applications/:applicationId/address': { who: ['call-centre-agent', 'caseworker', 'supervisor'] },
  'GET /staff/applications/:applicationId/income': { who: ['call-centre-agent', 'caseworker', 'supervisor'] },
  'POST /staff/applications/:applicationId/income': { who: ['call-centre-agent', 'caseworker', 'supervisor'] },
  'GET /staff/applications/:applicationId/review': { who: ['call-centre-agent', 'caseworker', 'supervisor'] },
  'POST /staff/applications/:applicationId/submit': { who: ['call-centre-agent', 'caseworker', 'supervisor'] },
  'GET /staff/applications/:applicationId/result': { who: ['call-centre-agent', 'caseworker', 'supervisor'] },
  'GET /staff/applications/:applicationId/plans': { who: ['call-centre-agent', 'caseworker', 'supervisor'] },
  'POST /staff/applications/:applicationId/plans': { who: ['call-centre-agent', 'caseworker', 'supervisor'] },
  'POST /staff/applications/:applicationId/continue': { who: ['call-centre-agent', 'caseworker', 'supervisor'] },
  'GET /staff/households/:householdId': { who: ['call-centre-agent', 'caseworker', 'supervisor'] },
  'POST /staff/households/:householdId/applications': { who: ['call-centre-agent', 'caseworker', 'supervisor'] },
  'GET /caseworker/queue': { who: ['caseworker', 'supervisor'] },
  'POST /caseworker/paper-applications': { who: ['caseworker', 'supervisor'] },
  'GET /call-centre/households': { who: ['call-centre-agent', 'caseworker', 'supervisor'] },
  'POST /call-centre/households/search': { who: ['call-centre-agent', 'caseworker', 'supervisor'] },
  'POST /call-centre/applications': { who: ['call-centre-agent', 'caseworker', 'supervisor'] },

  // ── notices ────────────────────────────────────────────────────────
  'GET /operations/notices': operations,
  'GET /operations/notices/campaigns/new': operations,
  'POST /operations/notices/campaigns': operations,
  'GET /operations/notices/campaigns/:id': operations,
  'POST /operations/notices/campaigns/:id/:action': operations,
  'GET /operations/notices/messages/:id': operations,
  'GET /operations/notices/messages/:id/letter.pdf': operations,
  'POST /operations/notices/messages/:id/retry': operations,
  'POST /operations/notices/dead-letters/retry': operations,
  'GET /operations/notices/mailbox': operations,
  'GET /operations/notices/restored': operations,
  'POST /operations/notices/restored': operations,
  // Links in notices resolve for anyone (the token names no person); personal details need sign-in or the letter's code.
  'GET /l': anyone,
  'POST /l': anyone,
  'GET /l/:token': anyone,
  'POST /l/:token': anyone,
  'GET /account/notices': { who: ['customer'] },
  'POST /account/notices': { who: ['customer'] },
  // The customer's own notices and documents (another customer's are "not found").
  'GET /account/notices/inbox': { who: ['customer'] },
  'GET /account/notices/inbox/:messageId': { who: ['customer'] },
  'GET /account/notices/inbox/:messageId/letter.pdf': { who: ['customer'] },
  'GET /account/notices/inbox/:messageId/go/:target': { who: ['customer'] },
  // Email and SMS providers authenticate by the HMAC signature on the body, never by cookies.
  'POST /api/v1/notices/delivery-reports': { who: 'anyone', csrf: false },

  // ── billing ────────────────────────────────────────────────────────
  'GET /billing': { who: ['customer'] },
  'GET /billing/reviews': { who: ['supervisor'] },
  'GET /billing/reviews/:reviewId': { who: ['supervisor'] },
  'POST /billing/reviews/:reviewId': { who: ['supervisor'] },

  // ── payments ───────────────────────────────────────────────────────
  'GET /billing/pay': { who: ['customer'], capability: 'online-payment' },
  'POST /billing/pay': { who: ['customer'], capability: 'online-payment' },
  // The return from the processor's hosted page (customer online, agent by phone).
  'GET /payments/return': { who: ['customer', 'call-centre-agent', 'supervisor'] },
  'GET /billing/payments/:paymentId': { who: ['customer', 'call-centre-agent', 'supervisor'] },
  // The processor authenticates by the HMAC signature on the body, never by cookies.
  'POST /payments/webhooks/processor': { who: 'anyone', csrf: false },
  'POST /api/v1/payments': { who: ['customer'], capability: 'online-payment' },
  'GET /api/v1/payments/:paymentId': { who: ['customer', 'call-centre-agent', 'supervisor'] },
  'GET /call-centre/billing': { who: ['call-centre-agent', 'supervisor'] },
  'POST /call-centre/billing/search': { who: ['call-centre-agent', 'supervisor'] },
  'GET /call-centre/households/:householdId/billing': { who: ['call-centre-agent', 'supervisor'] },
  'POST /call-centre/households/:householdId/phone-payment': { who: ['call-centre-agent', 'supervisor'], capability: 'phone-payment' },
  'POST /call-centre/households/:householdId/notes': { who: ['call-centre-agent', 'supervisor'] },
  'POST /call-centre/households/:householdId/reinstate': { who: ['supervisor'] },
  'POST /call-centre/payments/:paymentId/refund': { who: ['supervisor'] },
  'GET /mailroom': { who: ['mailroom-clerk', 'supervisor'] },
  'POST /mailroom/lockbox': { who: ['mailroom-clerk', 'supervisor'] },
  'GET /mailroom/batches/:batchId': { who: ['mailroom-clerk', 'supervisor'] },
  'POST /mailroom/exceptions/:exceptionId': { who: ['mailroom-clerk', 'supervisor'] },
  'GET /payments/reconciliation': { who: ['operations', 'supervisor'] },
  'GET /payments/reconciliation/:date': { who: ['operations', 'supervisor'] },
  'POST /payments/reconciliation': { who: ['operations', 'supervisor'] },

  // ── carriers ───────────────────────────────────────────────────────
  'GET /operations/carriers': { who: ['operations', 'supervisor', 'administrator'] },
  'GET /operations/carriers/imports/:importId': { who: ['operations', 'supervisor', 'administrator'] },
};

/**
 * A customer uses the routes that need these capabilities (applying, choosing a plan, paying
 * online) only after confirming the account's email address; until then they are sent to
 * /account/confirm-email (ADR 0130). Staff act for people on paper and the phone, so never.
 */
const NEED_CONFIRMED_EMAIL = new Set(['applications', 'enrollment', 'online-payment']);

export function needsConfirmedEmail(rule: RouteRule): boolean {
  return rule.capability !== undefined && NEED_CONFIRMED_EMAIL.has(rule.capability) && Array.isArray(rule.who) && rule.who.includes('customer');
}

/** Route key as written in the table: "GET /path/:param". HEAD shares GET's rule. */
export function routeKey(method: string, url: string): string {
  return `${method === 'HEAD' ? 'GET' : method} ${url}`;
}

export function ruleFor(method: string, url: string): RouteRule | undefined {
  return ROUTES[routeKey(method, url)];
}

export const RULES = { anyone, signedIn, staff, admin, operations };
