/**
 * The shape of a domain module as the exchange assembles it: the contract every module implements,
 * kept here below the modules so that a module depends on the contract and not on app/, which
 * imports every module (ADR 0136).
 */
import type { JobDeclaration } from '../platform/jobs.js';
import type { AppContext } from './context.js';
import type { RouteModule } from './server.js';

export interface CliCommand {
  /** Words after `candor`, e.g. "status set". */
  name: string;
  usage: string;
  summary: string;
  /** Runs with a ready context; returns the exit code. `print` writes a line to stdout. */
  run(ctx: AppContext, args: ParsedArgs, print: (line: string) => void): Promise<number>;
}

export interface ParsedArgs {
  positional: string[];
  flags: Record<string, string | true>;
}

export interface CandorModule extends RouteModule {
  jobs?: ReadonlyArray<JobDeclaration<any, AppContext>>;
  /** Installs hooks and listeners when the exchange starts; may return a cleanup. */
  start?(ctx: AppContext): Promise<void | (() => Promise<void>)>;
  /** Idempotent demo data; `report` prints progress lines and demo sign-ins. */
  seed?(ctx: AppContext, report: (line: string) => void, args: ParsedArgs): Promise<void>;
  commands?: ReadonlyArray<CliCommand>;
}
