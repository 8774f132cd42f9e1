import { and, eq, inArray } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.js';
import type { Tx } from '../platform/database.js';
import { CandorError, conflict } from '../platform/errors.js';
import { applicationGaps } from './application-gaps.js';
import { lockDraft } from './application-draft.js';
import { localDay } from './dates.js';
import type { EligibilityDecision, EnrollmentEngine } from './engine.js';
import type { EnrollmentEvents } from './events.js';
import { ATTESTATION_VERSION, ATTESTATIONS } from './forms.js';
import { applicantFacts, homeAddress } from './household-facts.js';
import { applications, attestations, determinations, households, members, verifications } from './schema.js';
import type { ActingParty } from './transition-enrollment.js';
import { verificationsNeeded } from './verification-elements.js';

export interface SubmitDeps {
  engine: EnrollmentEngine;
  events: EnrollmentEvents;
  timeZone: string;
}

/**
 * Whether the person submitting must first have confirmed their identity
 * online: a customer on the website must; staff keying an application taken
 * by phone or on paper confirm identity by their own process (the
 * application's channel records which). docs/adr/0075-identity-proofing-before-online-submission.md
 */
export function identityProofingRequired(submitter: { kind: 'customer' | 'staff' }): boolean {
  return submitter.kind === 'customer';
}

/**
 * Submits a complete draft: records the attestations, opens one pending
 * verification record per data element, asks the eligibility engine for a
 * determination, stores it (superseding the household's earlier ones) and
 * raises `application-determined` for the eligibility-result notice.
 */
export async function submitApplication(
  tx: Tx,
  deps: SubmitDeps,
  input: { applicationId: string; attestedBy: string | null; actor: ActingParty; at: Date },
): Promise<{ decision: EligibilityDecision }> {
  const app = await lockDraft(tx, input.applicationId);
  const [household] = await tx.select().from(households).where(eq(households.id, app.householdId));
  const memberRows = await tx.select().from(members).where(eq(members.householdId, app.householdId));
  const address = await homeAddress(tx, app.householdId);
  const gaps = applicationGaps({ members: memberRows, hasAddress: !!address, annualIncomeCents: app.annualIncomeCents, taxHouseholdSize: app.taxHouseholdSize });
  if (gaps.length) throw new CandorError('invalid-input', 'errors.application.incomplete', { fields: gaps.map((g) => ({ field: g, messageKey: `errors.application.gap.${g}` })) });

  await tx
    .insert(attestations)
    .values(ATTESTATIONS.map((kind) => ({ applicationId: app.id, kind, version: ATTESTATION_VERSION, attestedBy: input.attestedBy, attestedAt: input.at })))
    .onConflictDoNothing();

  const needs = verificationsNeeded(memberRows.map((m) => ({ id: m.id, seekingCoverage: m.seekingCoverage, hasSsn: !!m.ssnSealed, citizenship: m.citizenship })));
  await tx
    .insert(verifications)
    .values(
      needs.map((n) => ({ applicationId: app.id, householdId: app.householdId, memberId: n.memberId, element: n.element, status: 'pending' as const, attestedAt: input.at, updatedAt: input.at })),
    )
    .onConflictDoNothing();

  const facts = await applicantFacts(tx, app.householdId);
  const decision = await deps.engine.determine(tx, {
    state: household!.state,
    planYear: app.planYear,
    applicationDay: app.receivedOn ?? localDay(input.at, deps.timeZone),
    annualIncomeCents: app.annualIncomeCents!,
    taxHouseholdSize: app.taxHouseholdSize!,
    zip: address!.zip,
    county: address!.county,
    members: facts,
  });
  const memberIds = new Set(memberRows.map((m) => m.id));
  if (decision.members.some((d) => !memberIds.has(d.memberId))) throw conflict('errors.conflict');

  await tx
    .update(determinations)
    .set({ current: false })
    .where(and(eq(determinations.householdId, app.householdId), eq(determinations.current, true)));
  if (decision.members.length) {
    await tx.insert(determinations).values(
      decision.members.map((d) => ({
        applicationId: app.id,
        householdId: app.householdId,
        memberId: d.memberId,
        planYear: app.planYear,
        outcome: d.outcome,
        fplPercent: decision.fplPercent,
        maxAptcCents: decision.maxAptcCents,
        stateAssistanceCents: decision.stateAssistanceCents,
        csrVariant: decision.csrVariant,
        reasons: d.reasons,
        determinedAt: input.at,
      })),
    );
  }
  await tx.update(applications).set({ status: 'determined', submittedAt: input.at, determinedAt: input.at, updatedAt: input.at }).where(eq(applications.id, app.id));

  const outcomes = decision.members.map((d) => ({ memberId: d.memberId, outcome: d.outcome }));
  await deps.events.emit(tx, 'application-determined', {
    applicationId: app.id,
    householdId: app.householdId,
    channel: app.channel,
    planYear: app.planYear,
    outcomes,
    maxAptcCents: decision.maxAptcCents,
    determinedAt: input.at,
  });
  const counts: Record<string, number> = {};
  for (const o of outcomes) counts[o.outcome] = (counts[o.outcome] ?? 0) + 1;
  await recordAudit(tx, {
    actor: input.actor.id,
    actorKind: input.actor.kind,
    ip: input.actor.ip,
    action: 'application.determined',
    objectType: 'application',
    objectId: app.id,
    details: { householdId: app.householdId, channel: app.channel, outcomes: counts, verifications: needs.length },
    at: input.at,
  });
  return { decision };
}

/** The household's current determinations, one per member. */
export async function currentDeterminations(tx: Tx, householdId: string) {
  return tx
    .select()
    .from(determinations)
    .where(and(eq(determinations.householdId, householdId), eq(determinations.current, true)));
}

export async function pendingVerificationsOf(tx: Tx, householdIds: string[]) {
  if (!householdIds.length) return [];
  return tx
    .select()
    .from(verifications)
    .where(and(inArray(verifications.householdId, householdIds), eq(verifications.status, 'pending')));
}
