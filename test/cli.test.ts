import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureHubCertificates } from '../src/hub/standin/certificates.js';
import { createTestDatabase } from './support/database.js';

const bin = path.resolve('bin/candor.js');
/** Stand-ins for outside systems and test helpers (ADR 0095), as files of the build or of the tree. */
const STAND_IN_OR_HELPER = /(^|\/)(standin|testing)(\/|\.js$)|\/stand-in-[^/]+\.js$|-standin\.js$|^test\//;
/** The project's files a process started with test/support/loaded-modules.mjs says it loaded (in its stderr or its file). */
const loadedFiles = (report: string) => [...report.matchAll(/^loaded (.+)$/gm)].map((m) => m[1]!);
/** NODE_OPTIONS that report the loaded files, after whatever options the test run already has. */
const reportingLoads = () => `${process.env.NODE_OPTIONS ?? ''} --import ${path.resolve('test/support/loaded-modules.mjs')}`.trim();

/** Waits for `candor serve` to print its address. */
function servedAt(child: ReturnType<typeof spawn>, output: () => string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed: ${output()}`)), 90_000);
    child.stdout!.on('data', () => {
      const m = /running at (http:\/\/\S+)/.exec(output());
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
  });
}

const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [bin, ...args], { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, encoding: 'utf8', timeout: 120_000 });

describe('the candor command', () => {
  it('explains itself', () => {
    const res = run(['--help']);
    expect(res.status).toBe(0);
    for (const command of ['serve', 'worker', 'migrate', 'seed', 'audit verify', 'audit anchor', 'backup', 'restore']) expect(res.stdout).toContain(`candor ${command}`);
  });

  it('runs from the compiled build on Node 24, and --help loads no module', () => {
    const res = spawnSync(process.execPath, ['--import', path.resolve('test/support/loaded-modules.mjs'), bin, '--help'], { encoding: 'utf8', timeout: 60_000 });
    expect(res.status).toBe(0);
    expect(res.stdout).toContain('candor billing run');
    expect(res.stderr).toMatch(/^node v24\./m);
    const loaded = [...res.stderr.matchAll(/^loaded (.+)$/gm)].map((m) => m[1]!).sort();
    expect(loaded).toEqual(['bin/candor.js', 'dist/cli/args.js', 'dist/cli/commands.js', 'dist/cli/main.js']);
  });

  it('runs as a program with the young generation Node 20 had', () => {
    const env = { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}`, NODE_OPTIONS: `--import ${path.resolve('test/support/loaded-modules.mjs')}` };
    const res = spawnSync(bin, ['--help'], { env, encoding: 'utf8', timeout: 60_000 });
    expect(res.status).toBe(0);
    expect(res.stdout).toContain('candor serve');
    expect(res.stderr).toMatch(/^node v24\.\S+ --max-semi-space-size=16$/m);
  });

  it('answers an unknown command with one plain line and a non-zero exit', () => {
    const res = run(['frobnicate']);
    expect(res.status).toBe(2);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toContain('unknown command "frobnicate"');
  });

  it('answers bad configuration with one plain line', () => {
    const res = run(['migrate'], { PORT: 'eighty' });
    expect(res.status).toBe(1);
    expect(res.stderr.trim()).toMatch(/^candor: Configuration: PORT: /);
  });

  describe('in production', () => {
    const production = (dataDir: string): Record<string, string> => ({
      CANDOR_ENV: 'production',
      CANDOR_DATA_DIR: dataDir,
      DATABASE_URL: 'postgres://candor@127.0.0.1:9/candor',
      SMTP_URL: 'smtp://127.0.0.1:9',
      SMS_GATEWAY_URL: 'http://127.0.0.1:9/sms',
      PAYMENT_PROCESSOR_URL: 'http://127.0.0.1:9/pay',
      PAYMENT_PROCESSOR_API_KEY: 'sk_live_example',
      PAYMENT_WEBHOOK_SECRET: 'w'.repeat(32),
      HUB_URL: 'https://127.0.0.1:9',
      IRS_URL: 'https://127.0.0.1:9',
      IRS_TOKEN: 'irs-token',
      HUB_CA_FILE: '/nonexistent/ca.pem',
      HUB_CLIENT_CERT_FILE: '/nonexistent/client.pem',
      HUB_CLIENT_KEY_FILE: '/nonexistent/client.key',
      SESSION_SECRET: 's'.repeat(40),
      CANDOR_DATA_KEY: Buffer.alloc(32, 1).toString('base64'),
    });
    /** Runs with `unset` removed from the environment, in a data folder of its own; says whether anything was started there. */
    const runProduction = (args: string[], unset: string[] = []) => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'candor-prod-'));
      const env = { ...production(dataDir) };
      for (const name of unset) delete env[name];
      const inherited = { ...process.env } as Record<string, string>;
      for (const name of unset) delete inherited[name];
      const res = spawnSync(process.execPath, [bin, ...args], { env: { ...inherited, LOG_LEVEL: 'warn', ...env }, encoding: 'utf8', timeout: 120_000 });
      const started = fs.readdirSync(dataDir);
      fs.rmSync(dataDir, { recursive: true, force: true });
      return { ...res, started };
    };

    it('refuses serve --demo before starting anything, and prints no sign-in or TOTP secret', () => {
      const res = runProduction(['serve', '--demo']);
      expect(res.status).toBe(1);
      expect(res.stderr.trim()).toMatch(/^candor: CANDOR_ENV=production refuses --demo: demo data has published passwords/);
      expect(res.stdout).not.toMatch(/TOTP|demo sign-ins|Candor is running/i);
      expect(res.started).toEqual([]);
    });

    it('refuses candor seed', () => {
      const res = runProduction(['seed']);
      expect(res.status).toBe(1);
      expect(res.stderr.trim()).toMatch(/^candor: CANDOR_ENV=production refuses candor seed: /);
      expect(res.started).toEqual([]);
    });

    it('refuses to serve without the outside services, naming each missing one, and starts no stand-in', () => {
      const res = runProduction(['serve'], ['DATABASE_URL', 'SMTP_URL', 'SMS_GATEWAY_URL', 'PAYMENT_PROCESSOR_URL', 'HUB_URL']);
      expect(res.status).toBe(1);
      expect(res.stderr.trim()).toBe(
        'candor: Configuration: CANDOR_ENV=production uses no stand-ins and needs DATABASE_URL (the database), SMTP_URL (outgoing email), SMS_GATEWAY_URL (the SMS gateway), PAYMENT_PROCESSOR_URL (the payment processor), HUB_URL (the federal hub) (not set)',
      );
      expect(res.started).toEqual([]);
    });

    it('serves on the outside services alone, and loads no stand-in and no test helper (ADR 0095)', async () => {
      const db = await createTestDatabase();
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'candor-prod-'));
      const certDir = fs.mkdtempSync(path.join(os.tmpdir(), 'candor-prod-certs-'));
      try {
        const certs = ensureHubCertificates(path.join(certDir, 'hub'));
        const env = {
          ...process.env,
          ...production(dataDir),
          DATABASE_URL: db.url,
          HUB_CA_FILE: certs.caCert,
          HUB_CLIENT_CERT_FILE: certs.clientCert,
          HUB_CLIENT_KEY_FILE: certs.clientKey,
          PORT: '0',
          LOG_LEVEL: 'warn',
          NODE_OPTIONS: reportingLoads(),
          CANDOR_LOADED_MODULES_FILE: path.join(certDir, 'loaded.txt'),
        };
        const child = spawn(process.execPath, [bin, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (err += d));
        const url = await servedAt(child, () => out + err);
        // A page and the readiness check, so what a request loads is loaded too.
        expect((await fetch(`${url}/`)).status).toBe(200);
        await (await fetch(`${url}/readyz`)).arrayBuffer();
        const code = await new Promise<number | null>((resolve) => {
          // 'close', not 'exit': the list of loaded files is the last thing on stderr.
          child.on('close', resolve);
          child.kill('SIGTERM');
        });
        expect(code).toBe(0);
        expect(out).not.toContain('Stand-ins in use');
        const loaded = loadedFiles(fs.readFileSync(path.join(certDir, 'loaded.txt'), 'utf8'));
        expect(loaded).toContain('dist/app/boot.js');
        expect(loaded).toContain('dist/hub/client.js');
        expect(loaded.filter((file) => STAND_IN_OR_HELPER.test(file))).toEqual([]);
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
        fs.rmSync(certDir, { recursive: true, force: true });
        await db.drop();
      }
    }, 180_000);

    it.each(['SMTP_URL', 'HUB_URL'])('refuses the worker without %s alone', (name) => {
      const res = runProduction(['worker'], [name]);
      expect(res.status).toBe(1);
      expect(res.stderr).toContain(`needs ${name} (`);
      expect(res.started).toEqual([]);
    });
  });

  it('migrates a configured database and says so', async () => {
    const db = await createTestDatabase();
    try {
      const res = run(['migrate'], { DATABASE_URL: db.url });
      expect(res.stderr).toContain('Migrating audit…');
      expect(res.status).toBe(0);
      expect(res.stdout).toContain('Migrations are current.');
    } finally {
      await db.drop();
    }
  });

  it('serves on its own embedded PostgreSQL and stops it cleanly on SIGTERM', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'candor-serve-'));
    const loadedLog = path.join(dataDir, 'loaded.txt');
    const env = { ...process.env, CANDOR_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', NODE_OPTIONS: reportingLoads(), CANDOR_LOADED_MODULES_FILE: loadedLog } as NodeJS.ProcessEnv;
    delete env.DATABASE_URL;
    const child = spawn(process.execPath, [bin, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const url = await servedAt(child, () => out + err);
    const ready = await fetch(`${url}/readyz`);
    expect(await ready.json()).toEqual({ status: 'ready' });
    const state = JSON.parse(fs.readFileSync(path.join(dataDir, 'pg.json'), 'utf8')) as { port: number };
    const code = await new Promise<number | null>((resolve) => {
      child.on('close', resolve); // after stderr, which ends with the loaded files
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
    expect(out).toContain('Stand-ins in use, not for production: the embedded PostgreSQL server, the local SMTP peer, the SMS gateway, the payment processor, the federal hub.');
    // Outside production the stand-ins are loaded, and the pattern the production test uses finds them.
    expect(loadedFiles(fs.readFileSync(loadedLog, 'utf8')).filter((file) => STAND_IN_OR_HELPER.test(file))).toEqual(
      expect.arrayContaining(['dist/hub/standin/server.js', 'dist/payments/stand-in-processor.js', 'dist/notices/transports/sms-standin.js']),
    );
    expect(fs.existsSync(path.join(dataDir, 'pg.json'))).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
    expect(state.port).toBeGreaterThan(0);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 180_000);
});
