/**
 * Start-up cost of each kind of Candor process (docs/adr/0090), before and after the compiled
 * build on Node 24, side by side in one run:
 * - `candor serve` until it prints its URL (web server and workers, migrations already applied),
 * - `candor worker` until it says it runs,
 * - `candor --help` until it exits;
 * each measured as the process's own CPU time (user + system) and its memory (RSS at that point,
 * and its peak), read inside the process by bench/startup-probe.mjs.
 *
 * Before: the commit before the compiled build (BEFORE_COMMIT, taken out with git archive into
 * .candor-bench/), its TypeScript run through tsx on the Node 20 found on PATH outside
 * node_modules (the machine's own). Between: this commit's sources through tsx on Node 24 (what
 * the compile alone buys). After: the compiled build (bin/candor.js → dist/) on the project's
 * Node 24 with the Node options of bin/candor.js's first line, as `npx candor` and `npm start` run
 * it, and once more without them (V8's default young generation on Node 24). The variants
 * alternate, RUNS times each after one warm-up run (so tsx's transform cache is warm, which
 * favours the before side); the figures are medians.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchDatabase, benchHeader } from './support.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
/** The last commit that ran on tsx and Node 20. */
const BEFORE_COMMIT = 'b37ee0f';
const RUNS = 5;
const PROBE = path.join(here, 'startup-probe.mjs');

interface Sample {
  userMs: number;
  systemMs: number;
  peakRssKb: number;
  rssKb: number;
  version: string;
  wallMs: number;
}

interface Variant {
  name: string;
  /** Node binary and the arguments that run `candor`. */
  node: string;
  candor: string[];
  cwd: string;
}

interface Kind {
  name: string;
  args: string[];
  /** A line on stdout that says the process is ready; none: measured at exit. */
  ready?: RegExp;
}

const KINDS: Kind[] = [
  { name: 'web (`candor serve`)', args: ['serve'], ready: /running at http/ },
  { name: 'worker (`candor worker`)', args: ['worker'], ready: /worker is running/ },
  { name: '`candor --help`', args: ['--help'] },
];

function versionOf(node: string): string {
  return execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
}

/** The machine's own Node: the first `node` on PATH outside any node_modules. */
function systemNode(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir || dir.includes('node_modules')) continue;
    const node = path.join(dir, 'node');
    if (fs.existsSync(node)) return node;
  }
  return undefined;
}

/** The before commit's bin, sources and settings, with this checkout's node_modules (tsx included). */
function beforeTree(): string {
  const dir = path.join(root, '.candor-bench', `startup-${BEFORE_COMMIT}`);
  if (!fs.existsSync(path.join(dir, 'bin', 'candor.js'))) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const archive = execFileSync('git', ['archive', BEFORE_COMMIT, 'bin', 'src', 'package.json', 'tsconfig.json'], { cwd: root, maxBuffer: 256 * 2 ** 20 });
    execFileSync('tar', ['-x', '-C', dir], { input: archive });
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  }
  return dir;
}

/** The Node options on bin/candor.js's first line (`#!/usr/bin/env -S node …`). */
function binNodeOptions(bin: string): string[] {
  const first = fs.readFileSync(bin, 'utf8').split('\n')[0]!;
  return first.split(/\s+/).slice(first.split(/\s+/).indexOf('node') + 1);
}

async function measure(variant: Variant, kind: Kind, env: NodeJS.ProcessEnv): Promise<Sample> {
  const probeFile = path.join(os.tmpdir(), `candor-startup-${process.pid}-${Math.random().toString(36).slice(2)}.json`);
  const started = performance.now();
  const child = spawn(variant.node, ['--import', PROBE, ...variant.candor, ...kind.args], {
    cwd: variant.cwd,
    env: { ...env, CANDOR_BENCH_PROBE: probeFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let wallMs: number;
  if (kind.ready) {
    const ready = kind.ready;
    wallMs = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${variant.name} ${kind.args.join(' ')}: not ready in 180 s\n${out}\n${err}`)), 180_000);
      void exited.then((code) => reject(new Error(`${variant.name} ${kind.args.join(' ')} exited (${code}) before it was ready\n${out}\n${err}`)));
      child.stdout!.on('data', () => {
        if (ready.test(out)) {
          clearTimeout(timer);
          resolve(performance.now() - started);
        }
      });
    });
    child.kill('SIGUSR2');
    for (let i = 0; i < 500 && !fs.existsSync(probeFile); i++) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGTERM');
    await exited;
  } else {
    const code = await exited;
    wallMs = performance.now() - started;
    if (code !== 0) throw new Error(`${variant.name} ${kind.args.join(' ')} exited ${code}\n${err}`);
  }
  const sample = JSON.parse(fs.readFileSync(probeFile, 'utf8')) as Omit<Sample, 'wallMs'>;
  fs.rmSync(probeFile, { force: true });
  return { ...sample, wallMs };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export async function main(): Promise<string> {
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--if-stale'], { stdio: 'inherit' });
  const node24 = process.execPath;
  const node20 = systemNode();
  const variants: Variant[] = [];
  if (node20) variants.push({ name: `before: tsx on Node ${versionOf(node20)} (commit ${BEFORE_COMMIT})`, node: node20, candor: [path.join(beforeTree(), 'bin', 'candor.js')], cwd: root });
  variants.push({ name: `between: tsx on Node ${process.version} (this commit's sources)`, node: node24, candor: ['--import', 'tsx', path.join(root, 'src', 'cli', 'main.ts')], cwd: root });
  const bin = path.join(root, 'bin', 'candor.js');
  const binOptions = binNodeOptions(bin);
  variants.push({ name: `after: compiled on Node ${process.version}, \`${binOptions.join(' ')}\` (bin/candor.js)`, node: node24, candor: [...binOptions, bin], cwd: root });
  variants.push({ name: `after, V8's default young generation: compiled on Node ${process.version}`, node: node24, candor: [bin], cwd: root });

  const databases = await Promise.all(variants.map(() => benchDatabase()));
  const dataDirs = variants.map(() => fs.mkdtempSync(path.join(os.tmpdir(), 'candor-bench-startup-')));
  const envOf = (i: number): NodeJS.ProcessEnv => ({ ...process.env, DATABASE_URL: databases[i]!.url, CANDOR_DATA_DIR: dataDirs[i]!, PORT: '0', LOG_LEVEL: 'warn' });
  const results = new Map<string, Sample[]>();
  try {
    for (const kind of KINDS) {
      process.stderr.write(`${kind.name}: warm-up`);
      for (const [i, v] of variants.entries()) await measure(v, kind, envOf(i));
      for (let run = 1; run <= RUNS; run++) {
        process.stderr.write(` ${run}`);
        for (const [i, v] of variants.entries()) {
          const s = await measure(v, kind, envOf(i));
          const key = `${kind.name}\0${v.name}`;
          results.set(key, [...(results.get(key) ?? []), s]);
        }
      }
      process.stderr.write('\n');
    }
  } finally {
    await Promise.all(databases.map((d) => d.drop()));
    for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
  }

  const rows: string[] = [];
  for (const kind of KINDS) {
    const first = results.get(`${kind.name}\0${variants[0]!.name}`)!;
    const cpu0 = median(first.map((s) => s.userMs + s.systemMs));
    const rss0 = median(first.map((s) => s.rssKb));
    for (const v of variants) {
      const samples = results.get(`${kind.name}\0${v.name}`)!;
      const cpu = median(samples.map((s) => s.userMs + s.systemMs));
      const rss = median(samples.map((s) => s.rssKb));
      const peak = median(samples.map((s) => s.peakRssKb));
      const wall = median(samples.map((s) => s.wallMs));
      const ratio = v === variants[0] ? '1' : `${fmt(cpu / cpu0, 2)} · ${fmt(rss / rss0, 2)}`;
      rows.push(`| ${kind.name} | ${v.name} | ${fmt(cpu)} ms | ${fmt(rss / 1024)} MB | ${fmt(peak / 1024)} MB | ${fmt(wall)} ms | ${ratio} |`);
    }
  }
  return [
    '## startup',
    '',
    benchHeader(),
    '',
    `| process | runtime | CPU to ready (user + system) | RSS when ready | peak RSS | wall time to ready | CPU · RSS ratio to the first row |`,
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `Medians of ${RUNS} alternating runs after one warm-up each, on a database already migrated (DATABASE_URL), the CPU time and memory read inside each process (bench/startup-probe.mjs) when it says it is ready (\`--help\`: when it exits); the embedded database is not started. The wall time depends on the machine's load; read the CPU and memory.`,
    'Run: `npm run bench -- startup`.',
  ].join('\n');
}
