/**
 * npm run screens: screenshots of the main pages, so a reviewer can see the
 * service without running it. Starts the exchange with its demo data on a
 * temporary database (DATABASE_URL's server, or the embedded one, as the
 * benchmarks do), drives Chromium through the pages at 1280 and 360 px wide,
 * and writes docs/screens/<width>/<page>.png and docs/screens/README.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBenchApp, stopBenchServer } from '../bench/support.js';
import { launchBrowser } from '../test/support/browser.js';
import { demoCookies, demoPages, seedDemo } from '../test/support/demo-pages.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'docs', 'screens');
const WIDTHS = [1280, 360] as const;

const app = await startBenchApp({ jobs: false });
try {
  process.stderr.write('Loading demo data…\n');
  await seedDemo(app);
  await app.ctx.services.capabilities.refresh();
  const pages = await demoPages(app);
  const cookies = await demoCookies(app);
  const browser = await launchBrowser();
  const rows: string[] = [];
  try {
    for (const width of WIDTHS) fs.mkdirSync(path.join(out, String(width)), { recursive: true });
    for (const p of pages) {
      const shots: string[] = [];
      for (const width of WIDTHS) {
        const context = await browser.newContext({ viewport: { width, height: 900 } });
        const cookie = cookies[p.who];
        const jar = [{ name: 'candor_lang', value: 'en', url: app.url }];
        if (cookie) {
          const [name, ...value] = cookie.split('=');
          jar.push({ name: name!, value: value.join('='), url: app.url });
        }
        await context.addCookies(jar);
        const page = await context.newPage();
        await page.goto(`${app.url}${p.path}`);
        await p.then?.(page);
        const file = path.join(String(width), `${p.name}.png`);
        await page.screenshot({ path: path.join(out, file), fullPage: true });
        await context.close();
        shots.push(`[${width} px](${file})`);
        process.stderr.write(`${file}\n`);
      }
      rows.push(
        `| ${p.name} | ${p.who === 'anonymous' ? 'anyone' : p.who === 'staff' ? 'staff' : `customer (${p.who})`} | \`${p.path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id')}\` | ${shots.join(' · ')} |`,
      );
    }
  } finally {
    await browser.close();
  }
  const day = app.ctx.clock.now().toISOString().slice(0, 10);
  fs.writeFileSync(
    path.join(out, 'README.md'),
    `# Screens\n\nThe main pages of Candor on its demo data (\`npm start\`), in English, at 1280 px and 360 px wide, taken on ${day} by \`npm run screens\` (which refreshes every file here). Customers are the demo's Alex Rivera (covered, paying monthly) and María López (enrolled, first premium due); staff pages are seen by a member of staff with every staff role.\n\n| page | seen by | address | screens |\n|---|---|---|---|\n${rows.join('\n')}\n`,
  );
  process.stderr.write(`Wrote ${rows.length * WIDTHS.length} screenshots to docs/screens/.\n`);
} finally {
  await app.stop();
  await stopBenchServer();
}
