import { bigserial, boolean, date, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * The plan catalog: carriers, plans (one row per plan variant, with its HIOS
 * id), rates by plan year and rating area, and the geography of rating areas.
 * Filled by the Exchange PUF importer and the seed (docs/adr/0033-catalog-import.md).
 */

export const METAL_LEVELS = ['platinum', 'gold', 'silver', 'bronze', 'expanded-bronze', 'catastrophic'] as const;
export type MetalLevel = (typeof METAL_LEVELS)[number];

/** What a person pays for one kind of care: a copay, coinsurance, or nothing; possibly only after the deductible. */
export type CostShare =
  { kind: 'copay'; cents: number; afterDeductible: boolean } | { kind: 'coinsurance'; percent: number; afterDeductible: boolean } | { kind: 'no-charge'; afterDeductible: boolean };

export interface KeyCostSharing {
  primaryCare: CostShare | null;
  specialist: CostShare | null;
  genericDrugs: CostShare | null;
  emergencyRoom: CostShare | null;
}

export const carriers = pgTable('catalog_carriers', {
  /** HIOS issuer id: five digits. */
  issuerId: text('issuer_id').primaryKey(),
  stateCode: text('state_code').notNull(),
  name: text('name').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

export const plans = pgTable(
  'catalog_plans',
  {
    planYear: smallint('plan_year').notNull(),
    /** HIOS plan id with its variant: 14-character standard component id, "-", two-digit variant ("13627VT0010001-06"). */
    planId: text('plan_id').notNull(),
    standardComponentId: text('standard_component_id').notNull(),
    /** "00" off exchange, "01" standard, "02"/"03" AI/AN, "04"–"06" federal CSR, state variants beyond. */
    variant: text('variant').notNull(),
    issuerId: text('issuer_id')
      .notNull()
      .references(() => carriers.issuerId),
    stateCode: text('state_code').notNull(),
    name: text('name').notNull(),
    /** The Plan Attributes PUF's CSRVariationType, as published. */
    csrVariationType: text('csr_variation_type').notNull(),
    metalLevel: text('metal_level', { enum: METAL_LEVELS }).notNull(),
    /** HMO, PPO, EPO, POS, Indemnity. */
    networkType: text('network_type').notNull(),
    hsaEligible: boolean('hsa_eligible').notNull(),
    deductibleIndividualCents: integer('deductible_individual_cents').notNull(),
    deductibleFamilyCents: integer('deductible_family_cents'),
    oopMaxIndividualCents: integer('oop_max_individual_cents').notNull(),
    oopMaxFamilyCents: integer('oop_max_family_cents'),
    costSharing: jsonb('cost_sharing').$type<KeyCostSharing>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.planYear, t.planId] }), index('catalog_plans_state_idx').on(t.planYear, t.stateCode, t.standardComponentId)],
);

export const ratingAreas = pgTable(
  'catalog_rating_areas',
  {
    stateCode: text('state_code').notNull(),
    /** As in the Rate PUF: "Rating Area 1". */
    ratingAreaId: text('rating_area_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.stateCode, t.ratingAreaId] })],
);

/** Which counties and ZIP codes (a prefix of 3 to 5 digits; the longest match wins) lie in which rating area. */
export const ratingAreaPlaces = pgTable(
  'catalog_rating_area_places',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    stateCode: text('state_code').notNull(),
    ratingAreaId: text('rating_area_id').notNull(),
    county: text('county'),
    zipPrefix: text('zip_prefix'),
  },
  (t) => [uniqueIndex('catalog_places_county_idx').on(t.stateCode, t.county, t.zipPrefix), index('catalog_places_zip_idx').on(t.zipPrefix)],
);

/**
 * One Rate PUF row: a plan's monthly rate in a rating area for an age band
 * ("0-14", "15" … "63", "64 and over") or, with `age = 'Family Option'`, its
 * family-tier rates. Amounts in cents.
 */
export const rates = pgTable(
  'catalog_rates',
  {
    planYear: smallint('plan_year').notNull(),
    stateCode: text('state_code').notNull(),
    standardComponentId: text('standard_component_id').notNull(),
    ratingAreaId: text('rating_area_id').notNull(),
    effectiveOn: date('effective_on', { mode: 'string' }).notNull(),
    expiresOn: date('expires_on', { mode: 'string' }).notNull(),
    age: text('age').notNull(),
    /** Age band bounds; null on family-option rows. */
    ageFrom: smallint('age_from'),
    ageTo: smallint('age_to'),
    individualCents: integer('individual_cents').notNull(),
    tobaccoCents: integer('tobacco_cents'),
    coupleCents: integer('couple_cents'),
    primaryOneDependentCents: integer('primary_one_dependent_cents'),
    primaryTwoDependentsCents: integer('primary_two_dependents_cents'),
    primaryThreeOrMoreDependentsCents: integer('primary_three_or_more_dependents_cents'),
    coupleOneDependentCents: integer('couple_one_dependent_cents'),
    coupleTwoDependentsCents: integer('couple_two_dependents_cents'),
    coupleThreeOrMoreDependentsCents: integer('couple_three_or_more_dependents_cents'),
  },
  (t) => [
    uniqueIndex('catalog_rates_key_idx').on(t.planYear, t.standardComponentId, t.ratingAreaId, t.effectiveOn, t.age),
    index('catalog_rates_area_idx').on(t.planYear, t.stateCode, t.ratingAreaId),
  ],
);

/** Every import (and seed): its id keys the in-memory catalog cache, so a new import is seen by every process. */
export const catalogImports = pgTable('catalog_imports', {
  id: uuid('id').primaryKey().defaultRandom(),
  seq: bigserial('seq', { mode: 'number' }).notNull().unique(),
  at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  source: text('source').notNull(),
  plans: integer('plans').notNull(),
  rates: integer('rates').notNull(),
});
