/**
 * A household decided for one plan year continues into a later one by
 * reviewing its answers, not retyping them (issue 12, item 3): members and
 * address belong to the household already; the income and tax-household
 * size are copied from its latest decided application into a draft for the
 * new year, left at the review step, where the person checks them (the
 * expected income is for the new year) and signs again.
 */
import { and, desc, eq, lt } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.js';
import type { Tx } from '../platform/database.js';
import { conflict } from '../platform/errors.js';
import { applications, type Channel } from './schema.js';
import type { ActingParty } from './transition-enrollment.js';

export interface ContinueInput {
  householdId: string;
  planYear: number;
  channel: Channel;
  actor: ActingParty;
  at: Date;
}

/** The household's latest decided application of an earlier plan year, if any: what a new year's draft is filled from. */
export async function earlierDecidedApplication(tx: Tx, householdId: string, planYear: number) {
  const [row] = await tx
    .select()
    .from(applications)
    .where(and(eq(applications.householdId, householdId), eq(applications.status, 'determined'), lt(applications.planYear, planYear)))
    .orderBy(desc(applications.planYear), desc(applications.determinedAt))
    .limit(1);
  return row ?? null;
}

/**
 * The household's draft for `planYear`, filled from its latest decided
 * application of an earlier year and left at the review step. A draft the
 * household already has is reused (moved to that year, its own answers kept).
 */
export async function continueIntoPlanYear(tx: Tx, input: ContinueInput): Promise<{ applicationId: string; from: string | null }> {
  const from = await earlierDecidedApplication(tx, input.householdId, input.planYear);
  const [draft] = await tx
    .select()
    .from(applications)
    .where(and(eq(applications.householdId, input.householdId), eq(applications.status, 'draft')))
    .orderBy(desc(applications.createdAt))
    .limit(1)
    .for('update');
  let applicationId: string;
  if (draft) {
    if (draft.planYear > input.planYear) throw conflict('errors.conflict');
    await tx
      .update(applications)
      .set({
        planYear: input.planYear,
        annualIncomeCents: draft.annualIncomeCents ?? from?.annualIncomeCents ?? null,
        taxHouseholdSize: draft.taxHouseholdSize ?? from?.taxHouseholdSize ?? null,
        step: from ? 'review' : draft.step,
        updatedAt: input.at,
      })
      .where(eq(applications.id, draft.id));
    applicationId = draft.id;
  } else {
    const [created] = await tx
      .insert(applications)
      .values({
        householdId: input.householdId,
        planYear: input.planYear,
        channel: input.channel,
        enteredBy: input.actor.kind === 'person' ? input.actor.id : null,
        annualIncomeCents: from?.annualIncomeCents ?? null,
        taxHouseholdSize: from?.taxHouseholdSize ?? null,
        step: from ? 'review' : 'people',
        createdAt: input.at,
        updatedAt: input.at,
      })
      .returning({ id: applications.id });
    applicationId = created!.id;
  }
  await recordAudit(tx, {
    actor: input.actor.id,
    actorKind: input.actor.kind,
    ip: input.actor.ip,
    action: 'application.continued',
    objectType: 'application',
    objectId: applicationId,
    details: { householdId: input.householdId, planYear: input.planYear, from: from?.id ?? null },
    at: input.at,
  });
  return { applicationId, from: from?.id ?? null };
}
