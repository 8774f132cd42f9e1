/**
 * The enrollment module: applications, eligibility determinations,
 * verification records, plan selection and the enrollment lifecycle.
 */
import type { CandorModule } from '../web/module.js';
import { raiseEligibilityNotice } from './notify.js';
import { recalculateAmounts } from './recalculate-amounts.js';
import { enrollmentService } from './service.js';
import { enrollmentMessages } from './messages.js';
import { enrollmentRoutes } from './routes.js';
import { seedEnrollment } from './seed.js';

export const enrollmentModule: CandorModule = {
  name: 'enrollment',
  routes: enrollmentRoutes,
  async start(ctx) {
    const service = enrollmentService(ctx);
    const stopNotices = service.events.on('application-determined', (tx, e) => raiseEligibilityNotice(tx, ctx.profile, e));
    // A new determination changes what active coverage costs from the first of next month (docs/adr/0067).
    const stopRecalculating = service.events.on('application-determined', async (tx, e) => {
      await recalculateAmounts(
        tx,
        { engine: service.engine, events: service.events, timeZone: ctx.profile.timeZone },
        { householdId: e.householdId, applicationId: e.applicationId, actor: { id: 'redetermination', kind: 'system' }, at: e.determinedAt },
      );
    });
    const en = enrollmentMessages.for('en');
    const es = enrollmentMessages.for('es');
    ctx.hooks.staffLinks.push(
      { roles: ['caseworker', 'supervisor'], href: '/caseworker/queue', label: { en: en('staff.links.queue'), es: es('staff.links.queue') } },
      { roles: ['call-centre-agent', 'caseworker', 'supervisor'], href: '/call-centre/households', label: { en: en('staff.links.find'), es: es('staff.links.find') } },
    );
    return async () => {
      stopNotices();
      stopRecalculating();
    };
  },
  seed: seedEnrollment,
};
