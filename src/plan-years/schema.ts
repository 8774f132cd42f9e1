import { jsonb, pgTable, primaryKey, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Plan-year tables an operator loaded (`candor plan-year load`): the latest
 * version of each table of each year, with its source and state. A table not
 * loaded here is the one shipped in code, with its own source
 * (docs/adr/0100-plan-year-as-data.md).
 */
export const planYearTables = pgTable(
  'plan_year_tables',
  {
    planYear: smallint('plan_year').notNull(),
    /** 'applicable-percentage', 'catalog', … (src/plan-years/tables.ts). */
    name: text('name').notNull(),
    source: text('source').notNull(),
    state: text('state', { enum: ['published', 'provisional'] }).notNull(),
    data: jsonb('data').$type<unknown>(),
    loadedAt: timestamp('loaded_at', { withTimezone: true, mode: 'date' }).notNull(),
    loadedBy: uuid('loaded_by'),
  },
  (t) => [primaryKey({ columns: [t.planYear, t.name] })],
);
