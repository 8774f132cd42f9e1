/**
 * The call centre's page for a caller's Form 1095-A ("I lost my 1095-A"):
 * the household's latest statement of each policy, and a form to send one
 * again — the household's usual way or as a printed letter — with the reason,
 * audited with the agent (src/tax-forms/deliver.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { householdFor } from '../enrollment/household-access.js';
import type { FieldError } from '../platform/errors.js';
import { notFound } from '../platform/errors.js';
import { Alert, Button, ErrorSummary, Form } from '../web/components.js';
import type { AppContext } from '../web/context.js';
import { formatDate, type Lang } from '../web/i18n.js';
import { usePage } from '../web/page-context.js';
import { renderPage } from '../web/render.js';
import { latestStatements, RESEND_HOW, RESEND_REASONS, resendStatement, type HouseholdStatement, type ResendHow, type ResendReason } from './deliver.js';
import { taxFormsMessages } from './messages.js';

export const resendPath = (householdId: string) => `/call-centre/households/${householdId}/tax-forms`;

function Radios(props: { name: string; legend: string; options: ReadonlyArray<[value: string, label: string]>; checked?: string; error?: string }) {
  return (
    <div class={`usa-form-group${props.error ? ' usa-form-group--error' : ''}`}>
      <fieldset class="usa-fieldset" id={props.name} aria-describedby={props.error ? `${props.name}-error` : undefined}>
        <legend class="usa-legend">{props.legend}</legend>
        {props.error && (
          <span class="usa-error-message" id={`${props.name}-error`}>
            {props.error}
          </span>
        )}
        {props.options.map(([value, label]) => (
          <div class="usa-radio" key={value}>
            <input class="usa-radio__input" type="radio" id={`${props.name}-${value}`} name={props.name} value={value} checked={props.checked === value} />
            <label class="usa-radio__label" for={`${props.name}-${value}`}>
              {label}
            </label>
          </div>
        ))}
      </fieldset>
    </div>
  );
}

function ResendPage(props: { householdId: string; caseNumber: string; statements: HouseholdStatement[]; errors: FieldError[]; values: Record<string, string>; done: boolean }) {
  const { lang, profile } = usePage();
  const t = taxFormsMessages.for(lang as Lang);
  const err = (field: string) => {
    const e = props.errors.find((x) => x.field === field);
    return e ? t(e.messageKey as never) : undefined;
  };
  const kind = (k: HouseholdStatement['kind']) => t(`taxForms.kind.${k}`);
  return (
    <div>
      <h1>{t('taxForms.resend.title', { case: props.caseNumber })}</h1>
      <p class="usa-intro">{t('taxForms.resend.lead')}</p>
      {props.done && (
        <Alert type="success" slim>
          <span data-testid="tax-forms-resent">{t('taxForms.resend.done')}</span>
        </Alert>
      )}
      <ErrorSummary errors={props.errors} translate={(k) => t(k as never)} />
      {props.statements.length === 0 ? (
        <p data-testid="tax-forms-none">{t('taxForms.resend.none')}</p>
      ) : (
        <Form action={`${resendPath(props.householdId)}/resend`} id="resend-form">
          <Radios
            name="statementId"
            legend={t('taxForms.resend.caption')}
            checked={props.values.statementId ?? props.statements[0]!.id}
            options={props.statements.map((s): [string, string] => [
              s.id,
              `${t('taxForms.resend.year')} ${s.coverageYear} · ${t('taxForms.col.policy')} ${s.policyNumber} · ${kind(s.kind)} · ${t('taxForms.resend.version')} ${s.version} · ${t('taxForms.resend.issued')} ${formatDate(s.issuedAt, lang, profile.timeZone)}`,
            ])}
          />
          <Radios
            name="reason"
            legend={t('taxForms.resend.reason')}
            checked={props.values.reason}
            error={err('reason')}
            options={RESEND_REASONS.map((r): [string, string] => [r, t(`taxForms.resend.reason.${r}`)])}
          />
          <Radios
            name="how"
            legend={t('taxForms.resend.how')}
            checked={props.values.how ?? 'usual'}
            error={err('how')}
            options={RESEND_HOW.map((h): [string, string] => [h, t(`taxForms.resend.how.${h}`)])}
          />
          <Button>{t('taxForms.resend.submit')}</Button>
        </Form>
      )}
    </div>
  );
}

type Body = Record<string, string | undefined>;

export function callCentreRoutes(app: FastifyInstance, ctx: AppContext) {
  async function page(
    req: FastifyRequest<{ Params: { householdId: string } }>,
    reply: FastifyReply,
    opts: { errors?: FieldError[]; values?: Record<string, string>; done?: boolean; status?: number } = {},
  ) {
    const h = await householdFor(ctx.db, req.actor!, req.params.householdId);
    const statements = await latestStatements(ctx.db, h.id);
    const t = taxFormsMessages.for(req.lang);
    return renderPage(ctx, req, reply, {
      title: t('taxForms.resend.title', { case: h.caseNumber }),
      status: opts.status ?? 200,
      body: <ResendPage householdId={h.id} caseNumber={h.caseNumber} statements={statements} errors={opts.errors ?? []} values={opts.values ?? {}} done={opts.done ?? false} />,
    });
  }

  app.get<{ Params: { householdId: string }; Querystring: { done?: string } }>('/call-centre/households/:householdId/tax-forms', async (req, reply) =>
    page(req, reply, { done: req.query.done === '1' }),
  );

  app.post<{ Params: { householdId: string }; Body: Body }>('/call-centre/households/:householdId/tax-forms/resend', async (req, reply) => {
    const h = await householdFor(ctx.db, req.actor!, req.params.householdId);
    const body = req.body ?? {};
    const reason = body.reason;
    const how = body.how;
    const errors: FieldError[] = [];
    if (!reason || !(RESEND_REASONS as readonly string[]).includes(reason)) errors.push({ field: 'reason', messageKey: 'taxForms.resend.errors.reason' });
    if (!how || !(RESEND_HOW as readonly string[]).includes(how)) errors.push({ field: 'how', messageKey: 'taxForms.resend.errors.how' });
    const values = Object.fromEntries(
      Object.entries({ statementId: body.statementId, reason: errors.some((e) => e.field === 'reason') ? undefined : reason, how: errors.some((e) => e.field === 'how') ? undefined : how }).filter(
        ([, v]) => typeof v === 'string',
      ),
    ) as Record<string, string>;
    if (errors.length) return page(req, reply, { errors, values, status: 400 });
    const statement = (await latestStatements(ctx.db, h.id)).find((s) => s.id === body.statementId);
    if (!statement) throw notFound();
    await resendStatement(ctx.db, {
      householdId: h.id,
      statementId: statement.id,
      reason: reason as ResendReason,
      how: how as ResendHow,
      agentId: req.actor!.accountId,
      now: ctx.clock.now(),
      timeZone: ctx.profile.timeZone,
      ip: req.ip,
    });
    return reply.redirect(`${resendPath(h.id)}?done=1`, 303);
  });
}
