/**
 * Reads, just before a hub call, what the exchange knows of the people on
 * the queued verifications, opening sealed SSNs and document numbers. The
 * result lives only for the call; it is never stored, logged or queued.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../platform/database.js';
import { applications, members } from '../enrollment/schema.js';
import type { Keyring } from './keyring.js';
import type { PersonOnFile } from './minimise.js';
import type { Attested } from './rules.js';

export interface Subject {
  person: PersonOnFile;
  attested: Attested;
  planYear: number;
}

/**
 * The subject of each (application, member) pair: the member, or for a
 * household element (member null, e.g. income) the primary applicant.
 */
export async function loadSubjects(tx: Tx, keyring: Keyring, wanted: ReadonlyArray<{ applicationId: string; householdId: string; memberId: string | null }>): Promise<Map<string, Subject>> {
  const out = new Map<string, Subject>();
  if (!wanted.length) return out;
  const householdIds = [...new Set(wanted.map((w) => w.householdId))];
  const applicationIds = [...new Set(wanted.map((w) => w.applicationId))];
  const [memberRows, appRows] = await Promise.all([
    tx.select().from(members).where(inArray(members.householdId, householdIds)),
    tx.select({ id: applications.id, planYear: applications.planYear, income: applications.annualIncomeCents }).from(applications).where(inArray(applications.id, applicationIds)),
  ]);
  const apps = new Map(appRows.map((a) => [a.id, a]));
  for (const w of wanted) {
    const key = subjectKey(w);
    if (out.has(key)) continue;
    const member = w.memberId ? memberRows.find((m) => m.id === w.memberId) : memberRows.find((m) => m.householdId === w.householdId && m.isPrimary);
    const app = apps.get(w.applicationId);
    if (!member || !app) continue;
    const ssn = member.ssnSealed ? await keyring.open(member.ssnSealed) : null;
    let immigrationDocument: PersonOnFile['immigrationDocument'] = null;
    if (member.immigrationDocumentSealed) {
      const opened = await keyring.open(member.immigrationDocumentSealed);
      const colon = opened.indexOf(':');
      immigrationDocument = colon > 0 ? { type: opened.slice(0, colon), number: opened.slice(colon + 1) } : { type: member.immigrationDocumentType ?? '', number: opened };
    }
    out.set(key, {
      person: { firstName: member.firstName, lastName: member.lastName, dateOfBirth: member.dateOfBirth, ssn, immigrationDocument, attestedCitizen: member.citizenship === 'citizen' },
      attested: {
        citizen: member.citizenship === 'citizen',
        lawfullyPresent: member.citizenship === 'lawfully-present',
        incarcerated: member.incarcerated,
        otherCoverage: member.otherCoverage,
        annualIncomeCents: app.income,
      },
      planYear: app.planYear,
    });
  }
  return out;
}

export function subjectKey(w: { applicationId: string; memberId: string | null }): string {
  return `${w.applicationId}:${w.memberId ?? 'household'}`;
}

/** The primary applicant of a household (for household-level elements). */
export async function primaryMemberId(tx: Tx, householdId: string): Promise<string | null> {
  const [row] = await tx
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.householdId, householdId), eq(members.isPrimary, true)));
  return row?.id ?? null;
}
