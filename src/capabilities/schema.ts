import { sql } from 'drizzle-orm';
import { bigserial, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * The registry: one row per capability, its current status. Every change
 * also appends a row to capability_events (the timeline). A trigger (see the
 * migration) sends NOTIFY candor_capabilities on every change, delivered at
 * commit, so every process refreshes its cache.
 */
export const capabilities = pgTable('capabilities', {
  id: text('id').primaryKey(),
  status: text('status', { enum: ['operational', 'degraded', 'maintenance', 'down'] })
    .notNull()
    .default('operational'),
  reasonEn: text('reason_en').notNull().default(''),
  reasonEs: text('reason_es').notNull().default(''),
  internalNote: text('internal_note').notNull().default(''),
  setByKind: text('set_by_kind', { enum: ['person', 'monitor', 'schedule', 'system'] })
    .notNull()
    .default('system'),
  setById: text('set_by_id').notNull().default('seed'),
  since: ts('since').notNull().defaultNow(),
  expectedEnd: ts('expected_end'),
  /** Ordered alternatives: capability ids or mail channels. */
  alternatives: text('alternatives')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** The per-capability timeline (incident history): every status change, append-only. */
export const capabilityEvents = pgTable(
  'capability_events',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    capabilityId: text('capability_id')
      .notNull()
      .references(() => capabilities.id),
    at: ts('at').notNull(),
    status: text('status').notNull(),
    previousStatus: text('previous_status').notNull(),
    reasonEn: text('reason_en').notNull().default(''),
    reasonEs: text('reason_es').notNull().default(''),
    internalNote: text('internal_note').notNull().default(''),
    setByKind: text('set_by_kind').notNull(),
    setById: text('set_by_id').notNull(),
    expectedEnd: ts('expected_end'),
  },
  (t) => [index('capability_events_capability_idx').on(t.capabilityId, t.at)],
);

/** Maintenance windows scheduled ahead; a job starts and ends them. */
export const maintenanceWindows = pgTable(
  'maintenance_windows',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    capabilityId: text('capability_id')
      .notNull()
      .references(() => capabilities.id),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    reasonEn: text('reason_en').notNull(),
    reasonEs: text('reason_es').notNull().default(''),
    internalNote: text('internal_note').notNull().default(''),
    state: text('state', { enum: ['scheduled', 'active', 'ended', 'cancelled'] })
      .notNull()
      .default('scheduled'),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('maintenance_windows_due_idx').on(t.state, t.startsAt)],
);

/**
 * Which signed-in customers used a capability's pages lately (for the blast
 * radius). Written at most once a minute per session and capability.
 */
export const capabilityPageVisits = pgTable(
  'capability_page_visits',
  {
    capabilityId: text('capability_id').notNull(),
    sessionHash: text('session_hash').notNull(),
    lastSeenAt: ts('last_seen_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.capabilityId, t.sessionHash] }), index('capability_page_visits_recent_idx').on(t.capabilityId, t.lastSeenAt)],
);
