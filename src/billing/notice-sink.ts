/** Billing's notices go through the notices engine (enqueueNotice), addressed to the household's primary member. */
import { and, eq } from 'drizzle-orm';
import { accounts } from '../accounts/schema.js';
import { households, members } from '../enrollment/schema.js';
import { noticeType } from '../notices/catalogue.js';
import { enqueueNotice } from '../notices/enqueue-notice.js';
import type { NoticeSink } from './notify.js';

export function enqueueNoticeSink(timeZone: string): NoticeSink {
  return async (tx, notice, opts) => {
    // A notice type the catalogue does not declare yet (coverage-reinstated) is not sent.
    if (!noticeType(notice.type)) return;
    const [h] = await tx
      .select({ accountId: households.customerAccountId, language: households.language, firstName: members.firstName, lastName: members.lastName, email: accounts.email })
      .from(households)
      .leftJoin(members, and(eq(members.householdId, households.id), eq(members.isPrimary, true)))
      .leftJoin(accounts, eq(accounts.id, households.customerAccountId))
      .where(eq(households.id, opts.householdId))
      .limit(1);
    if (!h) return;
    await enqueueNotice(tx, {
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
  };
}
