import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { AppContext } from './context.js';
import { Layout } from './layout.js';
import { ErrorSummaryBox } from './components.js';
import { shellMessages } from './messages.js';
import { PageContext, type ErrorSummaryEntry, type PageInfo } from './page-context.js';

export interface PageOptions {
  title: string;
  body: VNode;
  status?: number;
}

/** Renders a full page in the shell, with the request's language, actor, CSRF token and banners. */
export async function renderPage(ctx: AppContext, req: FastifyRequest, reply: FastifyReply, opts: PageOptions): Promise<string> {
  let csrfToken = '';
  try {
    csrfToken = reply.generateCsrf();
  } catch {
    // The CSRF secret cookie could not be made (no cookie plugin in a bare test app): forms fail closed.
  }
  const info: PageInfo = { lang: req.lang, csrfToken, actor: req.actor, profile: ctx.profile, now: ctx.clock.now(), path: req.url };
  const banners = await Promise.all(ctx.hooks.banners.map((b) => b(req, req.lang).catch(() => null)));
  // The body first: its forms' error summaries gather into one, placed at the top of the main content.
  const errorSummary: ErrorSummaryEntry[] = [];
  const body = renderToString(<PageContext.Provider value={{ ...info, errorSummary }}>{opts.body}</PageContext.Provider>);
  const title = errorSummary.length ? `${shellMessages.for(req.lang)('errors.titlePrefix')}${opts.title}` : opts.title;
  const html =
    '<!DOCTYPE html>' +
    renderToString(
      <PageContext.Provider value={info}>
        <Layout title={title} banners={banners}>
          <ErrorSummaryBox entries={errorSummary} />
          <div class="candor-page" dangerouslySetInnerHTML={{ __html: body }} />
        </Layout>
      </PageContext.Provider>,
    );
  reply
    .code(opts.status ?? 200)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store');
  return html;
}
