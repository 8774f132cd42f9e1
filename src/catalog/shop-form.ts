/**
 * The window-shopping form: read the posted fields, check them, and turn them
 * into a quote request; plus the sort and filter choices. Pure.
 */
import type { FieldError } from '../platform/errors.js';
import { parseDollars } from '../eligibility/money.js';
import type { PricedPlan, QuoteInput } from './quote-household.js';

export const MAX_PEOPLE = 12;
export const DEFAULT_ROWS = 4;

export type Body = Record<string, string | string[] | undefined>;

export interface PersonValues {
  age: string;
  tobacco: boolean;
  pregnant: boolean;
}

export interface ShopFormValues {
  zip: string;
  county: string;
  planYear: string;
  householdSize: string;
  income: string;
  aian: boolean;
  people: PersonValues[];
}

export type SortKey = 'net' | 'premium' | 'deductible' | 'oop';
export const SORT_KEYS: readonly SortKey[] = ['net', 'premium', 'deductible', 'oop'];

export interface PlanFilters {
  sort: SortKey;
  metals: string[];
  carriers: string[];
  hsaOnly: boolean;
  maxPremiumCents: number | null;
  maxPremiumText: string;
}

const one = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
const many = (v: string | string[] | undefined): string[] => (Array.isArray(v) ? v : v ? [v] : []).map((s) => s.trim()).filter(Boolean);
const checked = (v: string | string[] | undefined) => one(v) !== '';

export function readShopForm(body: Body, rows = DEFAULT_ROWS): ShopFormValues {
  const people: PersonValues[] = [];
  let last = 0;
  for (let n = 1; n <= MAX_PEOPLE; n++) if (one(body[`age${n}`]) || checked(body[`tobacco${n}`]) || checked(body[`pregnant${n}`])) last = n;
  const count = Math.min(MAX_PEOPLE, Math.max(rows, last));
  for (let n = 1; n <= count; n++) people.push({ age: one(body[`age${n}`]), tobacco: checked(body[`tobacco${n}`]), pregnant: checked(body[`pregnant${n}`]) });
  return {
    zip: one(body.zip),
    county: one(body.county),
    planYear: one(body.planYear),
    householdSize: one(body.householdSize),
    income: one(body.income),
    aian: checked(body.aian),
    people,
  };
}

export function emptyShopForm(rows: number, planYear: number | undefined): ShopFormValues {
  return {
    zip: '',
    county: '',
    planYear: planYear ? String(planYear) : '',
    householdSize: '',
    income: '',
    aian: false,
    people: Array.from({ length: rows }, () => ({ age: '', tobacco: false, pregnant: false })),
  };
}

/** The hidden fields that carry a household from page to page (in the form body, never the URL). */
export function hiddenFields(values: ShopFormValues): Array<[string, string]> {
  const out: Array<[string, string]> = [
    ['zip', values.zip],
    ['county', values.county],
    ['planYear', values.planYear],
    ['householdSize', values.householdSize],
    ['income', values.income],
  ];
  if (values.aian) out.push(['aian', 'yes']);
  values.people.forEach((p, i) => {
    if (!p.age && !p.tobacco && !p.pregnant) return;
    out.push([`age${i + 1}`, p.age]);
    if (p.tobacco) out.push([`tobacco${i + 1}`, 'yes']);
    if (p.pregnant) out.push([`pregnant${i + 1}`, 'yes']);
  });
  return out;
}

export function validateShopForm(values: ShopFormValues, opts: { years: number[]; counties: string[]; ratesTobacco: boolean; asOf: string }): { input: QuoteInput | null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  let zip: string | undefined;
  let county: string | undefined;
  if (values.zip) {
    if (!/^\d{5}(-\d{4})?$/.test(values.zip)) errors.push({ field: 'zip', messageKey: 'catalog.errors.zipFormat' });
    else zip = values.zip.slice(0, 5);
  } else if (values.county) {
    county = opts.counties.find((c) => c.toLowerCase() === values.county.toLowerCase());
    if (!county) errors.push({ field: 'county', messageKey: 'catalog.errors.countyUnknown' });
  } else errors.push({ field: 'zip', messageKey: 'catalog.errors.placeRequired' });

  const planYear = Number(values.planYear);
  if (!opts.years.includes(planYear)) errors.push({ field: 'planYear', messageKey: 'catalog.errors.planYear' });

  const members: QuoteInput['members'] = [];
  values.people.forEach((p, i) => {
    if (!p.age) return;
    if (!/^\d{1,3}$/.test(p.age) || Number(p.age) > 120) {
      errors.push({ field: `age${i + 1}`, messageKey: 'catalog.errors.ageFormat' });
      return;
    }
    members.push({
      id: `p${i + 1}`,
      age: Number(p.age),
      tobacco: opts.ratesTobacco && p.tobacco,
      pregnant: p.pregnant,
      americanIndianAlaskaNative: values.aian,
    });
  });
  if (members.length === 0 && !errors.some((e) => e.field.startsWith('age'))) errors.push({ field: 'age1', messageKey: 'catalog.errors.peopleRequired' });

  let householdSize: number | undefined;
  if (values.householdSize) {
    const n = Number(values.householdSize);
    if (!/^\d{1,2}$/.test(values.householdSize) || n < 1 || n > 20 || n < members.length) errors.push({ field: 'householdSize', messageKey: 'catalog.errors.householdSize' });
    else householdSize = n;
  }

  const income = parseDollars(values.income);
  if (income === null) errors.push({ field: 'income', messageKey: 'catalog.errors.incomeFormat' });

  if (errors.length) return { input: null, errors };
  return { input: { planYear, zip, county, householdSize, annualIncomeCents: income!, members, asOf: opts.asOf }, errors };
}

export function readFilters(body: Body): { filters: PlanFilters; errors: FieldError[] } {
  const sort = one(body.sort) as SortKey;
  const maxText = one(body.maxPremium);
  const max = maxText ? parseDollars(maxText) : null;
  const errors: FieldError[] = maxText && max === null ? [{ field: 'maxPremium', messageKey: 'catalog.errors.maxPremium' }] : [];
  return {
    filters: { sort: SORT_KEYS.includes(sort) ? sort : 'net', metals: many(body.metal), carriers: many(body.carrier), hsaOnly: checked(body.hsa), maxPremiumCents: max, maxPremiumText: maxText },
    errors,
  };
}

const SORTS: Record<SortKey, (p: PricedPlan) => number> = {
  net: (p) => p.premiumAfterHelpCents,
  premium: (p) => p.premiumCents,
  deductible: (p) => p.deductibleIndividualCents,
  oop: (p) => p.oopMaxIndividualCents,
};

export function filterAndSort(plans: readonly PricedPlan[], f: PlanFilters): PricedPlan[] {
  const key = SORTS[f.sort];
  return plans
    .filter(
      (p) =>
        (f.metals.length === 0 || f.metals.includes(p.metalLevel)) &&
        (f.carriers.length === 0 || f.carriers.includes(p.issuerId)) &&
        (!f.hsaOnly || p.hsaEligible) &&
        (f.maxPremiumCents === null || p.premiumAfterHelpCents <= f.maxPremiumCents),
    )
    .sort((a, b) => key(a) - key(b) || a.premiumAfterHelpCents - b.premiumAfterHelpCents || a.premiumCents - b.premiumCents || a.planId.localeCompare(b.planId));
}

export function readCompare(body: Body): string[] {
  return [...new Set(many(body.compare))];
}
