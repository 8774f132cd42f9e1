/**
 * What the application forms accept, as zod schemas whose messages are
 * catalogue keys (messages.ts). Pure: the same checks serve the customer's
 * pages, the agent's and the caseworker's, and the API.
 */
import { z } from 'zod';
import { parseDate, parseDateParts, parseMoney, parseZip, zipMatchesState } from '../platform/typed-input.js';
import { ageOn } from './dates.js';
import { RELATIONSHIPS } from './schema.js';

/** Form checkboxes arrive as "on" (or "yes"/"true") when ticked and are absent when not. */
const checkbox = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => {
    const value = Array.isArray(v) ? v[v.length - 1] : v;
    return value === 'on' || value === 'yes' || value === 'true';
  });

/** A required text answer; `key` names the field's messages (`key` when empty, `key.tooLong`). */
const text = (max: number, key: string) => z.string(key).trim().min(1, key).max(max, `${key}.tooLong`);
const optionalText = (max: number, key: string) => z.string().trim().max(max, `${key}.tooLong`).optional().default('');

/**
 * A memorable date (three boxes) checked as a whole: its problem becomes a
 * message naming the field (`errors.<prefix>.<problem>`), or the ISO day.
 */
export function memorableDate(parts: { month?: string; day?: string; year?: string }, prefix: string): { day: string } | { messageKey: string } {
  const parsed = parseDateParts(parts);
  return parsed.ok ? { day: parsed.day } : { messageKey: `errors.${prefix}.${parsed.problem}` };
}

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

/** Run a refinement even when some fields already failed (zod skips it otherwise): every error on the first try. */
const everyTime = { when: () => true };
const str = (x: unknown) => (typeof x === 'string' ? x.trim() : '');

/** The checks of a person's answers that look at more than one field, on the raw answers. */
function personChecks(v: Record<string, unknown>, today: string, issue: (path: string, message: string) => void) {
  const dob = memorableDate({ month: str(v.dobMonth), day: str(v.dobDay), year: str(v.dobYear) }, 'dob');
  if ('messageKey' in dob) issue('dateOfBirth', dob.messageKey);
  else if (dob.day > today) issue('dateOfBirth', 'errors.dob.future');
  else if (ageOn(dob.day, today) > 120) issue('dateOfBirth', 'errors.dob.tooOld');
  if (str(v.ssn) && !normaliseSsn(str(v.ssn))) issue('ssn', 'errors.person.ssn');
  if (v.citizenship === 'lawfully-present') {
    if (!(IMMIGRATION_DOCUMENTS as readonly string[]).includes(str(v.immigrationDocumentType))) issue('immigrationDocumentType', 'errors.person.documentType');
    if (!/^[A-Za-z0-9-]{6,20}$/.test(str(v.immigrationDocumentNumber))) issue('immigrationDocumentNumber', 'errors.person.documentNumber');
  }
  if (v.pregnant === true && v.sex === 'M') issue('pregnant', 'errors.person.pregnant');
}

export function personSchema(opts: { isPrimary: boolean; today: string; askTobacco: boolean }) {
  return (
    z
      .object({
        firstName: text(60, 'errors.person.firstName'),
        lastName: text(60, 'errors.person.lastName'),
        dobMonth: z.string().trim().default(''),
        dobDay: z.string().trim().default(''),
        dobYear: z.string().trim().default(''),
        sex: z.enum(['F', 'M', 'U'], 'errors.person.sex'),
        relationship: opts.isPrimary ? z.string().optional() : z.enum(RELATIONSHIPS, 'errors.person.relationship'),
        ssn: z.string().trim().optional().default(''),
        seekingCoverage: z.enum(['yes', 'no'], 'errors.person.seekingCoverage'),
        citizenship: z.enum(['citizen', 'lawfully-present', 'not-lawfully-present'], 'errors.person.citizenship'),
        immigrationDocumentType: z.string().trim().optional().default(''),
        immigrationDocumentNumber: z.string().trim().optional().default(''),
        taxFiling: z.enum(['filer', 'joint-filer', 'dependent', 'non-filer'], 'errors.person.taxFiling'),
        pregnant: checkbox,
        americanIndianAlaskaNative: checkbox,
        incarcerated: checkbox,
        otherCoverage: checkbox,
        tobaccoUse: checkbox,
      })
      // Checked even when other answers are missing, so that every problem shows at once.
      .superRefine((raw, ctx) => personChecks(raw as unknown as Record<string, unknown>, opts.today, (path, message) => ctx.addIssue({ code: 'custom', path: [path], message })), everyTime)
      .transform((v) => {
        const dob = memorableDate({ month: v.dobMonth, day: v.dobDay, year: v.dobYear }, 'dob');
        const dateOfBirth = 'day' in dob ? dob.day : '';
        const ssn = v.ssn ? normaliseSsn(v.ssn) : null;
        const lawful = v.citizenship === 'lawfully-present';
        const immigrationDocumentType = lawful ? v.immigrationDocumentType : null;
        const immigrationDocumentNumber = lawful ? v.immigrationDocumentNumber.toUpperCase() : null;
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
      })
  );
}
export type PersonInput = z.output<ReturnType<typeof personSchema>>;

export const US_STATES = [
  'AL',
  'AK',
  'AZ',
  'AR',
  'CA',
  'CO',
  'CT',
  'DE',
  'DC',
  'FL',
  'GA',
  'HI',
  'ID',
  'IL',
  'IN',
  'IA',
  'KS',
  'KY',
  'LA',
  'ME',
  'MD',
  'MA',
  'MI',
  'MN',
  'MS',
  'MO',
  'MT',
  'NE',
  'NV',
  'NH',
  'NJ',
  'NM',
  'NY',
  'NC',
  'ND',
  'OH',
  'OK',
  'OR',
  'PA',
  'RI',
  'SC',
  'SD',
  'TN',
  'TX',
  'UT',
  'VT',
  'VA',
  'WA',
  'WV',
  'WI',
  'WY',
] as const;

export function addressSchema(homeState: string) {
  return z
    .object({
      line1: text(100, 'errors.address.line1'),
      line2: optionalText(100, 'errors.address.line2'),
      city: text(60, 'errors.address.city'),
      state: z.enum(US_STATES, 'errors.address.state'),
      zip: z.string('errors.address.zipEmpty').trim().min(1, 'errors.address.zipEmpty'),
      county: optionalText(60, 'errors.address.county'),
    })
    .superRefine((raw, ctx) => {
      const v = raw as unknown as Record<string, unknown>;
      const state = str(v.state);
      // The exchange serves residents of its own state (45 CFR 155.305(a)(3)).
      if ((US_STATES as readonly string[]).includes(state) && state !== homeState) ctx.addIssue({ code: 'custom', path: ['state'], message: 'errors.address.outOfState' });
      if (!str(v.zip)) return;
      const zip = parseZip(str(v.zip));
      if (!zip) ctx.addIssue({ code: 'custom', path: ['zip'], message: 'errors.address.zip' });
      // Checked against each other: a ZIP code of another state is a typing mistake or the wrong state chosen.
      else if (state && !zipMatchesState(zip, state)) ctx.addIssue({ code: 'custom', path: ['zip'], message: 'errors.address.zipState' });
    }, everyTime)
    .transform((v) => ({ ...v, zip: parseZip(v.zip) ?? v.zip }));
}
export type AddressInput = z.output<ReturnType<typeof addressSchema>>;

/** Dollars as people type them ("52,000", "$52,000.50", "1234.5") → whole cents, or null (src/platform/typed-input.ts). */
export function dollarsToCents(raw: string): number | null {
  return parseMoney(raw);
}

/**
 * Income and the size of the tax household. `filers` is how many people on
 * the application file taxes or are claimed as dependents: the tax household
 * cannot be smaller.
 */
export function incomeSchema(opts: { filers: number } = { filers: 0 }) {
  return z
    .object({
      annualIncome: z.string('errors.income.amountEmpty').trim().min(1, 'errors.income.amountEmpty'),
      taxHouseholdSize: z.string('errors.income.sizeEmpty').trim().min(1, 'errors.income.sizeEmpty'),
    })
    .superRefine((raw, ctx) => {
      const v = raw as unknown as Record<string, unknown>;
      const amount = str(v.annualIncome);
      if (amount && parseMoney(amount) === null) ctx.addIssue({ code: 'custom', path: ['annualIncome'], message: 'errors.income.amount' });
      const sizeText = str(v.taxHouseholdSize);
      const size = Number(sizeText);
      if (!sizeText) return;
      if (!/^\d{1,2}$/.test(sizeText) || size < 1 || size > 20) ctx.addIssue({ code: 'custom', path: ['taxHouseholdSize'], message: 'errors.income.size' });
      else if (size < opts.filers) ctx.addIssue({ code: 'custom', path: ['taxHouseholdSize'], message: 'errors.income.sizeTooSmall', params: { n: opts.filers } });
    }, everyTime)
    .transform((v) => ({ annualIncomeCents: parseMoney(v.annualIncome) ?? 0, taxHouseholdSize: Number(v.taxHouseholdSize) }));
}

export const ATTESTATIONS = ['truthful', 'verify-data', 'report-changes', 'renewal-consent'] as const;
export type AttestationKind = (typeof ATTESTATIONS)[number];
/** Version of the statements' wording; change it when the wording changes. */
export const ATTESTATION_VERSION = '2026-1';

const attested = (kind: AttestationKind) => checkbox.refine((v) => v, `errors.attest.${kind}`);
export const attestSchema = z.object({
  truthful: attested('truthful'),
  'verify-data': attested('verify-data'),
  'report-changes': attested('report-changes'),
  'renewal-consent': attested('renewal-consent'),
} satisfies Record<AttestationKind, unknown>);

export const lifeEventSchema = (today: string) =>
  z
    .object({
      event: z.enum(['loss-of-coverage', 'marriage', 'birth', 'adoption', 'move', 'gained-citizenship', 'release-from-incarceration'], 'errors.lifeEvent.event'),
      eventMonth: z.string().trim().default(''),
      eventDay: z.string().trim().default(''),
      eventYear: z.string().trim().default(''),
      /** The same date in one box (`3/7/2026`, `2026-03-07`), as a script or an older form sends it. */
      eventDate: z.string().trim().default(''),
    })
    .superRefine((raw, ctx) => {
      const date = eventDay(raw as unknown as Record<string, unknown>);
      if ('messageKey' in date) ctx.addIssue({ code: 'custom', path: ['eventDate'], message: date.messageKey });
      else if (date.day > today) ctx.addIssue({ code: 'custom', path: ['eventDate'], message: 'errors.eventDate.future' });
    }, everyTime)
    .transform((v) => {
      const date = eventDay(v);
      return { event: v.event, eventDate: 'day' in date ? date.day : '' };
    });

/** The day of a life event: three boxes, or one typed date when the boxes are empty. */
function eventDay(v: Record<string, unknown>): { day: string } | { messageKey: string } {
  const [month, day, year, typed] = [str(v.eventMonth), str(v.eventDay), str(v.eventYear), str(v.eventDate)];
  if (!month && !day && !year && typed) {
    const parsed = parseDate(typed);
    return parsed ? { day: parsed } : { messageKey: 'errors.eventDate.not-a-day' };
  }
  return memorableDate({ month, day, year }, 'eventDate');
}

export const planChoiceSchema = z.object({
  plan: z.string('errors.plan.choose').regex(/^\d{5}[A-Z]{2}\d{7}-\d{2}$/, 'errors.plan.choose'),
  aptc: z.string().trim().optional().default(''),
});
