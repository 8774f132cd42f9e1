import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.js';
import type { Tx } from '../platform/database.js';
import { lockDraft, markStep } from './application-draft.js';
import { applications } from './schema.js';
import type { ActingParty } from './transition-enrollment.js';

/** Records the household's expected income; the amount goes nowhere but this row (never to the audit trail). */
export async function saveIncome(tx: Tx, input: { applicationId: string; annualIncomeCents: number; taxHouseholdSize: number; actor: ActingParty; at: Date }): Promise<void> {
  const app = await lockDraft(tx, input.applicationId);
  await tx.update(applications).set({ annualIncomeCents: input.annualIncomeCents, taxHouseholdSize: input.taxHouseholdSize, updatedAt: input.at }).where(eq(applications.id, app.id));
  await markStep(tx, app, 'income', input.at);
  await recordAudit(tx, {
    actor: input.actor.id,
    actorKind: input.actor.kind,
    ip: input.actor.ip,
    action: 'application.income-saved',
    objectType: 'application',
    objectId: app.id,
    details: { householdId: app.householdId },
    at: input.at,
  });
}
