/**
 * The billing module: invoices and their reference numbers, the monthly
 * billing run, grace periods and termination for non-payment (outage-aware,
 * with a supervisor's review), reinstatement.
 */
import type { CandorModule } from '../web/module.js';
import { flag } from '../cli/args.js';
import type { AppContext } from '../web/context.js';
import { billingBlastRadius } from './blast-radius.js';
import { checkDelinquency } from './check-delinquency.js';
import { BillingSection } from './components.js';
import { createBinderInvoice } from './create-binder-invoice.js';
import { addDays, addMonths, localDate, parseMonth } from './dates.js';
import { billingMessages } from './messages.js';
import { enqueueNoticeSink } from './notice-sink.js';
import { setNoticeSink } from './notify.js';
import { billingRoutes } from './routes.js';
import { queueReminders } from './queue-reminders.js';
import { runBilling } from './run-billing.js';
import { seedBilling } from './seed.js';
import { rebillEnrollment, rebillHousehold } from './rebill-enrollment.js';
import { householdBilling } from '../payments/household-billing.js';

export const billingModule: CandorModule = {
  name: 'billing',
  routes: billingRoutes,
  jobs: [
    {
      // On the 5th, bill the next coverage month (due on the profile's day of this month).
      name: 'billing-monthly-run',
      cron: '0 6 5 * *',
      timeZone: 'America/New_York',
      retryLimit: 5,
      expireInSeconds: 60 * 60,
      handler: async (ctx: AppContext) => {
        const now = ctx.clock.now();
        await runBilling(ctx.db, { month: addMonths(localDate(now, ctx.profile.timeZone), 1), now, profile: ctx.profile });
      },
    },
    {
      // Each morning, the reminders for bills due in the profile's number of days.
      name: 'billing-reminders',
      cron: '0 8 * * *',
      timeZone: 'America/New_York',
      retryLimit: 5,
      expireInSeconds: 60 * 60,
      handler: async (ctx: AppContext) => {
        await queueReminders(ctx.db, { now: ctx.clock.now(), profile: ctx.profile });
      },
    },
    {
      name: 'billing-delinquency',
      cron: '0 5 * * *',
      timeZone: 'America/New_York',
      retryLimit: 5,
      expireInSeconds: 60 * 60,
      handler: async (ctx: AppContext) => {
        await checkDelinquency(ctx.db, { now: ctx.clock.now(), profile: ctx.profile });
      },
    },
  ],
  async start(ctx) {
    setNoticeSink(enqueueNoticeSink(ctx.profile.timeZone));
    const enrollment = ctx.services.enrollment;
    const off: Array<() => void> = [];
    if (enrollment) {
      // The binder invoice commits with the plan selection or not at all. An enrollment the new one
      // replaced is billed to its end first, so what was paid for it becomes credit the binder can use.
      off.push(
        enrollment.events.on('enrollment-selected', async (tx, e) => {
          await rebillHousehold(tx, e.householdId, { now: e.at, except: e.enrollmentId, actor: 'plan-selection' });
          await createBinderInvoice(tx, { enrollmentId: e.enrollmentId, now: e.at, profile: ctx.profile, actor: { id: 'plan-selection', kind: 'system' } });
        }),
      );
      // Coverage ended or its amounts changed: the bills follow (months after the end cancelled, the
      // last one prorated, later months at the new amounts; a bill that now asks for more is due no
      // sooner than a reminder period from today).
      off.push(
        enrollment.events.on('enrollment-changed', async (tx, e) => {
          await rebillEnrollment(tx, e.enrollmentId, {
            now: e.at,
            dueNoEarlierThan: addDays(localDate(e.at, ctx.profile.timeZone), ctx.profile.billing.reminderDaysBeforeDue),
            actor: 'enrollment-change',
          });
        }),
      );
      enrollment.coverageSections.push(async (req, householdId) => {
        const billing = await householdBilling(ctx.db, householdId, { now: ctx.clock.now(), profile: ctx.profile });
        return billing && (billing.invoices.length || billing.payments.length) ? <BillingSection billing={billing} /> : null;
      });
    }
    ctx.services.capabilities?.registerBlastRadius(billingBlastRadius(ctx.profile));
    const en = billingMessages.for('en');
    const es = billingMessages.for('es');
    ctx.hooks.staffLinks.push({ roles: ['supervisor'], href: '/billing/reviews', label: { en: en('staff.links.reviews'), es: es('staff.links.reviews') } });
    return async () => {
      for (const f of off) f();
      setNoticeSink(null);
    };
  },
  seed: seedBilling,
  commands: [
    {
      name: 'billing run',
      usage: 'candor billing run --month YYYY-MM [--chunk N]',
      summary: 'Bill a coverage month: one invoice per active enrollment (idempotent; safe to run again after a failure).',
      async run(ctx, args, print) {
        const month = parseMonth(flag(args, 'month') ?? '');
        if (!month) {
          print('Give the coverage month as --month YYYY-MM.');
          return 2;
        }
        const chunk = Number(flag(args, 'chunk') ?? 2000);
        const r = await runBilling(ctx.db, {
          month,
          now: ctx.clock.now(),
          profile: ctx.profile,
          chunkSize: Number.isInteger(chunk) && chunk > 0 ? chunk : 2000,
          startedBy: 'command-line',
          onProgress: (n) => process.stderr.write(`Billing ${month.slice(0, 7)}: ${n} enrollments checked…\n`),
        });
        print(`Billing run for ${month.slice(0, 7)}: ${r.invoicesCreated} invoices created (${r.enrollmentsSeen} active enrollments).`);
        return 0;
      },
    },
    {
      name: 'billing check',
      usage: 'candor billing check',
      summary: 'Run the daily jobs now: reminders before due dates, then the grace-period and termination check.',
      async run(ctx, _args, print) {
        const reminders = await queueReminders(ctx.db, { now: ctx.clock.now(), profile: ctx.profile });
        const counts = await checkDelinquency(ctx.db, { now: ctx.clock.now(), profile: ctx.profile });
        print(
          `Reminders queued: ${reminders}. Checked: ${
            Object.entries(counts)
              .map(([k, v]) => `${k} ${v}`)
              .join(', ') || 'nothing to do'
          }.`,
        );
        return 0;
      },
    },
  ],
};
