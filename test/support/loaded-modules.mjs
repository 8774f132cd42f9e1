// Preloaded with `node --import` (or NODE_OPTIONS) by the CLI test: on exit, prints to stderr the
// Node version and the options the process runs with ("node vX.Y.Z <options>"), and every file of
// the project that it loaded (one "loaded <path>" line each), so a test can tell what a command
// imports and on what. Uses Node's synchronous module hooks (Node 22.15 and later).
import { registerHooks } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const loaded = new Set();
registerHooks({
  resolve(specifier, context, next) {
    const result = next(specifier, context);
    if (result.url.startsWith('file:')) {
      const file = fileURLToPath(result.url);
      if (file.startsWith(root) && !file.includes('/node_modules/')) loaded.add(file.slice(root.length));
    }
    return result;
  },
});
process.on('exit', () => {
  process.stderr.write(`node ${process.version} ${process.execArgv.filter((a) => !a.startsWith('--import')).join(' ')}\n`);
  for (const file of loaded) process.stderr.write(`loaded ${file}\n`);
});
