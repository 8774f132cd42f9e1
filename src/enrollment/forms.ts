/**
 * What the application forms accept, as zod schemas whose messages are
 * catalogue keys (messages.ts). Pure: the same checks serve the customer's
 * pages, the agent's and the caseworker's, and the API.
 */
import { z } from 'zod';
import { ageOn, isValidDay } from './dates.js';
import { RELATIONSHIPS } from './schema.js';

/** Form checkboxes arrive as "on" (or "yes"/"true") when ticked and are absent when not. */
const checkbox = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => {
    const value = Array.isArray(v) ? v[v.length - 1] : v;
    return value === 'on' || value === 'yes' || value === 'true';
  });

const text = (max: number) => z.string('errors.field.required').trim().min(1, 'errors.field.required').max(max, 'errors.field.tooLong');
const optionalText = (max: number) => z.string().trim().max(max, 'errors.field.tooLong').optional().default('');

/**
 * A usable SSN: nine digits, not area 000, 666 or 900–999, group 00 or
 * serial 0000 (SSA's rules for numbers never issued).
 */
export function normaliseSsn(raw: string): string | null {
  const digits = raw.replace(/[\s-]/g, '');
  if (!/^\d{9}$/.test(digits)) return null;
  const area = digits.slice(0, 3);
  if (area === '000' || area === '666' || area[0] === '9') return null;
  if (digits.slice(3, 5) === '00' || digits.slice(5) === '0000') return null;
  return digits;
}

export const IMMIGRATION_DOCUMENTS = ['I-551', 'I-766', 'I-94', 'I-327', 'I-571', 'other'] as const;

export function personSchema(opts: { isPrimary: boolean; today: string; askTobacco: boolean }) {
  return z
    .object({
      firstName: text(60),
      lastName: text(60),
      dobMonth: z.string().trim().default(''),
      dobDay: z.string().trim().default(''),
      dobYear: z.string().trim().default(''),
      sex: z.enum(['F', 'M', 'U'], 'errors.field.required'),
      relationship: opts.isPrimary ? z.string().optional() : z.enum(RELATIONSHIPS, 'errors.person.relationship'),
      ssn: z.string().trim().optional().default(''),
      seekingCoverage: z.enum(['yes', 'no'], 'errors.field.required'),
      citizenship: z.enum(['citizen', 'lawfully-present', 'not-lawfully-present'], 'errors.field.required'),
      immigrationDocumentType: z.string().trim().optional().default(''),
      immigrationDocumentNumber: z.string().trim().optional().default(''),
      taxFiling: z.enum(['filer', 'joint-filer', 'dependent', 'non-filer'], 'errors.field.required'),
      pregnant: checkbox,
      americanIndianAlaskaNative: checkbox,
      incarcerated: checkbox,
      otherCoverage: checkbox,
      tobaccoUse: checkbox,
    })
    .transform((v, ctx) => {
      const month = Number(v.dobMonth);
      const dayOfMonth = Number(v.dobDay);
      const year = Number(v.dobYear);
      const dateOfBirth = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(dayOfMonth).padStart(2, '0')}`;
      if (!/^\d{1,2}$/.test(v.dobMonth) || !/^\d{1,2}$/.test(v.dobDay) || !/^\d{4}$/.test(v.dobYear) || !isValidDay(dateOfBirth)) {
        ctx.addIssue({ code: 'custom', path: ['dateOfBirth'], message: 'errors.person.dateOfBirth' });
      } else if (dateOfBirth > opts.today || ageOn(dateOfBirth, opts.today) > 120) {
        ctx.addIssue({ code: 'custom', path: ['dateOfBirth'], message: 'errors.person.dateOfBirthRange' });
      }
      let ssn: string | null = null;
      if (v.ssn) {
        ssn = normaliseSsn(v.ssn);
        if (!ssn) ctx.addIssue({ code: 'custom', path: ['ssn'], message: 'errors.person.ssn' });
      }
      let immigrationDocumentType: string | null = null;
      let immigrationDocumentNumber: string | null = null;
      if (v.citizenship === 'lawfully-present') {
        if (!(IMMIGRATION_DOCUMENTS as readonly string[]).includes(v.immigrationDocumentType)) {
          ctx.addIssue({ code: 'custom', path: ['immigrationDocumentType'], message: 'errors.person.documentType' });
        }
        if (!/^[A-Za-z0-9-]{6,20}$/.test(v.immigrationDocumentNumber)) {
          ctx.addIssue({ code: 'custom', path: ['immigrationDocumentNumber'], message: 'errors.person.documentNumber' });
        }
        immigrationDocumentType = v.immigrationDocumentType;
        immigrationDocumentNumber = v.immigrationDocumentNumber.toUpperCase();
      }
      if (v.pregnant && v.sex === 'M') ctx.addIssue({ code: 'custom', path: ['pregnant'], message: 'errors.person.pregnant' });
      return {
        firstName: v.firstName,
        lastName: v.lastName,
        dateOfBirth,
        sex: v.sex,
        relationship: opts.isPrimary ? null : (v.relationship as (typeof RELATIONSHIPS)[number]),
        ssn,
        seekingCoverage: v.seekingCoverage === 'yes',
        citizenship: v.citizenship,
        immigrationDocumentType,
        immigrationDocumentNumber,
        taxFiling: v.taxFiling,
        pregnant: v.pregnant,
        americanIndianAlaskaNative: v.americanIndianAlaskaNative,
        incarcerated: v.incarcerated,
        otherCoverage: v.otherCoverage,
        tobaccoUse: opts.askTobacco ? v.tobaccoUse : false,
      };
    });
}
export type PersonInput = z.output<ReturnType<typeof personSchema>>;

const ZIP = /^\d{5}(-\d{4})?$/;
export const US_STATES = [
  'AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'DC', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN', 'IA', 'KS', 'KY', 'LA', 'ME', 'MD', 'MA', 'MI', 'MN', 'MS', 'MO', 'MT', 'NE', 'NV', 'NH', 'NJ',
  'NM', 'NY', 'NC', 'ND', 'OH', 'OK', 'OR', 'PA', 'RI', 'SC', 'SD', 'TN', 'TX', 'UT', 'VT', 'VA', 'WA', 'WV', 'WI', 'WY',
] as const;

export function addressSchema(homeState: string) {
  return z
    .object({
      line1: text(100),
      line2: optionalText(100),
      city: text(60),
      state: z.enum(US_STATES, 'errors.address.state'),
      zip: z.string().trim().regex(ZIP, 'errors.address.zip'),
      county: optionalText(60),
    })
    .superRefine((v, ctx) => {
      // The exchange serves residents of its own state (45 CFR 155.305(a)(3)).
      if (v.state !== homeState) ctx.addIssue({ code: 'custom', path: ['state'], message: 'errors.address.outOfState' });
    });
}
export type AddressInput = z.output<ReturnType<typeof addressSchema>>;

/** Dollars as people type them ("52,000", "$52000.50") → whole cents, or null. */
export function dollarsToCents(raw: string): number | null {
  const cleaned = raw.replace(/[\s$,]/g, '');
  if (!/^\d{1,9}(\.\d{1,2})?$/.test(cleaned)) return null;
  const [whole, fraction = ''] = cleaned.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

export const incomeSchema = z
  .object({
    annualIncome: z.string('errors.field.required').trim().min(1, 'errors.field.required'),
    taxHouseholdSize: z.string('errors.field.required').trim().min(1, 'errors.field.required'),
  })
  .transform((v, ctx) => {
    const cents = dollarsToCents(v.annualIncome);
    if (cents === null || cents > 100_000_000_00) ctx.addIssue({ code: 'custom', path: ['annualIncome'], message: 'errors.income.amount' });
    const size = Number(v.taxHouseholdSize);
    if (!/^\d{1,2}$/.test(v.taxHouseholdSize) || size < 1 || size > 20) ctx.addIssue({ code: 'custom', path: ['taxHouseholdSize'], message: 'errors.income.size' });
    return { annualIncomeCents: cents ?? 0, taxHouseholdSize: size };
  });

export const ATTESTATIONS = ['truthful', 'verify-data', 'report-changes', 'renewal-consent'] as const;
export type AttestationKind = (typeof ATTESTATIONS)[number];
/** Version of the statements' wording; change it when the wording changes. */
export const ATTESTATION_VERSION = '2026-1';

const attested = checkbox.refine((v) => v, 'errors.attest.required');
export const attestSchema = z.object({ truthful: attested, 'verify-data': attested, 'report-changes': attested, 'renewal-consent': attested } satisfies Record<AttestationKind, unknown>);

export const lifeEventSchema = (today: string) =>
  z
    .object({
      event: z.enum(['loss-of-coverage', 'marriage', 'birth', 'adoption', 'move', 'gained-citizenship', 'release-from-incarceration'], 'errors.field.required'),
      eventDate: z.string().trim().default(''),
    })
    .superRefine((v, ctx) => {
      if (!isValidDay(v.eventDate)) ctx.addIssue({ code: 'custom', path: ['eventDate'], message: 'errors.lifeEvent.date' });
      else if (v.eventDate > today) ctx.addIssue({ code: 'custom', path: ['eventDate'], message: 'errors.lifeEvent.future' });
    });

export const planChoiceSchema = z.object({
  plan: z.string('errors.plan.choose').regex(/^\d{5}[A-Z]{2}\d{7}-\d{2}$/, 'errors.plan.choose'),
  aptc: z.string().trim().optional().default(''),
});
