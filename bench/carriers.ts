/**
 * Carrier file benchmarks, each a ratio against a baseline in the same run:
 * - building a daily 834 of 10,000 two-member enrollments with node-x12 (build834), against
 *   serialising the same data as JSON;
 * - parsing it back (parse834), against JSON.parse of that JSON;
 * - the daily export from PostgreSQL (exportDaily834: the day's transitions, members and
 *   addresses, build, write, record) for 10,000 new enrollments, against a bare SELECT of the
 *   same transitions joined to their enrollments.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { build834, parse834, type Enrollment834, type File834 } from '../src/carriers/edi-834.js';
import { exportDaily834 } from '../src/carriers/export-files.js';
import { connect } from '../src/platform/database.js';
import { vermont } from '../src/states/vt.js';
import { benchDatabase, benchHeader } from './support.js';

const N = 10_000;
const ROUNDS = 3;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });

function time(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

function enrollments(n: number): Enrollment834[] {
  return Array.from({ length: n }, (_, i) => ({
    maintenance: 'add',
    reason: 'enrollment',
    effectiveDate: '2026-01-01',
    policyNumber: `P${String(i).padStart(11, '0')}`,
    carrierPolicyId: null,
    planId: '77566VT0020004-04',
    coverageStart: '2026-01-01',
    coverageEnd: '2026-12-31',
    subscriberAddress: { line1: `${i} Main Street`, line2: '', city: 'Burlington', state: 'VT', zip: '05401' },
    amounts: { grossPremiumCents: 245_992, aptcCents: 180_000, csrCents: 0, stateAssistanceCents: 12_000, responsibleCents: 53_992 },
    ratingArea: 'R-VT001',
    sourceExchangeId: 'VT0',
    members: [
      { memberId: randomUUID(), isSubscriber: true, relationship: 'self', firstName: 'Ana', lastName: `Lopez${i}`, dateOfBirth: '1988-03-14', sex: 'F', premiumCents: 122_996 },
      { memberId: randomUUID(), isSubscriber: false, relationship: 'spouse', firstName: 'Luis', lastName: `Lopez${i}`, dateOfBirth: '1987-07-01', sex: 'M', premiumCents: 122_996 },
    ],
  }));
}

async function exportFromDatabase(): Promise<{ exportMs: number; selectMs: number; loops: number }> {
  const database = await benchDatabase();
  const db = connect(database.url, 4);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'candor-bench-carriers-'));
  try {
    // 10,000 households of two, each with a new enrollment recorded on 5 January 2026.
    await db.db.execute(sql`
      WITH h AS (
        INSERT INTO households (case_number, state) SELECT 'H-B' || lpad(g::text, 8, '0'), 'VT' FROM generate_series(1, ${N}) g RETURNING id, case_number
      ), a AS (
        INSERT INTO household_addresses (household_id, kind, line1, city, state, zip) SELECT id, 'home', '1 Main St', 'Barre', 'VT', '05641' FROM h RETURNING household_id
      ), m AS (
        INSERT INTO household_members (household_id, is_primary, first_name, last_name, date_of_birth, sex)
        SELECT id, p, CASE WHEN p THEN 'Ana' ELSE 'Luis' END, 'Lopez', '1985-01-01', 'U' FROM h, (VALUES (true), (false)) v(p) RETURNING id, household_id, is_primary
      ), e AS (
        INSERT INTO enrollments (household_id, plan_year, carrier_hios_id, plan_hios_id, plan_variant, policy_number, coverage_start, coverage_end,
                                 gross_premium_cents, aptc_cents, state_assistance_cents, net_premium_cents, status)
        SELECT id, 2026, '77566', '77566VT0020004', '01', 'P' || substr(case_number, 4), '2026-01-01', '2026-12-31', 245992, 180000, 0, 65992, 'pending-binder' FROM h
        RETURNING id, household_id
      ), em AS (
        INSERT INTO enrollment_members (enrollment_id, member_id, is_subscriber, premium_cents)
        SELECT e.id, m.id, m.is_primary, 122996 FROM e JOIN m ON m.household_id = e.household_id RETURNING 1
      )
      INSERT INTO enrollment_transitions (enrollment_id, kind, to_status, effective_date, reason, actor, actor_kind, at)
      SELECT id, 'created', 'pending-binder', '2026-01-01', 'open-enrollment', 'bench', 'system', '2026-01-05T15:00:00Z' FROM e`);
    await db.db.execute(sql`ANALYZE`);
    const deps = { dataDir, profile: vermont, production: false, at: new Date('2026-01-06T04:00:00Z') };
    const exportTimes: number[] = [];
    const selectTimes: number[] = [];
    let loops = 0;
    for (let r = 0; r < ROUNDS; r++) {
      selectTimes.push(
        await timeAsync(() =>
          db.db.execute(
            sql`SELECT t.*, e.* FROM enrollment_transitions t JOIN enrollments e ON e.id = t.enrollment_id WHERE (t.at AT TIME ZONE 'America/New_York')::date = '2026-01-05'::date ORDER BY t.id`,
          ),
        ),
      );
      exportTimes.push(
        await timeAsync(async () => {
          const files = await db.db.transaction((tx) => exportDaily834(tx, deps, '2026-01-05'));
          loops = files.reduce((s, f) => s + f.records, 0);
        }),
      );
    }
    return { exportMs: median(exportTimes), selectMs: median(selectTimes), loops };
  } finally {
    await db.close();
    await database.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function main(): Promise<string> {
  const file: File834 = {
    sender: { id: 'VT0', name: 'Vermont Health Connect' },
    receiver: { id: '77566', name: 'MVP Health Care' },
    controlNumber: 1,
    createdAt: new Date('2026-01-06T04:00:00Z'),
    purpose: 'update',
    reference: 'bench',
    production: false,
    enrollments: enrollments(N),
  };
  let text = '';
  let json = '';
  const build: number[] = [];
  const stringify: number[] = [];
  const parse: number[] = [];
  const jsonParse: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    stringify.push(time(() => (json = JSON.stringify(file))));
    build.push(time(() => (text = build834(file))));
    jsonParse.push(time(() => JSON.parse(json)));
    parse.push(time(() => parse834(text)));
  }
  if (parse834(text).enrollments.length !== N) throw new Error('the 834 did not parse back to every enrollment');
  const db = await exportFromDatabase();
  const b = median(build);
  const s = median(stringify);
  const p = median(parse);
  const j = median(jsonParse);
  return [
    '## carriers',
    '',
    `${benchHeader()} · measured while other engineers' test suites shared the 2 cores`,
    '',
    '| measure | Candor | baseline (same run) | ratio |',
    '|---|---|---|---|',
    `| build a daily 834 of ${fmt(N)} two-member enrollments (node-x12), ${fmt(text.length / 1e6, 1)} MB | ${fmt(b)} ms | ${fmt(s)} ms JSON.stringify of the same data | ${fmt(b / s, 1)} |`,
    `| parse it back (parse834) | ${fmt(p)} ms | ${fmt(j)} ms JSON.parse | ${fmt(p / j, 1)} |`,
    `| daily export from PostgreSQL: ${fmt(db.loops)} member loops (query, members, addresses, build, write, record) | ${fmt(db.exportMs)} ms | ${fmt(db.selectMs)} ms bare SELECT of the day's transitions | ${fmt(db.exportMs / db.selectMs, 1)} |`,
    '',
    `Medians of ${ROUNDS} rounds. Run: \`npm run bench -- carriers\`.`,
  ].join('\n');
}
