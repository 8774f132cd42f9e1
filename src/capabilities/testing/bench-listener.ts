/**
 * One of the benchmark's processes: a capability service (as every web and
 * worker process has) that prints when it sees each change, and a bare LISTEN
 * on another channel that prints when each raw NOTIFY arrives (the baseline).
 *
 *   node --import tsx bench-listener.ts <databaseUrl>
 * prints "ready", then "seen <n> <ms>" and "raw <n> <ms>" (wall-clock milliseconds).
 */
import pg from 'pg';
import { systemClock } from '../../platform/clock.js';
import { createLogger } from '../../platform/logger.js';
import { vermont } from '../../states/vt.js';
import { createCapabilityService } from '../service.js';

const [databaseUrl] = process.argv.slice(2);
if (!databaseUrl) throw new Error('usage: bench-listener <databaseUrl>');
const wall = () => performance.timeOrigin + performance.now();

const service = createCapabilityService({ databaseUrl, clock: systemClock, profile: vermont, log: createLogger('warn') });
let last = '';
service.onChange((snap) => {
  const marker = snap.capabilities['text-notices'].reason.en;
  if (marker !== last && marker.startsWith('bench-')) {
    last = marker;
    process.stdout.write(`seen ${marker.slice(6)} ${wall()}\n`);
  }
});
await service.start();

const raw = new pg.Client({ connectionString: databaseUrl });
await raw.connect();
raw.on('notification', (msg) => process.stdout.write(`raw ${msg.payload} ${wall()}\n`));
await raw.query('LISTEN bench_raw');

process.on('SIGTERM', () => {
  void Promise.all([service.close(), raw.end()]).then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
process.stdout.write('ready\n');
