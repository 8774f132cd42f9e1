import { bigserial, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The append-only, hash-chained audit trail. A trigger (migration 0000)
 * refuses UPDATE, DELETE and TRUNCATE for every role the application uses.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    /** Account id of the person, or the name of the system part (monitor, schedule, job). */
    actor: text('actor').notNull(),
    actorKind: text('actor_kind').notNull(),
    action: text('action').notNull(),
    objectType: text('object_type'),
    objectId: text('object_id'),
    ip: text('ip'),
    outcome: text('outcome').notNull(),
    /** Ids and codes only; never personal data in clear. */
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('audit_log_object_idx').on(t.objectType, t.objectId), index('audit_log_actor_idx').on(t.actor, t.at)],
);
