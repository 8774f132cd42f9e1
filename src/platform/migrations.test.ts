import pg from 'pg';
import { afterAll, describe, expect, it, inject } from 'vitest';
import { migrateAll, pendingMigrations } from './migrations.js';

const adminUrl = inject('adminUrl');
const name = `candor_m_${inject('runId')}`;
const url = (() => {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
})();

async function admin(sql: string) {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  await c.query(sql);
  await c.end();
}

afterAll(() => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));

describe('migrations', () => {
  it('apply once even when several processes start together, and readiness sees them current', async () => {
    await admin(`CREATE DATABASE ${name}`);
    const pool = new pg.Pool({ connectionString: url });
    expect((await pendingMigrations((q) => pool.query(q))).length).toBeGreaterThan(0);
    await Promise.all([migrateAll(url), migrateAll(url), migrateAll(url)]);
    expect(await pendingMigrations((q) => pool.query(q))).toEqual([]);
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM candor_migrations.audit`);
    expect(rows[0].n).toBe(1);
    await pool.end();
  });
});
