/**
 * Payments' routes: paying online through the processor's hosted page, the
 * return from it, receipts; the processor's webhooks; the call-centre
 * console (bills, phone payments, notes, refunds, reinstatement); the
 * mailroom (lockbox import and exceptions); the daily reconciliation; the API.
 */
import { randomUUID } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../accounts/sessions.js';
import { recordAudit } from '../audit/record-audit.js';
import { pageCapabilities } from '../capabilities/capability-link.js';
import { isIsoDate } from '../billing/dates.js';
import { billingMessages } from '../billing/messages.js';
import { formatReference, normalizeReference } from '../billing/reference-number.js';
import { reinstateEnrollment } from '../billing/reinstate-enrollment.js';
import { invoices } from '../billing/schema.js';
import { householdFor, ownHousehold } from '../enrollment/household-access.js';
import { households } from '../enrollment/schema.js';
import { CandorError, forbidden, invalidInput, notFound, type FieldError } from '../platform/errors.js';
import type { AppContext } from '../web/context.js';
import { renderPage } from '../web/render.js';
import { returnBaseUrl } from '../web/public-url.js';
import { householdBilling, householdNotes } from './household-billing.js';
import { importLockbox, resolveLockboxException } from './import-lockbox.js';
import { paymentMessages } from './messages.js';
import { parseMultipart, type MultipartForm } from './multipart-form.js';
import { BatchPage, ConsolePage, ConsoleSearchPage, MailroomPage, PayPage, ProcessorDownPage, ReceiptPage, ReconciliationPage } from './pages.js';
import { receiveWebhook } from './receive-webhook.js';
import { reconcileDay } from './reconcile-day.js';
import { refundPayment } from './refund-payment.js';
import { callNotes, lockboxBatches, lockboxExceptions, payments, reconciliationReports } from './schema.js';
import { SIGNATURE_HEADER } from './webhook-signature.js';
import { completeHostedPayment, parseDollars, payWithToken, startHostedPayment, type TakePaymentContext } from './take-payment.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const t = (req: FastifyRequest) => paymentMessages.for(req.lang);
type Body = Record<string, string | undefined>;

const FLASH: Record<string, Parameters<ReturnType<typeof paymentMessages.for>>[0]> = {
  note: 'console.notes.saved',
  refund: 'console.refund.done',
  resolved: 'mailroom.resolved',
};

/**
 * A page whose form sends the browser on to the processor's hosted page: the
 * form's redirect leaves our origin, so this page's CSP form-action names the
 * processor's origin too (the shell allows only 'self').
 */
function allowFormRedirectTo(reply: FastifyReply, url: string | undefined): void {
  const csp = reply.getHeader('content-security-policy');
  if (!url || typeof csp !== 'string') return;
  const origin = new URL(url).origin;
  reply.header(
    'content-security-policy',
    csp.replace(/form-action ([^;]*)/, (_m, list: string) => `form-action ${list} ${origin}`),
  );
}

export async function paymentRoutes(app: FastifyInstance, ctx: AppContext) {
  // The lockbox upload: read whole (5 MB at most) as the body, so the CSRF field is there for the server's check.
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: 5 * 1024 * 1024 }, (req, body, done) => {
    const form = parseMultipart(body as Buffer, req.headers['content-type'] ?? '');
    if (!form) return done(Object.assign(new Error('Malformed multipart body'), { statusCode: 400 }), undefined);
    done(null, { ...form.fields, files: form.files });
  });
  const taking = (req?: FastifyRequest): TakePaymentContext => ({
    db: ctx.db,
    processor: ctx.services.payments.processor,
    publicUrl: req ? returnBaseUrl(ctx.publicUrl, req.headers.host) : ctx.publicUrl,
    now: ctx.clock.now(),
    profile: ctx.profile,
  });
  const posting = () => ({ now: ctx.clock.now(), profile: ctx.profile });
  const isStaff = (a: Actor) => a.kind === 'staff';
  const processorUrl = () => ctx.config.paymentProcessorUrl ?? ctx.services.payments.standIn?.url;

  async function customerHousehold(req: FastifyRequest) {
    const h = await ownHousehold(ctx.db, req.actor!.accountId);
    if (!h) throw notFound();
    return h;
  }

  // ── paying online ────────────────────────────────────────────────
  async function payPage(req: FastifyRequest, reply: FastifyReply, values: Body, errors: FieldError[], status = 200) {
    const h = await customerHousehold(req);
    const billing = (await householdBilling(ctx.db, h.id, posting()))!;
    allowFormRedirectTo(reply, processorUrl());
    return renderPage(ctx, req, reply, {
      title: t(req)('pay.title'),
      status,
      body: <PayPage billing={billing} idempotencyKey={values.idempotencyKey ?? randomUUID()} values={values as Record<string, string>} errors={errors} />,
    });
  }

  app.get('/billing/pay', async (req, reply) => payPage(req, reply, {}, []));

  /**
   * A pay form (the customer's, or the agent's phone payment) to the processor's hosted page:
   * the form's key makes a double submit one payment; the reference is the bill's.
   */
  async function startFromForm(req: FastifyRequest, household: { id: string; caseNumber: string }, body: Body, channel: 'online' | 'phone') {
    const amountCents = parseDollars(body.amount ?? '');
    const key = body.idempotencyKey && /^[0-9a-f-]{36}$/.test(body.idempotencyKey) ? body.idempotencyKey : null;
    if (!amountCents || amountCents > 10_000_000 || !key) return { kind: 'invalid' as const, key };
    const invoiceId = body.invoiceId && UUID.test(body.invoiceId) ? body.invoiceId : null;
    const [inv] = invoiceId
      ? await ctx.db
          .select({ ref: invoices.referenceNumber })
          .from(invoices)
          .where(and(eq(invoices.id, invoiceId), eq(invoices.householdId, household.id)))
      : [];
    const reference = inv?.ref ?? household.caseNumber;
    const idempotencyKey = `${channel === 'online' ? 'web' : 'phone'}:${key}`;
    try {
      const { redirectUrl } = await startHostedPayment(taking(req), {
        idempotencyKey,
        householdId: household.id,
        amountCents,
        invoiceId: inv ? invoiceId : null,
        channel,
        ...(channel === 'online' ? { initiatedBy: req.actor!.accountId } : { takenBy: req.actor!.accountId }),
        ip: req.ip,
        language: req.lang,
        reference,
        returnPath: '/payments/return',
      });
      return { kind: 'redirect' as const, url: redirectUrl };
    } catch (err) {
      if (err instanceof CandorError && (err.name === 'unavailable' || err.name === 'conflict')) return { kind: 'refused' as const, error: err, amountCents, reference, idempotencyKey };
      throw err;
    }
  }

  app.post<{ Body: Body }>('/billing/pay', async (req, reply) => {
    const body = req.body ?? {};
    const h = await customerHousehold(req);
    const r = await startFromForm(req, h, body, 'online');
    if (r.kind === 'invalid') return payPage(req, reply, { ...body, idempotencyKey: r.key ?? undefined }, [{ field: 'amount', messageKey: 'errors.payments.amount' }], 400);
    if (r.kind === 'redirect') return reply.redirect(r.url, 303);
    if (r.error.name === 'unavailable') {
      return renderPage(ctx, req, reply, { title: t(req)('pay.processorDown.title'), status: 503, body: <ProcessorDownPage amountCents={r.amountCents} reference={r.reference} /> });
    }
    if (r.error.messageKey === 'errors.payments.inFlight') return payPage(req, reply, { ...body, idempotencyKey: randomUUID() }, [{ field: 'amount', messageKey: r.error.messageKey }], 409);
    // Already paid under this form's key (a second submit): show that payment.
    const [p] = await ctx.db.select({ id: payments.id }).from(payments).where(eq(payments.idempotencyKey, r.idempotencyKey));
    if (!p) throw r.error;
    return reply.redirect(`/billing/payments/${p.id}`, 303);
  });

  /** The payment, if this person may see it: their own household's, or any for household staff. */
  async function visiblePayment(actor: Actor, paymentId: string) {
    if (!UUID.test(paymentId)) throw notFound();
    const [p] = await ctx.db.select().from(payments).where(eq(payments.id, paymentId));
    if (!p) throw notFound();
    await householdFor(ctx.db, actor, p.householdId);
    return p;
  }

  app.get<{ Querystring: { session_id?: string } }>('/payments/return', async (req, reply) => {
    const sessionId = typeof req.query.session_id === 'string' ? req.query.session_id.slice(0, 100) : '';
    const [p] = sessionId ? await ctx.db.select().from(payments).where(eq(payments.processorSessionId, sessionId)) : [];
    if (!p) throw notFound();
    await householdFor(ctx.db, req.actor!, p.householdId);
    const done = await completeHostedPayment(taking(), sessionId).catch((err) => {
      if (err instanceof CandorError && err.name === 'unavailable') return p;
      throw err;
    });
    if (isStaff(req.actor!)) return reply.redirect(`/call-centre/households/${done.householdId}/billing?payment=${done.id}`, 303);
    return reply.redirect(`/billing/payments/${done.id}`, 303);
  });

  app.get<{ Params: { paymentId: string } }>('/billing/payments/:paymentId', async (req, reply) => {
    const p = await visiblePayment(req.actor!, req.params.paymentId);
    const back = isStaff(req.actor!) ? `/call-centre/households/${p.householdId}/billing` : '/billing';
    const [inv] = p.invoiceId ? await ctx.db.select({ ref: invoices.referenceNumber }).from(invoices).where(eq(invoices.id, p.invoiceId)) : [];
    const [h] = inv ? [] : await ctx.db.select({ caseNumber: households.caseNumber }).from(households).where(eq(households.id, p.householdId));
    const billing = (await householdBilling(ctx.db, p.householdId, posting()))!;
    return renderPage(ctx, req, reply, {
      title: t(req)('receipt.title'),
      body: (
        <ReceiptPage
          payment={{
            id: p.id,
            status: p.status,
            amountCents: p.amountCents,
            method: p.method,
            last4: p.last4,
            channel: p.channel,
            checkNumber: p.checkNumber,
            createdAt: p.createdAt,
            receivedOn: p.receivedOn,
            processorChargeId: p.processorChargeId,
          }}
          reference={inv ? formatReference(inv.ref) : (h?.caseNumber ?? '')}
          leftToPayCents={billing.amountDueCents}
          staff={isStaff(req.actor!)}
          backHref={back}
        />
      ),
    });
  });

  // ── the processor's webhooks: signed raw body, no session ────────
  await app.register(async (hooks) => {
    hooks.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 256 * 1024 }, (_req, body, done) => done(null, body));
    hooks.post('/payments/webhooks/processor', { schema: { hide: true } }, async (req, reply) => {
      const outcome = await receiveWebhook(
        ctx.db,
        { secret: ctx.services.payments.webhookSecret, signature: req.headers[SIGNATURE_HEADER] as string | undefined, body: typeof req.body === 'string' ? req.body : '' },
        posting(),
      );
      // A bad signature is refused; a duplicate or an unknown charge is acknowledged so the processor stops retrying.
      if (outcome === 'bad-signature') return reply.code(401).send({ error: 'bad signature' });
      if (outcome === 'malformed') return reply.code(400).send({ error: 'malformed event' });
      return reply.send({ received: true, outcome });
    });
  });

  // ── the API ──────────────────────────────────────────────────────
  const paymentOut = {
    type: 'object',
    properties: {
      id: { type: 'string' },
      status: { type: 'string', enum: ['created', 'pending', 'succeeded', 'failed', 'returned', 'cancelled'] },
      amountCents: { type: 'integer' },
      refundedCents: { type: 'integer' },
    },
  } as const;
  app.post<{ Body: { amountCents: number; token: string; invoiceReference?: string }; Headers: { 'idempotency-key'?: string } }>(
    '/api/v1/payments',
    {
      schema: {
        summary: 'Pay the signed-in customer’s premium with a token from the processor’s hosted page',
        headers: { type: 'object', required: ['idempotency-key'], properties: { 'idempotency-key': { type: 'string', minLength: 8, maxLength: 100 } } },
        body: {
          type: 'object',
          required: ['amountCents', 'token'],
          additionalProperties: false,
          properties: {
            amountCents: { type: 'integer', minimum: 1, maximum: 10_000_000 },
            token: { type: 'string', minLength: 1, maxLength: 200 },
            invoiceReference: { type: 'string', maxLength: 20 },
          },
        },
        response: { 200: paymentOut },
      },
    },
    async (req) => {
      if (isStaff(req.actor!)) throw forbidden();
      const h = await customerHousehold(req);
      let invoiceId: string | null = null;
      if (req.body.invoiceReference) {
        const ref = normalizeReference(req.body.invoiceReference);
        const [inv] = ref
          ? await ctx.db
              .select({ id: invoices.id })
              .from(invoices)
              .where(and(eq(invoices.referenceNumber, ref), eq(invoices.householdId, h.id)))
          : [];
        if (!inv) throw invalidInput([{ field: 'invoiceReference', messageKey: 'errors.lockbox.unknownReference' }]);
        invoiceId = inv.id;
      }
      const p = await payWithToken(taking(), {
        idempotencyKey: `api:${h.id}:${req.headers['idempotency-key']}`,
        householdId: h.id,
        amountCents: req.body.amountCents,
        invoiceId,
        channel: 'online',
        token: req.body.token,
        initiatedBy: req.actor!.accountId,
        ip: req.ip,
      });
      return { id: p.id, status: p.status, amountCents: p.amountCents, refundedCents: p.refundedCents };
    },
  );

  app.get<{ Params: { paymentId: string } }>('/api/v1/payments/:paymentId', { schema: { summary: 'A payment’s status', response: { 200: paymentOut } } }, async (req) => {
    const p = await visiblePayment(req.actor!, req.params.paymentId);
    return { id: p.id, status: p.status, amountCents: p.amountCents, refundedCents: p.refundedCents };
  });

  // ── the call-centre console ──────────────────────────────────────
  app.get('/call-centre/billing', async (req, reply) => renderPage(ctx, req, reply, { title: t(req)('console.title'), body: <ConsoleSearchPage values={{}} errors={[]} /> }));

  app.post<{ Body: Body }>('/call-centre/billing/search', async (req, reply) => {
    const query = (req.body?.query ?? '').trim().toUpperCase();
    const fail = (key: string) =>
      renderPage(ctx, req, reply, { title: t(req)('console.title'), status: 400, body: <ConsoleSearchPage values={{ query }} errors={[{ field: 'query', messageKey: key }]} /> });
    let householdId: string | undefined;
    let by = '';
    const ref = normalizeReference(query);
    if (ref) {
      by = 'reference-number';
      [{ householdId } = { householdId: undefined }] = await ctx.db.select({ householdId: invoices.householdId }).from(invoices).where(eq(invoices.referenceNumber, ref));
    } else if (/^(H-)?[0-9A-Z]{8}$/.test(query)) {
      by = 'case-number';
      const [h] = await ctx.db
        .select({ id: households.id })
        .from(households)
        .where(eq(households.caseNumber, query.startsWith('H-') ? query : `H-${query}`));
      householdId = h?.id;
    } else return fail('errors.console.query');
    await ctx.db.transaction((tx) =>
      recordAudit(tx, {
        actor: req.actor!.accountId,
        actorKind: 'person',
        ip: req.ip,
        action: 'household.searched',
        objectType: 'household',
        details: { by, results: householdId ? 1 : 0 },
        at: ctx.clock.now(),
      }),
    );
    if (!householdId) return fail('errors.console.notFound');
    return reply.redirect(`/call-centre/households/${householdId}/billing`, 303);
  });

  async function consolePage(
    req: FastifyRequest<{ Params: { householdId: string }; Querystring: { done?: string; payment?: string } }>,
    reply: FastifyReply,
    errors: FieldError[] = [],
    values: Body = {},
    status = 200,
  ) {
    const h = await householdFor(ctx.db, req.actor!, req.params.householdId);
    const billing = (await householdBilling(ctx.db, h.id, posting()))!;
    const notes = await householdNotes(ctx.db, h.id);
    let flash = req.query?.done && FLASH[req.query.done] ? t(req)(FLASH[req.query.done]!) : null;
    if (req.query?.payment && UUID.test(req.query.payment)) {
      const p = billing.payments.find((x) => x.id === req.query.payment);
      const [any] = p
        ? [p]
        : await ctx.db
            .select({ status: payments.status })
            .from(payments)
            .where(and(eq(payments.id, req.query.payment), eq(payments.householdId, h.id)));
      if (any) flash = t(req)('console.phone.done', { status: billingMessages.for(req.lang)(`billing.payment.${any.status}` as 'billing.payment.pending') });
    }
    const phoneAvailable = pageCapabilities()?.isAvailable('phone-payment', ctx.clock.now()) ?? true;
    allowFormRedirectTo(reply, processorUrl());
    return renderPage(ctx, req, reply, {
      title: t(req)('console.household', { case: h.caseNumber }),
      status,
      body: (
        <ConsolePage
          billing={billing}
          notes={notes}
          phoneAvailable={phoneAvailable}
          isSupervisor={req.actor!.roles.includes('supervisor')}
          idempotencyKey={randomUUID()}
          flash={flash}
          errors={errors}
          values={values as Record<string, string>}
        />
      ),
    });
  }

  app.get<{ Params: { householdId: string }; Querystring: { done?: string; payment?: string } }>('/call-centre/households/:householdId/billing', async (req, reply) => {
    const h = await householdFor(ctx.db, req.actor!, req.params.householdId);
    await ctx.db.transaction((tx) =>
      recordAudit(tx, { actor: req.actor!.accountId, actorKind: 'person', ip: req.ip, action: 'household.billing.viewed', objectType: 'household', objectId: h.id, at: ctx.clock.now() }),
    );
    return consolePage(req, reply);
  });

  app.post<{ Params: { householdId: string }; Body: Body; Querystring: Record<string, string> }>('/call-centre/households/:householdId/phone-payment', async (req, reply) => {
    const h = await householdFor(ctx.db, req.actor!, req.params.householdId);
    const body = req.body ?? {};
    const r = await startFromForm(req, h, body, 'phone');
    if (r.kind === 'invalid') return consolePage(req, reply, [{ field: 'amount', messageKey: 'errors.payments.amount' }], body, 400);
    if (r.kind === 'redirect') return reply.redirect(r.url, 303);
    return consolePage(req, reply, [{ field: 'amount', messageKey: r.error.messageKey }], body, r.error.name === 'unavailable' ? 503 : 409);
  });

  app.post<{ Params: { householdId: string }; Body: Body; Querystring: Record<string, string> }>('/call-centre/households/:householdId/notes', async (req, reply) => {
    const h = await householdFor(ctx.db, req.actor!, req.params.householdId);
    const note = (req.body?.note ?? '').trim();
    const topic = req.body?.topic;
    if (!note || note.length > 2000 || !['billing', 'payment', 'coverage', 'other'].includes(topic ?? ''))
      return consolePage(req, reply, [{ field: 'note', messageKey: 'errors.console.note' }], req.body ?? {}, 400);
    await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(callNotes)
        .values({ householdId: h.id, agentId: req.actor!.accountId, topic: topic as 'billing', note, createdAt: ctx.clock.now() })
        .returning({ id: callNotes.id });
      await recordAudit(tx, {
        actor: req.actor!.accountId,
        actorKind: 'person',
        ip: req.ip,
        action: 'call.noted',
        objectType: 'household',
        objectId: h.id,
        details: { noteId: row!.id, topic },
        at: ctx.clock.now(),
      });
    });
    return reply.redirect(`/call-centre/households/${h.id}/billing?done=note`, 303);
  });

  app.post<{ Params: { paymentId: string }; Body: Body }>('/call-centre/payments/:paymentId/refund', async (req, reply) => {
    const p = await visiblePayment(req.actor!, req.params.paymentId);
    try {
      await refundPayment({ ...posting(), db: ctx.db, processor: ctx.services.payments.processor }, { paymentId: p.id, body: req.body ?? {}, supervisorId: req.actor!.accountId, ip: req.ip });
    } catch (err) {
      if (err instanceof CandorError && ['invalid-input', 'conflict', 'unavailable'].includes(err.name)) {
        return consolePage(
          Object.assign(req, { params: { householdId: p.householdId }, query: {} }) as never,
          reply,
          err.details.fields ?? [{ field: 'amount', messageKey: err.messageKey }],
          {},
          err.name === 'invalid-input' ? 400 : 409,
        );
      }
      throw err;
    }
    return reply.redirect(`/call-centre/households/${p.householdId}/billing?done=refund`, 303);
  });

  app.post<{ Params: { householdId: string }; Body: Body }>('/call-centre/households/:householdId/reinstate', async (req, reply) => {
    const h = await householdFor(ctx.db, req.actor!, req.params.householdId);
    const enrollmentId = req.body?.enrollmentId ?? '';
    if (!UUID.test(enrollmentId)) throw notFound();
    await ctx.db.transaction((tx) =>
      reinstateEnrollment(tx, { enrollmentId, householdId: h.id, supervisorId: req.actor!.accountId, ip: req.ip, now: ctx.clock.now(), timeZone: ctx.profile.timeZone }),
    );
    return reply.redirect(`/call-centre/households/${h.id}/billing`, 303);
  });

  // ── the mailroom ─────────────────────────────────────────────────
  const openExceptions = (batchId?: string) =>
    ctx.db
      .select()
      .from(lockboxExceptions)
      .where(batchId ? and(eq(lockboxExceptions.status, 'open'), eq(lockboxExceptions.batchId, batchId)) : eq(lockboxExceptions.status, 'open'))
      .orderBy(lockboxExceptions.createdAt, lockboxExceptions.lineNumber)
      .limit(200);

  async function mailroomPage(req: FastifyRequest<{ Querystring: { done?: string } }>, reply: FastifyReply, errors: FieldError[] = [], status = 200) {
    const batches = await ctx.db.select().from(lockboxBatches).orderBy(desc(lockboxBatches.importedAt)).limit(20);
    const flash = req.query?.done && FLASH[req.query.done] ? t(req)(FLASH[req.query.done]!) : null;
    return renderPage(ctx, req, reply, { title: t(req)('mailroom.title'), status, body: <MailroomPage batches={batches} exceptions={await openExceptions()} errors={errors} flash={flash} /> });
  }

  app.get<{ Querystring: { done?: string } }>('/mailroom', async (req, reply) => mailroomPage(req, reply));

  app.post<{ Querystring: { done?: string } }>('/mailroom/lockbox', async (req, reply) => {
    const upload = (req.body as { files?: MultipartForm['files'] } | undefined)?.files?.file;
    const file = upload && upload.content.length > 0 ? { filename: upload.filename || 'lockbox.csv', content: upload.content.toString('utf8') } : null;
    if (!file) return mailroomPage(req, reply, [{ field: 'file', messageKey: 'errors.lockbox.file' }], 400);
    try {
      const r = await importLockbox(ctx.db, posting(), { fileName: file.filename, content: file.content, actor: { id: req.actor!.accountId, kind: 'person', ip: req.ip } });
      return reply.redirect(`/mailroom/batches/${r.batchId}${r.alreadyImported ? '?again=1' : ''}`, 303);
    } catch (err) {
      if (err instanceof CandorError && err.name === 'invalid-input') return mailroomPage(req, reply, err.details.fields ?? [], 400);
      throw err;
    }
  });

  app.get<{ Params: { batchId: string }; Querystring: { again?: string } }>('/mailroom/batches/:batchId', async (req, reply) => {
    if (!UUID.test(req.params.batchId)) throw notFound();
    const [batch] = await ctx.db.select().from(lockboxBatches).where(eq(lockboxBatches.id, req.params.batchId));
    if (!batch) throw notFound();
    return renderPage(ctx, req, reply, {
      title: t(req)('mailroom.batch.title', { name: batch.fileName }),
      body: <BatchPage batch={batch} again={req.query.again === '1'} exceptions={await openExceptions(batch.id)} />,
    });
  });

  app.post<{ Params: { exceptionId: string }; Body: Body; Querystring: { done?: string } }>('/mailroom/exceptions/:exceptionId', async (req, reply) => {
    if (!UUID.test(req.params.exceptionId)) throw notFound();
    const action = req.body?.action === 'return' ? 'return' : 'post';
    try {
      await resolveLockboxException(ctx.db, posting(), { exceptionId: req.params.exceptionId, action, reference: req.body?.reference, clerkId: req.actor!.accountId, ip: req.ip });
    } catch (err) {
      if (err instanceof CandorError && (err.name === 'invalid-input' || err.name === 'conflict'))
        return mailroomPage(req, reply, err.details.fields ?? [{ field: 'reference', messageKey: err.messageKey }], err.name === 'conflict' ? 409 : 400);
      throw err;
    }
    return reply.redirect('/mailroom?done=resolved', 303);
  });

  // ── reconciliation ───────────────────────────────────────────────
  async function reconPage(req: FastifyRequest, reply: FastifyReply, selectedDate: string | null, errors: FieldError[] = [], values: Body = {}, status = 200) {
    const reports = await ctx.db.select().from(reconciliationReports).orderBy(desc(reconciliationReports.reportDate)).limit(30);
    const selected = selectedDate
      ? (reports.find((r) => r.reportDate === selectedDate) ?? (await ctx.db.select().from(reconciliationReports).where(eq(reconciliationReports.reportDate, selectedDate)))[0] ?? null)
      : null;
    return renderPage(ctx, req, reply, {
      title: t(req)('recon.title'),
      status,
      body: <ReconciliationPage reports={reports} selected={selected} errors={errors} values={values as Record<string, string>} />,
    });
  }
  app.get('/payments/reconciliation', async (req, reply) => reconPage(req, reply, null));
  app.get<{ Params: { date: string } }>('/payments/reconciliation/:date', async (req, reply) => {
    if (!isIsoDate(req.params.date)) throw notFound();
    return reconPage(req, reply, req.params.date);
  });
  app.post<{ Body: Body }>('/payments/reconciliation', async (req, reply) => {
    const date = (req.body?.date ?? '').trim();
    if (!isIsoDate(date)) return reconPage(req, reply, null, [{ field: 'date', messageKey: 'errors.recon.date' }], { date }, 400);
    try {
      await reconcileDay(ctx.db, ctx.services.payments.processor, { date, now: ctx.clock.now() });
    } catch (err) {
      if (err instanceof CandorError && err.name === 'unavailable') return reconPage(req, reply, null, [{ field: 'date', messageKey: err.messageKey }], { date }, 503);
      throw err;
    }
    await ctx.db.transaction((tx) =>
      recordAudit(tx, { actor: req.actor!.accountId, actorKind: 'person', ip: req.ip, action: 'payments.reconciled', objectType: 'reconciliation', objectId: date, at: ctx.clock.now() }),
    );
    return reply.redirect(`/payments/reconciliation/${date}`, 303);
  });
}
