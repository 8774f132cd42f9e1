/** `candor user create`: an account from the command line (the first administrator, usually). */
import type { CliCommand } from '../web/module.js';
import { CandorError } from '../platform/errors.js';
import { createAccount } from './create-account.js';
import { lookup } from './messages.js';
import { isRole, type Role } from './roles.js';
import { newTotpSecret, totpUri } from './totp.js';

const flag = (flags: Record<string, string | true>, name: string) => (typeof flags[name] === 'string' ? (flags[name] as string) : undefined);

export const userCreate: CliCommand = {
  name: 'user create',
  usage: 'candor user create --email E --first-name N --role R[,R…] [--last-name L] [--password P] [--language en|es]',
  summary: 'Create an account; prints a generated password when none is given, and a TOTP secret for staff.',
  async run(ctx, args, print) {
    const email = flag(args.flags, 'email');
    const firstName = flag(args.flags, 'first-name');
    const roleList = (flag(args.flags, 'role') ?? '')
      .split(',')
      .map((r) => r.trim())
      .filter(Boolean);
    const language = flag(args.flags, 'language') ?? 'en';
    const fail = (message: string) => {
      process.stderr.write(`candor: ${message}\n`);
      return 2;
    };
    if (!email || !firstName || roleList.length === 0) return fail('user create needs --email, --first-name and --role (see candor user create --help)');
    const bad = roleList.find((r) => !isRole(r));
    if (bad) return fail(`unknown role "${bad}"; roles are customer, call-centre-agent, mailroom-clerk, caseworker, operations, supervisor, administrator`);
    if (language !== 'en' && language !== 'es') return fail('--language must be en or es');
    const roles = roleList as Role[];
    const staff = !roles.includes('customer');
    const totpSecret = staff ? newTotpSecret() : undefined;
    try {
      const created = await ctx.db.transaction((tx) =>
        createAccount(
          tx,
          { email, firstName, lastName: flag(args.flags, 'last-name'), language, roles, password: flag(args.flags, 'password'), totpSecret },
          { by: { actor: 'cli', actorKind: 'system' }, now: ctx.clock.now(), dataKey: ctx.keys.data },
        ),
      );
      print(`Created ${staff ? 'staff' : 'customer'} account ${created.accountId} (${roles.join(', ')}).`);
      if (created.generated) print(`Password (shown once): ${created.password}`);
      if (totpSecret) {
        print(`TOTP secret (shown once): ${totpSecret}`);
        print(`Authenticator URI: ${totpUri(totpSecret, ctx.profile.exchangeName, `${firstName} (${created.accountId.slice(0, 8)})`)}`);
      }
      return 0;
    } catch (err) {
      if (err instanceof CandorError && err.details.fields?.length) {
        const t = lookup('en');
        const names: Record<string, string> = { email: '--email', password: '--password', roles: '--role', confirm: '--password' };
        return fail(err.details.fields.map((f) => `${names[f.field] ?? f.field}: ${t(f.messageKey, f.values)}`).join('; '));
      }
      throw err;
    }
  },
};
