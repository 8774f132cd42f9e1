import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.js';
import type { Tx } from '../platform/database.js';
import { hmacHex, seal } from '../platform/crypto.js';
import { conflict, notFound } from '../platform/errors.js';
import { lockDraft, markStep } from './application-draft.js';
import type { PersonInput } from './forms.js';
import { enrollmentMembers, members, relationships } from './schema.js';
import type { ActingParty } from './transition-enrollment.js';

/** The keyed hash an SSN is found by; the same nine digits always give the same hash under one key. */
export function ssnLookupHash(dataKey: Buffer, ssnDigits: string): string {
  return hmacHex(dataKey, `ssn:${ssnDigits}`);
}

/**
 * Adds a person to the application's household, or updates one (`memberId`).
 * The first person added is the primary applicant. An SSN left blank on an
 * update keeps the one on file.
 */
export async function saveMember(
  tx: Tx,
  input: {
    applicationId: string;
    memberId?: string;
    person: PersonInput;
    /** The configuration's data key: the SSN's lookup hash, and the seal when no keyring is given. */
    dataKey: Buffer;
    /** Seals a value at rest (the hub's envelope keyring when it runs); default: sealed with `dataKey`. */
    sealValue?: (plaintext: string) => string;
    actor: ActingParty;
    at: Date;
  },
): Promise<{ memberId: string }> {
  const app = await lockDraft(tx, input.applicationId);
  const existing = await tx.select().from(members).where(eq(members.householdId, app.householdId));
  const primary = existing.find((m) => m.isPrimary);
  const p = input.person;
  const sealValue = input.sealValue ?? ((v: string) => seal(input.dataKey, v));
  const ssnFields = p.ssn ? { ssnSealed: sealValue(p.ssn), ssnHash: ssnLookupHash(input.dataKey, p.ssn), ssnLast4: p.ssn.slice(5) } : {};
  const immigration =
    p.citizenship === 'lawfully-present'
      ? { immigrationDocumentType: p.immigrationDocumentType, immigrationDocumentSealed: sealValue(`${p.immigrationDocumentType}:${p.immigrationDocumentNumber}`) }
      : { immigrationDocumentType: null, immigrationDocumentSealed: null };
  const fields = {
    firstName: p.firstName,
    lastName: p.lastName,
    dateOfBirth: p.dateOfBirth,
    sex: p.sex,
    seekingCoverage: p.seekingCoverage,
    citizenship: p.citizenship,
    taxFiling: p.taxFiling,
    pregnant: p.pregnant,
    americanIndianAlaskaNative: p.americanIndianAlaskaNative,
    incarcerated: p.incarcerated,
    otherCoverage: p.otherCoverage,
    tobaccoUse: p.tobaccoUse,
    ...immigration,
    ...ssnFields,
  };
  let memberId: string;
  let isPrimary: boolean;
  if (input.memberId) {
    const current = existing.find((m) => m.id === input.memberId);
    if (!current) throw notFound();
    await tx.update(members).set(fields).where(eq(members.id, current.id));
    memberId = current.id;
    isPrimary = current.isPrimary;
  } else {
    if (existing.length >= 12) throw conflict('errors.person.tooMany');
    isPrimary = !primary;
    const [row] = await tx
      .insert(members)
      .values({ householdId: app.householdId, isPrimary, createdAt: input.at, ...fields })
      .returning({ id: members.id });
    memberId = row!.id;
  }
  if (!isPrimary && primary && p.relationship) {
    await tx
      .insert(relationships)
      .values({ householdId: app.householdId, memberId, relatedToId: primary.id, kind: p.relationship })
      .onConflictDoUpdate({ target: [relationships.memberId, relationships.relatedToId], set: { kind: p.relationship } });
  }
  await markStep(tx, app, 'people', input.at);
  await recordAudit(tx, {
    actor: input.actor.id,
    actorKind: input.actor.kind,
    ip: input.actor.ip,
    action: input.memberId ? 'application.member-updated' : 'application.member-added',
    objectType: 'application',
    objectId: app.id,
    details: { householdId: app.householdId, memberId },
    at: input.at,
  });
  return { memberId };
}

/** Removes a person who is not the primary applicant and is not covered by an enrollment. */
export async function removeMember(tx: Tx, input: { applicationId: string; memberId: string; actor: ActingParty; at: Date }): Promise<void> {
  const app = await lockDraft(tx, input.applicationId);
  const [member] = await tx
    .select()
    .from(members)
    .where(and(eq(members.id, input.memberId), eq(members.householdId, app.householdId)));
  if (!member) throw notFound();
  if (member.isPrimary) throw conflict('errors.person.removePrimary');
  const covered = await tx.select({ id: enrollmentMembers.enrollmentId }).from(enrollmentMembers).where(eq(enrollmentMembers.memberId, member.id)).limit(1);
  if (covered.length) throw conflict('errors.person.removeEnrolled');
  await tx.delete(members).where(eq(members.id, member.id));
  await recordAudit(tx, {
    actor: input.actor.id,
    actorKind: input.actor.kind,
    ip: input.actor.ip,
    action: 'application.member-removed',
    objectType: 'application',
    objectId: app.id,
    details: { householdId: app.householdId, memberId: member.id },
    at: input.at,
  });
}
