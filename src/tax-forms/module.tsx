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
import { callCentreRoutes } from './call-centre.js';
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
    </div>
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
    return renderPage(ctx, req, reply, { title: t('taxForms.title', { year }), body: <TaxFormsPage year={year} issued={issued} preview={preview} timeZone={ctx.profile.timeZone} /> });
  });
}

export const taxFormsModule: CandorModule = {
  name: 'tax-forms',
  routes: taxFormsRoutes,
  async start(ctx) {
    const en = taxFormsMessages.for('en');
    const es = taxFormsMessages.for('es');
    ctx.hooks.staffLinks.push({ roles: ['operations', 'supervisor', 'administrator'], href: '/operations/tax-forms', label: { en: en('taxForms.links.console'), es: es('taxForms.links.console') } });
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
      name: 'tax-forms run',
      usage: 'candor tax-forms run --year YYYY [--chunk N]',
      summary: 'Issue the Form 1095-A statements of a coverage year: new ones, corrected ones where anything changed, void ones for policies cancelled back to their start (idempotent; resumes after an interruption).',
      async run(ctx, args, print) {
        const parsed = cliArgs(args, print);
        if (!parsed) return 2;
        const r = await runTaxForms(ctx.db, { profile: ctx.profile }, {
          year: parsed.year,
          now: ctx.clock.now(),
          startedBy: 'command-line',
          chunkSize: parsed.chunkSize,
          onProgress: progressBar(`Form 1095-A ${parsed.year}`),
        });
        process.stderr.write('\n');
        print(`${r.statements} ${r.statements === 1 ? 'statement' : 'statements'}`);
        printCounts(r.counts, print);
        return 0;
      },
    },
  ],
};
