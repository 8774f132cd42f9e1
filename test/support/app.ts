/**
 * The whole exchange for a test file: its own database, a real local SMTP
 * peer, the web server listening on a free port, and (optionally) workers.
 */
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { boot, type Runtime } from '../../src/app/boot.js';
import type { CandorModule } from '../../src/app/module.js';
import { loadConfig, type Config } from '../../src/platform/config.js';
import type { Clock } from '../../src/platform/clock.js';
import { createLogger, type Logger } from '../../src/platform/logger.js';
import { createTestDatabase } from './database.js';

export interface TestApp extends Runtime {
  url: string;
  databaseUrl: string;
  /** Stops everything and drops the database. */
  stop(): Promise<void>;
}

export async function startTestApp(
  opts: { clock?: Clock; modules?: ReadonlyArray<CandorModule>; jobs?: false | { work: boolean }; config?: Partial<Config>; listen?: boolean; log?: Logger } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'candor-test-'));
  const config = loadConfig({ CANDOR_ENV: 'test', CANDOR_DATA_DIR: dataDir, DATABASE_URL: database.url, LOG_LEVEL: 'warn', PORT: '0' }, opts.config);
  const runtime = await boot({
    config,
    clock: opts.clock,
    modules: opts.modules,
    web: true,
    jobs: opts.jobs ?? false,
    migrate: false,
    // A test that reads the logs passes its own (test/support/log-capture.ts).
    log: opts.log ?? createLogger(process.env.CANDOR_TEST_LOG ?? 'silent'),
  });
  let url = '';
  if (opts.listen !== false) {
    url = await runtime.server!.listen({ port: 0, host: '127.0.0.1' });
    runtime.ctx.publicUrl = url;
  }
  return {
    ...runtime,
    url,
    databaseUrl: database.url,
    async stop() {
      await runtime.close();
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The text of the element with this data-testid in a page the app rendered. */
export const testIdText = (body: string, id: string): string | undefined => new RegExp(`data-testid="${id}"[^>]*>([^<]*)<`).exec(body)?.[1];
