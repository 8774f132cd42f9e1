#!/usr/bin/env node
/**
 * npm run build: compiles src/ into dist/ (docs/adr/0090). Each TypeScript file becomes one
 * JavaScript file at the same place (esbuild, no bundling), so `import.meta.url`-relative
 * paths keep working; every other file under src/ (migrations, fonts, the common-password
 * list, web assets) is copied beside it. Tests and test helpers are left out. Type-checking is
 * `tsc --noEmit` in npm test, not here.
 *
 * node scripts/build.mjs [--if-stale]: with --if-stale, does nothing when dist/ was built from
 * the sources as they are (names, sizes and modification times of every input).
 *
 * Plain JavaScript, so that it runs before anything is compiled, on any Node.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'src');
const dist = path.join(root, 'dist');
const STAMP = '.build-stamp';

/** What the build leaves out: tests, test helpers, type declarations, notes, development tools. */
export function excluded(rel) {
  return /\.test\.tsx?$/.test(rel) || rel.endsWith('.d.ts') || rel.endsWith('.md') || /(^|\/)testing(\.ts|\/)/.test(rel) || rel.endsWith('/test-client.ts') || rel.startsWith('accounts/tools/');
}

function sources() {
  return fs
    .readdirSync(src, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) =>
      path
        .relative(src, path.join(e.parentPath ?? e.path, e.name))
        .split(path.sep)
        .join('/'),
    )
    .filter((rel) => !excluded(rel))
    .sort();
}

/** Changes when any input changes, is added or is removed. */
function fingerprint(files) {
  const hash = createHash('sha256');
  const inputs = [...files.map((f) => path.join(src, f)), fileURLToPath(import.meta.url), path.join(root, 'package-lock.json'), path.join(root, 'tsconfig.json')];
  for (const file of inputs) {
    const s = fs.statSync(file);
    hash.update(`${path.relative(root, file)}\0${s.size}\0${s.mtimeMs}\n`);
  }
  return hash.digest('hex');
}

/** Every relative import in the compiled files names a file that is there (a left-out helper would not be). */
function checkImports(out, files) {
  const missing = [];
  for (const rel of files.filter((f) => /\.tsx?$/.test(f))) {
    const file = path.join(out, rel.replace(/\.tsx?$/, '.js'));
    const code = fs.readFileSync(file, 'utf8');
    for (const m of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)"(\.\.?\/[^"]+)"/g)) {
      if (!fs.existsSync(path.resolve(path.dirname(file), m[1]))) missing.push(`src/${rel} imports ${m[1]}`);
    }
  }
  if (missing.length) throw new Error(`the build leaves out files that product code imports:\n  ${missing.join('\n  ')}`);
}

export async function build({ ifStale = false } = {}) {
  const files = sources();
  const print = fingerprint(files);
  if (ifStale && fs.existsSync(path.join(dist, STAMP)) && fs.readFileSync(path.join(dist, STAMP), 'utf8') === print) return false;
  const started = Date.now();
  const { build: esbuild } = await import('esbuild');
  const out = path.join(root, `dist.tmp-${process.pid}`);
  fs.rmSync(out, { recursive: true, force: true });
  try {
    await esbuild({
      entryPoints: files.filter((f) => /\.tsx?$/.test(f)).map((f) => path.join(src, f)),
      outbase: src,
      outdir: out,
      bundle: false,
      format: 'esm',
      platform: 'node',
      target: 'node24',
      jsx: 'automatic',
      jsxImportSource: 'preact',
      sourcemap: 'linked',
      tsconfig: path.join(root, 'tsconfig.json'),
      logLevel: 'warning',
    });
    for (const rel of files.filter((f) => !/\.tsx?$/.test(f))) {
      fs.mkdirSync(path.dirname(path.join(out, rel)), { recursive: true });
      fs.copyFileSync(path.join(src, rel), path.join(out, rel));
    }
    checkImports(out, files);
    fs.writeFileSync(path.join(out, STAMP), print);
    // Swap the new build in whole, so that nothing starts on half a build.
    const old = path.join(root, `dist.old-${process.pid}`);
    if (fs.existsSync(dist)) fs.renameSync(dist, old);
    fs.renameSync(out, dist);
    fs.rmSync(old, { recursive: true, force: true });
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
  process.stderr.write(`Built dist/ from src/ (${files.length} files, ${((Date.now() - started) / 1000).toFixed(1)} s).\n`);
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  build({ ifStale: process.argv.includes('--if-stale') }).catch((err) => {
    process.stderr.write(`build: ${err.message}\n`);
    process.exit(1);
  });
}
