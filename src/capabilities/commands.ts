/** `candor status …`: the same rules and audit as the console. */
import { and, eq, inArray } from 'drizzle-orm';
import type { CliCommand, ParsedArgs } from '../web/module.js';
import { accountRoles, accounts } from '../accounts/schema.js';
import { CandorError } from '../platform/errors.js';
import type { AppContext } from '../web/context.js';
import { capabilityStatuses } from './capability-statuses.js';
import { capabilityMessages } from './messages.js';
import { scheduleMaintenance } from './schedule-maintenance.js';
import { setCapabilityStatus } from './set-capability-status.js';
import { parseDateTime } from './time.js';
import type { SetBy } from './ids.js';

const flag = (args: ParsedArgs, name: string) => (typeof args.flags[name] === 'string' ? (args.flags[name] as string) : undefined);

/** The operator named by --as (an operations, supervisor or administrator account), or the system. */
async function actorFor(ctx: AppContext, args: ParsedArgs): Promise<SetBy & { kind: 'person' | 'system' }> {
  const email = flag(args, 'as');
  if (!email) return { kind: 'system', id: 'command-line' };
  const rows = await ctx.db
    .select({ id: accounts.id })
    .from(accounts)
    .innerJoin(accountRoles, eq(accountRoles.accountId, accounts.id))
    .where(and(eq(accounts.email, email.toLowerCase()), inArray(accountRoles.role, ['operations', 'supervisor', 'administrator'])));
  if (!rows[0]) throw new Error(`--as ${email}: no operations, supervisor or administrator account has that email`);
  return { kind: 'person', id: rows[0].id };
}

function explain(err: unknown, print: (line: string) => void): number {
  if (err instanceof CandorError) {
    const t = capabilityMessages.for('en');
    const say = (key: string, values?: Record<string, string | number>) => (capabilityMessages.has(key) ? t(key, values) : key);
    if (err.details.fields?.length) for (const f of err.details.fields) print(`error: ${f.field}: ${say(f.messageKey, f.values)}`);
    else print(`error: ${say(err.messageKey, err.details.values)}`);
    return 2;
  }
  throw err;
}

export const statusCommands: CliCommand[] = [
  {
    name: 'status list',
    usage: 'candor status list [--json]',
    summary: 'Show every capability with its status, as committed.',
    async run(ctx, args, print) {
      const rows = await capabilityStatuses(ctx.db);
      if (args.flags.json) {
        print(
          JSON.stringify(
            rows.map((r) => ({ id: r.id, status: r.status, since: r.since, expectedEnd: r.expectedEnd, setBy: r.setBy, reason: { en: r.reasonEn, es: r.reasonEs }, alternatives: r.alternatives })),
            null,
            2,
          ),
        );
        return 0;
      }
      for (const r of rows) {
        print(
          `${r.id.padEnd(18)} ${r.status.padEnd(12)} since ${r.since.toISOString()}${r.expectedEnd ? `  until ${r.expectedEnd.toISOString()}` : ''}  (${r.setBy.kind} ${r.setBy.id})${r.reasonEn ? `  ${r.reasonEn}` : ''}`,
        );
      }
      return 0;
    },
  },
  {
    name: 'status set',
    usage: 'candor status set <id> <status> --reason "…" [--reason-es "…"] [--note "…"] [--until <ISO-8601>] [--as <email>]',
    summary: "Change a capability's status; returns once the change has committed.",
    async run(ctx, args, print) {
      const [id = '', status = ''] = args.positional;
      const until = flag(args, 'until');
      const expectedEnd = until ? (parseDateTime(until, ctx.profile.timeZone) ?? new Date(NaN)) : null;
      try {
        const by = await actorFor(ctx, args);
        const result = await ctx.db.transaction((tx) =>
          setCapabilityStatus(tx, { capability: id, status, reasonEn: flag(args, 'reason') ?? '', reasonEs: flag(args, 'reason-es'), note: flag(args, 'note'), expectedEnd, by, now: ctx.clock.now() }),
        );
        if (result.changed) print(`${id} is now ${result.row.status}${result.row.expectedEnd ? ` until ${result.row.expectedEnd.toISOString()}` : ''} (committed).`);
        else print(`${id} unchanged (${result.why}); it is ${result.row.status}.`);
        return 0;
      } catch (err) {
        return explain(err, print);
      }
    },
  },
  {
    name: 'status schedule',
    usage: 'candor status schedule <id> --from <ISO-8601> --to <ISO-8601> --reason "…" [--reason-es "…"] [--note "…"] [--as <email>]',
    summary: 'Schedule a maintenance window; it starts and ends by itself.',
    async run(ctx, args, print) {
      const [id = ''] = args.positional;
      const parse = (v: string | undefined) => (v ? (parseDateTime(v, ctx.profile.timeZone) ?? new Date(NaN)) : null);
      try {
        const by = await actorFor(ctx, args);
        const from = parse(flag(args, 'from'));
        const to = parse(flag(args, 'to'));
        const { id: windowId } = await ctx.db.transaction((tx) =>
          scheduleMaintenance(tx, { capability: id, from, to, reasonEn: flag(args, 'reason') ?? '', reasonEs: flag(args, 'reason-es'), note: flag(args, 'note'), by, now: ctx.clock.now() }),
        );
        print(`Maintenance window ${windowId} scheduled for ${id}: ${from!.toISOString()} to ${to!.toISOString()}.`);
        return 0;
      } catch (err) {
        return explain(err, print);
      }
    },
  },
];
