/**
 * The main pages of the exchange on its demo data (every module's seed), for
 * the small-screen test and the screenshots (`npm run screens`): who sees
 * each (nobody signed in, the demo customer Alex, María who owes her first
 * premium, or a member of staff with every staff role) and where it is.
 */
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { STAFF_ROLES } from '../../src/accounts/roles.js';
import { DEMO_DOMAIN } from '../../src/accounts/seed.js';
import { createTestAccount, sessionCookieFor } from '../../src/accounts/testing.js';
import type { Runtime } from '../../src/app/boot.js';

export type Who = 'anonymous' | 'alex' | 'maria' | 'staff';

export interface DemoPage {
  /** A short name, also the screenshot's file name. */
  name: string;
  who: Who;
  path: string;
  /** Steps after loading (a form to fill) before the page is looked at. */
  then?: (page: Page) => Promise<void>;
}

/** Runs every module's demo seed (as `npm start` does). */
export async function seedDemo(runtime: Runtime): Promise<void> {
  for (const module of runtime.modules) await module.seed?.(runtime.ctx, () => {}, { positional: [], flags: {} });
}

const one = async <T extends Record<string, unknown>>(runtime: Runtime, query: ReturnType<typeof sql>): Promise<T | undefined> => (await runtime.ctx.db.execute(query)).rows[0] as T | undefined;

/** The pages, with the demo data's own ids filled in (a page whose data the seed did not make is left out). */
export async function demoPages(runtime: Runtime): Promise<DemoPage[]> {
  const alex = await one<{ household_id: string; application_id: string | null }>(
    runtime,
    sql`SELECT h.id AS household_id, (SELECT a.id FROM applications a WHERE a.household_id = h.id ORDER BY a.created_at DESC LIMIT 1) AS application_id FROM households h WHERE h.case_number = 'H-DEMOALEX'`,
  );
  const payment = alex && (await one<{ id: string }>(runtime, sql`SELECT id FROM payments WHERE household_id = ${alex.household_id} AND status <> 'created' ORDER BY created_at DESC LIMIT 1`));
  const message = await one<{ id: string; recipient_account: string | null }>(
    runtime,
    sql`SELECT m.id, r.account_id AS recipient_account FROM notice_messages m JOIN notice_recipients r ON r.id = m.recipient_id WHERE m.sent_at IS NOT NULL AND m.channel = 'email' ORDER BY m.sent_at DESC LIMIT 1`,
  );
  const campaign = await one<{ id: string }>(runtime, sql`SELECT id FROM notice_campaigns ORDER BY created_at DESC LIMIT 1`);
  const pages: DemoPage[] = [
    { name: 'home', who: 'anonymous', path: '/' },
    { name: 'sign-in', who: 'anonymous', path: '/sign-in' },
    { name: 'register', who: 'anonymous', path: '/register' },
    { name: 'status', who: 'anonymous', path: '/status' },
    { name: 'shop', who: 'anonymous', path: '/shop' },
    {
      name: 'shop-results',
      who: 'anonymous',
      path: '/shop',
      then: async (page) => {
        await page.fill('#zip', '05401');
        await page.fill('#age1', '40');
        await page.fill('#income', '42000');
        await Promise.all([page.waitForURL(/\/shop\/plans/), page.click('form[action="/shop/plans"] button[type="submit"]')]);
      },
    },
    { name: 'customer-home', who: 'alex', path: '/' },
    { name: 'apply', who: 'maria', path: '/apply' },
    ...(alex?.application_id ? [{ name: 'application-result', who: 'alex' as const, path: `/applications/${alex.application_id}/result` }] : []),
    { name: 'coverage', who: 'alex', path: '/coverage' },
    { name: 'bills', who: 'alex', path: '/billing' },
    { name: 'pay', who: 'maria', path: '/billing/pay' },
    ...(payment ? [{ name: 'payment-confirmation', who: 'alex' as const, path: `/billing/payments/${payment.id}` }] : []),
    { name: 'documents', who: 'alex', path: '/documents' },
    { name: 'notices', who: 'alex', path: '/account/notices/inbox' },
    { name: 'notice-settings', who: 'alex', path: '/account/notices' },
    { name: 'settings', who: 'alex', path: '/account' },
    { name: 'staff-home', who: 'staff', path: '/staff' },
    { name: 'status-board', who: 'staff', path: '/operations/capabilities' },
    { name: 'plan-years', who: 'staff', path: '/operations/plan-years' },
    { name: 'renewal', who: 'staff', path: '/operations/renewal' },
    { name: 'caseworker-queue', who: 'staff', path: '/caseworker/queue' },
    { name: 'household-search', who: 'staff', path: '/call-centre/households' },
    ...(alex ? [{ name: 'household', who: 'staff' as const, path: `/staff/households/${alex.household_id}` }] : []),
    { name: 'call-centre-billing', who: 'staff', path: '/call-centre/billing' },
    ...(alex ? [{ name: 'household-billing', who: 'staff' as const, path: `/call-centre/households/${alex.household_id}/billing` }] : []),
    { name: 'notices-console', who: 'staff', path: '/operations/notices' },
    { name: 'new-campaign', who: 'staff', path: '/operations/notices/campaigns/new?notice=payment-reminder&audience=demo-enrollees' },
    ...(campaign ? [{ name: 'campaign', who: 'staff' as const, path: `/operations/notices/campaigns/${campaign.id}` }] : []),
    ...(message ? [{ name: 'notice-message', who: 'staff' as const, path: `/operations/notices/messages/${message.id}` }] : []),
    { name: 'mailbox', who: 'staff', path: '/operations/notices/mailbox' },
    { name: 'mailroom', who: 'staff', path: '/mailroom' },
    { name: 'reconciliation', who: 'staff', path: '/payments/reconciliation' },
    { name: 'termination-reviews', who: 'staff', path: '/billing/reviews' },
    { name: 'carriers', who: 'staff', path: '/operations/carriers' },
    { name: 'hub', who: 'staff', path: '/hub' },
  ];
  return pages;
}

/** Session cookies for each kind of visitor: the demo customers' own accounts, and a member of staff with every staff role. */
export async function demoCookies(runtime: Runtime): Promise<Record<Who, string | null>> {
  const db = runtime.ctx.db;
  const now = runtime.ctx.clock.now();
  const idOf = async (local: string) => (await one<{ id: string }>(runtime, sql`SELECT id FROM accounts WHERE email = ${`${local}@${DEMO_DOMAIN}`}`))?.id;
  const [alex, maria] = [await idOf('alex'), await idOf('maria')];
  if (!alex || !maria) throw new Error('the demo customers are not seeded');
  const staff = await createTestAccount(db, { roles: [...STAFF_ROLES], email: `screens-${Date.now()}@example.test` });
  return { anonymous: null, alex: await sessionCookieFor(db, alex, now), maria: await sessionCookieFor(db, maria, now), staff: await sessionCookieFor(db, staff.id, now) };
}
