/** Administrators manage staff accounts: create (one-time password shown once), roles, unlock, disable, enable. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { FieldError } from '../../platform/errors.js';
import { notFound } from '../../platform/errors.js';
import type { AppContext } from '../../web/context.js';
import { Alert, Button, Form } from '../../web/components.js';
import { usePage } from '../../web/page-context.js';
import { renderPage } from '../../web/render.js';
import type { Who } from '../audit.js';
import { createAccount } from '../create-account.js';
import { Checkboxes, clientIp, emailInput, Errors, Field, fieldErrorsOf, manyOf, parseForm, required } from '../forms.js';
import { isLocked } from '../lockout.js';
import { accountsMessages } from '../messages.js';
import { isStaffRole, STAFF_ROLES, type StaffRole } from '../roles.js';
import { accountRoles, accounts } from '../schema.js';
import { lockState, type AccountRow } from '../sign-in.js';
import { resetStaffMfa, setAccountDisabled, setStaffRoles, unlockAccount } from '../staff-admin.js';
import { TableScroll } from '../../web/table-scroll.js';

const m = accountsMessages;
type StaffRow = AccountRow & { roles: StaffRole[] };
type T = ReturnType<typeof m.for>;

function status(t: T, a: AccountRow, now: Date): string {
  if (a.disabledAt) return t('admin.status.disabled');
  if (isLocked(lockState(a), now)) return t('admin.status.locked');
  if (!a.mfaEnabledAt) return t('admin.status.noMfa');
  return t('admin.status.active');
}

function roleOptions(t: T, checked: readonly string[]) {
  return STAFF_ROLES.map((r) => ({ value: r, label: t(`role.${r}`), checked: checked.includes(r) }));
}

function StaffListPage(props: { staff: StaffRow[]; errors: FieldError[]; values: Record<string, string>; roles: string[] }) {
  const { lang, now } = usePage();
  const t = m.for(lang);
  return (
    <div class="usa-prose maxw-none">
      <h1>{t('admin.title')}</h1>
      <TableScroll label={t('admin.table')}>
        <table class="usa-table usa-table--borderless">
          <caption>{t('admin.table')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.name')}</th>
              <th scope="col">{t('admin.email')}</th>
              <th scope="col">{t('admin.roles')}</th>
              <th scope="col">{t('admin.status')}</th>
            </tr>
          </thead>
          <tbody>
            {props.staff.map((s) => (
              <tr key={s.id}>
                <th scope="row">
                  <a href={`/admin/staff/${s.id}`}>{`${s.firstName} ${s.lastName}`.trim()}</a>
                </th>
                <td>{s.email}</td>
                <td>{s.roles.map((r) => t(`role.${r}`)).join(', ')}</td>
                <td>{status(t, s, now)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <h2 id="create">{t('admin.create')}</h2>
      <Errors errors={props.errors} labels={{ email: t('email.label'), firstName: t('firstName.label'), lastName: t('lastName.label'), roles: t('admin.rolesLegend') }} />
      <Form action="/admin/staff" aria-label={t('admin.create')}>
        <Field name="email" type="email" label={t('email.label')} value={props.values.email} errors={props.errors} />
        <Field name="firstName" label={t('firstName.label')} value={props.values.firstName} errors={props.errors} />
        <Field name="lastName" label={t('lastName.label')} value={props.values.lastName} errors={props.errors} />
        <Checkboxes name="roles" legend={t('admin.rolesLegend')} options={roleOptions(t, props.roles)} errors={props.errors} />
        <Button>{t('admin.createSubmit')}</Button>
      </Form>
    </div>
  );
}

function CreatedPage(props: { name: string; password: string; id: string }) {
  const { lang } = usePage();
  const t = m.for(lang);
  return (
    <div class="usa-prose">
      <h1>{t('admin.created.title')}</h1>
      <p>{t('admin.created.lead', { name: props.name })}</p>
      <p>
        <code class="candor-secret">{props.password}</code>
      </p>
      <p>
        <a href={`/admin/staff/${props.id}`}>{props.name}</a>
      </p>
      <p>
        <a href="/admin/staff">{t('admin.back')}</a>
      </p>
    </div>
  );
}

const DONE = { roles: 'admin.done.roles', unlock: 'admin.done.unlock', disable: 'admin.done.disable', enable: 'admin.done.enable', 'reset-mfa': 'admin.done.mfa' } as const;

function StaffPage(props: { staff: StaffRow; done?: string; errors: FieldError[] }) {
  const { lang, now } = usePage();
  const t = m.for(lang);
  const s = props.staff;
  const done = props.done && props.done in DONE ? DONE[props.done as keyof typeof DONE] : null;
  const locked = isLocked(lockState(s), now);
  return (
    <div class="usa-prose">
      <h1>{`${s.firstName} ${s.lastName}`.trim()}</h1>
      {done && (
        <Alert type="success" slim>
          {t(done)}
        </Alert>
      )}
      <Errors errors={props.errors} labels={{ roles: t('admin.rolesLegend') }} />
      <dl>
        <dt>{t('admin.email')}</dt>
        <dd>{s.email}</dd>
        <dt>{t('admin.status')}</dt>
        <dd>{status(t, s, now)}</dd>
      </dl>
      <Form action={`/admin/staff/${s.id}/roles`} class="usa-form" aria-label={t('admin.saveRoles')}>
        <Checkboxes name="roles" legend={t('admin.rolesLegend')} options={roleOptions(t, s.roles)} errors={props.errors} />
        <Button>{t('admin.saveRoles')}</Button>
      </Form>
      {locked && (
        <>
          <p>{t('admin.lockedHelp')}</p>
          <Form action={`/admin/staff/${s.id}/unlock`} class="usa-form" aria-label={t('admin.unlock')}>
            <Button variant="outline">{t('admin.unlock')}</Button>
          </Form>
        </>
      )}
      {s.mfaEnabledAt && (
        <>
          <p>{t('admin.resetMfaHelp')}</p>
          <Form action={`/admin/staff/${s.id}/reset-mfa`} class="usa-form" aria-label={t('admin.resetMfa')}>
            <Button variant="outline">{t('admin.resetMfa')}</Button>
          </Form>
        </>
      )}
      <Form action={`/admin/staff/${s.id}/${s.disabledAt ? 'enable' : 'disable'}`} class="usa-form margin-top-3" aria-label={s.disabledAt ? t('admin.enable') : t('admin.disable')}>
        <Button variant={s.disabledAt ? 'outline' : 'secondary'}>{s.disabledAt ? t('admin.enable') : t('admin.disable')}</Button>
      </Form>
      <p>
        <a href="/admin/staff">{t('admin.back')}</a>
      </p>
    </div>
  );
}

const createForm = z.object({ email: emailInput(), firstName: required(100), lastName: required(100), roles: manyOf() });

export function staffAdminRoutes(app: FastifyInstance, ctx: AppContext) {
  const t = (req: FastifyRequest) => m.for(req.lang);
  const who = (req: FastifyRequest): Who => ({ actor: req.actor!.accountId, actorKind: 'person', ip: clientIp(req) });

  async function staffList(): Promise<StaffRow[]> {
    const rows = await ctx.db.select().from(accounts).where(eq(accounts.kind, 'staff')).orderBy(asc(accounts.lastName), asc(accounts.firstName));
    const roles = await ctx.db.select().from(accountRoles);
    return rows.map((a) => ({ ...a, roles: roles.filter((r) => r.accountId === a.id).map((r) => r.role as StaffRole) }));
  }
  async function staffMember(id: string): Promise<StaffRow> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound();
    const [a] = await ctx.db.select().from(accounts).where(eq(accounts.id, id));
    if (!a || a.kind !== 'staff') throw notFound();
    const roles = await ctx.db.select().from(accountRoles).where(eq(accountRoles.accountId, id));
    return { ...a, roles: roles.map((r) => r.role as StaffRole) };
  }
  const listPage = async (req: FastifyRequest, reply: FastifyReply, opts: { errors?: FieldError[]; values?: Record<string, string>; roles?: string[]; status?: number } = {}) =>
    renderPage(ctx, req, reply, {
      title: t(req)('admin.title'),
      status: opts.status,
      body: <StaffListPage staff={await staffList()} errors={opts.errors ?? []} values={opts.values ?? {}} roles={opts.roles ?? []} />,
    });
  const memberPage = async (req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, opts: { errors?: FieldError[]; done?: string; status?: number } = {}) => {
    const staff = await staffMember(req.params.id);
    return renderPage(ctx, req, reply, { title: `${staff.firstName} ${staff.lastName}`.trim(), status: opts.status, body: <StaffPage staff={staff} errors={opts.errors ?? []} done={opts.done} /> });
  };

  app.get('/admin/staff', async (req, reply) => listPage(req, reply));

  app.post('/admin/staff', async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = Object.fromEntries(['email', 'firstName', 'lastName'].map((k) => [k, typeof body[k] === 'string' ? (body[k] as string) : '']));
    const roles = ([] as unknown[]).concat(body.roles ?? []).filter((r): r is string => typeof r === 'string');
    const parsed = parseForm(createForm, body);
    if (!parsed.ok) return listPage(req, reply, { errors: parsed.errors, values, roles, status: 400 });
    if (parsed.data.roles.length === 0 || !parsed.data.roles.every(isStaffRole))
      return listPage(req, reply, { errors: [{ field: 'roles', messageKey: 'accounts.admin.noRoles' }], values, roles, status: 400 });
    try {
      const created = await ctx.db.transaction((tx) =>
        createAccount(
          tx,
          { email: parsed.data.email, firstName: parsed.data.firstName, lastName: parsed.data.lastName, roles: parsed.data.roles as StaffRole[], mustChangePassword: true },
          { by: who(req), now: ctx.clock.now(), dataKey: ctx.keys.data },
        ),
      );
      return renderPage(ctx, req, reply, {
        title: t(req)('admin.created.title'),
        body: <CreatedPage name={`${parsed.data.firstName} ${parsed.data.lastName}`} password={created.password} id={created.accountId} />,
      });
    } catch (err) {
      return listPage(req, reply, { errors: fieldErrorsOf(err), values, roles, status: 400 });
    }
  });

  app.get<{ Params: { id: string }; Querystring: { done?: string } }>('/admin/staff/:id', async (req, reply) => memberPage(req, reply, { done: req.query.done }));

  app.post<{ Params: { id: string } }>('/admin/staff/:id/roles', async (req, reply) => {
    const roles = ([] as unknown[]).concat((req.body as Record<string, unknown> | undefined)?.roles ?? []).filter((r): r is string => typeof r === 'string');
    try {
      await ctx.db.transaction((tx) => setStaffRoles(tx, { by: who(req), now: ctx.clock.now(), accountId: req.params.id, roles }));
    } catch (err) {
      return memberPage(req, reply, { errors: fieldErrorsOf(err), status: 400 });
    }
    return reply.redirect(`/admin/staff/${req.params.id}?done=roles`, 303);
  });

  app.post<{ Params: { id: string } }>('/admin/staff/:id/unlock', async (req, reply) => {
    await ctx.db.transaction((tx) => unlockAccount(tx, { by: who(req), now: ctx.clock.now(), accountId: req.params.id }));
    return reply.redirect(`/admin/staff/${req.params.id}?done=unlock`, 303);
  });

  app.post<{ Params: { id: string } }>('/admin/staff/:id/reset-mfa', async (req, reply) => {
    await ctx.db.transaction((tx) => resetStaffMfa(tx, { by: who(req), now: ctx.clock.now(), accountId: req.params.id }));
    return reply.redirect(`/admin/staff/${req.params.id}?done=reset-mfa`, 303);
  });

  for (const action of ['disable', 'enable'] as const) {
    app.post<{ Params: { id: string } }>(`/admin/staff/:id/${action}`, async (req, reply) => {
      try {
        await ctx.db.transaction((tx) => setAccountDisabled(tx, { by: who(req), now: ctx.clock.now(), accountId: req.params.id, disabled: action === 'disable' }));
      } catch (err) {
        return memberPage(req, reply, { errors: fieldErrorsOf(err), status: 400 });
      }
      return reply.redirect(`/admin/staff/${req.params.id}?done=${action}`, 303);
    });
  }
}
