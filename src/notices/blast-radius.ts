/**
 * Blast radius: the messages due in the window of a proposed change, by
 * notice type, and what would happen to each (rerouted, held, dropped,
 * unaffected) if the change were made.
 */
import { sql } from 'drizzle-orm';
import type { BlastRadiusContributor, BlastRadiusItem, CapabilityService } from '../capabilities/types.js';
import type { CapabilityId } from '../capabilities/ids.js';
import type { Clock } from '../platform/clock.js';
import { noticeType } from './catalogue.js';
import { decideDelivery } from './alert.js';
import type { Channel, NoticeDeclaration } from './declaration.js';
import type { StateProfile } from '../states/profile.js';

const DEFAULT_WINDOW_MS = 24 * 3600 * 1000;

export function noticesBlastRadius(caps: CapabilityService, clock: Clock, profile: Pick<StateProfile, 'exchangeName'>): BlastRadiusContributor {
  return {
    name: 'notices',
    async count(tx, change): Promise<BlastRadiusItem[]> {
      const until = change.until ?? new Date(change.from.getTime() + DEFAULT_WINDOW_MS);
      const res = await tx.execute<{ type: string; channel: Channel; data: unknown; due_at: Date; latest_useful_at: Date | null; state: string; account_id: string | null }>(sql`
        SELECT m.type, m.channel, m.data, m.due_at, m.latest_useful_at, m.state, r.account_id
        FROM notice_messages m JOIN notice_recipients r ON r.id = m.recipient_id
        WHERE (m.state = 'queued' AND m.available_at < ${until}) OR m.state IN ('held', 'sending')
        LIMIT 200000`);
      const down = new Set<CapabilityId>(change.capabilities);
      const byType = new Map<string, { total: number; rerouted: number; held: number; dropped: number; unaffected: number }>();
      const now = clock.now();
      for (const m of res.rows) {
        const notice = noticeType(m.type);
        if (!notice) continue;
        const at = new Date(Math.max(new Date(m.due_at).getTime(), change.from.getTime(), now.getTime()));
        // Decided as the dispatcher will: a formal notice posted online needs its alert email's call to action too.
        const { decision: d, alert } = decideDelivery({
          notice: notice as NoticeDeclaration<unknown>,
          data: m.data,
          channel: m.channel,
          now: at,
          queuedAt: new Date(m.due_at),
          latestUsefulAt: m.latest_useful_at ? new Date(m.latest_useful_at) : null,
          available: (id) => !down.has(id) && caps.isAvailable(id, at),
          accountId: m.account_id,
          profile,
        });
        const entry = byType.get(m.type) ?? { total: 0, rerouted: 0, held: 0, dropped: 0, unaffected: 0 };
        entry.total++;
        if (d.action === 'send' && !d.rerouted && !alert?.rerouted) entry.unaffected++;
        else if (d.action === 'send') entry.rerouted++;
        else if (d.action === 'hold') entry.held++;
        else entry.dropped++;
        byType.set(m.type, entry);
      }
      if (!byType.size) return [{ label: { en: 'Messages due in this window', es: 'Mensajes previstos en este período' }, count: 0 }];
      return [...byType.entries()].map(([type, e]) => ({
        label: { en: `Messages due: ${type}`, es: `Mensajes previstos: ${type}` },
        count: e.total,
        detail: {
          en: `${e.rerouted} rerouted to another way to act, ${e.held} held until it returns, ${e.dropped} dropped or expired, ${e.unaffected} unaffected`,
          es: `${e.rerouted} con otra forma de actuar, ${e.held} retenidos hasta que vuelva, ${e.dropped} descartados o vencidos, ${e.unaffected} sin cambios`,
        },
      }));
    },
  };
}
