/**
 * The enrollment module: applications, eligibility determinations,
 * verification records, plan selection and the enrollment lifecycle.
 */
import type { CandorModule } from '../app/module.js';
import { raiseEligibilityNotice } from './notify.js';
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
    const en = enrollmentMessages.for('en');
    const es = enrollmentMessages.for('es');
    ctx.hooks.staffLinks.push(
      { roles: ['caseworker', 'supervisor'], href: '/caseworker/queue', label: { en: en('staff.links.queue'), es: es('staff.links.queue') } },
      { roles: ['call-centre-agent', 'caseworker', 'supervisor'], href: '/call-centre/households', label: { en: en('staff.links.find'), es: es('staff.links.find') } },
    );
    return async () => stopNotices();
  },
  seed: seedEnrollment,
};
