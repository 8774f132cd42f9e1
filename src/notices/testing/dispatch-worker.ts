/**
 * A process that runs one notices dispatcher and nothing else (the crash
 * drill kills it with SIGKILL mid-campaign, again and again):
 *
 *   node --import tsx dispatch-worker.ts <databaseUrl> <smtpUrl> <dataDir>
 *
 * Emails go to the SMTP server given, letters to the print batch in the data
 * folder; texts are refused. Prints "ready" once its claim session is open.
 * Stops on SIGTERM.
 */
import pg from 'pg';
import { createCapabilityService } from '../../capabilities/service.js';
import { systemClock } from '../../platform/clock.js';
import { connect } from '../../platform/database.js';
import { createLogger } from '../../platform/logger.js';
import { createMailer } from '../../platform/mail.js';
import { vermont } from '../../states/vt.js';
import { createDispatcher, emailTransport } from '../dispatcher.js';
import { createPrintBatch } from '../transports/letters.js';

const [databaseUrl, smtpUrl, dataDir] = process.argv.slice(2);
if (!databaseUrl || !smtpUrl || !dataDir) throw new Error('usage: dispatch-worker <databaseUrl> <smtpUrl> <dataDir>');

const log = createLogger('warn');
const capabilities = createCapabilityService({ databaseUrl, clock: systemClock, profile: vermont, log });
const database = connect(databaseUrl, 10);
const mailer = createMailer(smtpUrl);
const printBatch = createPrintBatch(dataDir);

// Campaign statuses, polled (the service's LISTEN is not needed here).
const statuses = new Map<string, string>();
const poller = new pg.Pool({ connectionString: databaseUrl, max: 1 });
const poll = async () => {
  const res = await poller.query<{ id: string; status: string }>(`SELECT id, status FROM notice_campaigns`);
  for (const r of res.rows) statuses.set(r.id, r.status);
};

const dispatcher = createDispatcher({
  db: database.db,
  databaseUrl,
  clock: systemClock,
  profile: vermont,
  log,
  capabilities,
  transports: { email: emailTransport(mailer), letters: printBatch, sms: { send: async () => ({ ok: false, permanent: true, error: 'no texts here' }) } },
  probes: { email: () => mailer.verify(), letter: () => printBatch.probe() },
  publicUrl: () => 'http://127.0.0.1:9',
  mailFrom: 'notices@candor.localhost',
  campaignStatus: (id) => statuses.get(id),
});

await capabilities.start();
await poll();
const timer = setInterval(() => void poll().catch(() => {}), 200);
// Claims of a dispatcher that stopped are released before this one claims anything.
await dispatcher.sweep();
dispatcher.start(20);
process.stdout.write('ready\n');

process.on('SIGTERM', () => {
  void (async () => {
    clearInterval(timer);
    await dispatcher.stop();
    mailer.close();
    await capabilities.close();
    await poller.end();
    await database.close();
    process.exit(0);
  })();
});
