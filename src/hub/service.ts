/**
 * The hub link of one process: the client (to the configured hub, or to the
 * stand-in started here), the keyring, and the gate every call passes.
 *
 * The gate is the capability guard on `hub-verification`: a call runs only
 * while the capability is available, and once a change to down has committed
 * (`candor hub disconnect`, the console, or the capabilities console) no call
 * starts. The client also checks the cached status itself before it opens
 * any socket, and is cut in-process the moment the status changes.
 * docs/adr/0070-hub-link-fails-closed.md
 */
import fs from 'node:fs';
import path from 'node:path';
import { desc } from 'drizzle-orm';
import type { AppContext } from '../web/context.js';
import { createHubClient, type BreakerState, type HubClient } from './client.js';
import { loadKeyring, type Keyring } from './keyring.js';
import { linkEvents } from './schema.js';
import type { StandinHub } from './standin/server.js';

export interface HubLink {
  client: HubClient;
  keyring: Keyring;
  /** The stand-in hub this process started (no HUB_URL configured). */
  standin: StandinHub | null;
  /** Runs `action` while the link is open; `{ open: false }` when it is cut (nothing was sent). */
  whileOpen<T>(action: () => Promise<T>): Promise<{ open: true; value: T } | { open: false }>;
  /** True when this process may call the hub now (cached: the gate decides). */
  isOpen(): boolean;
  /** Asks a worker to work the queue now (after new requests, and on reconnect). */
  kick(): Promise<void>;
  readonly breakerState: BreakerState;
}

declare module '../web/context.js' {
  interface AppServices {
    hub: HubLink;
  }
}

export const DRAIN_JOB = 'hub-verify';

/** The link's state from its own history, for a process without the capabilities module (tests of parts). */
async function cutByHistory(ctx: AppContext): Promise<boolean> {
  const [last] = await ctx.db.select({ action: linkEvents.action }).from(linkEvents).orderBy(desc(linkEvents.id)).limit(1);
  return last?.action === 'disconnect';
}

export async function startHubLink(ctx: AppContext, opts: { onBreakerChange?: (state: BreakerState) => void } = {}): Promise<{ link: HubLink; stop: () => Promise<void> }> {
  const keyring = await loadKeyring(ctx.db, ctx.keys.data, () => ctx.clock.now());
  let standin: StandinHub | null = null;
  let url: string;
  let tls: { ca: Buffer; cert: Buffer; key: Buffer };
  if (ctx.config.hubUrl) {
    url = ctx.config.hubUrl;
    tls = { ca: fs.readFileSync(ctx.config.hubCaFile!), cert: fs.readFileSync(ctx.config.hubClientCertFile!), key: fs.readFileSync(ctx.config.hubClientKeyFile!) };
  } else {
    // Loaded only here: production has a hub configured and never loads the stand-in (docs/adr/0095).
    const { startStandinHub } = await import('./standin/server.js');
    standin = await startStandinHub({ certDir: path.join(ctx.config.dataDir, 'hub') });
    url = standin.url;
    const c = standin.certificates;
    tls = { ca: fs.readFileSync(c.caCert), cert: fs.readFileSync(c.clientCert), key: fs.readFileSync(c.clientKey) };
    ctx.log.info({ url }, 'stand-in federal hub started');
  }

  const capabilities = () => (ctx.services as Partial<AppContext['services']>).capabilities;
  let historyCut = !capabilities() && (await cutByHistory(ctx));
  const isOpen = () => {
    const caps = capabilities();
    return caps ? caps.isAvailable('hub-verification') : !historyCut;
  };

  const client = createHubClient({ url, tls, timeoutMs: ctx.config.hubTimeoutMs, onBreakerChange: (s) => opts.onBreakerChange?.(s), linkOpen: isOpen });
  // Starting the stand-in can take longer than the status cache stays fresh; a stale cache reads as a cut
  // link, and the client, cut on it, would wait for a change that never comes. Decide on a fresh read.
  await capabilities()
    ?.refresh()
    .catch(() => {});
  if (!isOpen()) client.cut();
  const unsubscribe = capabilities()?.onChange(() => {
    if (isOpen()) client.restore();
    else client.cut();
  });

  const link: HubLink = {
    client,
    keyring,
    standin,
    isOpen,
    async whileOpen(action) {
      const caps = capabilities();
      if (caps) {
        const guarded = await caps.whileAvailable(['hub-verification'], action);
        return guarded.ran ? { open: true, value: guarded.value } : { open: false };
      }
      historyCut = await cutByHistory(ctx);
      if (historyCut) {
        client.cut();
        return { open: false };
      }
      client.restore();
      return { open: true, value: await action() };
    },
    async kick() {
      await ctx.jobs?.send(DRAIN_JOB, {}, { singletonKey: DRAIN_JOB });
    },
    get breakerState() {
      return client.breakerState;
    },
  };
  const refresher = setInterval(() => void keyring.refresh().catch(() => {}), 60_000);
  refresher.unref();
  return {
    link,
    stop: async () => {
      clearInterval(refresher);
      unsubscribe?.();
      client.close();
      await standin?.close();
    },
  };
}
