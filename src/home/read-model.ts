/**
 * The facts the home page decides from (situation.ts), read in one place
 * from the modules that own them: applications and coverage (enrollment),
 * document requests (hub), bills and grace periods (billing, through the
 * payments module's household view), next year's renewal (renewal).
 */
import { and, asc, desc, eq, gt, inArray, like } from 'drizzle-orm';
import { invoices } from '../billing/schema.js';
import { APPLICATION_STEPS } from '../enrollment/application-draft.js';
import { localDay } from '../enrollment/dates.js';
import { applications, enrollments, members } from '../enrollment/schema.js';
import { householdInconsistencies } from '../hub/documents.js';
import { householdBilling } from '../payments/household-billing.js';
import type { Tx } from '../platform/database.js';
import { renewalDates } from '../renewal/run-renewal.js';
import { renewals } from '../renewal/schema.js';
import type { StateProfile } from '../states/profile.js';
import type { HomeFacts } from './situation.js';

const ACTIVE = ['pending-binder', 'effectuated', 'in-grace'] as const;

export async function homeFacts(tx: Tx, householdId: string, c: { now: Date; profile: StateProfile }): Promise<HomeFacts> {
  const today = localDay(c.now, c.profile.timeZone);
  const apps = await tx.select().from(applications).where(eq(applications.householdId, householdId)).orderBy(desc(applications.createdAt));
  const draft = apps.find((a) => a.status === 'draft');
  const determined = apps.filter((a) => a.status === 'determined').sort((a, b) => (b.determinedAt?.getTime() ?? 0) - (a.determinedAt?.getTime() ?? 0))[0];

  const open = await householdInconsistencies(tx, householdId);
  const people = open.some((i) => i.memberId)
    ? await tx
        .select({ id: members.id, firstName: members.firstName, lastName: members.lastName })
        .from(members)
        .where(
          inArray(
            members.id,
            open.flatMap((i) => (i.memberId ? [i.memberId] : [])),
          ),
        )
    : [];
  const nameOf = (id: string | null) => {
    const p = id ? people.find((m) => m.id === id) : undefined;
    return p ? `${p.firstName} ${p.lastName}` : null;
  };

  const active = await tx
    .select({ id: enrollments.id, status: enrollments.status, planYear: enrollments.planYear, coverageEnd: enrollments.coverageEnd })
    .from(enrollments)
    .where(and(eq(enrollments.householdId, householdId), inArray(enrollments.status, [...ACTIVE])));
  const current = active.filter((e) => e.coverageEnd >= today);

  const billing = await householdBilling(tx, householdId, c);
  const grace = billing?.graces[0];
  const pendingBinder = current.filter((e) => e.status === 'pending-binder').map((e) => e.id);
  const [binderInvoice] = pendingBinder.length
    ? await tx
        .select()
        .from(invoices)
        .where(and(inArray(invoices.enrollmentId, pendingBinder), eq(invoices.kind, 'binder'), eq(invoices.status, 'open'), gt(invoices.amountCents, invoices.paidCents)))
        .orderBy(asc(invoices.dueDate))
        .limit(1)
    : [];
  const binderDue = binderInvoice ? (billing?.invoices.find((i) => i.id === binderInvoice.id)?.effectiveDueDate ?? binderInvoice.dueDate) : null;

  const [renewal] = await tx
    .select()
    .from(renewals)
    .where(and(eq(renewals.householdId, householdId), gt(renewals.planYear, Number(today.slice(0, 4))), like(renewals.outcome, 'renewed-%')))
    .orderBy(desc(renewals.planYear))
    .limit(1);
  const chooseBy = renewal ? renewalDates(c.profile, renewal.planYear).chooseBy : null;

  return {
    draft: draft ? { applicationId: draft.id, step: (APPLICATION_STEPS as readonly string[]).includes(draft.step) ? draft.step : 'people' } : null,
    determined: determined ? { applicationId: determined.id, planYear: determined.planYear } : null,
    documentRequests: open.map((i) => ({ id: i.id, element: i.element, person: nameOf(i.memberId), endsOn: i.endsOn, sent: i.documents.some((d) => d.status === 'submitted') })),
    activeEnrollments: current.map((e) => ({ id: e.id, status: e.status as (typeof ACTIVE)[number], planYear: e.planYear })),
    binder: binderInvoice ? { enrollmentId: binderInvoice.enrollmentId, owedCents: binderInvoice.amountCents - binderInvoice.paidCents, dueDate: binderDue! } : null,
    grace: grace ? { enrollmentId: grace.enrollmentId, lastDayToPay: grace.endsOn, totalCents: grace.owedCents } : null,
    renewal: renewal && chooseBy && today <= chooseBy ? { planYear: renewal.planYear, enrollmentId: renewal.toEnrollmentId, chooseBy } : null,
  };
}
