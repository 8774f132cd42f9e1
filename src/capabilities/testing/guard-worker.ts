/**
 * A process that acts through the guard again and again (the multi-process
 * guard test and the benchmark start several). Each action records its start
 * and end with the database server's clock_timestamp().
 *
 *   node --import tsx guard-worker.ts <databaseUrl> <workerId> <guarded|naive> [loops]
 *
 * "naive" checks the cached status and then acts, without the guard: the
 * control that shows what the guard prevents. Stops on SIGTERM.
 */
import pg from 'pg';
import { systemClock } from '../../platform/clock.js';
import { createLogger } from '../../platform/logger.js';
import { vermont } from '../../states/vt.js';
import { createCapabilityService } from '../service.js';

const [databaseUrl, workerId, mode = 'guarded', loopsArg = '4'] = process.argv.slice(2);
if (!databaseUrl || !workerId) throw new Error('usage: guard-worker <databaseUrl> <workerId> <guarded|naive> [loops]');

const service = createCapabilityService({ databaseUrl, clock: systemClock, profile: vermont, log: createLogger('warn') });
const pool = new pg.Pool({ connectionString: databaseUrl, max: Number(loopsArg) + 1 });
let stopping = false;
process.on('SIGTERM', () => {
  stopping = true;
});

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function act(): Promise<void> {
  await pool.query(`INSERT INTO guard_probe (worker, kind, at) VALUES ($1, 'start', clock_timestamp())`, [workerId]);
  await pause(Math.random() * 3);
  await pool.query(`INSERT INTO guard_probe (worker, kind, at) VALUES ($1, 'end', clock_timestamp())`, [workerId]);
}

async function loop(): Promise<void> {
  while (!stopping) {
    if (mode === 'guarded') {
      const result = await service.whileAvailable(['online-payment'], act);
      if (!result.ran) await pause(2);
    } else if (service.isAvailable('online-payment')) {
      // The gap between checking and acting that the guard closes.
      await pause(Math.random() * 5);
      await act();
    } else await pause(2);
  }
}

await service.start();
process.stdout.write('ready\n');
await Promise.all(Array.from({ length: Number(loopsArg) }, loop));
await service.close();
await pool.end();
process.exit(0);
