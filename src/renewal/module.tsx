/**
 * The renewal module: the annual redetermination and passive re-enrollment
 * (docs/adr/0105-annual-renewal.md) — `candor renewal preview|run`, the daily
 * job in the renewal season the state profile sets, and the operations
 * console's renewal page with the same counts.
 */
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { CandorModule, ParsedArgs } from '../web/module.js';
import { flag, progressLine } from '../cli/args.js';
import { addDays, localDay } from '../enrollment/dates.js';
import { enrollmentService } from '../enrollment/service.js';
import { Alert } from '../web/components.js';
import { openEnrollmentFor } from '../states/calendar.js';
import type { StateProfile } from '../states/profile.js';
import type { AppContext } from '../web/context.js';
import { formatDate, formatDateTime, type Lang } from '../web/i18n.js';
import { usePage } from '../web/page-context.js';
import { renderPage } from '../web/render.js';
import { renewalMessages } from './messages.js';
import { previewRenewal, renewalCounts, renewalDates, renewalRefusal, runRenewal, type RenewalCounts } from './run-renewal.js';
import { RENEWAL_OUTCOMES } from './schema.js';
import { TableScroll } from '../web/table-scroll.js';

/** The days of plan year `year`'s renewal season, or null when the profile sets none. Pure. */
export function renewalSeason(profile: Pick<StateProfile, 'openEnrollment' | 'renewal'>, year: number): { start: string; end: string } | null {
  if (!profile.renewal) return null;
  const oe = openEnrollmentFor(profile.openEnrollment, year);
  return { start: addDays(oe.start, -profile.renewal.daysBeforeOpenEnrollment), end: oe.januaryFirstDeadline };
}

/** The plan year whose renewal season `today` is in, if any. */
export function seasonYear(profile: Pick<StateProfile, 'openEnrollment' | 'renewal'>, today: string): number | null {
  const next = Number(today.slice(0, 4)) + 1;
  for (const year of [next, next - 1]) {
    const season = renewalSeason(profile, year);
    if (season && season.start <= today && today <= season.end) return year;
  }
  return null;
}

function parseYear(value: string | undefined): number | null {
  if (!value || !/^\d{4}$/.test(value)) return null;
  const year = Number(value);
  return year >= 2014 && year <= 2100 ? year : null;
}

/** The year and chunk size of `candor renewal preview|run`, or null once the refusal is printed. */
async function renewalArgs(ctx: AppContext, args: ParsedArgs, print: (line: string) => void): Promise<{ year: number; chunkSize: number } | null> {
  const year = parseYear(flag(args, 'year'));
  if (year === null) {
    print(renewalMessages.for('en')('renewal.errors.year'));
    return null;
  }
  const refusal = await renewalRefusal(ctx.db, ctx.profile, year);
  if (refusal) {
    print(renewalMessages.for('en')(refusal as 'renewal.errors.noCatalog', { year }));
    return null;
  }
  const chunk = Number(flag(args, 'chunk') ?? 1000);
  return { year, chunkSize: Number.isInteger(chunk) && chunk > 0 ? chunk : 1000 };
}

/** A progress bar on stderr: `Renewal 2027 [#########-----------] 45% 4,500 of 10,000 households`. */
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

function printCounts(counts: RenewalCounts, print: (line: string) => void) {
  const t = renewalMessages.for('en');
  for (const o of RENEWAL_OUTCOMES) print(`  ${o.padEnd(20)} ${String(counts[o]).padStart(8)}  ${t(`renewal.outcome.${o}`, { year: '' }).replace(/ for $/, '')}`);
}

function CountsTable(props: { counts: RenewalCounts; caption: string; year: number; id: string }) {
  const { lang } = usePage();
  const t = renewalMessages.for(lang);
  return (
    <TableScroll label={props.caption}>
      <table class="usa-table usa-table--borderless" data-testid={props.id}>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('renewal.col.outcome')}</th>
            <th scope="col">{t('renewal.col.households')}</th>
          </tr>
        </thead>
        <tbody>
          {RENEWAL_OUTCOMES.map((o) => (
            <tr key={o}>
              <th scope="row">{t(`renewal.outcome.${o}`, { year: props.year })}</th>
              <td data-testid={`${props.id}-${o}`}>{props.counts[o].toLocaleString(lang === 'es' ? 'es-US' : 'en-US')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function RenewalPage(props: {
  year: number;
  chooseBy: string;
  counts: RenewalCounts;
  total: number;
  run: { startedAt: Date; finishedAt: Date | null } | null;
  preview: RenewalCounts | null;
  timeZone: string;
}) {
  const { lang } = usePage();
  const t = renewalMessages.for(lang as Lang);
  const decided = Object.values(props.counts).reduce((a, b) => a + b, 0);
  const status = !props.run
    ? t('renewal.status.notStarted', { year: props.year })
    : props.run.finishedAt
      ? t('renewal.status.finished', { year: props.year, finished: formatDateTime(props.run.finishedAt, lang, props.timeZone) })
      : t('renewal.status.running', { year: props.year, started: formatDateTime(props.run.startedAt, lang, props.timeZone) });
  return (
    <div>
      <h1>{t('renewal.title', { year: props.year })}</h1>
      <p class="usa-intro">{t('renewal.lead', { year: props.year, previous: props.year - 1, chooseBy: formatDate(props.chooseBy, lang) })}</p>
      <p data-testid="renewal-status">{status}</p>
      <ul class="usa-list">
        <li>
          {t('renewal.total', { previous: props.year - 1 })}: <span data-testid="renewal-total">{props.total}</span>
        </li>
        <li>
          {t('renewal.undecided')}: <span data-testid="renewal-undecided">{Math.max(0, props.total - decided)}</span>
        </li>
      </ul>
      <CountsTable counts={props.counts} caption={t('renewal.counts.caption')} year={props.year} id="renewal-counts" />
      {props.preview ? (
        <CountsTable counts={props.preview} caption={t('renewal.counts.previewCaption')} year={props.year} id="renewal-preview" />
      ) : (
        <p>
          <a class="usa-button usa-button--outline" href={`/operations/renewal?year=${props.year}&preview=1`}>
            {t('renewal.preview')}
          </a>
        </p>
      )}
    </div>
  );
}

function RenewalRefusal(props: { heading: string; text: string }) {
  return (
    <div>
      <h1>{props.heading}</h1>
      <Alert type="error" slim>
        <span data-testid="renewal-refusal">{props.text}</span>
      </Alert>
    </div>
  );
}

async function renewalRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get<{ Querystring: { year?: string; preview?: string } }>('/operations/renewal', async (req, reply) => {
    const now = ctx.clock.now();
    const today = localDay(now, ctx.profile.timeZone);
    const year = req.query.year === undefined ? (seasonYear(ctx.profile, today) ?? Number(today.slice(0, 4)) + 1) : parseYear(req.query.year);
    const t = renewalMessages.for(req.lang);
    // A year that cannot be renewed is said plainly on the page, in the reader's language.
    if (year === null)
      return renderPage(ctx, req, reply, { title: t('renewal.links.console'), status: 400, body: <RenewalRefusal heading={t('renewal.links.console')} text={t('renewal.errors.year')} /> });
    const dates = renewalDates(ctx.profile, year);
    const refusal = await renewalRefusal(ctx.db, ctx.profile, year);
    if (refusal)
      return renderPage(ctx, req, reply, {
        title: t('renewal.links.console'),
        status: 409,
        body: <RenewalRefusal heading={t('renewal.links.console')} text={t(refusal as 'renewal.errors.noCatalog', { year })} />,
      });
    const { counts, run } = await renewalCounts(ctx.db, year);
    const deps = { engine: enrollmentService(ctx).engine, profile: ctx.profile };
    const preview = req.query.preview === '1' ? await previewRenewal(ctx.db, deps, { planYear: year, now }) : null;
    const total = preview?.total ?? (await previewTotal(ctx, year));
    return renderPage(ctx, req, reply, {
      title: renewalMessages.for(req.lang)('renewal.title', { year }),
      body: <RenewalPage year={year} chooseBy={dates.chooseBy} counts={counts} total={total} run={run} preview={preview?.counts ?? null} timeZone={ctx.profile.timeZone} />,
    });
  });
}

async function previewTotal(ctx: AppContext, year: number): Promise<number> {
  const { rows } = await ctx.db.execute<{ n: number }>(sql`SELECT count(DISTINCT household_id)::int AS n FROM enrollments WHERE plan_year = ${year - 1} AND status <> 'cancelled'`);
  return rows[0]?.n ?? 0;
}

export const renewalModule: CandorModule = {
  name: 'renewal',
  routes: renewalRoutes,
  jobs: [
    {
      // Each night in the renewal season: renew whoever is not decided yet (idempotent; resumes a run cut short).
      name: 'renewal-daily',
      cron: '30 2 * * *',
      timeZone: 'America/New_York',
      retryLimit: 5,
      expireInSeconds: 4 * 60 * 60,
      handler: async (ctx: AppContext) => {
        const now = ctx.clock.now();
        const year = seasonYear(ctx.profile, localDay(now, ctx.profile.timeZone));
        if (year === null) return;
        await runRenewal(ctx.db, { engine: enrollmentService(ctx).engine, profile: ctx.profile }, { planYear: year, now });
      },
    },
  ],
  // The demo book in the renewal season: renewed for the coming year as the nightly job would (docs/adr/0106).
  async seed(ctx, report) {
    const now = ctx.clock.now();
    const year = seasonYear(ctx.profile, localDay(now, ctx.profile.timeZone));
    if (year === null) return;
    if (await renewalRefusal(ctx.db, ctx.profile, year)) {
      report(`Renewal: no ${year} plans in the catalog; the demo households are not renewed.`);
      return;
    }
    const r = await runRenewal(ctx.db, { engine: enrollmentService(ctx).engine, profile: ctx.profile }, { planYear: year, now, startedBy: 'seed' });
    report(r.decided ? `Renewal: ${r.decided} demo households renewed for ${year}, each with its renewal notice.` : `Renewal: the demo households are already decided for ${year}.`);
  },
  async start(ctx) {
    const en = renewalMessages.for('en');
    const es = renewalMessages.for('es');
    ctx.hooks.staffLinks.push({ roles: ['operations', 'supervisor', 'administrator'], href: '/operations/renewal', label: { en: en('renewal.links.console'), es: es('renewal.links.console') } });
  },
  commands: [
    {
      name: 'renewal preview',
      usage: 'candor renewal preview --year YYYY [--chunk N]',
      summary: 'Count what the renewal for a plan year would decide, by outcome, without changing anything.',
      async run(ctx, args, print) {
        const parsed = await renewalArgs(ctx, args, print);
        if (!parsed) return 2;
        const { year, chunkSize } = parsed;
        const r = await previewRenewal(
          ctx.db,
          { engine: enrollmentService(ctx).engine, profile: ctx.profile },
          {
            planYear: year,
            now: ctx.clock.now(),
            chunkSize,
            onProgress: progressBar(`Preview ${year}`),
          },
        );
        process.stderr.write('\n');
        print(`Renewal preview for ${year}: ${r.total} households enrolled for ${year - 1}${r.alreadyDone ? ` (${r.alreadyDone} already decided)` : ''}; nothing was changed.`);
        printCounts(r.counts, print);
        return 0;
      },
    },
    {
      name: 'renewal run',
      usage: 'candor renewal run --year YYYY [--chunk N]',
      summary: 'Renew every household enrolled for the year before: redetermine, price, re-enroll or explain, and send the notices (idempotent; resumes after an interruption).',
      async run(ctx, args, print) {
        const parsed = await renewalArgs(ctx, args, print);
        if (!parsed) return 2;
        const { year, chunkSize } = parsed;
        const r = await runRenewal(
          ctx.db,
          { engine: enrollmentService(ctx).engine, profile: ctx.profile },
          {
            planYear: year,
            now: ctx.clock.now(),
            chunkSize,
            startedBy: 'command-line',
            onProgress: progressBar(`Renewal ${year}`),
          },
        );
        process.stderr.write('\n');
        print(`Renewal run for ${year}: ${r.decided} households decided now${r.alreadyDone ? `, ${r.alreadyDone} decided by an earlier run` : ''}.`);
        const { counts } = await renewalCounts(ctx.db, year);
        printCounts(counts, print);
        return 0;
      },
    },
  ],
};
