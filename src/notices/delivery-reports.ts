/**
 * POST /api/v1/notices/delivery-reports: where email and SMS providers (and
 * the local stand-in gateway) report what became of a message after
 * hand-over (docs/adr/0048-delivery-reports.md).
 *
 *   Candor-Signature: t=<unix seconds>,v1=<hex HMAC-SHA-256 of "<t>.<raw body>">
 *   { "id": "<report id>", "messageId": "<uuid>", "status": "delivered" | "bounced" | "failed", "at": "<ISO 8601>" }
 *   or { "reports": [ …up to 500 of those… ] }
 *
 * The signature is checked on the raw body before anything is read; a bad one
 * is refused with 401 and changes nothing. Each report is taken once (a
 * replay answers "duplicate"), reports about unknown messages are ignored,
 * and the answer says what became of each.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../web/context.js';
import { problem } from '../web/error-handler.js';
import { SIGNATURE_HEADER, verifyReport } from './delivery-report-signature.js';
import { noticesMessages } from './messages.js';
import { receiveDeliveryReports, type DeliveryReport } from './record-delivery.js';
import { DELIVERY_REPORT_STATUSES } from './schema.js';

export const DELIVERY_REPORTS_PATH = '/api/v1/notices/delivery-reports';

const report = z.object({
  id: z.string().min(1).max(200),
  messageId: z.string().min(1).max(100),
  status: z.enum(DELIVERY_REPORT_STATUSES),
  at: z.iso.datetime({ offset: true }).optional(),
});
const body = z.union([report, z.object({ reports: z.array(report).min(1).max(500) })]);

export function parseDeliveryReports(raw: string): DeliveryReport[] | null {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = body.safeParse(json);
  if (!parsed.success) return null;
  const list = 'reports' in parsed.data ? parsed.data.reports : [parsed.data];
  return list.map((r) => ({ id: r.id, messageId: r.messageId, status: r.status, at: r.at ? new Date(r.at) : null }));
}

export async function deliveryReportRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(async (scope) => {
    // The signature covers the exact bytes sent, so the body is kept as received.
    scope.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 256 * 1024 }, (_req, raw, done) => done(null, raw));
    scope.post(
      DELIVERY_REPORTS_PATH,
      {
        schema: {
          summary: 'Delivery reports from email and SMS providers (signed with the shared secret)',
          description: 'Body: one report {id, messageId, status: delivered|bounced|failed, at?} or {reports: [...]}. Header Candor-Signature: t=<unix seconds>,v1=<HMAC-SHA-256 of "<t>.<raw body>">.',
        },
      },
      async (req, reply) => {
        const t = noticesMessages.for(req.lang ?? 'en');
        const raw = typeof req.body === 'string' ? req.body : '';
        const now = ctx.clock.now();
        if (!verifyReport(ctx.services.notices.deliveryReportSecret, req.headers[SIGNATURE_HEADER] as string | undefined, raw, now)) {
          return problem(req, reply, 401, 'bad-signature', t('notices.errors.reportSignature'));
        }
        const reports = parseDeliveryReports(raw);
        if (!reports) return problem(req, reply, 400, 'invalid-input', t('notices.errors.reportBody'));
        const outcomes = await ctx.db.transaction((tx) => receiveDeliveryReports(tx, reports, { now, timeZone: ctx.profile.timeZone, holidays: ctx.profile.phoneLines.customerSupport.closedOn }));
        return reply.send({ received: reports.length, outcomes: reports.map((r, i) => ({ id: r.id, messageId: r.messageId, outcome: outcomes[i] })) });
      },
    );
  });
}
