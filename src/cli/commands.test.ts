import { describe, expect, it } from 'vitest';
import { MODULES } from '../app/modules.js';
import { MODULE_COMMANDS } from './commands.js';

describe('the command list candor --help reads', () => {
  it('is exactly what the modules declare, in their order', () => {
    const declared = MODULES.flatMap((m) => (m.commands ?? []).map((c) => ({ module: m.name, name: c.name, usage: c.usage, summary: c.summary })));
    // On a difference, copy the module's entry into src/cli/commands.ts.
    expect(MODULE_COMMANDS).toEqual(declared);
  });
});
