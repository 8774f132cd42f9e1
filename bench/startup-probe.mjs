// Preloaded (node --import) into each process the start-up bench starts: writes the process's
// own CPU time and memory to the file CANDOR_BENCH_PROBE names, when sent SIGUSR2 (the bench
// sends it once the process says it is ready), or else when it exits. Plain JavaScript, so that
// it loads the same way under every Node and loader the bench compares.
import fs from 'node:fs';

const file = process.env.CANDOR_BENCH_PROBE;
let written = false;
function write() {
  if (written || !file) return;
  written = true;
  const usage = process.resourceUsage();
  const sample = { userMs: usage.userCPUTime / 1000, systemMs: usage.systemCPUTime / 1000, peakRssKb: usage.maxRSS, rssKb: process.memoryUsage.rss() / 1024, version: process.version };
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(sample));
  fs.renameSync(`${file}.tmp`, file);
}
process.on('SIGUSR2', write);
process.on('exit', write);
