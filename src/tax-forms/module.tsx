/**
 * The tax-forms module: Form 1095-A statements for every policy of a
 * coverage year (docs/adr/0110-form-1095-a.md) — `candor tax-forms
 * preview|run` and the operations console's page with the same figures and
 * the exceptions queue.
 */
import type { FastifyInstance } from 'fastify';
import type { CandorModule, ParsedArgs } from '../app/module.js';
import { flag, progressLine } from '../cli/args.js';
import { localDay } from '../enrollment/dates.js';
import { Alert } from '../web/components.js';
import type { AppContext } from '../web/context.js';
import { formatDateTime, type Lang } from '../web/i18n.js';
import { usePage } from '../web/page-context.js';
import { renderPage } from '../web/render.js';
import { callCentreRoutes, resendPath } from './call-centre.js';
import type { StandinIrs } from './irs-standin/server.js';
import { irsClientFrom, readAnnualAcks, sendPendingFiles, submissionsOf, writeAnnualReport, type IrsDeps } from './submit-irs.js';
import { hmacHex } from '../platform/crypto.js';
import { taxFormsMessages } from './messages.js';
import { issuedCounts, parseYear, previewTaxForms, runTaxForms, type ExceptionItem, type StatementCounts } from './run-tax-forms.js';

/** The coverage year the console opens on: this year in December (statements are prepared), else last year. */
export function defaultCoverageYear(today: string): number {
  const year = Number(today.slice(0, 4));
  return today.slice(5, 7) === '12' ? year : year - 1;
}

function cliArgs(args: ParsedArgs, print: (line: string) => void): { year: number; chunkSize: number } | null {
  const year = parseYear(flag(args, 'year'));
  if (year === null) {
    print(taxFormsMessages.for('en')('taxForms.errors.year'));
    return null;
  }
  const chunk = Number(flag(args, 'chunk') ?? 1000);
  return { year, chunkSize: Number.isInteger(chunk) && chunk > 0 ? chunk : 1000 };
}

/** A progress bar on stderr: `Form 1095-A 2026 [#########-----] 45% 4,500 of 10,000 households`. */
function progressBar(label: string) {
  const show = progressLine();
  let lastPercent = -1;
  return (done: number, total: number) => {
    const percent = total ? Math.min(100, Math.floor((done / total) * 100)) : 100;
    if (percent === lastPercent && done < total) return;
    lastPercent = percent;
    const width = 30;
    const filled = Math.round((percent / 100) * width);
    show(`${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(percent).padStart(3)}% ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} households`);
  };
}

const COUNT_ROWS = ['households', 'policies', 'original', 'corrected', 'void', 'unchanged'] as const;

function printCounts(counts: StatementCounts, print: (line: string) => void) {
  const t = taxFormsMessages.for('en');
  for (const k of COUNT_ROWS) print(`  ${k.padEnd(12)} ${String(counts[k]).padStart(8)}  ${t(`taxForms.kind.${k}`)}`);
}

function CountsTable(props: { rows: Array<[key: string, label: string, value: number]>; caption: string; id: string }) {
  const { lang } = usePage();
  const t = taxFormsMessages.for(lang as Lang);
  return (
    <table class="usa-table usa-table--borderless" data-testid={props.id}>
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('taxForms.col.kind')}</th>
          <th scope="col">{t('taxForms.col.count')}</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map(([key, label, value]) => (
          <tr key={key}>
            <th scope="row">{label}</th>
            <td data-testid={`${props.id}-${key}`}>{value.toLocaleString(lang === 'es' ? 'es-US' : 'en-US')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const SHOWN_EXCEPTIONS = 200;

function TaxFormsPage(props: {
  year: number;
  issued: Awaited<ReturnType<typeof issuedCounts>>;
  preview: { counts: StatementCounts; exceptions: ExceptionItem[] } | null;
  timeZone: string;
  irs: Awaited<ReturnType<typeof submissionsOf>>;
}) {
  const { lang } = usePage();
  const t = taxFormsMessages.for(lang as Lang);
  const { run } = props.issued;
  const status = !run
    ? t('taxForms.status.notStarted', { year: props.year })
    : run.finishedAt
      ? t('taxForms.status.finished', { year: props.year, finished: formatDateTime(run.finishedAt, lang, props.timeZone) })
      : t('taxForms.status.running', { year: props.year, started: formatDateTime(run.startedAt, lang, props.timeZone) });
  const kinds = ['original', 'corrected', 'void'] as const;
  return (
    <div>
      <h1>{t('taxForms.title', { year: props.year })}</h1>
      <p class="usa-intro">{t('taxForms.lead', { year: props.year, next: props.year + 1 })}</p>
      <p data-testid="tax-forms-status">{status}</p>
      <CountsTable
        id="tax-forms-issued"
        caption={t('taxForms.issued.caption')}
        rows={[['households', t('taxForms.kind.households'), props.issued.households], ...kinds.map((k): [string, string, number] => [k, t(`taxForms.kind.${k}`), props.issued[k]])]}
      />
      {props.preview ? (
        <>
          <CountsTable id="tax-forms-preview" caption={t('taxForms.preview.caption')} rows={COUNT_ROWS.map((k): [string, string, number] => [k, t(`taxForms.kind.${k}`), props.preview!.counts[k]])} />
          <h2>{t('taxForms.exceptions.caption')}</h2>
          {props.preview.exceptions.length === 0 ? (
            <p data-testid="tax-forms-no-exceptions">{t('taxForms.exceptions.none')}</p>
          ) : (
            <table class="usa-table usa-table--borderless" data-testid="tax-forms-exceptions">
              <caption>
                {t('taxForms.exceptions.caption')}: {props.preview.exceptions.length.toLocaleString(lang === 'es' ? 'es-US' : 'en-US')}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('taxForms.col.case')}</th>
                  <th scope="col">{t('taxForms.col.policy')}</th>
                  <th scope="col">{t('taxForms.col.exception')}</th>
                </tr>
              </thead>
              <tbody>
                {props.preview.exceptions.slice(0, SHOWN_EXCEPTIONS).map((x) => (
                  <tr key={`${x.policyNumber}-${x.exception}`}>
                    <th scope="row">{x.caseNumber}</th>
                    <td>{x.policyNumber}</td>
                    <td>{t(`taxForms.exception.${x.exception}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      ) : (
        <p>
          <a class="usa-button usa-button--outline" href={`/operations/tax-forms?year=${props.year}&preview=1`}>
            {t('taxForms.preview')}
          </a>
        </p>
      )}
      <IrsSection year={props.year} irs={props.irs} timeZone={props.timeZone} />
    </div>
  );
}

function IrsSection(props: { year: number; irs: Awaited<ReturnType<typeof submissionsOf>>; timeZone: string }) {
  const { lang } = usePage();
  const t = taxFormsMessages.for(lang as Lang);
  const { files, inError } = props.irs;
  return (
    <section aria-labelledby="irs-title">
      <h2 id="irs-title">{t('taxForms.irs.title')}</h2>
      {files.length === 0 ? (
        <p data-testid="irs-none">{t('taxForms.irs.none', { year: props.year })}</p>
      ) : (
        <table class="usa-table usa-table--borderless" data-testid="irs-files">
          <caption>{t('taxForms.irs.files')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('taxForms.irs.col.file')}</th>
              <th scope="col">{t('taxForms.irs.col.status')}</th>
              <th scope="col">{t('taxForms.irs.col.records')}</th>
              <th scope="col">{t('taxForms.irs.col.receipt')}</th>
              <th scope="col">{t('taxForms.irs.col.ack')}</th>
            </tr>
          </thead>
          <tbody>
            {files.map((f) => (
              <tr key={f.id}>
                <th scope="row">
                  {f.fileName}
                  {f.answersId ? ` (${t('taxForms.irs.answers')})` : ''}
                </th>
                <td data-status={f.status}>{t(`taxForms.irs.status.${f.status as 'written'}`)}</td>
                <td>{f.recordCount.toLocaleString(lang === 'es' ? 'es-US' : 'en-US')}</td>
                <td>{f.receiptId ?? ''}</td>
                <td>{f.ackCode ? `${f.ackCode}: ${f.ackMessage ?? ''}` : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>{t('taxForms.irs.errors')}</h3>
      {inError.length === 0 ? (
        <p data-testid="irs-no-errors">{t('taxForms.irs.errors.none')}</p>
      ) : (
        <table class="usa-table usa-table--borderless" data-testid="irs-errors">
          <caption>{t('taxForms.irs.errors')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('taxForms.irs.col.file')}</th>
              <th scope="col">{t('taxForms.irs.col.record')}</th>
              <th scope="col">{t('taxForms.col.policy')}</th>
              <th scope="col">{t('taxForms.irs.col.codes')}</th>
            </tr>
          </thead>
          <tbody>
            {inError.map((e) => (
              <tr key={`${e.fileName}-${e.recordSequenceNum}`}>
                <th scope="row">{e.fileName}</th>
                <td>{e.recordSequenceNum}</td>
                <td>{e.policyNumber}</td>
                <td>{e.codes.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

async function taxFormsRoutes(app: FastifyInstance, ctx: AppContext) {
  callCentreRoutes(app, ctx);
  app.get<{ Querystring: { year?: string; preview?: string } }>('/operations/tax-forms', async (req, reply) => {
    const t = taxFormsMessages.for(req.lang);
    const today = localDay(ctx.clock.now(), ctx.profile.timeZone);
    const year = req.query.year === undefined ? defaultCoverageYear(today) : parseYear(req.query.year);
    if (year === null) {
      return renderPage(ctx, req, reply, {
        title: t('taxForms.links.console'),
        status: 400,
        body: (
          <div>
            <h1>{t('taxForms.links.console')}</h1>
            <Alert type="error" slim>
              <span data-testid="tax-forms-refusal">{t('taxForms.errors.year')}</span>
            </Alert>
          </div>
        ),
      });
    }
    const issued = await issuedCounts(ctx.db, year);
    const preview = req.query.preview === '1' ? await previewTaxForms(ctx.db, { profile: ctx.profile }, { year }) : null;
    const irs = await submissionsOf(ctx.db, year);
    return renderPage(ctx, req, reply, { title: t('taxForms.title', { year }), body: <TaxFormsPage year={year} issued={issued} preview={preview} timeZone={ctx.profile.timeZone} irs={irs} /> });
  });
}

declare module '../web/context.js' {
  interface AppServices {
    taxForms: { irs: IrsDeps; irsStandIn: StandinIrs | null };
  }
}

/** The annual report's work: every file pending sent, the acknowledgements read (resubmissions written), and those sent. */
async function irsRound(ctx: AppContext): Promise<{ acknowledged: number; resubmitted: number; sent: number; failed: number }> {
  const now = ctx.clock.now();
  const irs = ctx.services.taxForms.irs;
  const first = await sendPendingFiles(ctx.db, irs, { now });
  const acks = await readAnnualAcks(ctx.db, irs, { now });
  const again = await sendPendingFiles(ctx.db, irs, { now });
  return { ...acks, sent: first.sent + again.sent, failed: again.failed };
}

export const taxFormsModule: CandorModule = {
  name: 'tax-forms',
  routes: taxFormsRoutes,
  jobs: [
    {
      // Reads the IRS's acknowledgements, writes the resubmission of records in error, sends what is pending. No payload.
      name: 'tax-forms-irs',
      cron: '*/15 * * * *',
      retryLimit: 3,
      handler: async (ctx: AppContext) => {
        await irsRound(ctx);
      },
    },
  ],
  async start(ctx) {
    const en = taxFormsMessages.for('en');
    const es = taxFormsMessages.for('es');
    ctx.hooks.staffLinks.push({ roles: ['operations', 'supervisor', 'administrator'], href: '/operations/tax-forms', label: { en: en('taxForms.links.console'), es: es('taxForms.links.console') } });
    (ctx.hooks.householdLinks ??= []).push({ roles: ['call-centre-agent', 'supervisor'], href: resendPath, label: { en: en('taxForms.resend.link'), es: es('taxForms.resend.link') } });
    const c = ctx.config;
    let url = c.irsUrl;
    let token = c.irsToken;
    let standIn: StandinIrs | null = null;
    if (!url || !token) {
      // Loaded only here: production has the IRS receiver configured and never loads it (docs/adr/0095).
      const { startStandinIrs } = await import('./irs-standin/server.js');
      token = `irs_local_${hmacHex(ctx.keys.cookie, 'irs-token').slice(0, 32)}`;
      standIn = await startStandinIrs({ token, marketplaceId: ctx.profile.marketplaceId, now: () => ctx.clock.now() });
      url = standIn.url;
    }
    ctx.services.taxForms = {
      irs: { profile: ctx.profile, client: irsClientFrom({ irsUrl: url, irsToken: token, irsTimeoutMs: c.irsTimeoutMs }), openSsn: (sealed) => ctx.services.hub.keyring.open(sealed) },
      irsStandIn: standIn,
    };
    return async () => {
      await standIn?.close();
    };
  },
  commands: [
    {
      name: 'tax-forms preview',
      usage: 'candor tax-forms preview --year YYYY [--chunk N]',
      summary: 'Count the Form 1095-A statements a run would issue for a coverage year (new, corrected, void, unchanged) and list the exceptions, without changing anything.',
      async run(ctx, args, print) {
        const parsed = cliArgs(args, print);
        if (!parsed) return 2;
        const r = await previewTaxForms(ctx.db, { profile: ctx.profile }, { year: parsed.year, chunkSize: parsed.chunkSize, onProgress: progressBar(`Preview ${parsed.year}`) });
        process.stderr.write('\n');
        print(`Form 1095-A preview for ${parsed.year}: ${r.counts.original + r.counts.corrected + r.counts.void} statements would be issued; nothing was changed.`);
        printCounts(r.counts, print);
        print(`Exceptions: ${r.exceptions.length}`);
        const t = taxFormsMessages.for('en');
        for (const x of r.exceptions) print(`  ${x.caseNumber}  ${x.policyNumber}  ${x.exception}  ${t(`taxForms.exception.${x.exception}`)}`);
        return 0;
      },
    },
    {
      name: 'tax-forms submit',
      usage: 'candor tax-forms submit --year YYYY',
      summary:
        "Write the coverage year's Form 1095-A statements not yet reported into IRS files, send every file pending, and read the acknowledgements (records in error are resubmitted on the next round).",
      async run(ctx, args, print) {
        const year = parseYear(flag(args, 'year'));
        if (year === null) {
          print(taxFormsMessages.for('en')('taxForms.errors.year'));
          return 2;
        }
        const w = await writeAnnualReport(ctx.db, ctx.services.taxForms.irs, { year, now: ctx.clock.now() });
        print(`${w.records} ${w.records === 1 ? 'record' : 'records'} in ${w.files} new ${w.files === 1 ? 'file' : 'files'}; ${w.held.length} held back for the exceptions queue`);
        for (const h of w.held) print(`  held  ${h.statementId}  ${h.code}`);
        const r = await irsRound(ctx);
        print(`sent ${r.sent}, failed ${r.failed}; acknowledged ${r.acknowledged}; records resubmitted ${r.resubmitted}`);
        return r.failed > 0 ? 1 : 0;
      },
    },
    {
      name: 'tax-forms run',
      usage: 'candor tax-forms run --year YYYY [--chunk N]',
      summary:
        'Issue the Form 1095-A statements of a coverage year: new ones, corrected ones where anything changed, void ones for policies cancelled back to their start (idempotent; resumes after an interruption).',
      async run(ctx, args, print) {
        const parsed = cliArgs(args, print);
        if (!parsed) return 2;
        const r = await runTaxForms(
          ctx.db,
          { profile: ctx.profile },
          {
            year: parsed.year,
            now: ctx.clock.now(),
            startedBy: 'command-line',
            chunkSize: parsed.chunkSize,
            onProgress: progressBar(`Form 1095-A ${parsed.year}`),
          },
        );
        process.stderr.write('\n');
        print(`${r.statements} ${r.statements === 1 ? 'statement' : 'statements'}`);
        printCounts(r.counts, print);
        return 0;
      },
    },
  ],
};
