/**
 * Billing's notices go through the notices engine, addressed to the
 * household's primary member: one read of the households and one
 * enqueueNotices call for however many notices the caller raises at once.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { accounts } from '../accounts/schema.js';
import { households, members } from '../enrollment/schema.js';
import { noticeType } from '../notices/catalogue.js';
import { enqueueNotices, type EnqueueNoticeInput } from '../notices/enqueue-notice.js';
import type { NoticeSink } from './notify.js';

export function enqueueNoticeSink(timeZone: string): NoticeSink {
  return async (tx, notices) => {
    // A notice type the catalogue does not declare yet is not sent.
    const wanted = notices.filter((n) => noticeType(n.notice.type));
    if (!wanted.length) return;
    const ids = [...new Set(wanted.map((n) => n.opts.householdId))];
    const found = await tx
      .selectDistinctOn([households.id], {
        id: households.id,
        accountId: households.customerAccountId,
        language: households.language,
        firstName: members.firstName,
        lastName: members.lastName,
        email: accounts.email,
      })
      .from(households)
      .leftJoin(members, and(eq(members.householdId, households.id), eq(members.isPrimary, true)))
      .leftJoin(accounts, eq(accounts.id, households.customerAccountId))
      .where(inArray(households.id, ids))
      .orderBy(households.id);
    const byId = new Map(found.map((h) => [h.id, h]));
    const inputs: EnqueueNoticeInput[] = [];
    for (const { notice, opts } of wanted) {
      const h = byId.get(opts.householdId);
      if (!h) continue;
      inputs.push({
        type: notice.type,
        recipient: {
          householdId: opts.householdId,
          ...(h.accountId ? { accountId: h.accountId } : {}),
          firstName: h.firstName ?? 'Customer',
          lastName: h.lastName ?? '',
          language: h.language,
          ...(h.email ? { email: h.email } : {}),
        },
        data: notice.data,
        now: opts.now,
        timeZone,
        dueAt: opts.dueAt,
        dedupeKey: opts.dedupeKey,
      });
    }
    await enqueueNotices(tx, inputs);
  };
}
