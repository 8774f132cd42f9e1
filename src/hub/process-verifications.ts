/**
 * Works the hub queue in order: for each waiting request, reads the person
 * on file, sends the one service only the fields it needs, compares the
 * answer with the attestation, and records the outcome, an inconsistency
 * (with its notice) when they differ, and an audit record of the request
 * (who, why, which service, outcome: ids and codes only).
 *
 * While the link is cut nothing is sent and the requests stay queued; a hub
 * that fails leaves them queued with a back-off. Worked by the `hub-verify`
 * job (every minute, and at once when new requests arrive or the link returns).
 */
import { and, asc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { recordAudit, type ActorKind, type AuditEntry } from '../audit/record-audit.js';
import { localDay } from '../enrollment/dates.js';
import { verifications } from '../enrollment/schema.js';
import type { AppContext } from '../web/context.js';
import type { HubFailure, HubResult } from './client.js';
import { openInconsistency, resolveInconsistency } from './inconsistencies.js';
import { dhsImmigrationRequest, irsIncomeRequest, otherCoverageRequest, ssaCompositeRequest } from './minimise.js';
import { loadSubjects, subjectKey, type Subject } from './people.js';
import type { HubService } from './protocol.js';
import { evaluate, withoutSsn, type Element, type Evaluation } from './rules.js';
import { inconsistencies, verificationQueue } from './schema.js';

const SOURCE: Record<HubService, string> = { 'ssa-composite': 'ssa', 'dhs-immigration': 'dhs', 'irs-income': 'irs', 'other-coverage': 'mec', 'identity-proofing': 'idp' };
/** A request whose answers cannot be read is given up after this many tries (the person is then asked for documents). */
const MAX_UNREADABLE_ATTEMPTS = 5;

function backoffMs(attempts: number): number {
  return Math.min(60 * 60_000, 5_000 * 2 ** Math.min(attempts, 10));
}

function call(ctx: AppContext, element: Element, subject: Subject): Promise<HubResult<HubService>> {
  const client = ctx.services.hub.client;
  const p = subject.person;
  switch (element) {
    case 'ssn':
    case 'death':
      return client.call('ssa-composite', ssaCompositeRequest(p, { citizenship: false, incarceration: false }));
    case 'citizenship':
      return client.call('ssa-composite', ssaCompositeRequest(p, { citizenship: true, incarceration: false }));
    case 'incarceration':
      return client.call('ssa-composite', ssaCompositeRequest(p, { citizenship: false, incarceration: true }));
    case 'immigration':
      return client.call('dhs-immigration', dhsImmigrationRequest(p));
    case 'income':
      // The latest return filed before the plan year's open enrollment.
      return client.call('irs-income', irsIncomeRequest(p, subject.planYear - 2));
    case 'other-coverage':
      return client.call('other-coverage', otherCoverageRequest(p));
    default:
      throw new Error(`no hub service checks ${element}`);
  }
}

type Row = typeof verificationQueue.$inferSelect & { memberId: string | null };
type Outcome = { row: Row; result: HubResult<HubService> | null; evaluation?: Evaluation };

export interface DrainResult {
  verified: number;
  inconsistent: number;
  /** Requests left queued after a failure (retried later). */
  deferred: number;
  /** True when the link was cut: nothing was sent. */
  cut: boolean;
  /** True when due requests may remain (the batch was full). */
  more: boolean;
}

/** One batch: claims up to `batchSize` due requests in order, calls the hub `concurrency` at a time, records everything in one transaction. */
export async function processVerifications(ctx: AppContext, opts: { batchSize?: number; concurrency?: number } = {}): Promise<DrainResult> {
  const batchSize = opts.batchSize ?? 100;
  const concurrency = opts.concurrency ?? 16;
  const link = ctx.services.hub;
  const out: DrainResult = { verified: 0, inconsistent: 0, deferred: 0, cut: false, more: false };
  if (!link.isOpen()) return { ...out, cut: true };
  const now = ctx.clock.now();
  const today = localDay(now, ctx.profile.timeZone);

  await ctx.db.transaction(async (tx) => {
    const rows: Row[] = await tx
      .select({ ...getColumns(), memberId: verifications.memberId })
      .from(verificationQueue)
      .innerJoin(verifications, eq(verifications.id, verificationQueue.verificationId))
      .where(and(eq(verificationQueue.status, 'queued'), or(isNull(verificationQueue.notBefore), lte(verificationQueue.notBefore, now))))
      .orderBy(asc(verificationQueue.seq))
      .limit(batchSize)
      .for('update', { of: verificationQueue, skipLocked: true });
    if (!rows.length) return;
    out.more = rows.length === batchSize;
    const subjects = await loadSubjects(tx, link.keyring, rows);

    const outcomes: Outcome[] = [];
    for (let i = 0; i < rows.length && !out.cut; i += concurrency) {
      const chunk = rows.slice(i, i + concurrency);
      const guarded = await link.whileOpen(() =>
        Promise.all(
          chunk.map(async (row): Promise<Outcome> => {
            const subject = subjects.get(subjectKey(row));
            if (!subject) return { row, result: null };
            // No SSN, no SSN-keyed source to ask: decided without a call (and nothing is sent).
            const noSsn = subject.person.ssn ? null : withoutSsn(row.element as Element);
            if (noSsn) return { row, result: null, evaluation: noSsn };
            const result = await call(ctx, row.element as Element, subject);
            return { row, result, evaluation: result.ok ? evaluate(row.element as Element, subject.attested, result.response) : undefined };
          }),
        ),
      );
      if (!guarded.open) {
        out.cut = true;
        break;
      }
      for (const o of guarded.value) {
        if (o.result && !o.result.ok && o.result.failure === 'link-cut') out.cut = true;
        outcomes.push(o);
      }
    }

    // Records, late in the transaction (the audit chain serialises its appends).
    const audits: AuditEntry[] = [];
    const verifiedBySource: Record<string, Row[]> = {};
    for (const { row, result, evaluation } of outcomes) {
      const failure: HubFailure | 'no-subject' | null = evaluation ? null : !result ? 'no-subject' : result.ok ? null : result.failure;
      if (failure === 'link-cut' || failure === 'circuit-open') continue; // nothing was sent: the request waits, untouched
      const attempts = row.attempts + 1;
      if (failure !== 'no-subject' && result) {
        audits.push({
          actor: row.requestedBy,
          actorKind: row.requestedByKind as ActorKind,
          action: 'hub.request',
          objectType: 'verification',
          objectId: row.verificationId,
          outcome: failure ? 'failure' : 'success',
          details: { service: row.service, purpose: row.purpose, element: row.element, result: failure ?? evaluation!.outcome, applicationId: row.applicationId, requestId: row.id },
          at: now,
        });
      }
      if (evaluation) {
        // Who answered: the hub's source, or the attestation itself (null when no one could).
        const source = result ? SOURCE[row.service as HubService] : evaluation.outcome === 'verified' ? 'attestation' : null;
        if (evaluation.outcome === 'verified') {
          // Written together below: the common case, one statement per table for the batch.
          (verifiedBySource[source ?? 'attestation'] ??= []).push(row);
          out.verified++;
          continue;
        } else {
          await tx.update(verifications).set({ source, updatedAt: now }).where(eq(verifications.id, row.verificationId));
          await openInconsistency(tx, {
            verification: { id: row.verificationId, applicationId: row.applicationId, householdId: row.householdId, memberId: row.memberId, element: row.element },
            reason: evaluation.reason,
            today,
            now,
          });
          out.inconsistent++;
        }
        await tx.update(verificationQueue).set({ status: 'done', attempts, completedAt: now, outcome: evaluation.outcome, lastFailure: null }).where(eq(verificationQueue.id, row.id));
      } else if (failure === 'bad-response' || failure === 'no-subject') {
        const giveUp = failure === 'no-subject' || attempts >= MAX_UNREADABLE_ATTEMPTS;
        await tx
          .update(verificationQueue)
          .set(giveUp ? { status: 'failed', attempts, lastFailure: failure, completedAt: now } : { attempts, lastFailure: failure, notBefore: new Date(now.getTime() + backoffMs(attempts)) })
          .where(eq(verificationQueue.id, row.id));
        if (giveUp) {
          await openInconsistency(tx, {
            verification: { id: row.verificationId, applicationId: row.applicationId, householdId: row.householdId, memberId: row.memberId, element: row.element },
            reason: 'hub-unavailable',
            today,
            now,
          });
        }
        out.deferred++;
      } else {
        await tx
          .update(verificationQueue)
          .set({ attempts, lastFailure: failure, notBefore: new Date(now.getTime() + backoffMs(attempts)) })
          .where(eq(verificationQueue.id, row.id));
        out.deferred++;
      }
    }
    const verifiedRows = Object.values(verifiedBySource).flat();
    if (verifiedRows.length) {
      const open = await tx
        .select({ id: inconsistencies.id })
        .from(inconsistencies)
        .where(
          and(
            inArray(
              inconsistencies.verificationId,
              verifiedRows.map((r) => r.verificationId),
            ),
            eq(inconsistencies.status, 'open'),
          ),
        );
      for (const inc of open) await resolveInconsistency(tx, { inconsistencyId: inc.id, outcome: 'hub-verified', by: null, now });
      for (const [source, rowsOfSource] of Object.entries(verifiedBySource)) {
        await tx
          .update(verifications)
          .set({ status: 'verified', source, updatedAt: now })
          .where(
            and(
              inArray(
                verifications.id,
                rowsOfSource.map((r) => r.verificationId),
              ),
              inArray(verifications.status, ['pending', 'inconsistent', 'verified']),
            ),
          );
      }
      await tx
        .update(verificationQueue)
        .set({ status: 'done', attempts: sql`${verificationQueue.attempts} + 1`, completedAt: now, outcome: 'verified', lastFailure: null })
        .where(
          inArray(
            verificationQueue.id,
            verifiedRows.map((r) => r.id),
          ),
        );
    }
    for (const entry of audits) await recordAudit(tx, entry);
  });
  return out;
}

function getColumns() {
  const { id, seq, verificationId, applicationId, householdId, element, service, purpose, requestedBy, requestedByKind, status, attempts, lastFailure, notBefore, enqueuedAt, completedAt, outcome } =
    verificationQueue;
  return { id, seq, verificationId, applicationId, householdId, element, service, purpose, requestedBy, requestedByKind, status, attempts, lastFailure, notBefore, enqueuedAt, completedAt, outcome };
}

/** Works batches until none is due, the link is cut, or `budgetMs` has passed. */
export async function drainQueue(ctx: AppContext, opts: { budgetMs?: number; batchSize?: number; concurrency?: number } = {}): Promise<DrainResult> {
  const started = Date.now();
  const total: DrainResult = { verified: 0, inconsistent: 0, deferred: 0, cut: false, more: false };
  for (;;) {
    const r = await processVerifications(ctx, opts);
    total.verified += r.verified;
    total.inconsistent += r.inconsistent;
    total.deferred += r.deferred;
    total.cut = r.cut;
    total.more = r.more;
    // A batch that deferred everything means the hub is failing: stop and let the back-off work.
    if (r.cut || !r.more || (r.deferred > 0 && r.verified + r.inconsistent === 0) || Date.now() - started > (opts.budgetMs ?? 50_000)) return total;
  }
}
