/**
 * The payments module: the processor adapter (or the local stand-in when no
 * processor is configured), payments online, by phone and by mail, webhooks,
 * refunds and returns, the lockbox, the daily reconciliation.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CandorModule } from '../web/module.js';
import { flag } from '../cli/args.js';
import { isIsoDate, addDays } from '../billing/dates.js';
import { hmacHex } from '../platform/crypto.js';
import type { AppContext } from '../web/context.js';
import { importLockbox } from './import-lockbox.js';
import { paymentMessages } from './messages.js';
import { httpProcessor } from './processor-client.js';
import { reconcileDay } from './reconcile-day.js';
import { paymentRoutes } from './routes.js';
import { seedPayments } from './seed.js';
import './service.js';

export const paymentsModule: CandorModule = {
  name: 'payments',
  routes: paymentRoutes,
  seed: seedPayments,
  jobs: [
    {
      name: 'payments-reconciliation',
      cron: '30 6 * * *',
      timeZone: 'America/New_York',
      retryLimit: 5,
      handler: async (ctx: AppContext) => {
        const now = ctx.clock.now();
        await reconcileDay(ctx.db, ctx.services.payments.processor, { date: addDays(now.toISOString().slice(0, 10), -1), now });
      },
    },
  ],
  async start(ctx) {
    const c = ctx.config;
    if (c.paymentProcessorUrl) {
      ctx.services.payments = { processor: httpProcessor({ baseUrl: c.paymentProcessorUrl, apiKey: c.paymentProcessorApiKey! }), webhookSecret: c.paymentWebhookSecret!, standIn: null };
    } else {
      // The stand-in's secrets derive from the cookie key, so processes sharing a data folder agree.
      // Loaded only here: production has a processor configured and never loads it (docs/adr/0095).
      const { startStandInProcessor } = await import('./stand-in-processor.js');
      const apiKey = `sk_local_${hmacHex(ctx.keys.cookie, 'payments-api-key').slice(0, 32)}`;
      const webhookSecret = `whsec_${hmacHex(ctx.keys.cookie, 'payments-webhooks')}`;
      const standIn = await startStandInProcessor({
        apiKey,
        webhookSecret,
        webhookUrl: () => `${ctx.publicUrl}/payments/webhooks/processor`,
        settleAfterMs: c.env === 'test' ? null : 5_000,
        now: () => ctx.clock.now(),
      });
      ctx.services.payments = { processor: httpProcessor({ baseUrl: standIn.url, apiKey }), webhookSecret, standIn };
    }
    const en = paymentMessages.for('en');
    const es = paymentMessages.for('es');
    ctx.hooks.staffLinks.push(
      { roles: ['call-centre-agent', 'supervisor'], href: '/call-centre/billing', label: { en: en('staff.links.console'), es: es('staff.links.console') } },
      { roles: ['mailroom-clerk', 'supervisor'], href: '/mailroom', label: { en: en('staff.links.mailroom'), es: es('staff.links.mailroom') } },
      { roles: ['operations', 'supervisor'], href: '/payments/reconciliation', label: { en: en('staff.links.reconciliation'), es: es('staff.links.reconciliation') } },
    );
    const standIn = ctx.services.payments.standIn;
    return async () => {
      await standIn?.close();
    };
  },
  commands: [
    {
      name: 'lockbox import',
      usage: 'candor lockbox import <file>',
      summary: 'Post the checks of a lockbox file (docs/lockbox-file.md) to invoices by reference number; the rest goes to the exceptions queue.',
      async run(ctx, args, print) {
        const file = args.positional[0];
        if (!file || !fs.existsSync(file)) {
          print('Give the path of a lockbox file: candor lockbox import <file>');
          return 2;
        }
        const r = await importLockbox(
          ctx.db,
          { now: ctx.clock.now(), profile: ctx.profile },
          { fileName: path.basename(file), content: fs.readFileSync(file, 'utf8'), actor: { id: 'command-line', kind: 'system' } },
        );
        if (r.alreadyImported) print(`This file was imported before (batch ${r.batchId}); nothing was posted twice.`);
        print(`Lockbox ${path.basename(file)}: ${r.lines} checks, ${r.posted} posted ($${(r.postedCents / 100).toFixed(2)}), ${r.exceptions} in the exceptions queue.`);
        return 0;
      },
    },
    {
      name: 'payments reconcile',
      usage: 'candor payments reconcile --date YYYY-MM-DD',
      summary: 'Compare the processor’s charges of a day with the ledger and store the report.',
      async run(ctx, args, print) {
        const date = flag(args, 'date') ?? '';
        if (!isIsoDate(date)) {
          print('Give the day as --date YYYY-MM-DD.');
          return 2;
        }
        const r = await reconcileDay(ctx.db, ctx.services.payments.processor, { date, now: ctx.clock.now() });
        print(`Reconciliation ${date}: ${r.matched} matched, ${r.items.length} differences.`);
        for (const i of r.items) print(`  ${i.kind}: charge ${i.chargeId ?? '-'} payment ${i.paymentId ?? '-'}`);
        return r.items.length ? 1 : 0;
      },
    },
  ],
};
