// Preloaded with `node --import` (or NODE_OPTIONS) by the CLI test: on exit, prints to stderr the
// Node version and the options the process runs with ("node vX.Y.Z <options>"), and every file of
// the project that it loaded (one "loaded <path>" line each), so a test can tell what a command
// imports and on what. With CANDOR_LOADED_MODULES_FILE set, the same lines are appended to that file
// instead, in one synchronous write: a server stopped by a signal may lose the end of its stderr.
// Uses Node's synchronous module hooks (Node 22.15 and later).
import fs from 'node:fs';
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
  const lines = [`node ${process.version} ${process.execArgv.filter((a) => !a.startsWith('--import')).join(' ')}`, ...[...loaded].map((file) => `loaded ${file}`)];
  const text = `${lines.join('\n')}\n`;
  if (process.env.CANDOR_LOADED_MODULES_FILE) fs.appendFileSync(process.env.CANDOR_LOADED_MODULES_FILE, text);
  else process.stderr.write(text);
});
