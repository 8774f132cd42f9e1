/**
 * The billing run killed half-way: `candor billing run` in a child process
 * against this file's database, killed (SIGKILL) once some chunks have
 * committed, then run again. Every household ends with exactly one invoice
 * for the month and one invoice-ready notice.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/database.js';
import { connect, type Database } from '../platform/database.js';

const HOUSEHOLDS = 800;
let db: { url: string; drop(): Promise<void> };
let database: Database;
let dataDir: string;

beforeAll(async () => {
  db = await createTestDatabase();
  database = connect(db.url, 4);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'candor-billing-kill-'));
  await database.db.execute(sql`
    INSERT INTO households (case_number, state) SELECT 'H-KL' || lpad(g::text, 6, '0'), 'VT' FROM generate_series(1, ${HOUSEHOLDS}) AS g`);
  await database.db.execute(sql`
    INSERT INTO household_members (household_id, is_primary, first_name, last_name, date_of_birth)
    SELECT id, true, 'Pat', 'Kill', '1980-01-01' FROM households WHERE case_number LIKE 'H-KL%'`);
  await database.db.execute(sql`
    INSERT INTO enrollments (household_id, plan_year, carrier_hios_id, plan_hios_id, policy_number, coverage_start, coverage_end, gross_premium_cents, aptc_cents, state_assistance_cents, net_premium_cents, status)
    SELECT id, 2026, '77566', '77566VT0010001', 'PKL' || substr(md5(id::text), 1, 9), '2026-01-01', '2026-12-31', 82400, 50000, 0, 32400, 'effectuated' FROM households WHERE case_number LIKE 'H-KL%'`);
});
afterAll(async () => {
  await database?.close();
  await db?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function candor(args: string[]) {
  const child = spawn(process.execPath, ['bin/candor.js', ...args], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    env: { ...process.env, DATABASE_URL: db.url, CANDOR_DATA_DIR: dataDir, CANDOR_ENV: 'test', LOG_LEVEL: 'silent', WORKERS: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  return new Promise<{ code: number | null; out: string }>((resolve) => child.on('exit', (code) => resolve({ code, out })));
}

function billingRun(): { child: ReturnType<typeof spawn>; done: Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }> } {
  const child = spawn(process.execPath, ['bin/candor.js', 'billing', 'run', '--month', '2026-03', '--chunk', '25'], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    env: { ...process.env, DATABASE_URL: db.url, CANDOR_DATA_DIR: dataDir, CANDOR_ENV: 'test', LOG_LEVEL: 'silent', WORKERS: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, out })));
  return { child, done };
}

const invoiceCount = async () => (await database.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM billing_invoices WHERE coverage_month = '2026-03-01'`)).rows[0]!.n;

describe('the billing run, killed half-way', () => {
  it('gives each household exactly one invoice when run again', { timeout: 240_000 }, async () => {
    const first = billingRun();
    let seen = 0;
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      seen = await invoiceCount();
      if (seen > 0) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    first.child.kill('SIGKILL');
    const killed = await first.done;
    expect(killed.signal).toBe('SIGKILL');
    const atKill = await invoiceCount();
    // Killed part-way: some chunks committed, not all.
    expect(atKill).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(HOUSEHOLDS);

    const second = billingRun();
    const finished = await second.done;
    expect(finished.code, finished.out).toBe(0);
    expect(finished.out).toContain(`${HOUSEHOLDS - atKill} invoices created`);

    const perHousehold = await database.db.execute<{ households: number; invoices: number; most: number }>(sql`
      SELECT count(DISTINCT h.id)::int AS households, count(i.id)::int AS invoices, coalesce(max(c.n), 0)::int AS most
        FROM households h
        LEFT JOIN billing_invoices i ON i.household_id = h.id AND i.coverage_month = '2026-03-01'
        LEFT JOIN (SELECT household_id, count(*) AS n FROM billing_invoices WHERE coverage_month = '2026-03-01' GROUP BY household_id) c ON c.household_id = h.id
       WHERE h.case_number LIKE 'H-KL%'`);
    expect(perHousehold.rows[0]).toEqual({ households: HOUSEHOLDS, invoices: HOUSEHOLDS, most: 1 });
    // Each invoice's notice was queued with it, once.
    const notices = await database.db.execute<{ n: number; distinct_keys: number }>(sql`
      SELECT count(*)::int AS n, count(DISTINCT split_part(dedupe_key, '#', 1))::int AS distinct_keys FROM notice_messages WHERE type = 'invoice-ready'`);
    expect(notices.rows[0]!.distinct_keys).toBe(HOUSEHOLDS);
  });

  it('candor lockbox import posts a check by reference number, and the same file again posts nothing', { timeout: 120_000 }, async () => {
    const [inv] = (
      await database.db.execute<{ reference_number: string; amount_cents: number }>(sql`SELECT reference_number, amount_cents FROM billing_invoices WHERE coverage_month = '2026-03-01' LIMIT 1`)
    ).rows;
    const file = path.join(dataDir, 'box.csv');
    fs.writeFileSync(
      file,
      `batch_id,sequence,deposit_date,check_number,amount,reference_number,payer_name\nCLI,1,2026-02-20,77,${(inv!.amount_cents / 100).toFixed(2)},${inv!.reference_number},Pat Kill\nCLI,2,2026-02-20,78,10.00,9999999999,Nobody\n`,
    );
    const first = await candor(['lockbox', 'import', file]);
    expect(first.code, first.out).toBe(0);
    expect(first.out).toContain('2 checks, 1 posted ($324.00), 1 in the exceptions queue');
    const again = await candor(['lockbox', 'import', file]);
    expect(again.out).toContain('nothing was posted twice');
    const paid = await database.db.execute<{ paid: number }>(sql`SELECT paid_cents AS paid FROM billing_invoices WHERE reference_number = ${inv!.reference_number}`);
    expect(paid.rows[0]!.paid).toBe(inv!.amount_cents);
  });
});
