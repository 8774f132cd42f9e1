/**
 * Enrollment's tables: households and their members, applications with
 * their answers, attestations, eligibility determinations, one verification
 * record per data element, and enrollments with their status history.
 *
 * Personal data at rest: an SSN is stored only sealed (AES-GCM with the data
 * key) beside a keyed hash for look-ups; dates of birth and incomes are plain
 * columns because rating and eligibility compute on them, and they never
 * leave these tables for logs, URLs, audit details or job payloads.
 */
import { sql } from 'drizzle-orm';
import { bigserial, boolean, check, date, index, integer, jsonb, pgTable, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts } from '../accounts/schema.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const day = (name: string) => date(name, { mode: 'string' });

export const ENROLLMENT_STATUSES = ['pending-binder', 'effectuated', 'in-grace', 'terminated', 'cancelled'] as const;
export type EnrollmentStatus = (typeof ENROLLMENT_STATUSES)[number];

export const CHANNELS = ['online', 'call-centre', 'paper'] as const;
export type Channel = (typeof CHANNELS)[number];

/** A tax household applying together; one customer account may hold one household. */
export const households = pgTable(
  'households',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The customer's online account; null for a paper or phone applicant who has none yet. */
    customerAccountId: uuid('customer_account_id').references(() => accounts.id),
    /** Short public number read out on the phone and printed on letters, e.g. `H-4F7K2Q9D`. */
    caseNumber: text('case_number').notNull(),
    state: text('state').notNull(),
    /** Language for notices and calls. */
    language: text('language', { enum: ['en', 'es'] })
      .notNull()
      .default('en'),
    /** Notices by mail unless the person chose electronic (RULES.md, notices). */
    electronicNotices: boolean('electronic_notices').notNull().default(false),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('households_case_number_idx').on(t.caseNumber),
    uniqueIndex('households_customer_idx')
      .on(t.customerAccountId)
      .where(sql`customer_account_id IS NOT NULL`),
  ],
);

export const members = pgTable(
  'household_members',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'cascade' }),
    /** The person who applies and, when enrolled, the subscriber. */
    isPrimary: boolean('is_primary').notNull().default(false),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    dateOfBirth: day('date_of_birth').notNull(),
    sex: text('sex', { enum: ['F', 'M', 'U'] })
      .notNull()
      .default('U'),
    /** Sealed with the data key; never shown whole. */
    ssnSealed: text('ssn_sealed'),
    /** HMAC-SHA-256 of the nine digits with the data key, for finding a household by SSN. */
    ssnHash: text('ssn_hash'),
    ssnLast4: text('ssn_last4'),
    /** Wants coverage through the exchange (a household may include members who do not). */
    seekingCoverage: boolean('seeking_coverage').notNull().default(true),
    tobaccoUse: boolean('tobacco_use').notNull().default(false),
    pregnant: boolean('pregnant').notNull().default(false),
    americanIndianAlaskaNative: boolean('aian').notNull().default(false),
    citizenship: text('citizenship', { enum: ['citizen', 'lawfully-present', 'not-lawfully-present'] })
      .notNull()
      .default('citizen'),
    /** For a lawfully present person: the DHS document type (e.g. `I-551`) and its number, sealed. */
    immigrationDocumentType: text('immigration_document_type'),
    immigrationDocumentSealed: text('immigration_document_sealed'),
    incarcerated: boolean('incarcerated').notNull().default(false),
    /** Has other minimum essential coverage or an affordable employer offer. */
    otherCoverage: boolean('other_coverage').notNull().default(false),
    taxFiling: text('tax_filing', { enum: ['filer', 'joint-filer', 'dependent', 'non-filer'] })
      .notNull()
      .default('filer'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('members_household_idx').on(t.householdId), index('members_ssn_hash_idx').on(t.ssnHash)],
);

export const RELATIONSHIPS = ['spouse', 'child', 'parent', 'sibling', 'domestic-partner', 'other'] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];

/** How a member is related to another (`member` is the `kind` of `relatedTo`). */
export const relationships = pgTable(
  'household_relationships',
  {
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    relatedToId: uuid('related_to_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: RELATIONSHIPS }).notNull(),
  },
  (t) => [uniqueIndex('relationships_pair_idx').on(t.memberId, t.relatedToId)],
);

export const addresses = pgTable(
  'household_addresses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['home', 'mailing'] }).notNull(),
    line1: text('line1').notNull(),
    line2: text('line2').notNull().default(''),
    city: text('city').notNull(),
    state: text('state').notNull(),
    zip: text('zip').notNull(),
    county: text('county').notNull().default(''),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('addresses_household_kind_idx').on(t.householdId, t.kind)],
);

export const APPLICATION_STATUSES = ['draft', 'submitted', 'determined', 'withdrawn'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const applications = pgTable(
  'applications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'cascade' }),
    planYear: smallint('plan_year').notNull(),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    status: text('status', { enum: APPLICATION_STATUSES }).notNull().default('draft'),
    /** The furthest step reached, so a saved application resumes where it was left. */
    step: text('step').notNull().default('household'),
    /** The person who keyed it in: the customer, an agent or a caseworker. */
    enteredBy: uuid('entered_by').references(() => accounts.id),
    /** A paper application's date of receipt (it counts as the application date). */
    receivedOn: day('received_on'),
    /** Expected household income for the plan year (MAGI), whole cents. */
    annualIncomeCents: integer('annual_income_cents'),
    /** Household size for the poverty line (the tax household), when it differs from the members listed. */
    taxHouseholdSize: smallint('tax_household_size'),
    submittedAt: ts('submitted_at'),
    determinedAt: ts('determined_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('applications_household_idx').on(t.householdId), index('applications_status_channel_idx').on(t.status, t.channel)],
);

/** Statements the applicant signed, each with its wording version. */
export const attestations = pgTable(
  'application_attestations',
  {
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    version: text('version').notNull(),
    attestedBy: uuid('attested_by').references(() => accounts.id),
    attestedAt: ts('attested_at').notNull(),
  },
  (t) => [uniqueIndex('attestations_kind_idx').on(t.applicationId, t.kind)],
);

export const DETERMINATIONS = ['qhp', 'qhp-aptc', 'medicaid', 'chip', 'ineligible'] as const;
export type DeterminationOutcome = (typeof DETERMINATIONS)[number];

/** The eligibility engine's result for one member on one application. */
export const determinations = pgTable(
  'eligibility_determinations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    planYear: smallint('plan_year').notNull(),
    outcome: text('outcome', { enum: DETERMINATIONS }).notNull(),
    fplPercent: integer('fpl_percent').notNull(),
    /** The household's monthly maximum premium tax credit (same on every member's row). */
    maxAptcCents: integer('max_aptc_cents').notNull().default(0),
    /** Monthly state premium assistance available (Vermont Premium Assistance). */
    stateAssistanceCents: integer('state_assistance_cents').notNull().default(0),
    /** Silver plan variant suffix when cost-sharing reductions apply: 01–06. */
    csrVariant: text('csr_variant').notNull().default('01'),
    /** Codes of the rules that decided, for the notice (no personal data). */
    reasons: jsonb('reasons').$type<string[]>().notNull().default([]),
    determinedAt: ts('determined_at').notNull(),
    /** The newest determination per member is current; older ones are history. */
    current: boolean('current').notNull().default(true),
  },
  (t) => [index('determinations_household_idx').on(t.householdId, t.current), index('determinations_application_idx').on(t.applicationId)],
);

export const VERIFICATION_ELEMENTS = ['ssn', 'citizenship', 'immigration', 'income', 'incarceration', 'other-coverage', 'residency', 'death'] as const;
export type VerificationElement = (typeof VERIFICATION_ELEMENTS)[number];
export const VERIFICATION_STATUSES = ['pending', 'verified', 'inconsistent', 'resolved', 'expired'] as const;
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];

/**
 * One record per data element per member (income: per household, member
 * null): attested now, pending verification through the federal hub.
 */
export const verifications = pgTable(
  'verifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id').references(() => members.id, { onDelete: 'cascade' }),
    element: text('element', { enum: VERIFICATION_ELEMENTS }).notNull(),
    status: text('status', { enum: VERIFICATION_STATUSES }).notNull().default('pending'),
    /** Eligibility rests on the attestation until the element is verified. */
    attestedAt: ts('attested_at').notNull(),
    /** End of the inconsistency period once data did not match (90 days; 95 for citizenship and immigration). */
    inconsistencyEndsOn: day('inconsistency_ends_on'),
    /** Which federal source answered, e.g. `ssa`, `dhs`, `irs`. */
    source: text('source'),
    /** The hub's reference for the request, set by the hub link. */
    hubReference: text('hub_reference'),
    resolvedBy: uuid('resolved_by').references(() => accounts.id),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('verifications_status_idx').on(t.status, t.element),
    index('verifications_household_idx').on(t.householdId),
    uniqueIndex('verifications_element_idx').on(t.applicationId, t.element, sql`coalesce(member_id, '00000000-0000-0000-0000-000000000000'::uuid)`),
  ],
);

/**
 * A household's coverage in one plan for part of a plan year. Amounts are
 * monthly, in cents: net = gross − APTC − state assistance (never below 0).
 */
export const enrollments = pgTable(
  'enrollments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'cascade' }),
    applicationId: uuid('application_id').references(() => applications.id),
    planYear: smallint('plan_year').notNull(),
    /** HIOS issuer id, five digits. */
    carrierHiosId: text('carrier_hios_id').notNull(),
    /** HIOS standard component id (14 characters) of the plan. */
    planHiosId: text('plan_hios_id').notNull(),
    /** Plan variant (CSR level): 01 standard … 06; `${planHiosId}-${planVariant}` goes in REF*CE. */
    planVariant: text('plan_variant').notNull().default('01'),
    /** Exchange-assigned policy number (REF*1L). */
    policyNumber: text('policy_number').notNull(),
    ratingArea: text('rating_area').notNull().default('1'),
    coverageStart: day('coverage_start').notNull(),
    coverageEnd: day('coverage_end').notNull(),
    grossPremiumCents: integer('gross_premium_cents').notNull(),
    aptcCents: integer('aptc_cents').notNull().default(0),
    stateAssistanceCents: integer('state_assistance_cents').notNull().default(0),
    netPremiumCents: integer('net_premium_cents').notNull(),
    status: text('status', { enum: ENROLLMENT_STATUSES }).notNull().default('pending-binder'),
    statusChangedAt: ts('status_changed_at').notNull().defaultNow(),
    /** Why coverage ended (`non-payment`, `customer-request`, …), for INS04. */
    endReason: text('end_reason'),
    /** The carrier's confirmation from its effectuation file. */
    carrierConfirmedAt: ts('carrier_confirmed_at'),
    carrierPolicyId: text('carrier_policy_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('enrollments_policy_idx').on(t.policyNumber),
    index('enrollments_household_idx').on(t.householdId),
    index('enrollments_status_idx').on(t.status),
    index('enrollments_carrier_idx').on(t.carrierHiosId),
    check(
      'enrollments_amounts_check',
      sql`gross_premium_cents >= 0 AND aptc_cents >= 0 AND state_assistance_cents >= 0 AND net_premium_cents >= 0 AND net_premium_cents = greatest(0, gross_premium_cents - aptc_cents - state_assistance_cents)`,
    ),
    check('enrollments_dates_check', sql`coverage_end >= coverage_start`),
  ],
);

/** The members an enrollment covers, with each one's share of the gross premium (PRE AMT 1). */
export const enrollmentMembers = pgTable(
  'enrollment_members',
  {
    enrollmentId: uuid('enrollment_id')
      .notNull()
      .references(() => enrollments.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    isSubscriber: boolean('is_subscriber').notNull().default(false),
    premiumCents: integer('premium_cents').notNull(),
  },
  (t) => [uniqueIndex('enrollment_members_idx').on(t.enrollmentId, t.memberId), index('enrollment_members_member_idx').on(t.memberId)],
);

export const TRANSITION_KINDS = ['created', 'effectuation', 'grace-start', 'cure', 'termination', 'cancellation', 'reinstatement', 'change'] as const;
export type TransitionKind = (typeof TRANSITION_KINDS)[number];

/**
 * Every status change of an enrollment (and every change of its plan,
 * members or amounts, as `change` with the same status), dated: the source
 * of the daily 834 to the carrier.
 */
export const enrollmentTransitions = pgTable(
  'enrollment_transitions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    enrollmentId: uuid('enrollment_id')
      .notNull()
      .references(() => enrollments.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: TRANSITION_KINDS }).notNull(),
    fromStatus: text('from_status', { enum: ENROLLMENT_STATUSES }),
    toStatus: text('to_status', { enum: ENROLLMENT_STATUSES }).notNull(),
    /** The date the change takes effect (coverage end for a termination). */
    effectiveDate: day('effective_date').notNull(),
    reason: text('reason').notNull(),
    actor: text('actor').notNull(),
    actorKind: text('actor_kind').notNull(),
    at: ts('at').notNull(),
  },
  (t) => [index('transitions_enrollment_idx').on(t.enrollmentId, t.id), index('transitions_at_idx').on(t.at)],
);

export const LIFE_EVENTS = ['loss-of-coverage', 'marriage', 'birth', 'adoption', 'move', 'gained-citizenship', 'release-from-incarceration'] as const;
export type LifeEvent = (typeof LIFE_EVENTS)[number];

/** A special enrollment period opened by a reported life event (RULES.md: 60 days from the event). */
export const specialEnrollmentPeriods = pgTable(
  'special_enrollment_periods',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'cascade' }),
    event: text('event', { enum: LIFE_EVENTS }).notNull(),
    eventDate: day('event_date').notNull(),
    /** Last day a plan may be selected in this period. */
    windowEndsOn: day('window_ends_on').notNull(),
    reportedBy: uuid('reported_by').references(() => accounts.id),
    reportedAt: ts('reported_at').notNull(),
    /** The enrollment chosen in this period (a period is used once). */
    usedByEnrollmentId: uuid('used_by_enrollment_id').references(() => enrollments.id),
  },
  (t) => [index('seps_household_idx').on(t.householdId)],
);

export const AMOUNT_REASONS = ['selection', 'aptc-change', 'redetermination', 'verification-expired'] as const;
export type AmountReason = (typeof AMOUNT_REASONS)[number];

/**
 * An enrollment's monthly amounts over time, dated (docs/adr/0067): each row
 * is in force from its date until a later row's. The enrollment's own amount
 * columns are the newest row's; bills for a month use the row in force that
 * month. Rows are only added.
 */
export const enrollmentAmounts = pgTable(
  'enrollment_amounts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    enrollmentId: uuid('enrollment_id')
      .notNull()
      .references(() => enrollments.id, { onDelete: 'cascade' }),
    /** The first day these amounts apply: the coverage start or the first of a month. */
    effectiveFrom: day('effective_from').notNull(),
    grossPremiumCents: integer('gross_premium_cents').notNull(),
    aptcCents: integer('aptc_cents').notNull(),
    stateAssistanceCents: integer('state_assistance_cents').notNull(),
    netPremiumCents: integer('net_premium_cents').notNull(),
    /** The most credit the household could apply then (it chose `aptc_cents`). */
    maxAptcCents: integer('max_aptc_cents').notNull(),
    reason: text('reason', { enum: AMOUNT_REASONS }).notNull(),
    /** The application whose determination changed the amounts (a redetermination). */
    applicationId: uuid('application_id').references(() => applications.id),
    actor: text('actor').notNull(),
    actorKind: text('actor_kind').notNull(),
    recordedAt: ts('recorded_at').notNull(),
  },
  (t) => [
    index('enrollment_amounts_enrollment_idx').on(t.enrollmentId, t.effectiveFrom, t.id),
    check(
      'enrollment_amounts_check',
      sql`gross_premium_cents >= 0 AND aptc_cents >= 0 AND state_assistance_cents >= 0 AND max_aptc_cents >= 0 AND net_premium_cents = greatest(0, gross_premium_cents - aptc_cents - state_assistance_cents)`,
    ),
  ],
);
