/** Staff create, see and revoke their personal access tokens. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { FieldError } from '../../platform/errors.js';
import type { AppContext } from '../../web/context.js';
import { formatDateTime } from '../../web/i18n.js';
import { Alert, Button, Form } from '../../web/components.js';
import { usePage } from '../../web/page-context.js';
import { renderPage } from '../../web/render.js';
import { createAccessToken, listAccessTokens, revokeAccessToken } from '../access-tokens.js';
import { clientIp, Errors, Field, parseForm, required } from '../forms.js';
import { sendAccountChangedEmail } from '../mail.js';
import { accountsMessages } from '../messages.js';
import { TableScroll } from '../../web/table-scroll.js';

const m = accountsMessages;
type TokenRow = Awaited<ReturnType<typeof listAccessTokens>>[number];

function TokensPage(props: { tokens: TokenRow[]; created?: string; revoked?: boolean; errors: FieldError[]; name?: string }) {
  const { lang, profile } = usePage();
  const t = m.for(lang);
  const when = (d: Date | null) => (d ? formatDateTime(d, lang, profile.timeZone) : t('tokens.never'));
  return (
    <div class="usa-prose">
      <h1>{t('tokens.title')}</h1>
      {props.created && (
        <Alert type="success" heading={t('tokens.new.title')}>
          <p>{t('tokens.new.lead')}</p>
          <p>
            <code class="candor-token">{props.created}</code>
          </p>
        </Alert>
      )}
      {props.revoked && (
        <Alert type="success" slim>
          {t('tokens.revokedDone')}
        </Alert>
      )}
      <p>{t('tokens.lead', { exchange: profile.exchangeName })}</p>
      {props.tokens.length === 0 ? (
        <p>{t('tokens.none')}</p>
      ) : (
        <TableScroll label={t('tokens.table')}>
          <table class="usa-table usa-table--borderless">
            <caption>{t('tokens.table')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('tokens.name')}</th>
                <th scope="col">{t('tokens.created')}</th>
                <th scope="col">{t('tokens.lastUsed')}</th>
                <th scope="col">{t('tokens.expires')}</th>
                <th scope="col">
                  <span class="usa-sr-only">{t('tokens.revoke')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {props.tokens.map((tok) => (
                <tr key={tok.id}>
                  <th scope="row">{tok.name}</th>
                  <td>{when(tok.createdAt)}</td>
                  <td>{when(tok.lastUsedAt)}</td>
                  <td>{formatDateTime(tok.expiresAt, lang, profile.timeZone)}</td>
                  <td>
                    {tok.revokedAt ? (
                      t('tokens.revoked')
                    ) : (
                      <Form action={`/account/tokens/${tok.id}/revoke`} class="margin-0" aria-label={t('tokens.revokeLabel', { name: tok.name })}>
                        <button class="usa-button usa-button--unstyled" type="submit" aria-label={t('tokens.revokeLabel', { name: tok.name })}>
                          {t('tokens.revoke')}
                        </button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <h2>{t('tokens.create')}</h2>
      <Errors errors={props.errors} labels={{ name: t('tokens.name') }} />
      <Form action="/account/tokens" class="usa-form" aria-label={t('tokens.create')}>
        <Field name="name" label={t('tokens.name')} hint={t('tokens.nameHint')} value={props.name} errors={props.errors} />
        <Button>{t('tokens.createSubmit')}</Button>
      </Form>
    </div>
  );
}

const createForm = z.object({ name: required(80) });

export function tokenRoutes(app: FastifyInstance, ctx: AppContext) {
  const page = async (req: FastifyRequest, reply: FastifyReply, opts: { created?: string; revoked?: boolean; errors?: FieldError[]; status?: number; name?: string } = {}) =>
    renderPage(ctx, req, reply, {
      title: m.for(req.lang)('tokens.title'),
      status: opts.status,
      body: <TokensPage tokens={await listAccessTokens(ctx.db, req.actor!.accountId)} created={opts.created} revoked={opts.revoked} errors={opts.errors ?? []} name={opts.name} />,
    });

  app.get<{ Querystring: { revoked?: string } }>('/account/tokens', async (req, reply) => page(req, reply, { revoked: req.query.revoked === '1' }));

  app.post('/account/tokens', async (req, reply) => {
    const parsed = parseForm(createForm, req.body);
    if (!parsed.ok) return page(req, reply, { errors: parsed.errors, status: 400 });
    const actor = req.actor!;
    const { token } = await ctx.db.transaction((tx) => createAccessToken(tx, { by: { actor: actor.accountId, actorKind: 'person', ip: clientIp(req) }, now: ctx.clock.now(), name: parsed.data.name }));
    void sendAccountChangedEmail(ctx, actor.accountId, 'token-create');
    return page(req, reply, { created: token });
  });

  app.post<{ Params: { id: string } }>('/account/tokens/:id/revoke', async (req, reply) => {
    const actor = req.actor!;
    await ctx.db.transaction((tx) => revokeAccessToken(tx, { by: { actor: actor.accountId, actorKind: 'person', ip: clientIp(req) }, now: ctx.clock.now(), tokenId: req.params.id }));
    return reply.redirect('/account/tokens?revoked=1', 303);
  });
}
