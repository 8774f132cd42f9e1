/**
 * Window shopping (/shop) and the quote API (POST /api/v1/quotes), on one
 * engine. The household's answers travel in POST bodies, never in URLs
 * (docs/adr/0034-window-shopping-posts.md).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../web/context.js';
import { problem } from '../web/error-handler.js';
import { renderPage } from '../web/render.js';
import { CandorError, type FieldError } from '../platform/errors.js';
import { openEnrollmentAround, openEnrollmentUnderWay } from '../states/calendar.js';
import { catalogMessages } from './messages.js';
import { catalogYears, countiesOf } from './load-catalog.js';
import { quoteHousehold, type Quote, type QuoteInput } from './quote-household.js';
import { ComparePage, ResultsPage, ShopPage, translator, type ShopFormProps } from './shop-pages.js';
import { DEFAULT_ROWS, MAX_PEOPLE, emptyShopForm, filterAndSort, readCompare, readFilters, readShopForm, validateShopForm, type Body, type ShopFormValues } from './shop-form.js';
import { quoteRequestSchema, quoteResponseSchema, presentQuote } from './quote-api.js';

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** Today in the state's time zone, YYYY-MM-DD (the formatter is built once: building one costs more than a quote). */
export function todayIn(ctx: AppContext): string {
  const zone = ctx.profile.timeZone;
  let format = dayFormats.get(zone);
  if (!format) dayFormats.set(zone, (format = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  return format.format(ctx.clock.now());
}

/** Years a person may ask about: those in the catalog, and any whose open enrollment has begun (refused clearly until their rules exist). */
async function shoppingYears(ctx: AppContext): Promise<number[]> {
  const today = todayIn(ctx);
  const years = new Set(await catalogYears(ctx.db, ctx.profile.rating.stateCode));
  for (const [year, oe] of Object.entries(openEnrollmentAround(ctx.profile.openEnrollment, today))) if (oe.start <= today && Number(year) >= Number(today.slice(0, 4))) years.add(Number(year));
  return [...years].sort((a, b) => a - b);
}

async function formContext(ctx: AppContext): Promise<Omit<ShopFormProps, 'values' | 'errors'> & { defaultYear: number | undefined }> {
  const years = await shoppingYears(ctx);
  const catalog = await catalogYears(ctx.db, ctx.profile.rating.stateCode);
  // During open enrollment the coming year (once its plans are on sale), else this year, else the latest on sale.
  const today = todayIn(ctx);
  const coming = openEnrollmentUnderWay(ctx.profile.openEnrollment, today);
  const thisYear = Number(today.slice(0, 4));
  const defaultYear = coming !== null && catalog.includes(coming) ? coming : catalog.includes(thisYear) ? thisYear : (catalog[catalog.length - 1] ?? years[years.length - 1]);
  return { years, counties: await countiesOf(ctx.db, ctx.profile.rating.stateCode), ratesTobacco: ctx.profile.rating.ratesTobacco, defaultYear };
}

function fieldErrorsOf(err: unknown): FieldError[] | null {
  if (err instanceof CandorError && err.name === 'invalid-input') return err.details.fields ?? [{ field: 'form', messageKey: err.messageKey }];
  return null;
}

type Quoted = { ok: true; values: ShopFormValues; quote: Quote; form: Awaited<ReturnType<typeof formContext>> } | { ok: false; page: string };

/** Reads the household from a posted form and quotes it, or renders the form again with its errors (400). */
async function quoteFromForm(ctx: AppContext, req: FastifyRequest, reply: FastifyReply): Promise<Quoted> {
  const body = (req.body ?? {}) as Body;
  const values = readShopForm(body);
  const form = await formContext(ctx);
  const again = async (errors: FieldError[]) => ({
    ok: false as const,
    page: await renderPage(ctx, req, reply, { title: catalogMessages.for(req.lang)('shop.title'), status: 400, body: <ShopPage values={values} errors={errors} {...form} /> }),
  });
  const { input, errors } = validateShopForm(values, { years: form.years, counties: form.counties, ratesTobacco: form.ratesTobacco, asOf: todayIn(ctx) });
  if (!input) return again(errors);
  try {
    return { ok: true, values, quote: await quoteHousehold(ctx.db, ctx.profile, input), form };
  } catch (err) {
    const fields = fieldErrorsOf(err);
    if (fields) return again(fields);
    throw err;
  }
}

export function catalogRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get<{ Querystring: { people?: string } }>('/shop', async (req, reply) => {
    const form = await formContext(ctx);
    const rows = Math.min(MAX_PEOPLE, Math.max(DEFAULT_ROWS, Number.parseInt(req.query.people ?? '', 10) || DEFAULT_ROWS));
    return renderPage(ctx, req, reply, { title: catalogMessages.for(req.lang)('shop.title'), body: <ShopPage values={emptyShopForm(rows, form.defaultYear)} errors={[]} {...form} /> });
  });

  // A results or comparison page reached by its address (a bookmark, a reload) has no household: start over.
  app.get('/shop/plans', async (_req, reply) => reply.redirect('/shop', 303));
  app.get('/shop/compare', async (_req, reply) => reply.redirect('/shop', 303));

  app.post('/shop/plans', async (req, reply) => {
    const quoted = await quoteFromForm(ctx, req, reply);
    if (!quoted.ok) return quoted.page;
    const { filters, errors } = readFilters((req.body ?? {}) as Body);
    const shown = filterAndSort(quoted.quote.plans, errors.length ? { ...filters, maxPremiumCents: null } : filters);
    return renderPage(ctx, req, reply, {
      title: catalogMessages.for(req.lang)('results.title', { year: quoted.quote.planYear }),
      status: errors.length ? 400 : 200,
      body: <ResultsPage {...quoted.form} values={quoted.values} errors={[]} quote={quoted.quote} filters={filters} shown={shown} compared={[]} resultErrors={errors} />,
    });
  });

  app.post('/shop/compare', async (req, reply) => {
    const quoted = await quoteFromForm(ctx, req, reply);
    if (!quoted.ok) return quoted.page;
    const body = (req.body ?? {}) as Body;
    const ids = readCompare(body);
    const chosen = ids.map((id) => quoted.quote.plans.find((p) => p.planId === id)).filter((p) => p !== undefined);
    if (chosen.length < 2 || chosen.length > 3 || chosen.length !== ids.length) {
      const { filters } = readFilters(body);
      return renderPage(ctx, req, reply, {
        title: catalogMessages.for(req.lang)('results.title', { year: quoted.quote.planYear }),
        status: 400,
        body: (
          <ResultsPage
            {...quoted.form}
            values={quoted.values}
            errors={[]}
            quote={quoted.quote}
            filters={filters}
            shown={filterAndSort(quoted.quote.plans, filters)}
            compared={ids}
            resultErrors={[{ field: 'compare', messageKey: 'catalog.errors.compareCount' }]}
          />
        ),
      });
    }
    return renderPage(ctx, req, reply, { title: catalogMessages.for(req.lang)('compare.title'), body: <ComparePage quote={quoted.quote} plans={chosen} values={quoted.values} /> });
  });

  app.post<{ Body: QuoteInput & { annualIncomeCents: number } }>(
    '/api/v1/quotes',
    {
      schema: {
        summary: 'Quote a household: eligibility, credit and every plan priced',
        description:
          'Window shopping without an account. Household and income in; eligibility (Medicaid and Dr. Dynasaur referrals, premium tax credit, cost-sharing reductions, state premium assistance), the benchmark, and every plan with its premium before and after help out, with an explanation in English and Spanish. Money is integer cents. A plan year whose federal tables are not published is refused (400).',
        tags: ['plan shopping'],
        body: quoteRequestSchema,
        response: { 200: quoteResponseSchema },
      },
    },
    async (req, reply) => {
      const body = req.body;
      try {
        const quote = await quoteHousehold(ctx.db, ctx.profile, { ...body, asOf: body.asOf ?? todayIn(ctx) });
        return presentQuote(quote);
      } catch (err) {
        const fields = fieldErrorsOf(err);
        if (!fields) throw err;
        const tr = translator(req.lang);
        return problem(req, reply, 400, 'invalid-input', tr('errors.invalidInput'), {
          errors: fields.map((f) => ({ field: f.field, code: f.messageKey, detail: tr(f.messageKey, f.values) })),
        });
      }
    },
  );
}
