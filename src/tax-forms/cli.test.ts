/** The candor command itself (the compiled build) previews and runs a coverage year's statements on a configured database. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/database.js';
import { loadVermont2026Catalog } from '../catalog/seed-vermont-2026.js';
import { createEnrollment, createHousehold } from '../enrollment/testing.js';
import { connect } from '../platform/database.js';

const bin = path.resolve('bin/candor.js');
let database: Awaited<ReturnType<typeof createTestDatabase>>;
const candor = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'warn' }, encoding: 'utf8', timeout: 120_000 });

beforeAll(async () => {
  database = await createTestDatabase();
  const { db, close } = connect(database.url, 2);
  try {
    await db.transaction((tx) => loadVermont2026Catalog(tx));
    for (let i = 0; i < 3; i++) {
      const { household } = await createHousehold(db, { members: [{ dateOfBirth: '1980-01-01' }] });
      await createEnrollment(db, { householdId: household.id, coverageStart: '2026-03-01', carrierHiosId: '77566', planHiosId: '77566VT0020004', grossPremiumCents: 127_463, status: 'effectuated' });
    }
  } finally {
    await close();
  }
}, 60_000);
afterAll(async () => database?.drop());

describe('candor tax-forms', () => {
  it('previews, runs, a second run makes 0 statements, and submits them to the IRS', { timeout: 240_000 }, () => {
    const preview = candor(['tax-forms', 'preview', '--year', '2026']);
    expect(preview.status).toBe(0);
    expect(preview.stdout).toContain('Form 1095-A preview for 2026: 3 statements would be issued; nothing was changed.');
    expect(preview.stdout).toMatch(/households\s+3/);

    const first = candor(['tax-forms', 'run', '--year', '2026']);
    expect(first.status).toBe(0);
    expect(first.stdout.split('\n')[0]).toBe('3 statements');
    expect(first.stderr).toContain('Form 1095-A 2026 [');

    const second = candor(['tax-forms', 'run', '--year', '2026']);
    expect(second.status).toBe(0);
    expect(second.stdout.split('\n')[0]).toBe('0 statements');
    expect(second.stdout).toMatch(/unchanged\s+3/);

    // Reported to the IRS (the stand-in receiver in development): written, sent and acknowledged.
    const submit = candor(['tax-forms', 'submit', '--year', '2026']);
    expect(submit.status).toBe(0);
    expect(submit.stdout).toContain('3 records in 1 new file; 0 held back for the exceptions queue');
    expect(submit.stdout).toContain('sent 1, failed 0; acknowledged 1; records resubmitted 0');
    expect(candor(['tax-forms', 'submit', '--year', '2026']).stdout).toContain('0 records in 0 new files');
    expect(candor(['tax-forms', 'submit', '--year', '20x6']).status).toBe(2);

    const bad = candor(['tax-forms', 'run', '--year', 'next']);
    expect(bad.status).toBe(2);
    expect(bad.stdout.trim()).toBe('Give the coverage year as four digits, for example 2026.');
  });
});
