/**
 * A book of business for renewal tests and the bench: households enrolled
 * for a year, each with its primary member, home address, determined
 * application (income on file, with or without consent to IRS data) and
 * enrollment, written set-based so 100,000 take seconds.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../platform/database.js';

export interface BookSpec {
  /** Case-number prefix, unique per group (e.g. `H-RN`). */
  prefix: string;
  households: number;
  planYear?: number;
  carrierHiosId?: string;
  planHiosId?: string;
  planVariant?: string;
  annualIncomeCents?: number;
  consent?: boolean;
  homeState?: string;
  zip?: string;
  status?: 'effectuated' | 'pending-binder' | 'in-grace' | 'terminated';
  coverageEnd?: string;
  grossPremiumCents?: number;
  aptcCents?: number;
  /** Every `spanishEvery`th household reads Spanish (0: none). */
  spanishEvery?: number;
  dateOfBirth?: string;
  at?: Date;
}

/** Seeds one group of households; returns their ids in case-number order. */
export async function seedBook(db: Db, spec: BookSpec): Promise<string[]> {
  const year = spec.planYear ?? 2026;
  const at = spec.at ?? new Date(`${year}-01-10T15:00:00Z`);
  const gross = spec.grossPremiumCents ?? 132_740;
  const aptc = spec.aptcCents ?? 90_000;
  const every = spec.spanishEvery ?? 5;
  const like = `${spec.prefix}%`;
  await db.execute(sql`
    INSERT INTO households (case_number, state, language, electronic_notices)
    SELECT ${spec.prefix} || lpad(g::text, 7, '0'), 'VT', CASE WHEN ${every} > 0 AND g % ${every} = 0 THEN 'es' ELSE 'en' END, false
      FROM generate_series(1, ${spec.households}) AS g`);
  await db.execute(sql`
    INSERT INTO household_members (household_id, is_primary, first_name, last_name, date_of_birth)
    SELECT id, true, 'Pat', 'Renew', ${spec.dateOfBirth ?? '1980-01-01'} FROM households WHERE case_number LIKE ${like}`);
  await db.execute(sql`
    INSERT INTO household_addresses (household_id, kind, line1, city, state, zip, county)
    SELECT id, 'home', '1 Main Street', CASE WHEN ${spec.homeState ?? 'VT'} = 'VT' THEN 'Montpelier' ELSE 'Lebanon' END, ${spec.homeState ?? 'VT'}, ${spec.zip ?? '05602'}, ''
      FROM households WHERE case_number LIKE ${like}`);
  await db.execute(sql`
    INSERT INTO applications (household_id, plan_year, channel, status, step, annual_income_cents, tax_household_size, submitted_at, determined_at, created_at, updated_at)
    SELECT id, ${year}, 'online', 'determined', 'review', ${spec.annualIncomeCents ?? 3_000_000}, 1, ${at}, ${at}, ${at}, ${at} FROM households WHERE case_number LIKE ${like}`);
  if (spec.consent ?? true) {
    await db.execute(sql`
      INSERT INTO application_attestations (application_id, kind, version, attested_at)
      SELECT a.id, k, '2025-10', ${at} FROM applications a JOIN households h ON h.id = a.household_id
       CROSS JOIN unnest(ARRAY['truthful', 'verify-data', 'report-changes', 'renewal-consent']) AS k
       WHERE h.case_number LIKE ${like}`);
  }
  await db.execute(sql`
    INSERT INTO enrollments (household_id, application_id, plan_year, carrier_hios_id, plan_hios_id, plan_variant, policy_number, coverage_start, coverage_end,
                             gross_premium_cents, aptc_cents, state_assistance_cents, net_premium_cents, status, status_changed_at, created_at, updated_at)
    SELECT h.id, a.id, ${year}, ${spec.carrierHiosId ?? '13627'}, ${spec.planHiosId ?? '13627VT0010004'}, ${spec.planVariant ?? '01'},
           'P' || upper(substr(md5(h.id::text), 1, 11)), ${`${year}-01-01`}, ${spec.coverageEnd ?? `${year}-12-31`},
           ${gross}, ${aptc}, 0, ${Math.max(0, gross - aptc)}, ${spec.status ?? 'effectuated'}, ${at}, ${at}, ${at}
      FROM households h JOIN applications a ON a.household_id = h.id WHERE h.case_number LIKE ${like}`);
  await db.execute(sql`
    INSERT INTO enrollment_members (enrollment_id, member_id, is_subscriber, premium_cents)
    SELECT e.id, m.id, true, e.gross_premium_cents FROM enrollments e JOIN households h ON h.id = e.household_id
      JOIN household_members m ON m.household_id = h.id WHERE h.case_number LIKE ${like}`);
  await db.execute(sql`
    INSERT INTO enrollment_transitions (enrollment_id, kind, from_status, to_status, effective_date, reason, actor, actor_kind, at)
    SELECT e.id, 'created', NULL, e.status, e.coverage_start, 'open-enrollment', 'test', 'system', ${at}
      FROM enrollments e JOIN households h ON h.id = e.household_id WHERE h.case_number LIKE ${like}`);
  const { rows } = await db.execute<{ id: string }>(sql`SELECT id FROM households WHERE case_number LIKE ${like} ORDER BY case_number`);
  return rows.map((r) => r.id);
}
