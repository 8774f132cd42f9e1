/**
 * The local stand-in payment processor: its own HTTP server speaking the
 * processor protocol (processor-client.ts), with a hosted payment page where
 * the card or bank account is typed — those numbers stay in this server's
 * memory and never reach Candor. It approves, declines, settles bank payments
 * late, returns some (NSF), retries webhooks until they are accepted, and can
 * deliver them twice and out of order, as real processors may.
 *
 * Test numbers: card 4242 4242 4242 4242 approves; 4000 0000 0000 0002 is
 * declined; 4000 0000 0000 9995 is declined for insufficient funds. Bank
 * accounts settle late; an account number ending 0002 is returned unpaid.
 */
import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import { signWebhook } from './webhook-signature.js';
import type { Charge, ChargeStatus, HostedSession, PaymentMethodKind, ProcessorEvent, Refund } from './processor.js';

export interface StandInOptions {
  apiKey: string;
  webhookSecret: string;
  /** Where to deliver webhooks; read at each delivery (the app's address may be known only after it listens). */
  webhookUrl: () => string | undefined;
  /** Bank payments settle this long after the charge (null: only when told, through settle()). */
  settleAfterMs?: number | null;
  /** Deliver every event twice. */
  duplicateWebhooks?: boolean;
  /** Wait a random time up to this before each delivery, so deliveries overtake each other. */
  shuffleWebhooksMs?: number;
  /** Retry a failed delivery up to this many times (exponential back-off from retryBaseMs). */
  maxDeliveryAttempts?: number;
  retryBaseMs?: number;
  port?: number;
  now?: () => Date;
}

export interface StandInProcessor {
  url: string;
  /** Charges made (one per idempotency key), for tests and the demo. */
  charges(): Charge[];
  settle(chargeId: string): void;
  returnCharge(chargeId: string, code?: string): void;
  /** Every event emitted, in order. */
  events(): ProcessorEvent[];
  /** Resolves when no delivery is waiting or in flight. */
  idle(): Promise<void>;
  /** Deliveries that gave up after all their attempts. */
  failedDeliveries(): number;
  /** Sends an event again (a replay), signed now. */
  redeliver(eventId: string): Promise<void>;
  close(): Promise<void>;
}

interface Method {
  token: string;
  kind: PaymentMethodKind;
  last4: string;
  /** The number the person typed: kept here, in the processor, only. */
  number: string;
  usedByKey: string | null;
}

interface SessionRecord extends Omit<HostedSession, 'url' | 'paymentMethod'> {
  reference: string;
  returnUrl: string;
  cancelUrl: string;
  language: 'en' | 'es';
  channel: string;
  methodToken: string | null;
}

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('base64url')}`;

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

const TEXT = {
  en: {
    title: 'Secure payment',
    pay: 'Pay {amount}',
    reference: 'Reference number {reference}',
    method: 'How do you want to pay?',
    card: 'Debit or credit card',
    bank: 'Bank account (checking or savings)',
    cardNumber: 'Card number',
    expiry: 'Expiration date (MM/YY)',
    cvc: 'Security code',
    routing: 'Routing number (9 digits)',
    account: 'Account number',
    submit: 'Pay now',
    cancel: 'Cancel and go back',
    errors: 'Please correct these entries',
    invalidCard: 'Enter a valid card number.',
    invalidExpiry: 'Enter the expiration date as MM/YY, not in the past.',
    invalidCvc: 'Enter the 3 or 4 digit security code.',
    invalidRouting: 'Enter the 9 digit routing number.',
    invalidAccount: 'Enter the account number (4 to 17 digits).',
    notice: 'This page belongs to the payment processor. Your card or bank details are not shared with the exchange.',
    closed: 'This payment page has already been used or has expired.',
  },
  es: {
    title: 'Pago seguro',
    pay: 'Pagar {amount}',
    reference: 'Número de referencia {reference}',
    method: '¿Cómo desea pagar?',
    card: 'Tarjeta de débito o crédito',
    bank: 'Cuenta bancaria (cheques o ahorros)',
    cardNumber: 'Número de tarjeta',
    expiry: 'Fecha de vencimiento (MM/AA)',
    cvc: 'Código de seguridad',
    routing: 'Número de ruta (9 dígitos)',
    account: 'Número de cuenta',
    submit: 'Pagar ahora',
    cancel: 'Cancelar y regresar',
    errors: 'Corrija estos datos',
    invalidCard: 'Ingrese un número de tarjeta válido.',
    invalidExpiry: 'Ingrese la fecha de vencimiento como MM/AA, que no haya pasado.',
    invalidCvc: 'Ingrese el código de seguridad de 3 o 4 dígitos.',
    invalidRouting: 'Ingrese el número de ruta de 9 dígitos.',
    invalidAccount: 'Ingrese el número de cuenta (de 4 a 17 dígitos).',
    notice: 'Esta página pertenece al procesador de pagos. Los datos de su tarjeta o cuenta bancaria no se comparten con el mercado.',
    closed: 'Esta página de pago ya se usó o venció.',
  },
} as const;

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const money = (cents: number, lang: 'en' | 'es') => new Intl.NumberFormat(lang === 'es' ? 'es-US' : 'en-US', { style: 'currency', currency: 'USD' }).format(cents / 100);

function page(lang: 'en' | 'es', body: string, title: string): string {
  return `<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}label{display:block;margin-top:1rem;font-weight:600}input[type=text]{display:block;font-size:1.1rem;padding:.4rem;width:100%;max-width:20rem;border:1px solid #565c65}fieldset{margin-top:1rem;border:1px solid #565c65}button{margin-top:1.5rem;font-size:1.1rem;padding:.6rem 1.2rem;background:#005ea2;color:#fff;border:0}button.secondary{background:#fff;color:#005ea2;border:2px solid #005ea2}.error{color:#b50909;font-weight:600}.note{color:#3d4551}</style></head><body><main>${body}</main></body></html>`;
}

export async function startStandInProcessor(opts: StandInOptions): Promise<StandInProcessor> {
  const now = opts.now ?? (() => new Date());
  const sessions = new Map<string, SessionRecord>();
  const methods = new Map<string, Method>();
  const charges = new Map<string, Charge>();
  const chargeMethod = new Map<string, Method>();
  const idempotent = new Map<string, { fingerprint: string; result: Promise<{ status: number; body: unknown }> }>();
  const events: ProcessorEvent[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let inFlight = 0;
  let failed = 0;
  let idleWaiters: Array<() => void> = [];
  let closed = false;

  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };
  const settleIdle = () => {
    if (inFlight === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const w of waiters) w();
    }
  };

  async function deliver(event: ProcessorEvent, attempt = 1): Promise<void> {
    const url = opts.webhookUrl();
    if (!url || closed) return;
    const body = JSON.stringify(event);
    let ok = false;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'candor-signature': signWebhook(opts.webhookSecret, body, now()) },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      ok = res.ok;
      await res.arrayBuffer().catch(() => undefined);
    } catch {
      ok = false;
    }
    if (ok || closed) return;
    if (attempt >= (opts.maxDeliveryAttempts ?? 8)) {
      failed++;
      return;
    }
    await new Promise<void>((resolve) => later((opts.retryBaseMs ?? 200) * 2 ** (attempt - 1), resolve));
    return deliver(event, attempt + 1);
  }

  function schedule(event: ProcessorEvent): void {
    const copies = opts.duplicateWebhooks ? 2 : 1;
    for (let i = 0; i < copies; i++) {
      inFlight++;
      const delay = opts.shuffleWebhooksMs ? Math.floor(Math.random() * opts.shuffleWebhooksMs) : 0;
      later(delay, () => {
        // A delivery that throws (not a refused or failed POST: those are retried) counts as failed.
        deliver(event)
          .catch(() => void failed++)
          .finally(() => {
            inFlight--;
            settleIdle();
          });
      });
    }
  }

  function emit(type: ProcessorEvent['type'], charge: Charge): void {
    const event: ProcessorEvent = { id: id('evt'), type, created: now().toISOString(), data: { ...charge, metadata: { ...charge.metadata } } };
    events.push(event);
    schedule(event);
  }

  function setStatus(charge: Charge, status: ChargeStatus, failureCode: string | null = null) {
    charge.status = status;
    charge.failureCode = failureCode;
    if (status === 'succeeded') charge.settledOn = now().toISOString().slice(0, 10);
    emit(`charge.${status}` as ProcessorEvent['type'], charge);
  }

  function settle(chargeId: string) {
    const charge = charges.get(chargeId);
    if (!charge || charge.status !== 'pending') return;
    const method = chargeMethod.get(chargeId)!;
    setStatus(charge, 'succeeded');
    if (method.kind === 'bank' && method.number.endsWith('0002')) {
      later(opts.settleAfterMs ?? 0, () => returnCharge(chargeId, 'insufficient_funds'));
    }
  }

  function returnCharge(chargeId: string, code = 'insufficient_funds') {
    const charge = charges.get(chargeId);
    if (!charge || charge.status !== 'succeeded') return;
    setStatus(charge, 'returned', code);
  }

  /** Runs `fn` once per idempotency key; a replay gets the first answer, a different request with the key is refused. */
  function once(scope: string, key: string | undefined, fingerprint: string, fn: () => Promise<{ status: number; body: unknown }>) {
    if (!key) return fn();
    const k = `${scope}:${key}`;
    const existing = idempotent.get(k);
    if (existing) {
      if (existing.fingerprint !== fingerprint) return Promise.resolve({ status: 422, body: { code: 'idempotency_key_reused' } });
      return existing.result;
    }
    const result = fn();
    idempotent.set(k, { fingerprint, result });
    return result;
  }

  const sessionView = (s: SessionRecord, base: string): HostedSession => {
    const m = s.methodToken ? methods.get(s.methodToken) : undefined;
    return { id: s.id, url: `${base}/pay/${s.id}`, status: s.status, amountCents: s.amountCents, paymentMethod: m ? { token: m.token, kind: m.kind, last4: m.last4 } : null };
  };

  const app: FastifyInstance = Fastify({ logger: false });
  await app.register(formbody);
  let base = '';

  app.addHook('onRequest', async (req, reply) => {
    if (req.url.startsWith('/v1/') && req.headers.authorization !== `Bearer ${opts.apiKey}`) {
      return reply.code(401).send({ code: 'unauthorized' });
    }
  });

  app.post<{ Body: { amountCents: number; reference: string; returnUrl: string; cancelUrl: string; channel: string; language: 'en' | 'es'; metadata: Record<string, string> } }>(
    '/v1/sessions',
    async (req, reply) => {
      const b = req.body;
      if (!Number.isInteger(b?.amountCents) || b.amountCents <= 0 || !b.returnUrl || !b.cancelUrl) return reply.code(400).send({ code: 'invalid_request' });
      const r = await once('session', req.headers['idempotency-key'] as string | undefined, JSON.stringify(b), async () => {
        const s: SessionRecord = {
          id: id('cs'),
          status: 'open',
          amountCents: b.amountCents,
          reference: b.reference,
          returnUrl: b.returnUrl,
          cancelUrl: b.cancelUrl,
          language: b.language === 'es' ? 'es' : 'en',
          channel: b.channel,
          methodToken: null,
        };
        sessions.set(s.id, s);
        return { status: 200, body: sessionView(s, base) };
      });
      return reply.code(r.status).send(r.body);
    },
  );

  app.get<{ Params: { id: string } }>('/v1/sessions/:id', async (req, reply) => {
    const s = sessions.get(req.params.id);
    if (!s) return reply.code(404).send({ code: 'not_found' });
    return sessionView(s, base);
  });

  app.post<{ Body: { token: string; amountCents: number; reference: string; metadata: Record<string, string> } }>('/v1/charges', async (req, reply) => {
    const b = req.body;
    const key = req.headers['idempotency-key'] as string | undefined;
    if (!key) return reply.code(400).send({ code: 'idempotency_key_required' });
    const r = await once('charge', key, JSON.stringify(b), async () => {
      const m = methods.get(b?.token);
      if (!m) return { status: 400, body: { code: 'invalid_token' } };
      if (!Number.isInteger(b.amountCents) || b.amountCents <= 0) return { status: 400, body: { code: 'invalid_amount' } };
      if (m.usedByKey && m.usedByKey !== key) return { status: 400, body: { code: 'token_already_used' } };
      m.usedByKey = key;
      const charge: Charge = {
        id: id('ch'),
        status: 'pending',
        amountCents: b.amountCents,
        refundedCents: 0,
        methodKind: m.kind,
        last4: m.last4,
        reference: b.reference ?? '',
        metadata: b.metadata ?? {},
        failureCode: null,
        createdAt: now().toISOString(),
        settledOn: null,
      };
      charges.set(charge.id, charge);
      chargeMethod.set(charge.id, m);
      if (m.kind === 'card') {
        if (m.number === '4000000000000002') setStatus(charge, 'failed', 'card_declined');
        else if (m.number === '4000000000009995') setStatus(charge, 'failed', 'insufficient_funds');
        else setStatus(charge, 'succeeded');
      } else {
        emit('charge.pending', charge);
        if (opts.settleAfterMs != null) later(opts.settleAfterMs, () => settle(charge.id));
      }
      return { status: 200, body: { ...charge } };
    });
    return reply.code(r.status).send(r.body);
  });

  app.get<{ Params: { id: string } }>('/v1/charges/:id', async (req, reply) => {
    const c = charges.get(req.params.id);
    return c ? c : reply.code(404).send({ code: 'not_found' });
  });

  app.get<{ Querystring: { created_on?: string } }>('/v1/charges', async (req) => ({
    data: [...charges.values()].filter((c) => !req.query.created_on || c.createdAt.startsWith(req.query.created_on)),
  }));

  app.post<{ Body: { chargeId: string; amountCents: number } }>('/v1/refunds', async (req, reply) => {
    const b = req.body;
    const key = req.headers['idempotency-key'] as string | undefined;
    if (!key) return reply.code(400).send({ code: 'idempotency_key_required' });
    const r = await once('refund', key, JSON.stringify(b), async () => {
      const c = charges.get(b?.chargeId);
      if (!c) return { status: 404, body: { code: 'not_found' } };
      if (c.status !== 'succeeded' || !Number.isInteger(b.amountCents) || b.amountCents <= 0 || b.amountCents > c.amountCents - c.refundedCents) {
        return { status: 400, body: { code: 'refund_not_possible' } };
      }
      c.refundedCents += b.amountCents;
      const refund: Refund = { id: id('re'), chargeId: c.id, amountCents: b.amountCents, status: 'succeeded' };
      emit('charge.refunded', c);
      return { status: 200, body: refund };
    });
    return reply.code(r.status).send(r.body);
  });

  // ── the hosted payment page ──────────────────────────────────────
  function form(s: SessionRecord, errors: Record<string, string> = {}, values: Record<string, string> = {}): string {
    const t = TEXT[s.language];
    const err = (f: string) => (errors[f] ? `<p class="error" id="${f}-error">${esc(errors[f]!)}</p>` : '');
    const input = (name: string, label: string, autocomplete: string) =>
      `<label for="${name}">${esc(label)}</label>${err(name)}<input type="text" id="${name}" name="${name}" inputmode="numeric" autocomplete="${autocomplete}" value="${esc(name === 'number' || name === 'account' || name === 'cvc' ? '' : (values[name] ?? ''))}"${errors[name] ? ` aria-invalid="true" aria-describedby="${name}-error"` : ''}>`;
    const method = values.method === 'bank' ? 'bank' : 'card';
    const summary = Object.keys(errors).length
      ? `<div role="alert"><h2>${esc(t.errors)}</h2><ul>${Object.entries(errors)
          .map(([f, m]) => `<li><a href="#${f}">${esc(m)}</a></li>`)
          .join('')}</ul></div>`
      : '';
    return page(
      s.language,
      `<h1>${esc(t.pay.replace('{amount}', money(s.amountCents, s.language)))}</h1>
<p>${esc(t.reference.replace('{reference}', s.reference))}</p>
<p class="note">${esc(t.notice)}</p>${summary}
<form method="post" action="/pay/${s.id}" novalidate>
<fieldset><legend>${esc(t.method)}</legend>
<input type="radio" id="method-card" name="method" value="card"${method === 'card' ? ' checked' : ''}><label for="method-card" style="display:inline">${esc(t.card)}</label><br>
<input type="radio" id="method-bank" name="method" value="bank"${method === 'bank' ? ' checked' : ''}><label for="method-bank" style="display:inline">${esc(t.bank)}</label>
</fieldset>
<fieldset><legend>${esc(t.card)}</legend>${input('number', t.cardNumber, 'cc-number')}${input('expiry', t.expiry, 'cc-exp')}${input('cvc', t.cvc, 'cc-csc')}</fieldset>
<fieldset><legend>${esc(t.bank)}</legend>${input('routing', t.routing, 'off')}${input('account', t.account, 'off')}</fieldset>
<button type="submit" name="action" value="pay">${esc(t.submit)}</button>
<button type="submit" name="action" value="cancel" class="secondary">${esc(t.cancel)}</button>
</form>`,
      t.title,
    );
  }

  app.get<{ Params: { id: string } }>('/pay/:id', async (req, reply) => {
    const s = sessions.get(req.params.id);
    reply.type('text/html; charset=utf-8');
    if (!s) return reply.code(404).send(page('en', `<h1>${TEXT.en.closed}</h1>`, TEXT.en.title));
    if (s.status !== 'open') return reply.code(410).send(page(s.language, `<h1>${esc(TEXT[s.language].closed)}</h1>`, TEXT[s.language].title));
    return form(s);
  });

  app.post<{ Params: { id: string }; Body: Record<string, string> }>('/pay/:id', async (req, reply) => {
    const s = sessions.get(req.params.id);
    reply.type('text/html; charset=utf-8');
    if (!s || s.status !== 'open') return reply.code(410).send(page(s?.language ?? 'en', `<h1>${esc(TEXT[s?.language ?? 'en'].closed)}</h1>`, TEXT.en.title));
    const b = req.body ?? {};
    const sep = (u: string) => (u.includes('?') ? '&' : '?');
    if (b.action === 'cancel') {
      s.status = 'cancelled';
      return reply.redirect(`${s.cancelUrl}${sep(s.cancelUrl)}session_id=${s.id}`, 303);
    }
    const t = TEXT[s.language];
    const digits = (v: string | undefined) => (v ?? '').replace(/[\s-]/g, '');
    const errors: Record<string, string> = {};
    let method: Method;
    if (b.method === 'bank') {
      const routing = digits(b.routing);
      const account = digits(b.account);
      if (!/^\d{9}$/.test(routing)) errors.routing = t.invalidRouting;
      if (!/^\d{4,17}$/.test(account)) errors.account = t.invalidAccount;
      method = { token: id('pm'), kind: 'bank', last4: account.slice(-4), number: account, usedByKey: null };
    } else {
      const number = digits(b.number);
      if (!/^\d{13,19}$/.test(number) || !luhnValid(number)) errors.number = t.invalidCard;
      const m = /^(\d{2})\s*\/\s*(\d{2})$/.exec(b.expiry ?? '');
      const current = now();
      const yy = current.getUTCFullYear() % 100;
      const mm = current.getUTCMonth() + 1;
      if (!m || Number(m[1]) < 1 || Number(m[1]) > 12 || Number(m[2]) < yy || (Number(m[2]) === yy && Number(m[1]) < mm)) errors.expiry = t.invalidExpiry;
      if (!/^\d{3,4}$/.test(digits(b.cvc))) errors.cvc = t.invalidCvc;
      method = { token: id('pm'), kind: 'card', last4: number.slice(-4), number, usedByKey: null };
    }
    if (Object.keys(errors).length) return reply.code(400).send(form(s, errors, b));
    methods.set(method.token, method);
    s.methodToken = method.token;
    s.status = 'complete';
    return reply.redirect(`${s.returnUrl}${sep(s.returnUrl)}session_id=${s.id}`, 303);
  });

  const address = await app.listen({ port: opts.port ?? 0, host: '127.0.0.1' });
  base = address;

  return {
    url: address,
    charges: () => [...charges.values()].map((c) => ({ ...c })),
    settle,
    returnCharge,
    events: () => [...events],
    idle: () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve))),
    failedDeliveries: () => failed,
    async redeliver(eventId) {
      const e = events.find((x) => x.id === eventId);
      if (e) await deliver(e);
    },
    async close() {
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      inFlight = 0;
      settleIdle();
      await app.close();
    },
  };
}

/** For tests and scripts: types a card or bank account on the hosted page as a person would, and returns the redirect. */
export async function completeHostedPage(sessionUrl: string, fields: Record<string, string>): Promise<string> {
  const res = await fetch(sessionUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ action: 'pay', ...fields }).toString(),
    redirect: 'manual',
  });
  const location = res.headers.get('location');
  if (res.status !== 303 || !location) throw new Error(`hosted page answered ${res.status}`);
  return location;
}

export const TEST_CARD = { method: 'card', number: '4242 4242 4242 4242', expiry: '12/39', cvc: '123' } as const;
export const DECLINED_CARD = { method: 'card', number: '4000 0000 0000 0002', expiry: '12/39', cvc: '123' } as const;
export const TEST_BANK = { method: 'bank', routing: '011000015', account: '000123456789' } as const;
export const NSF_BANK = { method: 'bank', routing: '011000015', account: '000987650002' } as const;
