/** The module contract now lives in src/web/module.ts (ADR 0136); this name stays for imports not yet moved. */
export type { CandorModule, CliCommand, ParsedArgs } from '../web/module.js';
