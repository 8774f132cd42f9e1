/**
 * Demo households (idempotent, by fixed case numbers) on the Vermont catalog:
 *   H-DEMOALEX  Alex Rivera (alex@…): applied online last open enrollment, enrolled with the credit for
 *               this year, paid (payments' seed); in the renewal season renewal's seed renews him.
 *   H-DEMOMARA  María López (maria@…, Spanish): moved to Vermont last week, applied now, plan chosen
 *               (a special enrollment period; in December, next year's open enrollment), first payment due.
 *   H-DEMOPAPR  a paper application being keyed in: waits in the caseworker queue.
 *   H-DEMOCALL  a caller without an online account, decided by phone, not yet enrolled.
 * Sam Okafor (sam@…) has no household: he is the one to apply in a demo.
 * Billing's seed (`candor seed --households N`) adds its own enrolled households.
 */
import { eq, sql } from 'drizzle-orm';
import type { ParsedArgs } from '../web/module.js';
import { accounts } from '../accounts/schema.js';
import { DEMO_DOMAIN } from '../accounts/seed.js';
import { recordPastNoticesSent } from '../notices/demo-history.js';
import type { Db } from '../platform/database.js';
import type { AppContext } from '../web/context.js';
import { openEnrollmentUnderWay } from '../states/calendar.js';
import { addDays, localDay } from './dates.js';
import { personSchema, type PersonInput } from './forms.js';
import { planSelectionContext, quoteSelection, selectPlan } from './select-plan.js';
import { reportLifeEvent } from './report-life-event.js';
import { saveAddress } from './save-address.js';
import { saveIncome } from './save-income.js';
import { saveMember } from './save-member.js';
import { households, type Channel } from './schema.js';
import { enrollmentService, personalDataSealer } from './service.js';
import { startApplication } from './start-application.js';
import { submitApplication } from './submit-application.js';
import { transitionEnrollment, type ActingParty } from './transition-enrollment.js';

const seedActor: ActingParty = { id: 'seed', kind: 'system' };

interface DemoPerson {
  first: string;
  last: string;
  dob: string;
  sex: 'F' | 'M';
  relationship?: string;
  taxFiling?: string;
  ssn?: string;
}

function person(p: DemoPerson, isPrimary: boolean): PersonInput {
  const [year, month, day] = p.dob.split('-');
  const parsed = personSchema({ isPrimary, today: '2030-01-01', askTobacco: false }).parse({
    firstName: p.first,
    lastName: p.last,
    dobMonth: String(Number(month)),
    dobDay: String(Number(day)),
    dobYear: year,
    sex: p.sex,
    relationship: p.relationship,
    ssn: p.ssn ?? '',
    seekingCoverage: 'yes',
    citizenship: 'citizen',
    taxFiling: p.taxFiling ?? 'filer',
  });
  return parsed;
}

async function exists(db: Db, caseNumber: string): Promise<boolean> {
  return (await db.select({ id: households.id }).from(households).where(eq(households.caseNumber, caseNumber))).length > 0;
}

async function accountId(db: Db, local: string): Promise<string | null> {
  const [row] = await db
    .select({ id: accounts.id })
    .from(accounts)
    .where(eq(accounts.email, `${local}@${DEMO_DOMAIN}`));
  return row?.id ?? null;
}

/** Keys an application in through the same use cases as the pages; `submit` false leaves it a draft. */
async function apply(
  ctx: AppContext,
  o: {
    caseNumber: string;
    channel: Channel;
    planYear: number;
    at: Date;
    customerAccountId?: string;
    language?: 'en' | 'es';
    receivedOn?: string;
    people: DemoPerson[];
    incomeCents: number;
    submit: boolean;
  },
) {
  const svc = enrollmentService(ctx);
  return ctx.db.transaction(async (tx) => {
    const { applicationId, householdId } = await startApplication(tx, {
      channel: o.channel,
      planYear: o.planYear,
      customerAccountId: o.customerAccountId,
      state: ctx.profile.rating.stateCode,
      language: o.language,
      receivedOn: o.receivedOn,
      actor: seedActor,
      at: o.at,
    });
    await tx.update(households).set({ caseNumber: o.caseNumber }).where(eq(households.id, householdId));
    for (const [i, p] of o.people.entries())
      await saveMember(tx, { applicationId, person: person(p, i === 0), dataKey: ctx.keys.data, sealValue: personalDataSealer(ctx), actor: seedActor, at: o.at });
    if (o.submit || o.people.length) {
      await saveAddress(tx, { applicationId, address: { line1: '12 Church St', line2: '', city: 'Burlington', state: 'VT', zip: '05401', county: 'Chittenden' }, actor: seedActor, at: o.at });
      await saveIncome(tx, { applicationId, annualIncomeCents: o.incomeCents, taxHouseholdSize: o.people.length, actor: seedActor, at: o.at });
    }
    if (o.submit)
      await submitApplication(tx, { engine: svc.engine, events: svc.events, timeZone: ctx.profile.timeZone }, { applicationId, attestedBy: o.customerAccountId ?? null, actor: seedActor, at: o.at });
    return { applicationId, householdId };
  });
}

/** Enrolls in the standard silver plan of a carrier (the household's CSR variant), with the full credit. */
async function enrollSilver(ctx: AppContext, householdId: string, carrier: string, at: Date): Promise<string | null> {
  const svc = enrollmentService(ctx);
  const deps = { engine: svc.engine, events: svc.events, profile: ctx.profile };
  return ctx.db.transaction(async (tx) => {
    const sel = await planSelectionContext(tx, deps, householdId, at);
    const quote = await quoteSelection(tx, deps, sel);
    const silver = quote?.offers.find((o) => o.carrierHiosId === carrier && o.metal === 'silver' && !o.hsaEligible);
    if (!silver) return null;
    const { enrollmentId } = await selectPlan(tx, deps, { householdId, plan: `${silver.planHiosId}-${silver.variant}`, actor: seedActor, at });
    return enrollmentId;
  });
}

async function hasPlans(ctx: AppContext, planYear: number): Promise<boolean> {
  const { rows } = await ctx.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM catalog_plans WHERE plan_year = ${planYear} AND state_code = ${ctx.profile.rating.stateCode}`);
  return Boolean(rows[0]?.n);
}

/**
 * The households are dated from the clock's today (docs/adr/0106): coverage in
 * the plan year in force today, new applications for the year on offer (the
 * coming year in its open enrollment, else this year).
 */
export async function seedEnrollment(ctx: AppContext, report: (line: string) => void, _args: ParsedArgs): Promise<void> {
  const now = ctx.clock.now();
  const today = localDay(now, ctx.profile.timeZone);
  const year = Number(today.slice(0, 4));
  if (!(await hasPlans(ctx, year))) {
    report(`Enrollment: no ${year} plans in the catalog yet; demo households skipped.`);
    return;
  }
  const comingOpen = openEnrollmentUnderWay(ctx.profile.openEnrollment, today);
  const onOffer = comingOpen !== null && comingOpen !== year && (await hasPlans(ctx, comingOpen)) ? comingOpen : year;
  let made = 0;

  // Alex applied online in the last open enrollment and has paid: an effectuated enrollment with the credit.
  const alex = await accountId(ctx.db, 'alex');
  if (alex && !(await exists(ctx.db, 'H-DEMOALEX'))) {
    const at = new Date(`${year - 1}-12-01T15:00:00Z`);
    const { householdId } = await apply(ctx, {
      caseNumber: 'H-DEMOALEX',
      channel: 'online',
      planYear: year,
      at,
      customerAccountId: alex,
      people: [
        { first: 'Alex', last: 'Rivera', dob: '1984-05-12', sex: 'M', ssn: '212-45-6701' },
        { first: 'Jamie', last: 'Rivera', dob: '1986-02-03', sex: 'F', relationship: 'spouse', taxFiling: 'joint-filer' },
      ],
      incomeCents: 6_200_000,
      submit: true,
    });
    const enrollmentId = await enrollSilver(ctx, householdId, '13627', at);
    if (enrollmentId) {
      await ctx.db.transaction((tx) =>
        transitionEnrollment(tx, enrollmentId, 'effectuated', { reason: 'binder-paid', effectiveDate: `${year}-01-01`, actor: seedActor, at: new Date(`${year - 1}-12-20T15:00:00Z`) }),
      );
    }
    // Last open enrollment's notices went out then (payments' seed pays his bills due before today).
    await ctx.db.transaction((tx) => recordPastNoticesSent(tx, [householdId], new Date(`${year - 1}-12-21T00:00:00Z`)));
    made++;
  }

  // María moved to Vermont last week: a special enrollment period, a plan for the rest of the year, first payment due.
  // In December a special enrollment period would start coverage next year: she chooses in open enrollment instead.
  const maria = await accountId(ctx.db, 'maria');
  if (maria && !(await exists(ctx.db, 'H-DEMOMARA'))) {
    const mariaYear = today < `${year}-12-01` ? year : onOffer;
    const { householdId } = await apply(ctx, {
      caseNumber: 'H-DEMOMARA',
      channel: 'online',
      planYear: mariaYear,
      at: now,
      customerAccountId: maria,
      language: 'es',
      people: [
        { first: 'María', last: 'López', dob: '1990-09-21', sex: 'F', ssn: '323-54-7812' },
        { first: 'Lucía', last: 'López', dob: '2012-04-08', sex: 'F', relationship: 'child', taxFiling: 'dependent' },
      ],
      incomeCents: 7_900_000,
      submit: true,
    });
    const eventDate = addDays(today, -7);
    if (mariaYear === year)
      await ctx.db.transaction((tx) => reportLifeEvent(tx, { timeZone: ctx.profile.timeZone }, { householdId, event: 'move', eventDate, reportedBy: maria, actor: seedActor, at: now }));
    if (!(await enrollSilver(ctx, householdId, '77566', now))) report('Enrollment: no plan window for María today; she is decided but not enrolled.');
    made++;
  }

  // A paper application, half keyed in, waiting in the caseworker queue.
  if (!(await exists(ctx.db, 'H-DEMOPAPR'))) {
    await apply(ctx, {
      caseNumber: 'H-DEMOPAPR',
      channel: 'paper',
      planYear: onOffer,
      at: now,
      receivedOn: addDays(today, -3),
      people: [{ first: 'Robert', last: 'Gagnon', dob: '1958-08-30', sex: 'M', ssn: '434-65-8923' }],
      incomeCents: 3_100_000,
      submit: false,
    });
    made++;
  }

  // A caller with no online account, decided over the phone.
  if (!(await exists(ctx.db, 'H-DEMOCALL'))) {
    await apply(ctx, {
      caseNumber: 'H-DEMOCALL',
      channel: 'call-centre',
      planYear: onOffer,
      at: now,
      people: [{ first: 'Denise', last: 'Tremblay', dob: '1972-12-01', sex: 'F', ssn: '545-76-9034' }],
      incomeCents: 4_400_000,
      submit: true,
    });
    made++;
  }
  report(made ? `Enrollment: ${made} demo households (cases H-DEMOALEX, H-DEMOMARA, H-DEMOPAPR, H-DEMOCALL).` : 'Enrollment: the demo households are already there.');
}
