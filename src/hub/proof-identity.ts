/**
 * Remote identity proofing through the hub, before an online application is
 * submitted. When the service cannot be used (the capability is down, the
 * link is cut, the hub fails) the outcome is `unavailable` and the person is
 * offered the other ways to apply, never a dead end.
 */
import { and, desc, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.js';
import { hmacHex } from '../platform/crypto.js';
import type { Tx } from '../platform/database.js';
import type { AppContext } from '../web/context.js';
import { identityProofingRequest } from './minimise.js';
import { identityProofings } from './schema.js';

export type ProofingOutcome = 'verified' | 'failed' | 'unavailable';

export interface ProofingInput {
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  ssn: string;
  postalCode: string;
}

/** Whose identity a check is about: name and date of birth, compared without case, accents' forms or extra spaces. */
export interface IdentitySubject {
  firstName: string;
  lastName: string;
  dateOfBirth: string;
}

/**
 * A keyed hash of a person's name and date of birth: what a proofing row
 * records of whom it proved, so that a proof counts only for that person
 * (an application's applicant), without keeping the personal data twice.
 */
export function identitySubject(dataKey: Buffer, p: IdentitySubject): string {
  const norm = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('en-US');
  return hmacHex(dataKey, `identity:${norm(p.firstName)}|${norm(p.lastName)}|${p.dateOfBirth}`);
}

export async function proofIdentity(ctx: AppContext, input: { accountId: string; person: ProofingInput; ip?: string | null }): Promise<ProofingOutcome> {
  const link = ctx.services.hub;
  const caps = ctx.services.capabilities;
  const attempt = async () => {
    const opened = await link.whileOpen(() => link.client.call('identity-proofing', identityProofingRequest({ ...input.person })));
    return opened.open ? opened.value : null;
  };
  let result: Awaited<ReturnType<typeof attempt>> = null;
  if (caps) {
    const guarded = await caps.whileAvailable(['identity-proofing'], attempt);
    result = guarded.ran ? guarded.value : null;
  } else {
    result = await attempt();
  }
  const outcome: ProofingOutcome = result?.ok ? result.response.outcome : 'unavailable';
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(identityProofings)
      .values({ accountId: input.accountId, outcome, reference: result?.ok ? result.response.reference : null, subject: identitySubject(ctx.keys.data, input.person), at: now })
      .returning({ id: identityProofings.id });
    await recordAudit(tx, {
      actor: input.accountId,
      actorKind: 'person',
      ip: input.ip,
      action: 'hub.request',
      objectType: 'identity-proofing',
      objectId: row!.id,
      outcome: result?.ok ? 'success' : 'failure',
      details: { service: 'identity-proofing', purpose: 'online-application', result: result ? (result.ok ? outcome : result.failure) : 'link-cut' },
      at: now,
    });
  });
  return outcome;
}

/** Whether a person can confirm their identity online now: the link open and `identity-proofing` available. */
export function identityProofingAvailable(ctx: AppContext): boolean {
  if (!ctx.services.hub.isOpen()) return false;
  return ctx.services.capabilities ? ctx.services.capabilities.isAvailable('identity-proofing') : true;
}

/**
 * True when the account has had the identity of this person verified (the
 * subject from identitySubject): enrollment asks it for the applicant before
 * an online submission, so proving someone else's identity does not count.
 */
export async function hasProvenIdentity(tx: Tx, accountId: string, subject: string): Promise<boolean> {
  const [last] = await tx
    .select({ outcome: identityProofings.outcome })
    .from(identityProofings)
    .where(and(eq(identityProofings.accountId, accountId), eq(identityProofings.subject, subject), eq(identityProofings.outcome, 'verified')))
    .orderBy(desc(identityProofings.at))
    .limit(1);
  return !!last;
}
