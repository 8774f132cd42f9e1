import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { ManualClock } from '../platform/clock.js';
import { startTestApp, type TestApp } from '../../test/support/app.js';
import { createTestAccount } from '../accounts/testing.js';
import { auditLog } from '../audit/schema.js';
import { parseArgs } from '../cli/args.js';
import { capabilityStatuses } from './capability-statuses.js';
import { statusCommands } from './commands.js';
import { maintenanceWindows } from './schema.js';

const clock = new ManualClock(new Date('2026-11-18T15:00:00Z'));
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock });
  // Other modules' start may keep this process busy past the cache's one second: read the registry once more.
  await t.ctx.services.capabilities.refresh();
});
afterAll(async () => t?.stop());

async function candor(line: string[]): Promise<{ code: number; out: string[] }> {
  const args = parseArgs(line);
  const cmd = statusCommands.find((c) => c.name.split(' ').every((w, i) => args.positional[i] === w))!;
  const out: string[] = [];
  const code = await cmd.run(t.ctx, { ...args, positional: args.positional.slice(cmd.name.split(' ').length) }, (l) => out.push(l));
  return { code, out };
}

const iso = (hours: number) => new Date(clock.now().getTime() + hours * 3_600_000).toISOString();

describe('candor status', () => {
  it('lists every capability, as text and as JSON', async () => {
    const text = await candor(['status', 'list']);
    expect(text.code).toBe(0);
    expect(text.out).toHaveLength(14);
    expect(text.out.find((l) => l.startsWith('online-payment'))).toContain('operational');
    const json = await candor(['status', 'list', '--json']);
    expect(JSON.parse(json.out.join('\n'))).toHaveLength(14);
  });

  it('refuses bad input with a clear error and changes nothing', async () => {
    const before = await capabilityStatuses(t.ctx.db);
    const cases: Array<[string[], string]> = [
      [['status', 'set', 'online-payment', 'down', '--until', iso(1)], 'Give the reason for this change.'],
      [['status', 'set', 'web', 'down', '--reason', 'x', '--until', iso(1)], 'There is no such capability.'],
      [['status', 'set', 'online-payment', 'sideways', '--reason', 'x'], 'Choose operational, degraded, maintenance or down.'],
      [['status', 'set', 'online-payment', 'down', '--reason', 'x'], 'need an expected end'],
      [['status', 'set', 'online-payment', 'down', '--reason', 'x', '--until', iso(9)], 'at most 8 hours ahead'],
      [['status', 'set', 'online-payment', 'down', '--reason', 'x', '--until', 'soon'], 'need an expected end'],
      [['status', 'schedule', 'online-payment', '--from', iso(2), '--to', iso(1), '--reason', 'x'], 'The window must end after it starts.'],
      [['status', 'schedule', 'online-payment', '--from', iso(-3), '--to', iso(-2), '--reason', 'x'], 'The window is already over.'],
      [['status', 'schedule', 'online-payment', '--from', iso(1), '--to', iso(2)], 'Give the reason for this change.'],
    ];
    for (const [line, message] of cases) {
      const r = await candor(line);
      expect(r.code, line.join(' ')).toBe(2);
      expect(r.out.join('\n')).toContain(message);
    }
    expect(await capabilityStatuses(t.ctx.db)).toEqual(before);
    expect(await t.ctx.db.select().from(maintenanceWindows)).toEqual([]);
  });

  it('sets a status as a named operator and schedules maintenance, audited like the console', async () => {
    const op = await createTestAccount(t.ctx.db, { role: 'operations' });
    const r = await candor(['status', 'set', 'mail-payment', 'maintenance', '--reason', 'Lockbox move', '--until', iso(2), '--as', op.email]);
    expect(r.code).toBe(0);
    expect(r.out[0]).toContain('mail-payment is now maintenance');
    const row = (await capabilityStatuses(t.ctx.db)).find((x) => x.id === 'mail-payment')!;
    expect(row).toMatchObject({ status: 'maintenance', setBy: { kind: 'person', id: op.id }, reasonEn: 'Lockbox move' });
    const audit = await t.ctx.db.select().from(auditLog).where(eq(auditLog.objectId, 'mail-payment'));
    expect(audit.map((a) => [a.actor, a.actorKind, a.action])).toEqual([[op.id, 'person', 'capability.status.change']]);
    const customer = await createTestAccount(t.ctx.db, { role: 'customer' });
    await expect(candor(['status', 'set', 'mail-payment', 'operational', '--reason', 'x', '--as', customer.email])).rejects.toThrow('no operations, supervisor or administrator account');
    const s = await candor(['status', 'schedule', 'text-notices', '--from', iso(1), '--to', iso(3), '--reason', 'SMS gateway upgrade']);
    expect(s.code).toBe(0);
    expect(await t.ctx.db.select().from(maintenanceWindows)).toHaveLength(1);
  });

  it('`candor status set` in its own process returns after the change has committed', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'candor-cli-'));
    const until = new Date(Date.now() + 3_600_000).toISOString();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'status', 'set', 'text-notices', 'down', '--reason', 'SMS gateway outage', '--until', until], {
      // The same keys as the test app: the database holds data keys wrapped by its key.
      env: {
        ...process.env,
        DATABASE_URL: t.databaseUrl,
        CANDOR_DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        CANDOR_ENV: 'test',
        CANDOR_DATA_KEY: t.ctx.keys.data.toString('base64'),
        SESSION_SECRET: t.ctx.keys.cookie,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
    fs.rmSync(dataDir, { recursive: true, force: true });
    expect(out).toContain('text-notices is now down');
    expect(code).toBe(0);
    // Read at once, on another connection: committed.
    expect((await capabilityStatuses(t.ctx.db)).find((x) => x.id === 'text-notices')).toMatchObject({ status: 'down', setBy: { kind: 'system', id: 'command-line' } });
  }, 60_000);
});
