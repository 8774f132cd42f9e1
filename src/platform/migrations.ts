/**
 * Each domain module owns its tables and its drizzle-kit migrations
 * (`src/<module>/schema.ts` → `src/<module>/migrations/`), recorded in its own
 * table under the `candor_migrations` schema. Modules migrate in the order
 * below, so a module may reference tables of the modules before it.
 * (docs/adr/0003-migrations-per-module.md)
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';

export const MIGRATING_MODULES = ['audit', 'accounts', 'capabilities', 'plan-years', 'catalog', 'notices', 'enrollment', 'billing', 'payments', 'carriers', 'hub', 'renewal', 'tax-forms'] as const;

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MIGRATIONS_SCHEMA = 'candor_migrations';
const LOCK_KEY = 7_100_423_001; // any constant: serialises migrations of concurrent processes

function folderOf(module: string): string {
  return path.join(SRC, module, 'migrations');
}

function presentModules(): string[] {
  return MIGRATING_MODULES.filter((m) => fs.existsSync(path.join(folderOf(m), 'meta', '_journal.json')));
}

function journalLength(module: string): number {
  const journal = JSON.parse(fs.readFileSync(path.join(folderOf(module), 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
  return journal.entries.length;
}

/** Applies every module's pending migrations; safe to run from several processes at once. */
export async function migrateAll(url: string, onProgress: (module: string) => void = () => {}): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SET client_min_messages = warning');
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    const db = drizzle(client);
    for (const module of presentModules()) {
      onProgress(module);
      await migrate(db, { migrationsFolder: folderOf(module), migrationsTable: `${module}`, migrationsSchema: MIGRATIONS_SCHEMA });
    }
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]);
  } finally {
    await client.end();
  }
}

/** Names the modules whose migrations are not all applied (empty when current). */
export async function pendingMigrations(query: (sql: string) => Promise<{ rows: Array<Record<string, unknown>> }>): Promise<string[]> {
  const pending: string[] = [];
  for (const module of presentModules()) {
    try {
      const { rows } = await query(`SELECT count(*)::int AS n FROM "${MIGRATIONS_SCHEMA}"."${module}"`);
      if (Number(rows[0]?.n ?? 0) < journalLength(module)) pending.push(module);
    } catch {
      pending.push(module);
    }
  }
  return pending;
}
