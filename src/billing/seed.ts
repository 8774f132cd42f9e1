/**
 * `candor seed --households N`: N enrolled households (effectuated, some with
 * the premium tax credit), each with an invoice falling due within the week
 * and an email address at the demo domain. Idempotent: the households have
 * fixed case numbers, each batch commits with its invoices. Then every active
 * enrollment gets its bill for the first coverage month still to fall due (so
 * other modules' demo enrollments have invoices too), issued today, before its
 * due date.
 */
import { sql } from 'drizzle-orm';
import type { ParsedArgs } from '../web/module.js';
import { DEMO_DOMAIN } from '../accounts/seed.js';
import type { AppContext } from '../web/context.js';
import { addDays, addMonths, firstOfMonth, localDate } from './dates.js';
import { monthlyDueDate } from './due-dates.js';
import { runBilling } from './run-billing.js';

const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTVWXYZ';
const FIRST = ['Alex', 'Jordan', 'Casey', 'Morgan', 'Riley', 'Taylor', 'Sam', 'Avery', 'Jamie', 'Quinn', 'María', 'José', 'Ana', 'Luis'];
const LAST = ['Rivera', 'Smith', 'Nguyen', 'Okafor', 'López', 'Brown', 'Martin', 'Garcia', 'Lee', 'Clark'];

/** `H-DM` and six characters: the demo household number i (stable across runs). */
export function demoCaseNumber(i: number): string {
  let n = i;
  let code = '';
  for (let k = 0; k < 6; k++) {
    code = ALPHABET[n % ALPHABET.length] + code;
    n = Math.floor(n / ALPHABET.length);
  }
  return `H-DM${code}`;
}

export async function seedBilling(ctx: AppContext, report: (line: string) => void, args: ParsedArgs): Promise<void> {
  const n = Number(args.flags.households ?? 0);
  const now = ctx.clock.now();
  const today = localDate(now, ctx.profile.timeZone);
  if (Number.isInteger(n) && n > 0) {
    const coverageStart = firstOfMonth(today);
    const nextMonth = addMonths(today, 1);
    const batch = 500;
    let created = 0;
    for (let from = 0; from < n; from += batch) {
      const size = Math.min(batch, n - from);
      const rows = Array.from({ length: size }, (_, k) => {
        const i = from + k;
        return { i, caseNumber: demoCaseNumber(i), first: FIRST[i % FIRST.length]!, last: LAST[Math.floor(i / FIRST.length) % LAST.length]!, lang: i % 5 === 4 ? 'es' : 'en' };
      });
      created += await ctx.db.transaction(async (tx) => {
        const inserted = await tx.execute<{ id: string; case_number: string }>(sql`
          INSERT INTO households (case_number, state, language, electronic_notices)
          SELECT x.c, ${ctx.profile.rating.stateCode}, x.l, true FROM jsonb_to_recordset(${JSON.stringify(rows.map((r) => ({ c: r.caseNumber, l: r.lang })))}::jsonb) AS x(c text, l text)
          ON CONFLICT (case_number) DO NOTHING
          RETURNING id, case_number`);
        if (inserted.rows.length === 0) return 0;
        const byCase = new Map(rows.map((r) => [r.caseNumber, r]));
        const list = inserted.rows.map((h) => {
          const r = byCase.get(h.case_number)!;
          return {
            h: h.id,
            f: r.first,
            l: r.last,
            g: r.lang,
            e: `household-${String(r.i + 1).padStart(6, '0')}@${DEMO_DOMAIN}`,
            // Premiums of the Vermont single tier; two in three with the credit, some with state help.
            gross: 82_400 + (r.i % 7) * 6_900,
            aptc: r.i % 3 === 0 ? 0 : 55_000,
            state: r.i % 6 === 1 ? 4_500 : 0,
          };
        });
        const json = JSON.stringify(list);
        await tx.execute(sql`
          INSERT INTO household_members (household_id, is_primary, first_name, last_name, date_of_birth)
          SELECT x.h, true, x.f, x.l, '1980-01-01' FROM jsonb_to_recordset(${json}::jsonb) AS x(h uuid, f text, l text)`);
        await tx.execute(sql`
          INSERT INTO enrollments (household_id, plan_year, carrier_hios_id, plan_hios_id, plan_variant, policy_number, coverage_start, coverage_end,
                                   gross_premium_cents, aptc_cents, state_assistance_cents, net_premium_cents, status, status_changed_at)
          SELECT x.h, ${Number(coverageStart.slice(0, 4))}, '77566', '77566VT0010001', '01', 'PDM' || upper(substr(md5(x.h::text), 1, 10)),
                 ${coverageStart}::date, make_date(${Number(coverageStart.slice(0, 4))}, 12, 31),
                 x.gross, x.aptc, x.state, greatest(0, x.gross - x.aptc - x.state), 'effectuated', ${now}
            FROM jsonb_to_recordset(${json}::jsonb) AS x(h uuid, gross int, aptc int, state int)`);
        // The next month's bill, due within the week (1 to 7 days from today).
        await tx.execute(sql`
          INSERT INTO billing_invoices (household_id, enrollment_id, kind, coverage_month, issued_on, due_date, gross_premium_cents, aptc_cents, state_assistance_cents, amount_cents, status, created_at, updated_at)
          SELECT e.household_id, e.id, 'monthly', ${nextMonth}::date, ${today}::date, ${today}::date + (1 + (abs(hashtext(e.id::text)) % 7)),
                 e.gross_premium_cents, e.aptc_cents, e.state_assistance_cents, e.net_premium_cents, CASE WHEN e.net_premium_cents = 0 THEN 'paid' ELSE 'open' END, ${now}, ${now}
            FROM enrollments e JOIN jsonb_to_recordset(${json}::jsonb) AS x(h uuid) ON x.h = e.household_id
          ON CONFLICT (enrollment_id, coverage_month) DO NOTHING`);
        // Where notices about these bills go: an address at the demo domain (the seeded demo audience).
        await tx.execute(sql`
          INSERT INTO notice_recipients (household_id, first_name, last_name, language, email, delivery, demo)
          SELECT x.h, x.f, x.l, x.g, x.e, 'electronic', true FROM jsonb_to_recordset(${json}::jsonb) AS x(h uuid, f text, l text, g text, e text)
          ON CONFLICT DO NOTHING`);
        return inserted.rows.length;
      });
      report(`Billing demo households: ${Math.min(from + size, n)}/${n} (${created} new)`);
    }
    report(`Billing: ${n} demo households, each with a bill due by ${addDays(today, 7)}; notices go to household-NNNNNN@${DEMO_DOMAIN}.`);
  }
  // The first coverage month whose regular due date is still ahead: a bill is never issued after it is due,
  // and none falls past due unpaid behind an active enrollment (docs/adr/0106).
  const next = addMonths(today, 1);
  const month = monthlyDueDate(next, ctx.profile.billing) >= today ? next : addMonths(today, 2);
  const r = await runBilling(ctx.db, { month, now, profile: ctx.profile, startedBy: 'seed' });
  if (r.invoicesCreated) report(`Billing: ${r.invoicesCreated} invoices for ${month.slice(0, 7)}.`);
}
