/**
 * The modules' commands as `candor --help` lists them, so that help and picking a command load
 * no module: the command itself then loads the exchange (docs/adr/0091). Each entry repeats what its
 * module declares (src/<module>/module.ts); src/cli/commands.test.ts checks that the two agree, and a
 * command missing here still runs (main.ts then looks in the modules), it is only missing from the help.
 */
import type { CliCommand } from '../web/module.js';

export interface CommandListing extends Pick<CliCommand, 'name' | 'usage' | 'summary'> {
  /** The module that declares it. */
  module: string;
}

export const MODULE_COMMANDS: ReadonlyArray<CommandListing> = [
  {
    module: 'audit',
    name: 'audit anchor',
    usage: 'candor audit anchor',
    summary: "Anchor the audit chain's head now: a signed line in the data folder's anchor file (serve and worker do it every AUDIT_ANCHOR_INTERVAL_SECONDS).",
  },
  {
    module: 'accounts',
    name: 'user create',
    usage: 'candor user create --email E --first-name N --role R[,R…] [--last-name L] [--password P] [--language en|es]',
    summary: 'Create an account; prints a generated password when none is given, and a TOTP secret for staff.',
  },
  { module: 'capabilities', name: 'status list', usage: 'candor status list [--json]', summary: 'Show every capability with its status, as committed.' },
  {
    module: 'capabilities',
    name: 'status set',
    usage: 'candor status set <id> <status> --reason "…" [--reason-es "…"] [--note "…"] [--until <ISO-8601>] [--as <email>]',
    summary: "Change a capability's status; returns once the change has committed.",
  },
  {
    module: 'capabilities',
    name: 'status schedule',
    usage: 'candor status schedule <id> --from <ISO-8601> --to <ISO-8601> --reason "…" [--reason-es "…"] [--note "…"] [--as <email>]',
    summary: 'Schedule a maintenance window; it starts and ends by itself.',
  },
  {
    module: 'hub',
    name: 'hub disconnect',
    usage: 'candor hub disconnect --reason "…" [--as <account id>]',
    summary: 'Cut the federal hub link now: no call leaves; applications go on with verifications pending.',
  },
  { module: 'hub', name: 'hub reconnect', usage: 'candor hub reconnect [--as <account id>]', summary: 'Restore the federal hub link; the waiting verifications run by themselves, in order.' },
  { module: 'hub', name: 'hub status', usage: 'candor hub status', summary: 'Whether the hub link is cut, the live status of hub-verification, and what waits for it.' },
  {
    module: 'hub',
    name: 'keys rotate',
    usage: 'candor keys rotate',
    summary: 'New data key; re-seal SSNs, immigration document numbers and documents with it (re-wraps keys after CANDOR_DATA_KEY changed: set CANDOR_DATA_KEY_PREVIOUS).',
  },
  {
    module: 'plan-years',
    name: 'plan-year status',
    usage: 'candor plan-year status [--year <YYYY>]',
    summary:
      'Lists each plan year with every table it uses (poverty guidelines, applicable percentage, cost sharing, state help, Medicaid, open enrollment, holidays, catalog): its source and whether it is published or provisional.',
  },
  {
    module: 'plan-years',
    name: 'plan-year load',
    usage: 'candor plan-year load --year <YYYY> --file <json>',
    summary:
      "Loads a plan year's tables from a JSON file (povertyGuidelines, applicablePercentage, catalog; each names its source and state). A bad file is refused whole, each problem with its line; a loaded file is recorded in the audit trail.",
  },
  {
    module: 'catalog',
    name: 'catalog import',
    usage: 'candor catalog import [--areas <csv>] --plans <csv> --rates <csv>',
    summary:
      'Import CMS Exchange PUF files (Plan Attributes, Rate) and rating-area places (StateCode, RatingAreaId, County or ZipPrefix) in one transaction; a bad row refuses the whole import with its line number.',
  },
  {
    module: 'notices',
    name: 'campaign create',
    usage: 'candor campaign create --notice <type> --audience <name> [--start <ISO>]',
    summary: 'Start a campaign: every member of the audience gets the notice (its messages go to the outbox).',
  },
  { module: 'notices', name: 'campaign pause', usage: 'candor campaign pause <id>', summary: 'Pause a campaign (its messages wait).' },
  { module: 'notices', name: 'campaign resume', usage: 'candor campaign resume <id>', summary: 'Resume a paused campaign.' },
  { module: 'notices', name: 'campaign cancel', usage: 'candor campaign cancel <id> [--reason <text>]', summary: 'Cancel a campaign (messages not yet sent are dropped, with the reason).' },
  { module: 'notices', name: 'campaign list', usage: 'candor campaign list [--json]', summary: 'List campaigns with their messages by state.' },
  {
    module: 'billing',
    name: 'billing run',
    usage: 'candor billing run --month YYYY-MM [--chunk N]',
    summary: 'Bill a coverage month: one invoice per active enrollment (idempotent; safe to run again after a failure).',
  },
  { module: 'billing', name: 'billing check', usage: 'candor billing check', summary: 'Run the daily jobs now: reminders before due dates, then the grace-period and termination check.' },
  {
    module: 'payments',
    name: 'lockbox import',
    usage: 'candor lockbox import <file>',
    summary: 'Post the checks of a lockbox file (docs/lockbox-file.md) to invoices by reference number; the rest goes to the exceptions queue.',
  },
  { module: 'payments', name: 'payments reconcile', usage: 'candor payments reconcile --date YYYY-MM-DD', summary: 'Compare the processor’s charges of a day with the ledger and store the report.' },
  {
    module: 'carriers',
    name: 'carriers export',
    usage: 'candor carriers export --date YYYY-MM-DD',
    summary: "Write each carrier's 834 for the day's enrollment changes into the data folder and print the paths.",
  },
  {
    module: 'carriers',
    name: 'carriers remit',
    usage: 'candor carriers remit --month YYYY-MM [--paid-on YYYY-MM-DD]',
    summary: "Write each carrier's 820 premium remittance for a coverage month and print the paths.",
  },
  {
    module: 'carriers',
    name: 'carriers import',
    usage: 'candor carriers import <file>',
    summary: "Import a carrier's effectuation or audit 834 and print its discrepancy count (the report is on /operations/carriers).",
  },
  {
    module: 'renewal',
    name: 'renewal preview',
    usage: 'candor renewal preview --year YYYY [--chunk N]',
    summary: 'Count what the renewal for a plan year would decide, by outcome, without changing anything.',
  },
  {
    module: 'renewal',
    name: 'renewal run',
    usage: 'candor renewal run --year YYYY [--chunk N]',
    summary: 'Renew every household enrolled for the year before: redetermine, price, re-enroll or explain, and send the notices (idempotent; resumes after an interruption).',
  },
  {
    module: 'tax-forms',
    name: 'tax-forms preview',
    usage: 'candor tax-forms preview --year YYYY [--chunk N]',
    summary: 'Count the Form 1095-A statements a run would issue for a coverage year (new, corrected, void, unchanged) and list the exceptions, without changing anything.',
  },
  {
    module: 'tax-forms',
    name: 'tax-forms submit',
    usage: 'candor tax-forms submit --year YYYY',
    summary:
      "Write the coverage year's Form 1095-A statements not yet reported into IRS files, send every file pending, and read the acknowledgements (records in error are resubmitted on the next round).",
  },
  {
    module: 'tax-forms',
    name: 'tax-forms run',
    usage: 'candor tax-forms run --year YYYY [--chunk N]',
    summary:
      'Issue the Form 1095-A statements of a coverage year: new ones, corrected ones where anything changed, void ones for policies cancelled back to their start (idempotent; resumes after an interruption).',
  },
];
