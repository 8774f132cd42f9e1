/** Operations pages: the files sent to carriers and the reconciliation reports of the files received. */
import type { FastifyInstance } from 'fastify';
import { desc, eq } from 'drizzle-orm';
import type { AppContext } from '../web/context.js';
import { formatDateTime, formatMoney } from '../web/i18n.js';
import { usePage } from '../web/page-context.js';
import { renderPage } from '../web/render.js';
import { notFound } from '../platform/errors.js';
import { formatClock } from '../states/hours.js';
import { carrierMessages } from './messages.js';
import { nextRun, type FileKind } from './schedule.js';
import { recentExportRuns, type ExportRunRow } from './scheduled-exports.js';
import { carrierDiscrepancies, carrierFiles, carrierImports } from './schema.js';
import { TableScroll } from '../web/table-scroll.js';

type FileRow = typeof carrierFiles.$inferSelect;
type ImportRow = typeof carrierImports.$inferSelect;

/** When each file is made, its latest run and its next one. */
function Schedule(props: { runs: ExportRunRow[]; now: Date }) {
  const { lang, profile } = usePage();
  const t = carrierMessages.for(lang);
  const s = profile.carrierFiles;
  const when: Record<FileKind, string> = {
    '834': t('carriers.schedule.834', { time: formatClock(s.daily834At, lang) }),
    '820': t(s.monthly820CoverageMonth === 'previous' ? 'carriers.schedule.820.previous' : 'carriers.schedule.820.current', { day: s.monthly820Day, time: formatClock(s.monthly820At, lang) }),
  };
  return (
    <>
      <h2>{t('carriers.schedule')}</h2>
      <TableScroll label={t('carriers.schedule')}>
        <table class="usa-table usa-table--striped">
          <thead>
            <tr>
              <th scope="col">{t('carriers.kind')}</th>
              <th scope="col">{t('carriers.schedule.when')}</th>
              <th scope="col">{t('carriers.schedule.last')}</th>
              <th scope="col">{t('carriers.schedule.next')}</th>
            </tr>
          </thead>
          <tbody>
            {(['834', '820'] as const).map((kind) => {
              const last = props.runs.find((r) => r.kind === kind);
              return (
                <tr key={kind}>
                  <th scope="row">{t(`carriers.file.${kind}`)}</th>
                  <td>{when[kind]}</td>
                  <td>{last ? t('carriers.schedule.lastRun', { period: last.period, files: last.files, when: formatDateTime(last.ranAt, lang, profile.timeZone) }) : t('carriers.schedule.never')}</td>
                  <td>{formatDateTime(nextRun(kind, props.now, profile.timeZone, s), lang, profile.timeZone)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
      {props.runs.length > 0 && (
        <TableScroll label={t('carriers.runs')}>
          <table class="usa-table usa-table--striped">
            <caption>{t('carriers.runs')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('carriers.kind')}</th>
                <th scope="col">{t('carriers.period')}</th>
                <th scope="col">{t('carriers.runs.by')}</th>
                <th scope="col">{t('carriers.runs.files')}</th>
                <th scope="col">{t('carriers.records')}</th>
                <th scope="col">{t('carriers.when')}</th>
              </tr>
            </thead>
            <tbody>
              {props.runs.map((r) => (
                <tr key={r.id}>
                  <th scope="row">{r.kind}</th>
                  <td>{r.period}</td>
                  <td>{t(`carriers.runs.by.${r.startedBy}`)}</td>
                  <td>{r.files}</td>
                  <td>{r.records}</td>
                  <td>{formatDateTime(r.ranAt, lang, profile.timeZone)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}

function CarriersPage(props: { files: FileRow[]; imports: ImportRow[]; runs: ExportRunRow[]; now: Date }) {
  const { lang, profile } = usePage();
  const t = carrierMessages.for(lang);
  return (
    <div>
      <h1>{t('carriers.title')}</h1>
      <p>{t('carriers.lead', { command: 'candor carriers export --date YYYY-MM-DD' })}</p>
      <Schedule runs={props.runs} now={props.now} />
      <h2>{t('carriers.sent')}</h2>
      {props.files.length === 0 ? (
        <p>{t('carriers.sentNone')}</p>
      ) : (
        <TableScroll label={t('carriers.sent')}>
          <table class="usa-table usa-table--striped">
            <thead>
              <tr>
                <th scope="col">{t('carriers.carrier')}</th>
                <th scope="col">{t('carriers.kind')}</th>
                <th scope="col">{t('carriers.period')}</th>
                <th scope="col">{t('carriers.control')}</th>
                <th scope="col">{t('carriers.records')}</th>
                <th scope="col">{t('carriers.total')}</th>
                <th scope="col">{t('carriers.when')}</th>
              </tr>
            </thead>
            <tbody>
              {props.files.map((f) => (
                <tr key={f.id}>
                  <th scope="row">{f.carrierHiosId}</th>
                  <td>{f.kind}</td>
                  <td>{f.period}</td>
                  <td>{f.controlNumber}</td>
                  <td>{f.records}</td>
                  <td>{f.totalCents === null ? '' : formatMoney(f.totalCents, lang)}</td>
                  <td>{formatDateTime(f.updatedAt, lang, profile.timeZone)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <h2>{t('carriers.received')}</h2>
      {props.imports.length === 0 ? (
        <p>{t('carriers.receivedNone')}</p>
      ) : (
        <TableScroll label={t('carriers.received')}>
          <table class="usa-table usa-table--striped">
            <thead>
              <tr>
                <th scope="col">{t('carriers.carrier')}</th>
                <th scope="col">{t('carriers.kind')}</th>
                <th scope="col">{t('carriers.records')}</th>
                <th scope="col">{t('carriers.discrepancies')}</th>
                <th scope="col">{t('carriers.when')}</th>
                <th scope="col">{t('carriers.report')}</th>
              </tr>
            </thead>
            <tbody>
              {props.imports.map((i) => (
                <tr key={i.id}>
                  <th scope="row">{i.carrierHiosId}</th>
                  <td>{t(`carriers.kind.${i.kind}`)}</td>
                  <td>{i.records}</td>
                  <td>{i.discrepancies}</td>
                  <td>{formatDateTime(i.importedAt, lang, profile.timeZone)}</td>
                  <td>
                    <a href={`/operations/carriers/imports/${i.id}`} aria-label={t('carriers.reportOf', { file: i.fileName })}>
                      {t('carriers.report')}
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </div>
  );
}

function ImportPage(props: { row: ImportRow; discrepancies: Array<typeof carrierDiscrepancies.$inferSelect> }) {
  const { lang } = usePage();
  const t = carrierMessages.for(lang);
  const r = props.row;
  return (
    <div>
      <h1>{t('carriers.import.title', { kind: t(`carriers.kind.${r.kind}`), carrier: r.carrierHiosId })}</h1>
      <p>{t('carriers.import.summary', { records: r.records, discrepancies: r.discrepancies })}</p>
      {props.discrepancies.length === 0 ? (
        <p>{t('carriers.import.none')}</p>
      ) : (
        <table class="usa-table usa-table--striped">
          <thead>
            <tr>
              <th scope="col">{t('carriers.policy')}</th>
              <th scope="col">{t('carriers.problem')}</th>
              <th scope="col">{t('carriers.exchangeValue')}</th>
              <th scope="col">{t('carriers.carrierValue')}</th>
            </tr>
          </thead>
          <tbody>
            {props.discrepancies.map((d) => (
              <tr key={d.id}>
                <th scope="row">{d.policyNumber}</th>
                <td>{t(`carriers.discrepancy.${d.kind}`, { field: d.field ?? '' })}</td>
                <td>{d.exchangeValue ?? ''}</td>
                <td>{d.carrierValue ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        <a href="/operations/carriers">{t('carriers.title')}</a>
      </p>
    </div>
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function carrierRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/operations/carriers', async (req, reply) => {
    const files = await ctx.db.select().from(carrierFiles).orderBy(desc(carrierFiles.updatedAt)).limit(100);
    const imports = await ctx.db.select().from(carrierImports).orderBy(desc(carrierImports.importedAt)).limit(100);
    const runs = await recentExportRuns(ctx.db);
    return renderPage(ctx, req, reply, { title: carrierMessages.for(req.lang)('carriers.title'), body: <CarriersPage files={files} imports={imports} runs={runs} now={ctx.clock.now()} /> });
  });

  app.get<{ Params: { importId: string } }>('/operations/carriers/imports/:importId', async (req, reply) => {
    if (!UUID.test(req.params.importId)) throw notFound();
    const [row] = await ctx.db.select().from(carrierImports).where(eq(carrierImports.id, req.params.importId));
    if (!row) throw notFound();
    const discrepancies = await ctx.db.select().from(carrierDiscrepancies).where(eq(carrierDiscrepancies.importId, row.id)).orderBy(carrierDiscrepancies.id);
    const t = carrierMessages.for(req.lang);
    return renderPage(ctx, req, reply, {
      title: t('carriers.import.title', { kind: t(`carriers.kind.${row.kind}`), carrier: row.carrierHiosId }),
      body: <ImportPage row={row} discrepancies={discrepancies} />,
    });
  });
}
