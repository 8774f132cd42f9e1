/**
 * The home as the person's task list: where a household stands and its one
 * next step (situation.ts), on the signed-in customer's home page and on the
 * call centre's household page. It reads other modules' tables and owns none.
 */
import type { FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { CandorModule } from '../app/module.js';
import { ownHousehold } from '../enrollment/household-access.js';
import type { AppContext } from '../web/context.js';
import { taskMessages } from './messages.js';
import { homeFacts } from './read-model.js';
import { CustomerHome, StaffHouseholdSummary } from './pages.js';
import { situationOf, type HomeFacts } from './situation.js';

const NO_HOUSEHOLD: HomeFacts = { draft: null, determined: null, documentRequests: [], activeEnrollments: [], binder: null, grace: null, renewal: null };

export function installHome(ctx: AppContext) {
  ctx.hooks.customerHome = async (req) => {
    const household = await ownHousehold(ctx.db, req.actor!.accountId);
    const facts = household ? await homeFacts(ctx.db, household.id, { now: ctx.clock.now(), profile: ctx.profile }) : NO_HOUSEHOLD;
    return { title: taskMessages.for(req.lang)('tasks.title'), body: <CustomerHome facts={facts} step={situationOf(facts)} extraLinks={ctx.hooks.customerLinks} /> };
  };
  const section = async (_req: FastifyRequest, householdId: string): Promise<VNode | null> => {
    const facts = await homeFacts(ctx.db, householdId, { now: ctx.clock.now(), profile: ctx.profile });
    return <StaffHouseholdSummary facts={facts} step={situationOf(facts)} householdId={householdId} />;
  };
  const added: Array<[Array<typeof section>, typeof section]> = [];
  const enrollment = ctx.services.enrollment;
  if (enrollment) {
    enrollment.staffHouseholdSections.push(section);
    added.push([enrollment.staffHouseholdSections, section]);
  }
  return () => {
    ctx.hooks.customerHome = undefined;
    for (const [list, item] of added) if (list.includes(item)) list.splice(list.indexOf(item), 1);
  };
}

export const homeTasksModule: CandorModule = {
  name: 'home-tasks',
  async start(ctx) {
    const uninstall = installHome(ctx);
    return async () => uninstall();
  },
};
