/**
 * Enrollment's routes. Each handler: who (the access table), validate, open
 * the transaction, authorize against the household, call the use case,
 * render. The application pages serve customers under /applications and
 * staff (phone and paper) under /staff/applications: the same pages, the
 * staff copy free of the `applications` capability so paper keeps working
 * when the website's applications are down.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Actor } from '../accounts/sessions.js';
import { recordAudit } from '../audit/record-audit.js';
import { CandorError, conflict, fieldErrorsFromZod, notFound, type FieldError } from '../platform/errors.js';
import type { Tx } from '../platform/database.js';
import type { AppContext } from '../web/context.js';
import { renderPage } from '../web/render.js';
import { formatDate, formatMoney } from '../web/i18n.js';
import { amountsInForce } from './amount-history.js';
import { applicationGaps, stepForGap } from './application-gaps.js';
import { APPLICATION_STEPS, type ApplicationStep } from './application-draft.js';
import {
  AddressPage,
  EditPersonPage,
  IncomePage,
  PeoplePage,
  ResultPage,
  ReviewPage,
  StartPage,
  type DocumentRequestView,
  type FormValues,
  type IdentityStep,
  type MemberView,
  type ResultView,
} from './application-pages.js';
import { documentsExpected } from './verification-elements.js';
import { parseDate, parseDateParts } from '../platform/typed-input.js';
import { changeCredit } from './change-credit.js';
import { continueIntoPlanYear, earlierDecidedApplication } from './continue-application.js';
import { openEnrollmentFor } from '../states/calendar.js';
import { estimatesFor } from '../plan-years/plan-year-tables.js';
import { CoveragePage, CreditPage, EndCoveragePage, EnrollmentPage, LifeEventPage, PlansPage, type EnrollmentView } from './coverage-pages.js';
import { firstOfNextMonth, isValidDay, localDay } from './dates.js';
import { endCoverage, type EndChoice } from './end-coverage.js';
import { addressSchema, dollarsToCents, incomeSchema, attestSchema, lifeEventSchema, normaliseSsn, personSchema, planChoiceSchema } from './forms.js';
import { applicationFor, enrollmentFor, householdFor, ownHousehold } from './household-access.js';
import { homeAddress } from './household-facts.js';
import { isActive } from './lifecycle.js';
import { enrollmentMessages } from './messages.js';
import { reportLifeEvent } from './report-life-event.js';
import { saveAddress } from './save-address.js';
import { saveIncome } from './save-income.js';
import { removeMember, saveMember, ssnLookupHash } from './save-member.js';
import {
  applications,
  determinations,
  enrollmentAmounts,
  enrollmentMembers,
  enrollments,
  enrollmentTransitions,
  households,
  members,
  relationships,
  verifications,
  type Channel,
  type LifeEvent,
} from './schema.js';
import { planSelectionContext, quoteSelection, selectPlan } from './select-plan.js';
import { planYearFor } from './plan-year.js';
import { startApplication } from './start-application.js';
import { CaseworkerQueuePage, FindHouseholdPage, StaffHouseholdPage } from './staff-pages.js';
import { identityProofingRequired, submitApplication } from './submit-application.js';
import type { ActingParty } from './transition-enrollment.js';
import { enrollmentService, personalDataSealer } from './service.js';

type Body = Record<string, string | string[] | undefined>;
type Params = { applicationId: string; memberId: string; enrollmentId: string; householdId: string };

function body(req: FastifyRequest): FormValues {
  const raw = (req.body ?? {}) as Body;
  const out: FormValues = {};
  for (const [k, v] of Object.entries(raw)) out[k] = Array.isArray(v) ? v[v.length - 1] : v;
  return out;
}

function acting(req: FastifyRequest): ActingParty {
  return { id: req.actor!.accountId, kind: 'person', ip: req.ip };
}

/**
 * Re-renders a form on invalid input (400), and when no decision can be made
 * because the year's plans are not loaded (the answers stay saved); other
 * errors go to the error handler.
 */
function invalidFields(err: unknown): FieldError[] | null {
  if (err instanceof CandorError && err.name === 'invalid-input') return err.details.fields ?? [];
  if (err instanceof CandorError && err.messageKey === 'errors.catalogMissing') return [{ field: 'form', messageKey: 'errors.catalogMissing' }];
  return null;
}

const IDENTITY_FIRST = 'errors.application.identityFirst';
const identityFirst = () => conflict(IDENTITY_FIRST);

function staffChannel(actor: Actor): Channel {
  return actor.roles.includes('call-centre-agent') ? 'call-centre' : 'paper';
}

async function memberViews(ctx: AppContext, householdId: string): Promise<MemberView[]> {
  const rows = await ctx.db.select().from(members).where(eq(members.householdId, householdId)).orderBy(asc(members.createdAt), asc(members.id));
  const rels = await ctx.db.select().from(relationships).where(eq(relationships.householdId, householdId));
  return rows
    .map((m) => ({
      id: m.id,
      isPrimary: m.isPrimary,
      firstName: m.firstName,
      lastName: m.lastName,
      dateOfBirth: m.dateOfBirth,
      seekingCoverage: m.seekingCoverage,
      relationship: rels.find((r) => r.memberId === m.id)?.kind ?? null,
      hasSsn: m.ssnHash !== null,
      citizenship: m.citizenship,
    }))
    .sort((a, b) => Number(b.isPrimary) - Number(a.isPrimary));
}

function personValues(m: typeof members.$inferSelect, relationship: string | null): FormValues {
  const [y, mo, d] = m.dateOfBirth.split('-');
  const on = (b: boolean) => (b ? 'on' : undefined);
  return {
    firstName: m.firstName,
    lastName: m.lastName,
    dobMonth: String(Number(mo)),
    dobDay: String(Number(d)),
    dobYear: y,
    sex: m.sex,
    relationship: relationship ?? undefined,
    seekingCoverage: m.seekingCoverage ? 'yes' : 'no',
    citizenship: m.citizenship,
    immigrationDocumentType: m.immigrationDocumentType ?? undefined,
    taxFiling: m.taxFiling,
    pregnant: on(m.pregnant),
    americanIndianAlaskaNative: on(m.americanIndianAlaskaNative),
    incarcerated: on(m.incarcerated),
    otherCoverage: on(m.otherCoverage),
    tobaccoUse: on(m.tobaccoUse),
  };
}

export async function enrollmentViews(ctx: AppContext, householdId: string): Promise<EnrollmentView[]> {
  const rows = await ctx.db.select().from(enrollments).where(eq(enrollments.householdId, householdId)).orderBy(desc(enrollments.coverageStart), desc(enrollments.createdAt));
  if (!rows.length) return [];
  const covered = await ctx.db
    .select({ enrollmentId: enrollmentMembers.enrollmentId, firstName: members.firstName, lastName: members.lastName })
    .from(enrollmentMembers)
    .innerJoin(members, eq(members.id, enrollmentMembers.memberId))
    .where(
      inArray(
        enrollmentMembers.enrollmentId,
        rows.map((r) => r.id),
      ),
    );
  const engine = ctx.services.enrollment.engine;
  const history = await ctx.db
    .select()
    .from(enrollmentAmounts)
    .where(
      inArray(
        enrollmentAmounts.enrollmentId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(enrollmentAmounts.effectiveFrom), asc(enrollmentAmounts.id));
  const today = localDay(ctx.clock.now(), ctx.profile.timeZone);
  return Promise.all(
    rows.map(async (e) => {
      const plan = await engine.describePlan(ctx.db, e.planYear, e.planHiosId, e.planVariant);
      const own = history.filter((h) => h.enrollmentId === e.id);
      // Today's amounts on the page, and a change already decided with the day it starts (docs/adr/0067).
      const now = amountsInForce(own, today) ?? e;
      const newest = own[own.length - 1];
      const upcoming = newest && newest.effectiveFrom > today && newest !== now ? newest : null;
      const dated = (a: (typeof own)[number]) => ({
        effectiveFrom: a.effectiveFrom,
        reason: a.reason,
        grossPremiumCents: a.grossPremiumCents,
        aptcCents: a.aptcCents,
        stateAssistanceCents: a.stateAssistanceCents,
        netPremiumCents: a.netPremiumCents,
      });
      return {
        id: e.id,
        planName: plan ? `${plan.name} (${plan.carrierName})` : `${e.planHiosId}-${e.planVariant}`,
        status: e.status,
        coverageStart: e.coverageStart,
        coverageEnd: e.coverageEnd,
        grossPremiumCents: now.grossPremiumCents,
        aptcCents: now.aptcCents,
        stateAssistanceCents: now.stateAssistanceCents,
        netPremiumCents: now.netPremiumCents,
        members: covered.filter((c) => c.enrollmentId === e.id).map((c) => `${c.firstName} ${c.lastName}`),
        upcoming: upcoming ? dated(upcoming) : null,
        amounts: own.map(dated),
      };
    }),
  );
}

async function resultView(ctx: AppContext, app: typeof applications.$inferSelect): Promise<ResultView | null> {
  const rows = await ctx.db
    .select({ d: determinations, firstName: members.firstName, lastName: members.lastName })
    .from(determinations)
    .innerJoin(members, eq(members.id, determinations.memberId))
    .where(eq(determinations.applicationId, app.id));
  if (!rows.length) return null;
  const [pending] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(verifications)
    .where(and(eq(verifications.applicationId, app.id), eq(verifications.status, 'pending')));
  const first = rows[0]!.d;
  // Open requests with their deadlines; those the answers will open and the hub has not yet opened, without one.
  const requests = await ctx.db
    .select({ element: verifications.element, memberId: verifications.memberId, status: verifications.status, endsOn: verifications.inconsistencyEndsOn })
    .from(verifications)
    .where(and(eq(verifications.applicationId, app.id), inArray(verifications.status, ['inconsistent', 'pending'])));
  const people = await memberViews(ctx, app.householdId);
  const names = new Map(people.map((m) => [m.id, `${m.firstName} ${m.lastName}`]));
  const open: DocumentRequestView[] = requests
    .filter((v) => v.status === 'inconsistent')
    .map((v) => ({ who: v.memberId ? (names.get(v.memberId) ?? null) : null, element: v.element, endsOn: v.endsOn }));
  const coming = expectedDocumentsOf(people).filter((d) => requests.some((v) => v.status === 'pending' && v.element === d.element && (v.memberId ? names.get(v.memberId) : null) === d.who));
  return {
    documentRequests: [...open, ...coming],
    planYear: first.planYear,
    determinedAt: first.determinedAt,
    fplPercent: first.fplPercent,
    maxAptcCents: first.maxAptcCents,
    stateAssistanceCents: first.stateAssistanceCents,
    csrVariant: first.csrVariant,
    members: rows.map((r) => ({ name: `${r.firstName} ${r.lastName}`, outcome: r.d.outcome })),
    pendingVerifications: pending?.n ?? 0,
    estimates: await estimatesFor(ctx.db, app.planYear, ctx.profile.rating.stateCode),
  };
}

/**
 * A day typed in the memorable-date boxes (`<prefix>Month`, `<prefix>Day`,
 * `<prefix>Year`), or in one box (`single`: 3/7/2025, 2025-03-07) when the
 * boxes are empty; null when it is not a real day or nothing was typed.
 */
function typedDay(values: FormValues, prefix: string, single: string): string | null {
  const [month, day, year] = [values[`${prefix}Month`], values[`${prefix}Day`], values[`${prefix}Year`]];
  if (!month && !day && !year) return values[single] ? parseDate(values[single]!) : null;
  const parts = parseDateParts({ month, day, year });
  return parts.ok ? parts.day : null;
}

/** The document requests an application's answers will open (told on the review page before submitting). */
function expectedDocumentsOf(list: MemberView[]): DocumentRequestView[] {
  const names = new Map(list.map((m) => [m.id, `${m.firstName} ${m.lastName}`]));
  return documentsExpected(list.map((m) => ({ id: m.id, isPrimary: m.isPrimary, seekingCoverage: m.seekingCoverage, hasSsn: m.hasSsn ?? true, citizenship: m.citizenship ?? 'citizen' }))).map((d) => ({
    who: d.memberId ? (names.get(d.memberId) ?? null) : null,
    element: d.element,
  }));
}

/** The application pages under one prefix: `/applications` (customers) or `/staff/applications` (staff). */
function applicationFlow(app: FastifyInstance, ctx: AppContext, prefix: string) {
  const t = (req: FastifyRequest) => enrollmentMessages.for(req.lang);
  const askTobacco = ctx.profile.rating.ratesTobacco;
  const today = () => localDay(ctx.clock.now(), ctx.profile.timeZone);

  async function draftOr(req: FastifyRequest<{ Params: Params }>, reply: FastifyReply) {
    const row = await applicationFor(ctx.db, req.actor!, req.params.applicationId);
    const base = `${prefix}/${row.application.id}`;
    if (row.application.status !== 'draft') {
      reply.redirect(`${base}/result`, 303);
      return null;
    }
    return { ...row, base };
  }

  async function peoplePage(req: FastifyRequest<{ Params: Params }>, reply: FastifyReply, a: NonNullable<Awaited<ReturnType<typeof draftOr>>>, values: FormValues, errors: FieldError[]) {
    const list = await memberViews(ctx, a.household.id);
    return renderPage(ctx, req, reply, {
      title: t(req)('people.title'),
      status: errors.length ? 400 : 200,
      body: <PeoplePage base={a.base} channel={a.application.channel} members={list} form={{ action: `${a.base}/people`, isPrimary: list.length === 0, values, errors, askTobacco }} />,
    });
  }

  app.get<{ Params: Params }>(`${prefix}/:applicationId/people`, async (req, reply) => {
    const a = await draftOr(req, reply);
    if (!a) return reply;
    return peoplePage(req, reply, a, {}, []);
  });

  app.post<{ Params: Params }>(`${prefix}/:applicationId/people`, async (req, reply) => {
    const a = await draftOr(req, reply);
    if (!a) return reply;
    const values = body(req);
    const isPrimary = !(
      await ctx.db
        .select({ id: members.id })
        .from(members)
        .where(and(eq(members.householdId, a.household.id), eq(members.isPrimary, true)))
    ).length;
    const parsed = personSchema({ isPrimary, today: today(), askTobacco }).safeParse(values);
    if (!parsed.success) return peoplePage(req, reply, a, { ...values, ssn: undefined }, fieldErrorsFromZod(parsed.error));
    try {
      await ctx.db.transaction((tx) =>
        saveMember(tx, { applicationId: a.application.id, person: parsed.data, dataKey: ctx.keys.data, sealValue: personalDataSealer(ctx), actor: acting(req), at: ctx.clock.now() }),
      );
    } catch (err) {
      const fields = invalidFields(err);
      if (!fields) throw err;
      return peoplePage(req, reply, a, { ...values, ssn: undefined }, fields);
    }
    return reply.redirect(`${a.base}/people`, 303);
  });

  async function editPage(req: FastifyRequest<{ Params: Params }>, reply: FastifyReply, a: NonNullable<Awaited<ReturnType<typeof draftOr>>>, values: FormValues | null, errors: FieldError[]) {
    const [m] = await ctx.db
      .select()
      .from(members)
      .where(and(eq(members.id, req.params.memberId), eq(members.householdId, a.household.id)));
    if (!m) throw notFound();
    const [rel] = await ctx.db.select().from(relationships).where(eq(relationships.memberId, m.id));
    return renderPage(ctx, req, reply, {
      title: t(req)('people.edit', { name: m.firstName }),
      status: errors.length ? 400 : 200,
      body: (
        <EditPersonPage
          base={a.base}
          channel={a.application.channel}
          name={m.firstName}
          form={{ action: `${a.base}/people/${m.id}`, isPrimary: m.isPrimary, values: values ?? personValues(m, rel?.kind ?? null), errors, askTobacco, ssnLast4: m.ssnLast4 }}
        />
      ),
    });
  }

  app.get<{ Params: Params }>(`${prefix}/:applicationId/people/:memberId`, async (req, reply) => {
    const a = await draftOr(req, reply);
    if (!a) return reply;
    return editPage(req, reply, a, null, []);
  });

  app.post<{ Params: Params }>(`${prefix}/:applicationId/people/:memberId`, async (req, reply) => {
    const a = await draftOr(req, reply);
    if (!a) return reply;
    const [m] = await ctx.db
      .select()
      .from(members)
      .where(and(eq(members.id, req.params.memberId), eq(members.householdId, a.household.id)));
    if (!m) throw notFound();
    const values = body(req);
    const parsed = personSchema({ isPrimary: m.isPrimary, today: today(), askTobacco }).safeParse(values);
    if (!parsed.success) return editPage(req, reply, a, { ...values, ssn: undefined }, fieldErrorsFromZod(parsed.error));
    await ctx.db.transaction((tx) =>
      saveMember(tx, { applicationId: a.application.id, memberId: m.id, person: parsed.data, dataKey: ctx.keys.data, sealValue: personalDataSealer(ctx), actor: acting(req), at: ctx.clock.now() }),
    );
    return reply.redirect(`${a.base}/people`, 303);
  });

  app.post<{ Params: Params }>(`${prefix}/:applicationId/people/:memberId/remove`, async (req, reply) => {
    const a = await draftOr(req, reply);
    if (!a) return reply;
    await ctx.db.transaction((tx) => removeMember(tx, { applicationId: a.application.id, memberId: req.params.memberId, actor: acting(req), at: ctx.clock.now() }));
    return reply.redirect(`${a.base}/people`, 303);
  });

  app.get<{ Params: Params }>(`${prefix}/:applicationId/address`, async (req, reply) => {
    const a = await draftOr(req, reply);
    if (!a) return reply;
    const addr = await homeAddress(ctx.db, a.household.id);
    const values: FormValues = addr ? { line1: addr.line1, line2: addr.line2, city: addr.city, state: addr.state, zip: addr.zip, county: addr.county } : {};
    return renderPage(ctx, req, reply, { title: t(req)('address.title'), body: <AddressPage base={a.base} channel={a.application.channel} values={values} errors={[]} /> });
  });

  app.post<{ Params: Params }>(`${prefix}/:applicationId/address`, async (req, reply) => {
    const a = await draftOr(req, reply);
    if (!a) return reply;
    const values = body(req);
    const parsed = addressSchema(ctx.profile.rating.stateCode).safeParse(values);
    if (!parsed.success) {
      return renderPage(ctx, req, reply, {
        title: t(req)('address.title'),
        status: 400,
        body: <AddressPage base={a.base} channel={a.application.channel} values={values} errors={fieldErrorsFromZod(parsed.error)} />,
      });
    }
    await ctx.db.transaction((tx) => saveAddress(tx, { applicationId: a.application.id, address: parsed.data, actor: acting(req), at: ctx.clock.now() }));
    return reply.redirect(`${a.base}/income`, 303);
  });

  app.get<{ Params: Params }>(`${prefix}/:applicationId/income`, async (req, reply) => {
    const a = await draftOr(req, reply);
    if (!a) return reply;
    const values: FormValues = {
      annualIncome: a.application.annualIncomeCents === null ? undefined : (a.application.annualIncomeCents / 100).toFixed(2),
      taxHouseholdSize: a.application.taxHouseholdSize === null ? undefined : String(a.application.taxHouseholdSize),
    };
    return renderPage(ctx, req, reply, {
      title: t(req)('income.title'),
      body: <IncomePage base={a.base} channel={a.application.channel} planYear={a.application.planYear} values={values} errors={[]} />,
    });
  });

  app.post<{ Params: Params }>(`${prefix}/:applicationId/income`, async (req, reply) => {
    const a = await draftOr(req, reply);
    if (!a) return reply;
    const values = body(req);
    // The tax household holds at least everyone on the application who files or is claimed (checked against the people step).
    const people = await ctx.db.select({ taxFiling: members.taxFiling }).from(members).where(eq(members.householdId, a.household.id));
    const parsed = incomeSchema({ filers: people.filter((m) => m.taxFiling !== 'non-filer').length }).safeParse(values);
    if (!parsed.success) {
      return renderPage(ctx, req, reply, {
        title: t(req)('income.title'),
        status: 400,
        body: <IncomePage base={a.base} channel={a.application.channel} planYear={a.application.planYear} values={values} errors={fieldErrorsFromZod(parsed.error)} />,
      });
    }
    await ctx.db.transaction((tx) => saveIncome(tx, { applicationId: a.application.id, ...parsed.data, actor: acting(req), at: ctx.clock.now() }));
    return reply.redirect(`${a.base}/review`, 303);
  });

  /**
   * A customer submitting on the website must have confirmed their identity
   * first; staff (call centre, paper) confirm it by their own process.
   * docs/adr/0075-identity-proofing-before-online-submission.md
   */
  async function identityStep(req: FastifyRequest, tx: Tx, base: string, refused: boolean, application: { id: string; householdId: string }): Promise<IdentityStep | null> {
    if (!identityProofingRequired(req.actor!)) return null;
    const proofing = ctx.services.enrollment.identityProofing;
    // The identity proven must be the applicant's own: the primary person of this application (docs/adr/0121).
    const [applicant] = await tx
      .select({ firstName: members.firstName, lastName: members.lastName, dateOfBirth: members.dateOfBirth })
      .from(members)
      .where(and(eq(members.householdId, application.householdId), eq(members.isPrimary, true)));
    if (proofing && applicant && (await proofing.proven(tx, req.actor!.accountId, applicant))) return null;
    return { href: proofing && applicant ? proofing.href(`${base}/review`, application.id) : null, available: proofing?.available() ?? false, refused };
  }

  async function reviewPage(
    req: FastifyRequest<{ Params: Params }>,
    reply: FastifyReply,
    a: NonNullable<Awaited<ReturnType<typeof draftOr>>>,
    values: FormValues,
    errors: FieldError[],
    identityRefused = false,
  ) {
    const list = await memberViews(ctx, a.household.id);
    const addr = await homeAddress(ctx.db, a.household.id);
    const gaps = applicationGaps({ members: list, hasAddress: !!addr, annualIncomeCents: a.application.annualIncomeCents, taxHouseholdSize: a.application.taxHouseholdSize });
    const identity = await identityStep(req, ctx.db, a.base, identityRefused, a.application);
    const earlier = await earlierDecidedApplication(ctx.db, a.household.id, a.application.planYear);
    return renderPage(ctx, req, reply, {
      title: t(req)('review.title'),
      status: identityRefused ? 409 : errors.length ? 400 : 200,
      body: (
        <ReviewPage
          base={a.base}
          channel={a.application.channel}
          members={list}
          address={addr}
          annualIncomeCents={a.application.annualIncomeCents}
          taxHouseholdSize={a.application.taxHouseholdSize}
          gaps={gaps.map((g) => ({ messageKey: `errors.application.gap.${g}`, href: `${a.base}/${stepForGap(g)}` }))}
          values={values}
          errors={errors}
          identity={identity}
          planYear={a.application.planYear}
          continuedFrom={earlier?.planYear ?? null}
          expectedDocuments={expectedDocumentsOf(list)}
        />
      ),
    });
  }

  app.get<{ Params: Params }>(`${prefix}/:applicationId/review`, async (req, reply) => {
    const a = await draftOr(req, reply);
    if (!a) return reply;
    return reviewPage(req, reply, a, {}, []);
  });

  app.post<{ Params: Params }>(`${prefix}/:applicationId/submit`, async (req, reply) => {
    const a = await draftOr(req, reply);
    if (!a) return reply;
    const values = body(req);
    const parsed = attestSchema.safeParse(values);
    if (!parsed.success) return reviewPage(req, reply, a, values, fieldErrorsFromZod(parsed.error));
    const deps = { engine: ctx.services.enrollment.engine, events: ctx.services.enrollment.events, timeZone: ctx.profile.timeZone };
    try {
      await ctx.db.transaction(async (tx) => {
        // Asked inside the transaction, before anything is written: a refused submission changes nothing.
        if (await identityStep(req, tx, a.base, true, a.application)) throw identityFirst();
        return submitApplication(tx, deps, { applicationId: a.application.id, attestedBy: req.actor!.kind === 'customer' ? req.actor!.accountId : null, actor: acting(req), at: ctx.clock.now() });
      });
    } catch (err) {
      if (err instanceof CandorError && err.messageKey === IDENTITY_FIRST) return reviewPage(req, reply, a, values, [], true);
      const fields = invalidFields(err);
      if (!fields) throw err;
      return reviewPage(req, reply, a, values, fields);
    }
    return reply.redirect(`${a.base}/result`, 303);
  });

  app.get<{ Params: Params }>(`${prefix}/:applicationId/result`, async (req, reply) => {
    const row = await applicationFor(ctx.db, req.actor!, req.params.applicationId);
    const base = `${prefix}/${row.application.id}`;
    if (row.application.status === 'draft') return reply.redirect(`${base}/${row.application.step}`, 303);
    const result = await resultView(ctx, row.application);
    if (!result) throw notFound();
    const sections = await Promise.all(ctx.services.enrollment.resultSections.map((s) => s(req, row.household.id).catch(() => null)));
    return renderPage(ctx, req, reply, {
      title: t(req)('result.title'),
      body: (
        <>
          <ResultPage result={result} plansHref={`${base}/plans`} />
          {sections}
        </>
      ),
    });
  });

  async function plansPage(req: FastifyRequest<{ Params: Params }>, reply: FastifyReply, values: FormValues, errors: FieldError[]) {
    const row = await applicationFor(ctx.db, req.actor!, req.params.applicationId);
    const base = `${prefix}/${row.application.id}`;
    const deps = { engine: ctx.services.enrollment.engine, events: ctx.services.enrollment.events, profile: ctx.profile };
    const sel = await planSelectionContext(ctx.db, deps, row.household.id, ctx.clock.now());
    const w = sel.window;
    // The window is for another plan year than the results: the next step is to review the application for it.
    let nextStep: Parameters<typeof PlansPage>[0]['nextStep'] = null;
    if (w.open && sel.determination && sel.determination.planYear < w.planYear) {
      const end = w.kind === 'open-enrollment' ? openEnrollmentFor(ctx.profile.openEnrollment, w.planYear).end : null;
      nextStep = { kind: 'continue', action: `${base}/continue`, fromYear: sel.determination.planYear, enrollBy: end };
    } else if (w.open && (!sel.determination || sel.determination.planYear !== w.planYear)) {
      nextStep = { kind: 'application', href: req.actor!.kind === 'customer' ? '/apply' : `/staff/households/${row.household.id}` };
    }
    const quote = await quoteSelection(ctx.db, deps, sel);
    const offers = quote?.offers ?? [];
    const maxAptc = quote?.maxAptcCents ?? 0;
    const state = quote?.stateAssistanceCents ?? 0;
    return renderPage(ctx, req, reply, {
      title: t(req)('plans.title'),
      status: errors.length ? 400 : 200,
      body: (
        <PlansPage
          action={`${base}/plans`}
          window={w}
          offers={offers}
          memberCount={sel.members.length}
          maxAptcCents={maxAptc}
          stateAssistanceCents={state}
          values={values}
          errors={errors}
          nextStep={nextStep}
          estimates={quote?.estimates ?? []}
          lifeEventHref={req.actor!.kind === 'customer' ? '/coverage/life-event' : null}
          householdHref={req.actor!.kind === 'customer' ? null : `/staff/households/${row.household.id}`}
        />
      ),
    });
  }

  app.get<{ Params: Params }>(`${prefix}/:applicationId/plans`, async (req, reply) => plansPage(req, reply, {}, []));

  // Continues a household decided for one plan year into the one whose window is open: a draft filled from its answers, at the review step.
  app.post<{ Params: Params }>(`${prefix}/:applicationId/continue`, async (req, reply) => {
    const row = await applicationFor(ctx.db, req.actor!, req.params.applicationId);
    const deps = { engine: ctx.services.enrollment.engine, events: ctx.services.enrollment.events, profile: ctx.profile };
    const sel = await planSelectionContext(ctx.db, deps, row.household.id, ctx.clock.now());
    if (!sel.window.open) return reply.redirect(`${prefix}/${row.application.id}/plans`, 303);
    const planYear = sel.window.planYear;
    const { applicationId } = await ctx.db.transaction((tx) =>
      continueIntoPlanYear(tx, { householdId: row.household.id, planYear, channel: req.actor!.kind === 'customer' ? 'online' : row.application.channel, actor: acting(req), at: ctx.clock.now() }),
    );
    return reply.redirect(`${prefix}/${applicationId}/review`, 303);
  });

  app.post<{ Params: Params }>(`${prefix}/:applicationId/plans`, async (req, reply) => {
    const row = await applicationFor(ctx.db, req.actor!, req.params.applicationId);
    const values = body(req);
    const parsed = planChoiceSchema.safeParse(values);
    if (!parsed.success) return plansPage(req, reply, values, fieldErrorsFromZod(parsed.error));
    let requestedAptcCents: number | undefined;
    if (parsed.data.aptc) {
      const cents = dollarsToCents(parsed.data.aptc);
      if (cents === null) return plansPage(req, reply, values, [{ field: 'aptc', messageKey: 'errors.plan.aptcRange' }]);
      requestedAptcCents = cents;
    }
    const deps = { engine: ctx.services.enrollment.engine, events: ctx.services.enrollment.events, profile: ctx.profile };
    let enrollmentId: string;
    try {
      ({ enrollmentId } = await ctx.db.transaction((tx) =>
        selectPlan(tx, deps, { householdId: row.household.id, plan: parsed.data.plan, requestedAptcCents, actor: acting(req), at: ctx.clock.now() }),
      ));
    } catch (err) {
      const fields = invalidFields(err);
      if (!fields) throw err;
      return plansPage(req, reply, values, fields);
    }
    return reply.redirect(req.actor!.kind === 'staff' ? `/staff/households/${row.household.id}` : `/enrollments/${enrollmentId}`, 303);
  });
}

export function enrollmentRoutes(app: FastifyInstance, ctx: AppContext) {
  enrollmentService(ctx);
  const t = (req: FastifyRequest) => enrollmentMessages.for(req.lang);
  const today = () => localDay(ctx.clock.now(), ctx.profile.timeZone);

  // ── customer: start or resume ──
  app.get('/apply', async (req, reply) => {
    const household = await ownHousehold(ctx.db, req.actor!.accountId);
    let draft: { id: string; step: ApplicationStep } | null = null;
    let determinedId: string | null = null;
    if (household) {
      const apps = await ctx.db.select().from(applications).where(eq(applications.householdId, household.id)).orderBy(desc(applications.createdAt));
      const d = apps.find((a) => a.status === 'draft');
      if (d) draft = { id: d.id, step: (APPLICATION_STEPS as readonly string[]).includes(d.step) ? (d.step as ApplicationStep) : 'people' };
      determinedId = apps.find((a) => a.status === 'determined')?.id ?? null;
    }
    const planYear = await planYearFor(ctx.db, ctx.profile, today());
    const earlier = household ? await earlierDecidedApplication(ctx.db, household.id, planYear) : null;
    return renderPage(ctx, req, reply, {
      title: t(req)('apply.title'),
      body: <StartPage draft={draft} determinedId={determinedId} planYear={planYear} continueFrom={earlier?.planYear ?? null} />,
    });
  });

  app.post('/apply', async (req, reply) => {
    const { applicationId, review } = await ctx.db.transaction(async (tx) => {
      const planYear = await planYearFor(tx, ctx.profile, today());
      const household = await ownHousehold(tx, req.actor!.accountId);
      // Decided for an earlier year: continue into this one by reviewing those answers, not retyping them.
      if (household && (await earlierDecidedApplication(tx, household.id, planYear))) {
        const { applicationId } = await continueIntoPlanYear(tx, { householdId: household.id, planYear, channel: 'online', actor: acting(req), at: ctx.clock.now() });
        return { applicationId, review: true };
      }
      const started = await startApplication(tx, {
        channel: 'online',
        planYear,
        customerAccountId: req.actor!.accountId,
        state: ctx.profile.rating.stateCode,
        language: req.lang,
        actor: acting(req),
        at: ctx.clock.now(),
      });
      return { applicationId: started.applicationId, review: false };
    });
    return reply.redirect(`/applications/${applicationId}/${review ? 'review' : 'people'}`, 303);
  });

  applicationFlow(app, ctx, '/applications');
  applicationFlow(app, ctx, '/staff/applications');

  // ── customer: coverage ──
  app.get('/coverage', async (req, reply) => {
    const household = await ownHousehold(ctx.db, req.actor!.accountId);
    let views: EnrollmentView[] = [];
    let resultHref: string | null = null;
    let plansHref: string | null = null;
    if (household) {
      views = await enrollmentViews(ctx, household.id);
      const [latest] = await ctx.db
        .select()
        .from(applications)
        .where(and(eq(applications.householdId, household.id), eq(applications.status, 'determined')))
        .orderBy(desc(applications.determinedAt))
        .limit(1);
      if (latest) {
        resultHref = `/applications/${latest.id}/result`;
        if (!views.some((v) => isActive(v.status))) plansHref = `/applications/${latest.id}/plans`;
      }
    }
    const sections = household ? await Promise.all(ctx.services.enrollment.coverageSections.map((s) => s(req, household.id).catch(() => null))) : [];
    return renderPage(ctx, req, reply, {
      title: t(req)('coverage.title'),
      body: <CoveragePage caseNumber={household?.caseNumber ?? null} enrollments={views} applyHref="/apply" resultHref={resultHref} plansHref={plansHref} sections={sections} />,
    });
  });

  app.get(
    '/api/v1/coverage',
    {
      schema: {
        summary: "The signed-in customer's household and enrollments",
        tags: ['enrollment'],
        security: [{ bearer: [] }],
        response: {
          200: {
            type: 'object',
            required: ['caseNumber', 'enrollments'],
            properties: {
              caseNumber: { type: ['string', 'null'] },
              enrollments: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['id', 'status', 'planHiosId', 'planVariant', 'carrierHiosId', 'coverageStart', 'coverageEnd', 'grossPremiumCents', 'aptcCents', 'stateAssistanceCents', 'netPremiumCents'],
                  properties: {
                    id: { type: 'string', format: 'uuid' },
                    status: { type: 'string', enum: ['pending-binder', 'effectuated', 'in-grace', 'terminated', 'cancelled'] },
                    planHiosId: { type: 'string' },
                    planVariant: { type: 'string' },
                    carrierHiosId: { type: 'string' },
                    coverageStart: { type: 'string', format: 'date' },
                    coverageEnd: { type: 'string', format: 'date' },
                    grossPremiumCents: { type: 'integer' },
                    aptcCents: { type: 'integer' },
                    stateAssistanceCents: { type: 'integer' },
                    netPremiumCents: { type: 'integer' },
                  },
                },
              },
            },
          },
        },
      },
    },
    async (req) => {
      const household = await ownHousehold(ctx.db, req.actor!.accountId);
      if (!household) return { caseNumber: null, enrollments: [] };
      const rows = await ctx.db.select().from(enrollments).where(eq(enrollments.householdId, household.id)).orderBy(desc(enrollments.coverageStart));
      return {
        caseNumber: household.caseNumber,
        enrollments: rows.map((e) => ({
          id: e.id,
          status: e.status,
          planHiosId: e.planHiosId,
          planVariant: e.planVariant,
          carrierHiosId: e.carrierHiosId,
          coverageStart: e.coverageStart,
          coverageEnd: e.coverageEnd,
          grossPremiumCents: e.grossPremiumCents,
          aptcCents: e.aptcCents,
          stateAssistanceCents: e.stateAssistanceCents,
          netPremiumCents: e.netPremiumCents,
        })),
      };
    },
  );

  async function enrollmentPage(req: FastifyRequest<{ Params: Params }>, reply: FastifyReply, notice?: string) {
    const row = await enrollmentFor(ctx.db, req.actor!, req.params.enrollmentId);
    const view = (await enrollmentViews(ctx, row.household.id)).find((v) => v.id === row.enrollment.id)!;
    const history = await ctx.db.select().from(enrollmentTransitions).where(eq(enrollmentTransitions.enrollmentId, row.enrollment.id)).orderBy(asc(enrollmentTransitions.id));
    return renderPage(ctx, req, reply, {
      title: view.planName,
      body: <EnrollmentPage e={view} active={isActive(row.enrollment.status)} history={history} notice={notice} base={`/enrollments/${row.enrollment.id}`} />,
    });
  }

  app.get<{ Params: Params }>('/enrollments/:enrollmentId', async (req, reply) => enrollmentPage(req, reply));

  app.get<{ Params: Params }>('/enrollments/:enrollmentId/end', async (req, reply) => {
    const row = await enrollmentFor(ctx.db, req.actor!, req.params.enrollmentId);
    const view = (await enrollmentViews(ctx, row.household.id)).find((v) => v.id === row.enrollment.id)!;
    return renderPage(ctx, req, reply, { title: t(req)('end.title'), body: <EndCoveragePage action={`/enrollments/${row.enrollment.id}/end`} planName={view.planName} errors={[]} /> });
  });

  app.post<{ Params: Params }>('/enrollments/:enrollmentId/end', async (req, reply) => {
    const row = await enrollmentFor(ctx.db, req.actor!, req.params.enrollmentId);
    const choice = body(req).choice;
    if (choice !== 'end-of-this-month' && choice !== 'end-of-next-month') {
      const view = (await enrollmentViews(ctx, row.household.id)).find((v) => v.id === row.enrollment.id)!;
      return renderPage(ctx, req, reply, {
        title: t(req)('end.title'),
        status: 400,
        body: <EndCoveragePage action={`/enrollments/${row.enrollment.id}/end`} planName={view.planName} errors={[{ field: 'choice', messageKey: 'errors.end.choice' }]} />,
      });
    }
    const result = await ctx.db.transaction(async (tx) => {
      const r = await endCoverage(tx, { timeZone: ctx.profile.timeZone }, { enrollmentId: row.enrollment.id, choice: choice as EndChoice, actor: acting(req), at: ctx.clock.now() });
      await ctx.services.enrollment.events.emit(tx, 'enrollment-changed', { enrollmentId: r.enrollmentId, householdId: row.household.id, change: `${r.to}-by-request`, at: ctx.clock.now() });
      return r;
    });
    const notice = result.to === 'cancelled' ? t(req)('end.cancelled') : t(req)('end.done', { date: formatDate(result.coverageEnd, req.lang, ctx.profile.timeZone) });
    return enrollmentPage(req, reply, notice);
  });

  async function creditPage(req: FastifyRequest<{ Params: Params }>, reply: FastifyReply, values: FormValues, errors: FieldError[]) {
    const row = await enrollmentFor(ctx.db, req.actor!, req.params.enrollmentId);
    if (!isActive(row.enrollment.status)) return reply.redirect(`/enrollments/${row.enrollment.id}`, 303);
    const [det] = await ctx.db
      .select()
      .from(determinations)
      .where(and(eq(determinations.householdId, row.household.id), eq(determinations.current, true)))
      .limit(1);
    const max = Math.min(det?.maxAptcCents ?? row.enrollment.aptcCents, row.enrollment.grossPremiumCents);
    const d = today();
    const effective = row.enrollment.coverageStart > d ? row.enrollment.coverageStart : firstOfNextMonth(d);
    return renderPage(ctx, req, reply, {
      title: t(req)('credit.title'),
      status: errors.length ? 400 : 200,
      body: <CreditPage action={`/enrollments/${row.enrollment.id}/credit`} currentCents={row.enrollment.aptcCents} maxCents={max} effectiveDate={effective} values={values} errors={errors} />,
    });
  }

  app.get<{ Params: Params }>('/enrollments/:enrollmentId/credit', async (req, reply) => creditPage(req, reply, {}, []));

  app.post<{ Params: Params }>('/enrollments/:enrollmentId/credit', async (req, reply) => {
    const row = await enrollmentFor(ctx.db, req.actor!, req.params.enrollmentId);
    const values = body(req);
    const cents = dollarsToCents(values.aptc ?? '');
    if (cents === null) return creditPage(req, reply, values, [{ field: 'aptc', messageKey: 'errors.plan.aptcRange' }]);
    let result;
    try {
      result = await ctx.db.transaction(async (tx) => {
        const r = await changeCredit(tx, { profile: ctx.profile }, { enrollmentId: row.enrollment.id, requestedAptcCents: cents, actor: acting(req), at: ctx.clock.now() });
        await ctx.services.enrollment.events.emit(tx, 'enrollment-changed', { enrollmentId: row.enrollment.id, householdId: row.household.id, change: 'aptc', at: ctx.clock.now() });
        return r;
      });
    } catch (err) {
      const fields = invalidFields(err);
      if (!fields) throw err;
      return creditPage(req, reply, values, fields);
    }
    return enrollmentPage(req, reply, t(req)('credit.done', { date: formatDate(result.effectiveDate, req.lang, ctx.profile.timeZone), amount: formatMoney(result.netPremiumCents, req.lang) }));
  });

  app.get('/coverage/life-event', async (req, reply) => renderPage(ctx, req, reply, { title: t(req)('life.title'), body: <LifeEventPage values={{}} errors={[]} /> }));

  app.post('/coverage/life-event', async (req, reply) => {
    const household = await ownHousehold(ctx.db, req.actor!.accountId);
    if (!household) return reply.redirect('/apply', 303);
    const values = body(req);
    const render = (errors: FieldError[], done?: string) =>
      renderPage(ctx, req, reply, { title: t(req)('life.title'), status: errors.length ? 400 : 200, body: <LifeEventPage values={errors.length ? values : {}} errors={errors} done={done} /> });
    const parsed = lifeEventSchema(today()).safeParse(values);
    if (!parsed.success) return render(fieldErrorsFromZod(parsed.error));
    let result;
    try {
      result = await ctx.db.transaction((tx) =>
        reportLifeEvent(
          tx,
          { timeZone: ctx.profile.timeZone },
          { householdId: household.id, event: parsed.data.event as LifeEvent, eventDate: parsed.data.eventDate, reportedBy: req.actor!.accountId, actor: acting(req), at: ctx.clock.now() },
        ),
      );
    } catch (err) {
      const fields = invalidFields(err);
      if (!fields) throw err;
      return render(fields);
    }
    // What happens next: choosing a plan on the newest result, or updating the application when there is none.
    const [decided] = await ctx.db
      .select({ id: applications.id })
      .from(applications)
      .where(and(eq(applications.householdId, household.id), eq(applications.status, 'determined')))
      .orderBy(desc(applications.determinedAt))
      .limit(1);
    const next = decided ? { href: `/applications/${decided.id}/plans`, choosePlan: true } : { href: '/apply', choosePlan: false };
    return renderPage(ctx, req, reply, {
      title: t(req)('life.title'),
      body: <LifeEventPage values={{}} errors={[]} done={t(req)('life.done', { date: formatDate(result.windowEndsOn, req.lang, ctx.profile.timeZone) })} next={next} />,
    });
  });

  // ── staff: caseworker queue, paper applications ──
  async function queuePage(req: FastifyRequest, reply: FastifyReply, values: FormValues, errors: FieldError[]) {
    const paper = await ctx.db
      .select({ a: applications, caseNumber: households.caseNumber })
      .from(applications)
      .innerJoin(households, eq(households.id, applications.householdId))
      .where(and(eq(applications.channel, 'paper'), inArray(applications.status, ['draft', 'submitted'])))
      .orderBy(asc(applications.receivedOn), asc(applications.createdAt))
      .limit(200);
    const pending = await ctx.db
      .select({ v: verifications, caseNumber: households.caseNumber, firstName: members.firstName, lastName: members.lastName })
      .from(verifications)
      .innerJoin(households, eq(households.id, verifications.householdId))
      .leftJoin(members, eq(members.id, verifications.memberId))
      .where(eq(verifications.status, 'pending'))
      .orderBy(asc(verifications.attestedAt), asc(households.caseNumber))
      .limit(200);
    return renderPage(ctx, req, reply, {
      title: t(req)('staff.queue.title'),
      status: errors.length ? 400 : 200,
      body: (
        <CaseworkerQueuePage
          paper={paper.map((p) => ({ id: p.a.id, caseNumber: p.caseNumber, householdId: p.a.householdId, receivedOn: p.a.receivedOn, step: p.a.step, status: p.a.status }))}
          verifications={pending.map((p) => ({
            householdId: p.v.householdId,
            caseNumber: p.caseNumber,
            element: p.v.element,
            person: p.firstName ? `${p.firstName} ${p.lastName}` : null,
            attestedAt: p.v.attestedAt,
          }))}
          values={values}
          errors={errors}
        />
      ),
    });
  }

  app.get('/caseworker/queue', async (req, reply) => queuePage(req, reply, {}, []));

  app.post('/caseworker/paper-applications', async (req, reply) => {
    const values = body(req);
    const received = typedDay(values, 'received', 'receivedOn') ?? '';
    if (!received || received > today()) return queuePage(req, reply, values, [{ field: 'receivedOn', messageKey: 'errors.received' }]);
    const { applicationId } = await ctx.db.transaction(async (tx) =>
      startApplication(tx, {
        channel: 'paper',
        planYear: await planYearFor(tx, ctx.profile, received),
        state: ctx.profile.rating.stateCode,
        receivedOn: received,
        actor: acting(req),
        at: ctx.clock.now(),
      }),
    );
    return reply.redirect(`/staff/applications/${applicationId}/people`, 303);
  });

  // ── staff: call centre ──
  app.get('/call-centre/households', async (req, reply) => renderPage(ctx, req, reply, { title: t(req)('staff.find.title'), body: <FindHouseholdPage values={{}} errors={[]} results={null} /> }));

  app.post('/call-centre/households/search', async (req, reply) => {
    const values = body(req);
    const caseNumber = (values.caseNumber ?? '').trim().toUpperCase();
    const ssn = normaliseSsn(values.ssn ?? '');
    const lastName = (values.lastName ?? '').trim();
    const dobTyped = Boolean(values.dobMonth || values.dobDay || values.dobYear || values.dateOfBirth);
    const dob = typedDay(values, 'dob', 'dateOfBirth') ?? (dobTyped ? 'not-a-day' : '');
    let by: string;
    let ids: string[];
    if (caseNumber) {
      by = 'case-number';
      ids = (
        await ctx.db
          .select({ id: households.id })
          .from(households)
          .where(eq(households.caseNumber, caseNumber.startsWith('H-') ? caseNumber : `H-${caseNumber}`))
      ).map((r) => r.id);
    } else if (ssn) {
      by = 'ssn';
      ids = (
        await ctx.db
          .select({ id: members.householdId })
          .from(members)
          .where(eq(members.ssnHash, ssnLookupHash(ctx.keys.data, ssn)))
      ).map((r) => r.id);
    } else if (lastName && isValidDay(dob)) {
      by = 'name-and-birth-date';
      ids = (
        await ctx.db
          .select({ id: members.householdId })
          .from(members)
          .where(and(sql`lower(${members.lastName}) = lower(${lastName})`, eq(members.dateOfBirth, dob)))
          .limit(50)
      ).map((r) => r.id);
    } else {
      // A day that does not exist (1957-02-30) is said so beside its field, not sent to the database.
      const error = lastName && dob ? { field: 'dateOfBirth', messageKey: 'errors.person.dateOfBirth' } : { field: 'caseNumber', messageKey: 'errors.search.empty' };
      return renderPage(ctx, req, reply, {
        title: t(req)('staff.find.title'),
        status: 400,
        body: <FindHouseholdPage values={{ caseNumber: values.caseNumber, lastName, dobMonth: values.dobMonth, dobDay: values.dobDay, dobYear: values.dobYear }} errors={[error]} results={null} />,
      });
    }
    const unique = [...new Set(ids)];
    const found = unique.length
      ? await ctx.db
          .select({ id: households.id, caseNumber: households.caseNumber, firstName: members.firstName, lastName: members.lastName })
          .from(households)
          .leftJoin(members, and(eq(members.householdId, households.id), eq(members.isPrimary, true)))
          .where(inArray(households.id, unique))
      : [];
    // Staff look-ups are audited with how they searched and how many matched, never what was typed.
    await ctx.db.transaction((tx) =>
      recordAudit(tx, {
        actor: req.actor!.accountId,
        actorKind: 'person',
        ip: req.ip,
        action: 'household.searched',
        objectType: 'household',
        details: { by, results: found.length },
        at: ctx.clock.now(),
      }),
    );
    return renderPage(ctx, req, reply, {
      title: t(req)('staff.find.title'),
      body: (
        <FindHouseholdPage
          values={{ caseNumber: values.caseNumber, lastName }}
          errors={[]}
          results={found.map((f) => ({ id: f.id, caseNumber: f.caseNumber, primaryName: f.firstName ? `${f.firstName} ${f.lastName}` : '' }))}
        />
      ),
    });
  });

  app.post('/call-centre/applications', async (req, reply) => {
    const { applicationId } = await ctx.db.transaction(async (tx) =>
      startApplication(tx, { channel: staffChannel(req.actor!), planYear: await planYearFor(tx, ctx.profile, today()), state: ctx.profile.rating.stateCode, actor: acting(req), at: ctx.clock.now() }),
    );
    return reply.redirect(`/staff/applications/${applicationId}/people`, 303);
  });

  app.get<{ Params: Params }>('/staff/households/:householdId', async (req, reply) => {
    const household = await householdFor(ctx.db, req.actor!, req.params.householdId);
    const people = await ctx.db.select().from(members).where(eq(members.householdId, household.id)).orderBy(asc(members.createdAt));
    const apps = await ctx.db.select().from(applications).where(eq(applications.householdId, household.id)).orderBy(desc(applications.createdAt));
    const pending = await ctx.db
      .select({ element: verifications.element, firstName: members.firstName, lastName: members.lastName })
      .from(verifications)
      .leftJoin(members, eq(members.id, verifications.memberId))
      .where(and(eq(verifications.householdId, household.id), eq(verifications.status, 'pending')));
    const determined = apps.find((a) => a.status === 'determined');
    await ctx.db.transaction((tx) =>
      recordAudit(tx, { actor: req.actor!.accountId, actorKind: 'person', ip: req.ip, action: 'household.viewed', objectType: 'household', objectId: household.id, at: ctx.clock.now() }),
    );
    return renderPage(ctx, req, reply, {
      title: t(req)('staff.household.title', { number: household.caseNumber }),
      body: (
        <StaffHouseholdPage
          householdId={household.id}
          caseNumber={household.caseNumber}
          hasAccount={household.customerAccountId !== null}
          members={people.map((m) => ({ name: `${m.firstName} ${m.lastName}`, dateOfBirth: m.dateOfBirth, isPrimary: m.isPrimary }))}
          applications={apps.map((a) => ({ id: a.id, channel: a.channel, status: a.status, step: a.step, createdAt: a.createdAt }))}
          enrollments={await enrollmentViews(ctx, household.id)}
          verifications={pending.map((p) => ({ element: p.element, person: p.firstName ? `${p.firstName} ${p.lastName}` : null }))}
          plansHref={determined ? `/staff/applications/${determined.id}/plans` : null}
          sections={await Promise.all(ctx.services.enrollment.staffHouseholdSections.map((s) => s(req, household.id).catch(() => null)))}
          links={(ctx.hooks.householdLinks ?? []).filter((l) => l.roles.some((r) => req.actor!.roles.includes(r as never))).map((l) => ({ href: l.href(household.id), label: l.label }))}
        />
      ),
    });
  });

  app.post<{ Params: Params }>('/staff/households/:householdId/applications', async (req, reply) => {
    const household = await householdFor(ctx.db, req.actor!, req.params.householdId);
    const { applicationId } = await ctx.db.transaction(async (tx) =>
      startApplication(tx, {
        channel: staffChannel(req.actor!),
        planYear: await planYearFor(tx, ctx.profile, today()),
        householdId: household.id,
        state: household.state,
        actor: acting(req),
        at: ctx.clock.now(),
      }),
    );
    return reply.redirect(`/staff/applications/${applicationId}/people`, 303);
  });
}
