import { and, desc, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.js';
import type { Tx } from '../platform/database.js';
import { conflict } from '../platform/errors.js';
import { newCaseNumber } from './identifiers.js';
import { applications, households, type Channel } from './schema.js';
import type { ActingParty } from './transition-enrollment.js';

export interface StartApplicationInput {
  channel: Channel;
  planYear: number;
  /** The household applying; omitted for a new household. */
  householdId?: string;
  /** For a customer applying online: their account (their household is found or created). */
  customerAccountId?: string;
  state: string;
  language?: 'en' | 'es';
  /** The day a paper application arrived (YYYY-MM-DD). */
  receivedOn?: string;
  actor: ActingParty;
  at: Date;
}

/**
 * Opens an application for a household, creating the household when it is
 * new. A customer who already has a draft resumes it instead of starting a
 * second one.
 */
export async function startApplication(tx: Tx, input: StartApplicationInput): Promise<{ applicationId: string; householdId: string; resumed: boolean }> {
  let householdId = input.householdId;
  if (!householdId && input.customerAccountId) {
    const [own] = await tx.select({ id: households.id }).from(households).where(eq(households.customerAccountId, input.customerAccountId)).for('update');
    householdId = own?.id;
  }
  if (householdId) {
    const [draft] = await tx
      .select({ id: applications.id })
      .from(applications)
      .where(and(eq(applications.householdId, householdId), eq(applications.status, 'draft')))
      .orderBy(desc(applications.createdAt))
      .limit(1);
    if (draft) return { applicationId: draft.id, householdId, resumed: true };
  } else {
    const [created] = await tx
      .insert(households)
      .values({ customerAccountId: input.customerAccountId ?? null, caseNumber: newCaseNumber(), state: input.state, language: input.language ?? 'en', createdAt: input.at, updatedAt: input.at })
      .onConflictDoNothing()
      .returning({ id: households.id });
    if (!created) throw conflict('errors.conflict');
    householdId = created.id;
  }
  const enteredBy = input.actor.kind === 'person' ? input.actor.id : null;
  const [app] = await tx
    .insert(applications)
    .values({
      householdId,
      planYear: input.planYear,
      channel: input.channel,
      enteredBy,
      receivedOn: input.channel === 'paper' ? (input.receivedOn ?? null) : null,
      createdAt: input.at,
      updatedAt: input.at,
    })
    .returning({ id: applications.id });
  await recordAudit(tx, {
    actor: input.actor.id,
    actorKind: input.actor.kind,
    ip: input.actor.ip,
    action: 'application.started',
    objectType: 'application',
    objectId: app!.id,
    details: { householdId, channel: input.channel, planYear: input.planYear },
    at: input.at,
  });
  return { applicationId: app!.id, householdId, resumed: false };
}
