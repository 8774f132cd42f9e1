import { eq } from 'drizzle-orm';
import type { Tx } from '../platform/database.js';
import type { ApplicantFacts } from './engine.js';
import { addresses, members, relationships } from './schema.js';

/** The household's members as the engines see them, primary first. */
export async function applicantFacts(tx: Tx, householdId: string): Promise<ApplicantFacts[]> {
  const rows = await tx.select().from(members).where(eq(members.householdId, householdId)).orderBy(members.createdAt, members.id);
  const rels = await tx.select().from(relationships).where(eq(relationships.householdId, householdId));
  const primary = rows.find((m) => m.isPrimary);
  const facts = rows.map<ApplicantFacts>((m) => ({
    id: m.id,
    isPrimary: m.isPrimary,
    dateOfBirth: m.dateOfBirth,
    relationship: m.isPrimary ? 'self' : (rels.find((r) => r.memberId === m.id && r.relatedToId === primary?.id)?.kind ?? 'other'),
    seekingCoverage: m.seekingCoverage,
    pregnant: m.pregnant,
    americanIndianAlaskaNative: m.americanIndianAlaskaNative,
    citizenship: m.citizenship,
    incarcerated: m.incarcerated,
    otherCoverage: m.otherCoverage,
    tobaccoUse: m.tobaccoUse,
    taxFiling: m.taxFiling,
  }));
  return facts.sort((a, b) => Number(b.isPrimary) - Number(a.isPrimary));
}

export async function homeAddress(tx: Tx, householdId: string) {
  const rows = await tx.select().from(addresses).where(eq(addresses.householdId, householdId));
  return rows.find((a) => a.kind === 'home') ?? null;
}
