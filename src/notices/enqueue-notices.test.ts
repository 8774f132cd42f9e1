/**
 * The set-based enqueue against the single call: for generated inputs (people
 * found by household, account or recipient id, contact changes, reminders
 * opt-outs, electronic delivery and texts, repeated and pre-existing dedupe
 * keys, bad data), one enqueueNotices call writes the same recipients,
 * messages and timeline rows, and answers the same, as enqueueNotice called
 * once per input in order — and as a row-at-a-time model of the single call
 * written out here, independent of the engine's code. Each case runs in
 * transactions that are rolled back, so the three runs start from the same rows.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/support/database.js';
import { accounts } from '../accounts/schema.js';
import { createTestAccount } from '../accounts/testing.js';
import type { Tx } from '../platform/database.js';
import { CandorError, fieldErrorsFromZod } from '../platform/errors.js';
import { noticeType } from './catalogue.js';
import type { Channel } from './declaration.js';
import { enqueueNotice, enqueueNotices, type EnqueueNoticeInput, type EnqueueNoticeResult, type RecipientInput } from './enqueue-notice.js';
import { chooseChannels } from './rules.js';
import { noticeEvents, noticeMessages, noticeRecipients } from './schema.js';

let db: Awaited<ReturnType<typeof openTestDatabase>>;
const accountIds: string[] = [];
beforeAll(async () => {
  db = await openTestDatabase();
  accountIds.push((await createTestAccount(db.db, { firstName: 'Beatriz', language: 'es', email: 'Beatriz.Account@example.test' })).id);
  accountIds.push((await createTestAccount(db.db, { firstName: 'Carl' })).id);
});
afterAll(async () => db?.drop());

const now = new Date('2026-10-14T15:00:00Z');
const earlier = new Date('2026-09-01T12:00:00Z');
const address = { lines: ['1 Main St'], city: 'Barre', state: 'VT', zip: '05641' };
const otherAddress = { lines: ['9 Elm St', 'Apt 2'], city: 'Montpelier', state: 'VT', zip: '05602' };
const TYPES = ['invoice-ready', 'payment-reminder', 'termination-warning', 'coverage-terminated', 'open-enrollment-reminder', 'payment-received'];

// ── a row-at-a-time model of the single call (the engine's code before the set-based path) ──

const canonical = (v: unknown) =>
  JSON.stringify(v, (_k, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x as object).sort(([a], [b]) => (a < b ? -1 : 1))) : x));

async function modelUpsert(tx: Tx, input: RecipientInput, at: Date) {
  let existing: typeof noticeRecipients.$inferSelect | undefined;
  if (input.recipientId) [existing] = await tx.select().from(noticeRecipients).where(eq(noticeRecipients.id, input.recipientId));
  if (!existing && input.householdId) [existing] = await tx.select().from(noticeRecipients).where(eq(noticeRecipients.householdId, input.householdId));
  if (!existing && input.accountId) [existing] = await tx.select().from(noticeRecipients).where(eq(noticeRecipients.accountId, input.accountId));
  const changes: Record<string, unknown> = {};
  for (const key of ['accountId', 'householdId', 'firstName', 'lastName', 'language', 'email', 'phone', 'mailingAddress'] as const) {
    if (input[key] !== undefined) changes[key] = key === 'email' && input.email ? input.email.toLowerCase() : input[key];
  }
  if (existing) {
    const differs = Object.entries(changes).some(([k, v]) => canonical((existing as Record<string, unknown>)[k]) !== canonical(v));
    if (!differs) return existing;
    const [row] = await tx
      .update(noticeRecipients)
      .set({ ...changes, updatedAt: at })
      .where(eq(noticeRecipients.id, existing.id))
      .returning();
    return row!;
  }
  if (input.recipientId) throw new CandorError('invalid-input', 'errors.invalidInput', { fields: [{ field: 'recipient.recipientId', messageKey: 'errors.field.invalid' }] });
  if (!changes.firstName && input.accountId) {
    const [a] = await tx.select().from(accounts).where(eq(accounts.id, input.accountId));
    if (a) {
      changes.firstName = a.firstName;
      changes.lastName ??= a.lastName;
      if (changes.email === undefined) changes.email = a.email;
      changes.language ??= a.language;
    }
  }
  if (!changes.firstName) throw new CandorError('invalid-input', 'errors.invalidInput', { fields: [{ field: 'recipient.firstName', messageKey: 'errors.field.required' }] });
  const [row] = await tx
    .insert(noticeRecipients)
    .values({ ...(changes as typeof noticeRecipients.$inferInsert), createdAt: at, updatedAt: at })
    .returning();
  return row!;
}

async function modelEnqueue(tx: Tx, input: EnqueueNoticeInput): Promise<EnqueueNoticeResult> {
  const notice = noticeType(input.type)!;
  const parsed = notice.schema.safeParse(input.data);
  if (!parsed.success) throw new CandorError('invalid-input', 'errors.invalidInput', { fields: fieldErrorsFromZod(parsed.error).map((f) => ({ ...f, field: `data.${f.field}` })) });
  const data = parsed.data as Record<string, unknown>;
  const r = await modelUpsert(tx, input.recipient, input.now);
  if (input.dedupeKey) {
    const keys = ['email', 'letter', 'text', '-'].map((s) => `${input.dedupeKey}#${s}`);
    const seen = await tx.select({ id: noticeMessages.id, channel: noticeMessages.channel }).from(noticeMessages).where(inArray(noticeMessages.dedupeKey, keys));
    if (seen.length) return { recipientId: r.id, messages: seen, created: false };
  }
  const dueAt = input.dueAt ?? input.now;
  const choice = chooseChannels(
    notice,
    { delivery: r.delivery, email: r.email, phone: r.phone, hasMailingAddress: !!r.mailingAddress, textsOptIn: r.textsOptIn, remindersOptOut: r.remindersOptOut },
    input.channels,
  );
  const base = {
    type: notice.id,
    recipientId: r.id,
    campaignId: null,
    lang: r.language,
    data,
    dueAt,
    availableAt: dueAt,
    latestUsefulAt: notice.latestUseful(data, dueAt, input.timeZone ?? 'America/New_York'),
    createdAt: input.now,
    updatedAt: input.now,
  };
  if ('skip' in choice) {
    const id = randomUUID();
    await tx.insert(noticeMessages).values({ ...base, id, channel: notice.channels[0]!, state: 'cancelled', dedupeKey: input.dedupeKey ? `${input.dedupeKey}#-` : null });
    await tx.insert(noticeEvents).values({ messageId: id, at: input.now, kind: 'cancelled', reason: choice.skip, details: { type: notice.id } });
    return { recipientId: r.id, messages: [], skipped: choice.skip, created: true };
  }
  const rows = choice.channels.map((channel) => ({ ...base, id: randomUUID(), channel, dedupeKey: input.dedupeKey ? `${input.dedupeKey}#${channel}` : null }));
  await tx.insert(noticeMessages).values(rows);
  await tx.insert(noticeEvents).values(rows.map((m) => ({ messageId: m.id, at: input.now, kind: 'queued' as const, reason: choice.note ?? '', details: { type: notice.id, channel: m.channel } })));
  return { recipientId: r.id, messages: rows.map((m) => ({ id: m.id, channel: m.channel })), created: true };
}

// ── generated cases ──

interface Seeded {
  households: string[];
  recipients: Array<{
    id: string;
    householdSlot: number | null;
    accountSlot: number | null;
    delivery: 'paper' | 'electronic';
    textsOptIn: boolean;
    remindersOptOut: boolean;
    email: string | null;
    phone: string | null;
    address: boolean;
    language: 'en' | 'es';
  }>;
  /** Dedupe keys already used before the run (an earlier run of the same job). */
  usedKeys: Array<{ key: string; recipient: number; channel: Channel | '-' }>;
}

const seededArb = fc
  .record({
    recipients: fc.array(
      fc.record({
        householdSlot: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
        accountSlot: fc.option(fc.integer({ min: 0, max: 1 }), { nil: null }),
        delivery: fc.constantFrom('paper' as const, 'electronic' as const),
        textsOptIn: fc.boolean(),
        remindersOptOut: fc.boolean(),
        email: fc.option(fc.constantFrom('ana@example.test', 'bo@example.test'), { nil: null }),
        phone: fc.option(fc.constant('+18025550100'), { nil: null }),
        address: fc.boolean(),
        language: fc.constantFrom('en' as const, 'es' as const),
      }),
      { maxLength: 3 },
    ),
    usedKeys: fc.array(fc.record({ key: fc.constantFrom('k0', 'k1', 'k:2#x'), recipient: fc.nat(), channel: fc.constantFrom('email' as const, 'letter' as const, '-' as const) }), { maxLength: 2 }),
  })
  .map(({ recipients, usedKeys }) => {
    // One recipient per household and per account, as the unique indexes say.
    const seenH = new Set<number>();
    const seenA = new Set<number>();
    const unique = recipients.map((r) => {
      const householdSlot = r.householdSlot !== null && !seenH.has(r.householdSlot) ? r.householdSlot : null;
      const accountSlot = r.accountSlot !== null && !seenA.has(r.accountSlot) ? r.accountSlot : null;
      if (householdSlot !== null) seenH.add(householdSlot);
      if (accountSlot !== null) seenA.add(accountSlot);
      return { ...r, id: randomUUID(), householdSlot, accountSlot };
    });
    const keys = new Map<string, Seeded['usedKeys'][number]>();
    for (const k of usedKeys) if (unique.length && !keys.has(k.key)) keys.set(k.key, { ...k, recipient: k.recipient % unique.length });
    return { households: [0, 1, 2, 3].map(() => randomUUID()), recipients: unique, usedKeys: [...keys.values()] } satisfies Seeded;
  });

interface InputSpec {
  type: string;
  bad: boolean;
  by: 'household' | 'account' | 'recipient' | 'household+account';
  householdSlot: number;
  accountSlot: number;
  recipientSlot: number;
  firstName: string | undefined;
  email: string | null | undefined;
  phone: string | null | undefined;
  address: 'same' | 'other' | 'none' | undefined;
  language: 'en' | 'es' | undefined;
  channels: Channel[] | undefined;
  dedupeKey: string | undefined;
  dueInDays: number | undefined;
}

const inputArb: fc.Arbitrary<InputSpec> = fc.record({
  type: fc.constantFrom(...TYPES),
  bad: fc.integer({ min: 0, max: 24 }).map((n) => n === 0),
  by: fc.constantFrom('household' as const, 'account' as const, 'recipient' as const, 'household+account' as const),
  householdSlot: fc.integer({ min: 0, max: 3 }),
  accountSlot: fc.integer({ min: 0, max: 1 }),
  recipientSlot: fc.nat(),
  firstName: fc.option(fc.constantFrom('Ana', 'Bo'), { nil: undefined, freq: 3 }),
  email: fc.option(fc.option(fc.constantFrom('Ana@Example.test', 'bo@example.test'), { nil: null }), { nil: undefined }),
  phone: fc.option(fc.option(fc.constant('+18025550199'), { nil: null }), { nil: undefined }),
  address: fc.option(fc.constantFrom('same' as const, 'other' as const, 'none' as const), { nil: undefined }),
  language: fc.option(fc.constantFrom('en' as const, 'es' as const), { nil: undefined }),
  channels: fc.option(fc.subarray(['email', 'letter', 'text'] as Channel[], { minLength: 1 }), { nil: undefined, freq: 4 }),
  dedupeKey: fc.option(fc.constantFrom('k0', 'k1', 'k:2#x'), { nil: undefined }),
  dueInDays: fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined }),
});

function inputsFor(specs: InputSpec[], seeded: Seeded): EnqueueNoticeInput[] {
  return specs.map((s) => {
    const notice = noticeType(s.type)!;
    const recipient: RecipientInput = {};
    const seededOne = seeded.recipients.length ? seeded.recipients[s.recipientSlot % seeded.recipients.length]! : null;
    if (s.by === 'recipient') recipient.recipientId = seededOne?.id ?? randomUUID();
    if (s.by === 'household' || s.by === 'household+account') recipient.householdId = seeded.households[s.householdSlot];
    if (s.by === 'account' || s.by === 'household+account') recipient.accountId = accountIds[s.accountSlot];
    if (s.firstName !== undefined) recipient.firstName = s.firstName;
    if (s.email !== undefined) recipient.email = s.email;
    if (s.phone !== undefined) recipient.phone = s.phone;
    if (s.address !== undefined) recipient.mailingAddress = s.address === 'none' ? null : s.address === 'same' ? { ...address } : { ...otherAddress };
    if (s.language !== undefined) recipient.language = s.language;
    return {
      type: s.type,
      recipient,
      data: s.bad ? { ...(notice.example as object), coverageMonth: 'soon', amountDueCents: -1, terminationDate: 'x', receivedOn: 'x' } : notice.example,
      now,
      timeZone: 'America/New_York',
      ...(s.dueInDays !== undefined ? { dueAt: new Date(now.getTime() + s.dueInDays * 86_400_000) } : {}),
      ...(s.channels ? { channels: s.channels } : {}),
      ...(s.dedupeKey ? { dedupeKey: s.dedupeKey } : {}),
    };
  });
}

async function seed(tx: Tx, seeded: Seeded): Promise<void> {
  for (const r of seeded.recipients) {
    await tx.insert(noticeRecipients).values({
      id: r.id,
      householdId: r.householdSlot === null ? null : seeded.households[r.householdSlot],
      accountId: r.accountSlot === null ? null : accountIds[r.accountSlot],
      firstName: 'Seeded',
      language: r.language,
      email: r.email,
      phone: r.phone,
      mailingAddress: r.address ? address : null,
      delivery: r.delivery,
      textsOptIn: r.textsOptIn,
      remindersOptOut: r.remindersOptOut,
      createdAt: earlier,
      updatedAt: earlier,
    });
  }
  for (const k of seeded.usedKeys) {
    const r = seeded.recipients[k.recipient]!;
    await tx.insert(noticeMessages).values({
      id: randomUUID(),
      type: 'invoice-ready',
      recipientId: r.id,
      channel: k.channel === '-' ? 'letter' : k.channel,
      lang: 'en',
      data: {},
      state: k.channel === '-' ? 'cancelled' : 'sent',
      dueAt: earlier,
      availableAt: earlier,
      dedupeKey: `${k.key}#${k.channel}`,
      createdAt: earlier,
      updatedAt: earlier,
    });
  }
}

class Rollback extends Error {}

type Outcome = { error: string } | { results: EnqueueNoticeResult[]; rows: unknown };

/** Runs one way of enqueueing on the seeded rows, reads what it wrote, and rolls everything back. */
async function runWay(seeded: Seeded, inputs: EnqueueNoticeInput[], way: (tx: Tx, inputs: EnqueueNoticeInput[]) => Promise<EnqueueNoticeResult[]>): Promise<Outcome> {
  let outcome: Outcome | undefined;
  await db.db
    .transaction(async (tx) => {
      await seed(tx, seeded);
      try {
        await tx.execute(sql`SAVEPOINT way`);
        const results = await way(tx, inputs);
        outcome = { results, rows: await snapshot(tx, seeded, results) };
      } catch (err) {
        await tx.execute(sql`ROLLBACK TO SAVEPOINT way`);
        outcome = { error: err instanceof CandorError ? `${err.name} ${JSON.stringify(err.details.fields)}` : 'error' };
      }
      throw new Rollback();
    })
    .catch((err: unknown) => {
      if (!(err instanceof Rollback)) throw err;
    });
  return outcome!;
}

/** Everything written, with generated ids replaced by labels given in order of the results. */
async function snapshot(tx: Tx, seeded: Seeded, results: EnqueueNoticeResult[]) {
  const label = new Map<string, string>(seeded.recipients.map((r, i) => [r.id, `seeded-${i}`]));
  for (const r of results) {
    if (!label.has(r.recipientId)) label.set(r.recipientId, `recipient-${label.size}`);
    for (const m of r.messages) if (!label.has(m.id)) label.set(m.id, `message-${label.size}`);
  }
  const recipientIds = [...new Set([...seeded.recipients.map((r) => r.id), ...results.map((r) => r.recipientId)])];
  const recipients = await tx.select().from(noticeRecipients).where(inArray(noticeRecipients.id, recipientIds));
  const messages = await tx
    .select()
    .from(noticeMessages)
    .where(and(inArray(noticeMessages.recipientId, recipientIds), eq(noticeMessages.createdAt, now)));
  const events = messages.length
    ? await tx
        .select()
        .from(noticeEvents)
        .where(
          inArray(
            noticeEvents.messageId,
            messages.map((m) => m.id),
          ),
        )
    : [];
  const sorted = <T>(xs: T[]) => xs.map((x) => canonical(x)).sort();
  return {
    results: results.map((r) => ({ ...r, recipientId: label.get(r.recipientId), messages: r.messages.map((m) => ({ id: label.get(m.id), channel: m.channel })) })),
    recipients: sorted(recipients.map((r) => ({ ...r, id: label.get(r.id) ?? 'unlabelled' }))),
    // A cancelled message is in no result: messages are compared without their ids, each with its timeline.
    messages: sorted(
      messages.map(({ id, recipientId, ...m }) => ({
        ...m,
        recipientId: label.get(recipientId),
        events: sorted(events.filter((e) => e.messageId === id).map(({ id: _e, messageId: _m, ...e }) => e)),
      })),
    ),
  };
}

const comparable = (o: Outcome) => ('error' in o ? o : o.rows);

describe('enqueueNotices', () => {
  it('writes and answers what enqueueNotice called once per input does, for generated inputs', async () => {
    let created = 0;
    let deduped = 0;
    let skipped = 0;
    let failed = 0;
    await fc.assert(
      fc.asyncProperty(seededArb, fc.array(inputArb, { minLength: 1, maxLength: 8 }), async (seeded, specs) => {
        const inputs = inputsFor(specs, seeded);
        const batch = await runWay(seeded, inputs, (tx, xs) => enqueueNotices(tx, xs));
        const singles = await runWay(seeded, inputs, async (tx, xs) => {
          const out: EnqueueNoticeResult[] = [];
          for (const x of xs) out.push(await enqueueNotice(tx, x));
          return out;
        });
        const model = await runWay(seeded, inputs, async (tx, xs) => {
          const out: EnqueueNoticeResult[] = [];
          for (const x of xs) out.push(await modelEnqueue(tx, x));
          return out;
        });
        expect(comparable(batch)).toEqual(comparable(singles));
        expect(comparable(batch)).toEqual(comparable(model));
        if ('error' in batch) failed++;
        else
          for (const r of batch.results) {
            if (!r.created) deduped++;
            else if (r.skipped) skipped++;
            else created++;
          }
      }),
      { numRuns: 100 },
    );
    // The generators reach every path.
    expect({ created: created > 0, deduped: deduped > 0, skipped: skipped > 0, failed: failed > 0 }).toEqual({ created: true, deduped: true, skipped: true, failed: true });
  }, 300_000);

  it('raises 2,000 notices in a handful of statements, whatever the number', async () => {
    const inputs: EnqueueNoticeInput[] = Array.from({ length: 2_000 }, (_, i) => ({
      type: i % 2 ? 'invoice-ready' : 'payment-reminder',
      recipient: { householdId: randomUUID(), firstName: 'Pat', email: `pat${i}@example.test`, mailingAddress: address },
      data: noticeType('invoice-ready')!.example,
      now,
      dedupeKey: `bulk:${i}`,
    }));
    const statements: string[] = [];
    const results = await db.db.transaction(async (tx) => {
      const counting = new Proxy(tx, {
        get(target, prop, receiver) {
          const v = Reflect.get(target, prop, receiver) as unknown;
          if (prop === 'execute' || prop === 'select') return (...args: unknown[]) => (statements.push(String(prop)), (v as (...a: unknown[]) => unknown).apply(target, args));
          return typeof v === 'function' ? v.bind(target) : v;
        },
      });
      return enqueueNotices(counting as Tx, inputs);
    });
    expect(results.filter((r) => r.created && r.messages.length === 1)).toHaveLength(2_000);
    // Recipients, (accounts,) dedupe keys, new recipients, messages, events.
    expect(statements.length).toBeLessThanOrEqual(6);
    const again = await db.db.transaction((tx) => enqueueNotices(tx, inputs));
    expect(again.every((r, i) => !r.created && r.messages[0]!.id === results[i]!.messages[0]!.id)).toBe(true);
  }, 120_000);
});
