/**
 * The eligibility-result notice (with appeal rights: the notice type's formal
 * parts), raised in the transaction that stored the determination.
 */
import { eq } from 'drizzle-orm';
import { accounts } from '../accounts/schema.js';
import { enqueueNotice } from '../notices/enqueue-notice.js';
import type { Tx } from '../platform/database.js';
import type { StateProfile } from '../states/profile.js';
import { localDay } from './dates.js';
import { openEnrollmentAround, type OpenEnrollmentRule } from '../states/calendar.js';
import { estimatesFor } from '../plan-years/plan-year-tables.js';
import { enrollmentWindow } from './enrollment-periods.js';
import type { EnrollmentEventMap } from './events.js';
import { homeAddress } from './household-facts.js';
import { households, members, specialEnrollmentPeriods, type DeterminationOutcome } from './schema.js';

export type NoticeOutcome = 'qualified-with-help' | 'qualified-full-price' | 'medicaid-referral' | 'not-eligible';

/** The household's result in the notice's words: the best any member got. */
export function noticeOutcome(outcomes: DeterminationOutcome[]): NoticeOutcome {
  if (outcomes.includes('qhp-aptc')) return 'qualified-with-help';
  if (outcomes.includes('qhp')) return 'qualified-full-price';
  if (outcomes.some((o) => o === 'medicaid' || o === 'chip')) return 'medicaid-referral';
  return 'not-eligible';
}

/**
 * By when to choose a plan and when coverage would start: the open
 * enrollment deadline for January 1 (or its end), a special period's end,
 * or else the next open enrollment.
 */
export function enrollBy(rule: OpenEnrollmentRule, seps: Parameters<typeof enrollmentWindow>[1], today: string): { enrollBy: string; coverageStart: string } {
  const openEnrollment = openEnrollmentAround(rule, today);
  const w = enrollmentWindow(rule, seps, today);
  if (w.open && w.kind === 'open-enrollment') {
    const oe = openEnrollment[w.planYear]!;
    return { enrollBy: today <= oe.januaryFirstDeadline ? oe.januaryFirstDeadline : oe.end, coverageStart: w.coverageStart };
  }
  if (w.open && w.kind === 'special') return { enrollBy: seps.find((s) => s.id === w.sepId)!.windowEndsOn, coverageStart: w.coverageStart };
  const next = Object.entries(openEnrollment)
    .filter(([, oe]) => oe.start > today)
    .sort(([, a], [, b]) => a.start.localeCompare(b.start))[0];
  if (next) return { enrollBy: next[1].januaryFirstDeadline, coverageStart: `${next[0]}-01-01` };
  return { enrollBy: today, coverageStart: today };
}

export async function raiseEligibilityNotice(tx: Tx, profile: Pick<StateProfile, 'openEnrollment' | 'timeZone'>, e: EnrollmentEventMap['application-determined']): Promise<void> {
  const [household] = await tx.select().from(households).where(eq(households.id, e.householdId));
  if (!household) return;
  const [primary] = await tx.select().from(members).where(eq(members.householdId, e.householdId)).orderBy(members.createdAt);
  const people = await tx.select().from(members).where(eq(members.householdId, e.householdId));
  const main = people.find((p) => p.isPrimary) ?? primary;
  const account = household.customerAccountId ? (await tx.select({ email: accounts.email }).from(accounts).where(eq(accounts.id, household.customerAccountId)))[0] : undefined;
  const address = await homeAddress(tx, e.householdId);
  const seps = await tx.select().from(specialEnrollmentPeriods).where(eq(specialEnrollmentPeriods.householdId, e.householdId));
  const today = localDay(e.determinedAt, profile.timeZone);
  const when = enrollBy(
    profile.openEnrollment,
    seps.map((s) => ({ id: s.id, event: s.event, eventDate: s.eventDate, windowEndsOn: s.windowEndsOn, used: s.usedByEnrollmentId !== null })),
    today,
  );
  await enqueueNotice(tx, {
    type: 'eligibility-result',
    recipient: {
      householdId: e.householdId,
      accountId: household.customerAccountId ?? undefined,
      firstName: main?.firstName,
      lastName: main?.lastName,
      language: household.language,
      ...(account ? { email: account.email } : {}),
      ...(address ? { mailingAddress: { lines: [address.line1, address.line2].filter(Boolean), city: address.city, state: address.state, zip: address.zip } } : {}),
    },
    data: {
      decidedOn: today,
      outcome: noticeOutcome(e.outcomes.map((o) => o.outcome)),
      monthlyCreditCents: e.maxAptcCents,
      enrollBy: when.enrollBy,
      coverageStart: when.coverageStart,
      ...(e.maxAptcCents > 0 && (await estimatesFor(tx, e.planYear, household.state)).length ? { estimate: true } : {}),
    },
    now: e.determinedAt,
    timeZone: profile.timeZone,
    dedupeKey: `eligibility-result:${e.applicationId}`,
  });
}
