/**
 * What the Vermont replays share: a real SMTP server on loopback that notes
 * when each email reached it and which variant it carried, and takes a few
 * milliseconds per message like a relay under load; polling until a
 * condition holds; a campaign's messages counted by state.
 */
import { sql } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import type { Db } from '../../src/platform/database.js';

export interface Receipt {
  messageId: string;
  variant: string;
  at: number;
}

/** `port`: listen there (a relay started again after an outage); `receipts`: carry on counting into these. */
export async function startRelay(delayMs: number, opts: { port?: number; receipts?: Receipt[] } = {}) {
  const receipts: Receipt[] = opts.receipts ?? [];
  const server = new SMTPServer({
    authOptional: true,
    // Closing ends open connections at once (421), as a relay that goes away would.
    closeTimeout: 20,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      let head = '';
      stream.on('data', (c: Buffer) => {
        if (head.length < 8192) head += c.toString('utf8');
      });
      stream.on('end', () => {
        const header = (name: string) => new RegExp(`^${name}:\\s*(.+)$`, 'mi').exec(head)?.[1]?.trim() ?? '';
        receipts.push({ messageId: header('X-Candor-Message'), variant: header('X-Candor-Variant'), at: Date.now() });
        setTimeout(() => callback(), delayMs);
      });
    },
  });
  // A client that goes away mid-conversation (a killed process) is not the relay's error.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', () => resolve()));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `smtp://127.0.0.1:${port}`, port, receipts, close: () => new Promise<void>((r) => server.close(() => r())) };
}

export async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 420_000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function campaignStates(db: Db, campaignId: string): Promise<Record<string, number>> {
  const res = await db.execute<{ state: string; n: number }>(sql`SELECT state, count(*)::int AS n FROM notice_messages WHERE campaign_id = ${campaignId} GROUP BY state`);
  return Object.fromEntries(res.rows.map((r) => [r.state, r.n]));
}
