/**
 * The audit module: while the exchange runs, it anchors the chain's head outside the
 * database every AUDIT_ANCHOR_INTERVAL_SECONDS when the head has moved, and once more
 * when it stops (docs/adr/0096). `candor audit verify` (src/cli) checks against them.
 */
import type { CandorModule } from '../web/module.js';
import type { AppContext } from '../web/context.js';
import { anchorFile, anchorKey } from './anchor.js';
import { anchorAuditHead, readAuditHead } from './anchor-audit-head.js';

/** Anchors the head if it moved since `last`; a database that is down is tried again next time. */
async function anchorIfMoved(ctx: AppContext, last: { seq: number; hash: string } | undefined) {
  const head = await readAuditHead(ctx.pool);
  if (last && last.seq === head.seq && last.hash === head.hash) return last;
  return anchorAuditHead(ctx.pool, { file: anchorFile(ctx.config.dataDir), key: anchorKey(ctx.keys.data), now: ctx.clock.now(), log: ctx.log });
}

export const auditModule: CandorModule = {
  name: 'audit',
  async start(ctx) {
    let last: { seq: number; hash: string } | undefined;
    let running: Promise<void> = Promise.resolve();
    const tick = () => {
      running = running
        .then(async () => {
          last = await anchorIfMoved(ctx, last);
        })
        .catch((err: Error) => ctx.log.warn({ err: { message: err.message } }, 'audit anchor not written this time'));
      return running;
    };
    const timer = setInterval(() => void tick(), ctx.config.auditAnchorIntervalSeconds * 1000);
    timer.unref();
    return async () => {
      clearInterval(timer);
      await tick();
    };
  },
  commands: [
    {
      name: 'audit anchor',
      usage: 'candor audit anchor',
      summary: "Anchor the audit chain's head now: a signed line in the data folder's anchor file (serve and worker do it every AUDIT_ANCHOR_INTERVAL_SECONDS).",
      async run(ctx, _args, print) {
        const anchor = await anchorAuditHead(ctx.pool, { file: anchorFile(ctx.config.dataDir), key: anchorKey(ctx.keys.data), now: ctx.clock.now(), log: ctx.log });
        print(`Anchored the audit trail at record ${anchor.seq} in ${anchorFile(ctx.config.dataDir)}.`);
        return 0;
      },
    },
  ],
};
