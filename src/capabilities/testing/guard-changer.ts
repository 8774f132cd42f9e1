/**
 * A process that takes a capability down and back up, `cycles` times,
 * recording (inside each change's transaction, so before it commits) the
 * server time once the change holds its lock.
 *
 *   node --import tsx guard-changer.ts <databaseUrl> <cycles> <downMs> <upMs>
 */
import { sql } from 'drizzle-orm';
import { connect } from '../../platform/database.js';
import { setCapabilityStatus } from '../set-capability-status.js';

const [databaseUrl, cyclesArg = '5', downMs = '150', upMs = '200'] = process.argv.slice(2);
if (!databaseUrl) throw new Error('usage: guard-changer <databaseUrl> <cycles> <downMs> <upMs>');
const database = connect(databaseUrl, 2);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const by = { kind: 'system', id: 'guard-test' } as const;

for (let i = 0; i < Number(cyclesArg); i++) {
  await pause(Number(upMs));
  await database.db.transaction(async (tx) => {
    await setCapabilityStatus(tx, { capability: 'online-payment', status: 'down', reasonEn: 'guard test', expectedEnd: new Date(Date.now() + 3_600_000), by, now: new Date(), lockTimeoutMs: 10_000 });
    await tx.execute(sql`INSERT INTO guard_probe (worker, kind, at) VALUES ('changer', 'down-locked', clock_timestamp())`);
  });
  await pause(Number(downMs));
  await database.db.transaction(async (tx) => {
    await tx.execute(sql`INSERT INTO guard_probe (worker, kind, at) VALUES ('changer', 'up-begins', clock_timestamp())`);
    await setCapabilityStatus(tx, { capability: 'online-payment', status: 'operational', reasonEn: 'guard test over', by, now: new Date() });
  });
}
await database.close();
process.exit(0);
