/**
 * Delivering Form 1095-A as a formal notice (docs/adr/0111-form-1095-a-delivery.md):
 * each statement version a run issues raises a `form-1095-a` notice in the
 * same transaction, and the call centre can send a household's latest
 * statements again ("I lost my 1095-A"), audited with the agent and reason.
 *
 * A person with an account who reads notices online gets it posted to their
 * notices with an email alert that holds nothing of it; anyone else gets the
 * letter. The statement never goes out in an email body: a person without
 * an account is sent the letter whatever their preference.
 */
import { sql } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.js';
import { enqueueNotices, type EnqueueNoticeInput } from '../notices/enqueue-notice.js';
import type { Channel } from '../notices/declaration.js';
import type { Db, Tx } from '../platform/database.js';
import { notFound } from '../platform/errors.js';
import type { IssuedStatement } from './build-statements.js';
import { recipientCopy } from './notices.js';

type HouseholdContact = {
  id: string;
  account_id: string | null;
  language: 'en' | 'es';
  email: string | null;
};

async function contacts(tx: Tx, householdIds: string[]): Promise<Map<string, HouseholdContact>> {
  if (!householdIds.length) return new Map();
  const { rows } = await tx.execute<HouseholdContact>(sql`
    SELECT h.id, h.customer_account_id AS account_id, h.language, a.email
      FROM households h LEFT JOIN accounts a ON a.id = h.customer_account_id
     WHERE h.id = ANY(${sql.param([...new Set(householdIds)])}::uuid[])`);
  return new Map(rows.map((r) => [r.id, r]));
}

/** The notices for statements just issued (or sent again). */
export async function statementNoticeInputs(
  tx: Tx,
  statements: readonly IssuedStatement[],
  input: { now: Date; timeZone: string; dedupe: (s: IssuedStatement) => string; channels?: Channel[] },
): Promise<EnqueueNoticeInput[]> {
  const byHousehold = await contacts(
    tx,
    statements.map((s) => s.householdId),
  );
  return statements.flatMap((s) => {
    const h = byHousehold.get(s.householdId);
    if (!h) return [];
    const c = s.content;
    const channels: Channel[] = h.account_id ? (input.channels ?? ['email', 'letter']) : ['letter'];
    return [
      {
        type: 'form-1095-a',
        recipient: {
          householdId: s.householdId,
          ...(h.account_id ? { accountId: h.account_id } : {}),
          firstName: c.recipient.firstName || 'Customer',
          lastName: c.recipient.lastName,
          language: h.language,
          ...(h.email ? { email: h.email } : {}),
          ...(c.address ? { mailingAddress: { lines: [c.address.line1, c.address.line2].filter(Boolean), city: c.address.city, state: c.address.state, zip: c.address.zip } } : {}),
        },
        data: recipientCopy(s),
        now: input.now,
        timeZone: input.timeZone,
        channels,
        dedupeKey: input.dedupe(s),
      },
    ];
  });
}

/** Raises the notice of each statement a run issued (once per statement version). */
export async function deliverIssued(tx: Tx, statements: readonly IssuedStatement[], input: { now: Date; timeZone: string }): Promise<void> {
  if (!statements.length) return;
  await enqueueNotices(tx, await statementNoticeInputs(tx, statements, { ...input, dedupe: (s) => `form-1095-a:${s.id}` }));
}

export interface HouseholdStatement {
  id: string;
  coverageYear: number;
  policyNumber: string;
  version: number;
  kind: 'original' | 'corrected' | 'void';
  issuedAt: Date;
}

/** The latest statement version of each of a household's policies, newest year first. */
export async function latestStatements(db: Db | Tx, householdId: string): Promise<HouseholdStatement[]> {
  const { rows } = await db.execute<{ id: string; coverage_year: number; policy_number: string; version: number; kind: HouseholdStatement['kind']; issued_at: Date | string }>(sql`
    SELECT DISTINCT ON (enrollment_id, coverage_year) id, coverage_year, policy_number, version, kind, issued_at
      FROM tax_statements WHERE household_id = ${householdId}
     ORDER BY enrollment_id, coverage_year, version DESC`);
  return rows
    .map((r) => ({ id: r.id, coverageYear: r.coverage_year, policyNumber: r.policy_number, version: r.version, kind: r.kind, issuedAt: new Date(r.issued_at) }))
    .sort((a, b) => b.coverageYear - a.coverageYear || a.policyNumber.localeCompare(b.policyNumber));
}

export const RESEND_REASONS = ['lost', 'not-received', 'address-changed', 'other'] as const;
export type ResendReason = (typeof RESEND_REASONS)[number];
export const RESEND_HOW = ['usual', 'letter'] as const;
export type ResendHow = (typeof RESEND_HOW)[number];

/**
 * The call centre sends a statement again: the same version, by the
 * household's usual channel or as a printed letter, and the request audited
 * (agent, reason, how). Returns the notice's message ids.
 */
export async function resendStatement(
  db: Db,
  input: { householdId: string; statementId: string; reason: ResendReason; how: ResendHow; agentId: string; now: Date; timeZone: string; ip?: string | null },
): Promise<{ messages: number }> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.execute<{ id: string; household_id: string; kind: IssuedStatement['kind']; content: IssuedStatement['content']; coverage_year: number }>(sql`
      SELECT id, household_id, kind, content, coverage_year FROM tax_statements WHERE id = ${input.statementId} AND household_id = ${input.householdId}`);
    const s = rows[0];
    if (!s) throw notFound();
    const statement: IssuedStatement = { id: s.id, householdId: s.household_id, kind: s.kind, content: s.content };
    const stamp = input.now.toISOString();
    const inputs = await statementNoticeInputs(tx, [statement], {
      now: input.now,
      timeZone: input.timeZone,
      dedupe: (x) => `form-1095-a:${x.id}:resent:${stamp}`,
      ...(input.how === 'letter' ? { channels: ['letter'] as Channel[] } : {}),
    });
    const [result] = await enqueueNotices(tx, inputs);
    await recordAudit(tx, {
      actor: input.agentId,
      actorKind: 'person',
      action: 'tax-forms.statement.resent',
      objectType: 'tax-statement',
      objectId: s.id,
      details: { householdId: s.household_id, coverageYear: s.coverage_year, kind: s.kind, reason: input.reason, how: input.how, messages: result?.messages.length ?? 0 },
      at: input.now,
      ip: input.ip ?? null,
    });
    return { messages: result?.messages.length ?? 0 };
  });
}
