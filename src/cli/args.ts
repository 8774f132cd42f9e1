import type { ParsedArgs } from '../web/module.js';

/** `a b --flag value --other=x --bool` → positional [a, b], flags {flag: value, other: x, bool: true}. */
export function parseArgs(argv: string[]): ParsedArgs {
  const positional: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      if (eq > 0) flags[arg.slice(2, eq)] = arg.slice(eq + 1);
      else if (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) flags[arg.slice(2)] = argv[++i]!;
      else flags[arg.slice(2)] = true;
    } else positional.push(arg);
  }
  return { positional, flags };
}

export function flag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags[name];
  return typeof v === 'string' ? v : undefined;
}

/** A one-line progress display on a terminal; plain lines otherwise. */
export function progressLine(stream: NodeJS.WriteStream = process.stderr) {
  return (text: string) => {
    if (stream.isTTY) stream.write(`\r\x1b[K${text}`);
    else stream.write(`${text}\n`);
  };
}
