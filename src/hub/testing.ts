/**
 * Test and benchmark factories for the hub link: submitted applications of
 * synthetic people (real rows, SSNs sealed with the keyring), with their
 * verification records pending, as enrollment leaves them at submission.
 */
import { and, eq } from 'drizzle-orm';
import { verificationsNeeded } from '../enrollment/verification-elements.js';
import type { AppContext } from '../web/context.js';
import { drainQueue } from './process-verifications.js';
import { queueVerifications } from './queue-verifications.js';
import { verificationQueue } from './schema.js';
import { applications, households, members, verifications } from '../enrollment/schema.js';
import { newCaseNumber } from '../enrollment/identifiers.js';
import type { Db, Tx } from '../platform/database.js';
import type { Keyring } from './keyring.js';
import { FIXTURE_PEOPLE, type SyntheticPerson } from './standin/population.js';
import type { Client } from '../enrollment/test-client.js';

export interface SeededApplication {
  householdId: string;
  applicationId: string;
  memberId: string;
  verifications: number;
}

/** One household per person, its application submitted with the attested facts below; verifications pending. */
export async function seedApplications(
  db: Db | Tx,
  keyring: Keyring,
  people: ReadonlyArray<SyntheticPerson & { attestedIncomeCents?: number; customerAccountId?: string }>,
  opts: { at: Date; planYear?: number },
): Promise<SeededApplication[]> {
  const out: SeededApplication[] = [];
  for (const p of people) {
    const [household] = await db
      .insert(households)
      .values({ customerAccountId: p.customerAccountId ?? null, caseNumber: newCaseNumber(), state: 'VT' })
      .returning({ id: households.id });
    const [member] = await db
      .insert(members)
      .values({
        householdId: household!.id,
        isPrimary: true,
        firstName: p.firstName,
        lastName: p.lastName,
        dateOfBirth: p.dateOfBirth,
        ssnSealed: keyring.seal(p.ssn),
        ssnHash: keyring.lookupHash(`ssn:${p.ssn}`),
        ssnLast4: p.ssn.slice(5),
        citizenship: p.immigration ? 'lawfully-present' : 'citizen',
        immigrationDocumentType: p.immigration?.documentType ?? null,
        immigrationDocumentSealed: p.immigration ? keyring.seal(`${p.immigration.documentType}:${p.immigration.documentNumber}`) : null,
      })
      .returning({ id: members.id });
    const [application] = await db
      .insert(applications)
      .values({
        householdId: household!.id,
        planYear: opts.planYear ?? 2026,
        channel: 'online',
        status: 'determined',
        step: 'done',
        enteredBy: p.customerAccountId ?? null,
        annualIncomeCents: p.attestedIncomeCents ?? p.annualIncomeCents ?? 3_000_000,
        taxHouseholdSize: 1,
        submittedAt: opts.at,
        determinedAt: opts.at,
      })
      .returning({ id: applications.id });
    const needs = verificationsNeeded([{ id: member!.id, seekingCoverage: true, hasSsn: true, citizenship: p.immigration ? 'lawfully-present' : 'citizen' }]);
    await db.insert(verifications).values(
      needs.map((n) => ({
        applicationId: application!.id,
        householdId: household!.id,
        memberId: n.memberId,
        element: n.element,
        status: 'pending' as const,
        attestedAt: opts.at,
        updatedAt: opts.at,
      })),
    );
    out.push({ householdId: household!.id, applicationId: application!.id, memberId: member!.id, verifications: needs.length });
  }
  return out;
}

/**
 * Queues an application's verifications and works them until none waits
 * (for tests: a worker may take some, and a stale status cache counts as a cut link
 * until it refreshes, so this retries instead of trusting one pass).
 */
export async function verifyNow(ctx: AppContext, applicationId: string, timeoutMs = 60_000): Promise<void> {
  await queueVerifications(ctx.db, { now: ctx.clock.now(), applicationId });
  const until = Date.now() + timeoutMs;
  for (;;) {
    await drainQueue(ctx);
    const waiting = await ctx.db
      .select({ id: verificationQueue.id })
      .from(verificationQueue)
      .where(and(eq(verificationQueue.applicationId, applicationId), eq(verificationQueue.status, 'queued')));
    if (waiting.length === 0) return;
    if (Date.now() > until) {
      const rows = await ctx.db
        .select({ lastFailure: verificationQueue.lastFailure, attempts: verificationQueue.attempts })
        .from(verificationQueue)
        .where(eq(verificationQueue.applicationId, applicationId));
      throw new Error(`verifications still queued (link open: ${ctx.services.hub.isOpen()}; ${JSON.stringify(rows)})`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Confirms the signed-in customer's identity through the real page and the
 * stand-in hub: as the applicant of an application (`{ applicationId }`, what
 * lets that application be submitted online), or as a synthetic person typed
 * in full (Ana Rivera by default). Throws if it did not verify.
 */
export async function proveIdentity(client: Client, person: SyntheticPerson | { applicationId: string; ssn?: string } = FIXTURE_PEOPLE[0]!): Promise<void> {
  // An application's applicant (their answers on file), or a person typed in full.
  const form: Record<string, string> =
    'applicationId' in person
      ? { application: person.applicationId, ...(person.ssn ? { ssn: person.ssn } : {}) }
      : { firstName: person.firstName, lastName: person.lastName, dateOfBirth: person.dateOfBirth, ssn: person.ssn, postalCode: person.postalCode };
  // A status cache a second stale counts as unavailable (503) until it refreshes: try again for a while.
  for (let attempt = 0; ; attempt++) {
    const res = await client.post('/identity-proofing', form, '/identity-proofing');
    if (res.status === 200 && res.body.includes('usa-alert--success')) return;
    if (res.status !== 503 || attempt >= 50) throw new Error(`identity proofing did not verify (${res.status})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
