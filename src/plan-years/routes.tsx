/** The operations console's plan-year page: the same list as `candor plan-year status`, for staff. */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../web/context.js';
import { renderPage } from '../web/render.js';
import { usePage } from '../web/page-context.js';
import { planYearsKnown, planYearStatus, type TableStatus } from './plan-year-tables.js';

const words = {
  en: {
    title: 'Plan years',
    lead: 'Every table each plan year uses, where it comes from, and whether it is published or an estimate. Replace a provisional table with `candor plan-year load --year YYYY --file tables.json`.',
    year: 'Plan year {year}',
    table: 'Table',
    state: 'State',
    source: 'Source',
    holds: 'What it holds',
    published: 'Published',
    provisional: 'Provisional (estimate)',
    missing: 'Missing',
  },
  es: {
    title: 'Años del plan',
    lead: 'Cada tabla que usa cada año del plan, de dónde viene y si está publicada o es una estimación. Reemplace una tabla provisional con `candor plan-year load --year AAAA --file tablas.json`.',
    year: 'Año del plan {year}',
    table: 'Tabla',
    state: 'Estado',
    source: 'Fuente',
    holds: 'Contenido',
    published: 'Publicada',
    provisional: 'Provisional (estimación)',
    missing: 'Falta',
  },
} as const;

function PlanYearsPage(props: { years: Array<{ year: number; tables: TableStatus[] }> }) {
  const { lang } = usePage();
  const w = words[lang];
  return (
    <div>
      <h1>{w.title}</h1>
      <p class="usa-intro">{w.lead}</p>
      {props.years.map(({ year, tables }) => (
        <section key={year}>
          <h2>{w.year.replace('{year}', String(year))}</h2>
          <table class="usa-table usa-table--borderless usa-table--stacked">
            <thead>
              <tr>
                <th scope="col">{w.table}</th>
                <th scope="col">{w.state}</th>
                <th scope="col">{w.source}</th>
                <th scope="col">{w.holds}</th>
              </tr>
            </thead>
            <tbody>
              {tables.map((t) => (
                <tr key={t.name}>
                  <th scope="row" data-label={w.table}>
                    {t.name}
                  </th>
                  <td data-label={w.state}>{t.state === 'published' ? w.published : t.state === 'provisional' ? <strong>{w.provisional}</strong> : <strong>{w.missing}</strong>}</td>
                  <td data-label={w.source}>{t.source}</td>
                  <td data-label={w.holds}>{t.summary}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </div>
  );
}

export function planYearRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/operations/plan-years', async (req, reply) => {
    const years = [];
    for (const year of await planYearsKnown(ctx.db)) years.push({ year, tables: await planYearStatus(ctx.db, ctx.profile, year) });
    return renderPage(ctx, req, reply, { title: words[req.lang].title, body: <PlanYearsPage years={years} /> });
  });
}
