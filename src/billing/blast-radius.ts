/** What taking a payment channel down touches: the bills falling due meanwhile, the people who pay that way. */
import { sql } from 'drizzle-orm';
import type { BlastRadiusContributor, BlastRadiusItem } from '../capabilities/types.js';
import type { StateProfile } from '../states/profile.js';
import { addDays, localDate } from './dates.js';

const money = (cents: number, lang: 'en' | 'es') => new Intl.NumberFormat(lang === 'es' ? 'es-US' : 'en-US', { style: 'currency', currency: 'USD' }).format(cents / 100);

export function billingBlastRadius(profile: StateProfile): BlastRadiusContributor {
  return {
    name: 'billing',
    async count(tx, change) {
      const channels = change.capabilities.filter((c) => profile.billing.outageChannels.includes(c));
      if (channels.length === 0) return [];
      const from = localDate(change.from, profile.timeZone);
      // An open-ended change: count what falls due in the next week.
      const to = change.until ? localDate(change.until, profile.timeZone) : addDays(from, 7);
      const due = await tx.execute<{ n: number; cents: number; households: number }>(sql`
        SELECT count(*)::int AS n, coalesce(sum(amount_cents - paid_cents), 0)::bigint::float8 AS cents, count(DISTINCT household_id)::int AS households
          FROM billing_invoices WHERE status = 'open' AND due_date BETWEEN ${from}::date AND ${to}::date`);
      const d = due.rows[0] ?? { n: 0, cents: 0, households: 0 };
      const items: BlastRadiusItem[] = [
        {
          label: { en: `Payments falling due ${from} to ${to}`, es: `Pagos que vencen del ${from} al ${to}` },
          count: d.n,
          detail: {
            en: `${money(d.cents, 'en')} owed by ${d.households} households; their due dates move day for day (${profile.billing.outageExtension})`,
            es: `${money(d.cents, 'es')} adeudados por ${d.households} hogares; sus fechas de vencimiento se mueven día por día (${profile.billing.outageExtension})`,
          },
        },
      ];
      if (channels.includes('online-payment')) {
        const online = await tx.execute<{ n: number }>(
          sql`SELECT count(DISTINCT household_id)::int AS n FROM payments WHERE channel = 'online' AND status IN ('succeeded', 'pending') AND created_at > ${new Date(change.from.getTime() - 365 * 86_400_000)}`,
        );
        items.push({ label: { en: 'Customers who pay online (last 12 months)', es: 'Clientes que pagan en línea (últimos 12 meses)' }, count: online.rows[0]?.n ?? 0 });
      }
      if (channels.includes('phone-payment')) {
        const phone = await tx.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM payments WHERE channel = 'phone' AND created_at > ${new Date(change.from.getTime() - 30 * 86_400_000)}`);
        items.push({ label: { en: 'Phone payments taken in the last 30 days', es: 'Pagos por teléfono tomados en los últimos 30 días' }, count: phone.rows[0]?.n ?? 0 });
      }
      return items;
    },
  };
}
