/** The running exchange anchors the audit chain's head on its interval and when it stops. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/database.js';
import { boot } from '../app/boot.js';
import { loadConfig } from '../platform/config.js';
import { createLogger } from '../platform/logger.js';
import { anchorFile, anchorKey, readAnchors } from './anchor.js';
import { auditModule } from './module.js';
import { recordAudit } from './record-audit.js';
import { verifyAudit } from './verify-audit.js';

let database: { url: string; drop(): Promise<void> };
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'candor-anchor-'));
const dataKey = Buffer.alloc(32, 3);

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the audit module', () => {
  it('anchors the head every interval when it moved, and once more on stop', { timeout: 60_000 }, async () => {
    const config = loadConfig({
      CANDOR_ENV: 'test',
      CANDOR_DATA_DIR: dataDir,
      DATABASE_URL: database.url,
      CANDOR_DATA_KEY: dataKey.toString('base64'),
      SESSION_SECRET: 's'.repeat(40),
      AUDIT_ANCHOR_INTERVAL_SECONDS: '1',
    });
    const runtime = await boot({ config, modules: [auditModule], web: false, jobs: false, migrate: false, log: createLogger('silent') });
    const keys = [anchorKey(dataKey)];
    const heads = () => readAnchors(anchorFile(dataDir), keys).anchors.map((a) => a.seq);
    try {
      await runtime.ctx.db.transaction((tx) => recordAudit(tx, { actor: 'a', actorKind: 'system', action: 'test.one', at: new Date('2026-02-01T10:00:00Z') }));
      const deadline = Date.now() + 20_000;
      while (!heads().includes(1) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(heads()).toEqual([1]);
      // Unmoved: no new line on the next ticks.
      await new Promise((r) => setTimeout(r, 2_200));
      expect(heads()).toEqual([1]);
      await runtime.ctx.db.transaction((tx) => recordAudit(tx, { actor: 'a', actorKind: 'system', action: 'test.two', at: new Date('2026-02-01T10:00:00Z') }));
    } finally {
      await runtime.close();
    }
    expect(heads().at(-1)).toBe(2);
    expect(readAnchors(anchorFile(dataDir), keys).unsigned).toEqual([]);
    expect(await verifyAudit(database.url, { anchors: { file: anchorFile(dataDir), keys } })).toMatchObject({ ok: true, count: 2, anchored: { seq: 2 } });
  });
});
