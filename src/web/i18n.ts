/**
 * The typed message catalogue. Each module declares its strings with
 * `defineMessages(en, es)`: the Spanish table must have exactly the English
 * keys, so a missing translation fails type-checking. Strings may hold
 * `{name}` placeholders.
 */
import type { Lang } from '../states/profile.js';

export type { Lang };
export const LANGS: readonly Lang[] = ['en', 'es'];

export type Vars = Record<string, string | number>;

export interface Messages<K extends string> {
  readonly en: Record<K, string>;
  readonly es: Record<K, string>;
  /** A translator bound to a language. */
  for(lang: Lang): Translate<K>;
  has(key: string): key is K;
}

export type Translate<K extends string = string> = (key: K, vars?: Vars) => string;

export function interpolate(template: string, vars?: Vars): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** Every catalogue defined, so a test can check them all (placeholders, empty strings). */
export const ALL_CATALOGUES: Array<Messages<string>> = [];

export function defineMessages<const E extends Record<string, string>>(en: E, es: { [k in keyof E]: string }): Messages<Extract<keyof E, string>> {
  type K = Extract<keyof E, string>;
  const tables = { en: en as Record<K, string>, es: es as Record<K, string> };
  const catalogue: Messages<K> = {
    ...tables,
    for: (lang) => (key, vars) => interpolate(tables[lang][key] ?? tables.en[key] ?? key, vars),
    has: (key): key is K => key in en,
  };
  ALL_CATALOGUES.push(catalogue as unknown as Messages<string>);
  return catalogue;
}

export function isLang(value: unknown): value is Lang {
  return value === 'en' || value === 'es';
}

// Building an Intl formatter costs tens of microseconds; a page or a notice formats many amounts and dates.
const MONEY_FORMATS = { en: new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }), es: new Intl.NumberFormat('es-US', { style: 'currency', currency: 'USD' }) };
const MONTH_FORMATS = {
  en: new Intl.DateTimeFormat('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' }),
  es: new Intl.DateTimeFormat('es-US', { month: 'long', year: 'numeric', timeZone: 'UTC' }),
};
const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(lang: Lang, timeZone: string, style: 'date' | 'dateTime'): Intl.DateTimeFormat {
  const key = `${lang}|${timeZone}|${style}`;
  let f = dateFormats.get(key);
  if (!f) {
    const locale = lang === 'es' ? 'es-US' : 'en-US';
    f = style === 'date' ? new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone }) : new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone });
    dateFormats.set(key, f);
  }
  return f;
}

/** Formats integer cents as dollars for a language: 129900 → "$1,299.00". */
export function formatMoney(cents: number, lang: Lang): string {
  return MONEY_FORMATS[lang === 'es' ? 'es' : 'en'].format(cents / 100);
}

export function formatDate(date: Date | string, lang: Lang, timeZone = 'America/New_York'): string {
  const d = typeof date === 'string' ? new Date(`${date}T12:00:00Z`) : date;
  return dateFormat(lang, timeZone, 'date').format(d);
}

/** A month (YYYY-MM-DD) as "March 2026" / "marzo de 2026". */
export function formatMonth(iso: string, lang: Lang): string {
  return MONTH_FORMATS[lang === 'es' ? 'es' : 'en'].format(new Date(`${iso}T12:00:00Z`));
}

export function formatDateTime(date: Date, lang: Lang, timeZone = 'America/New_York'): string {
  return dateFormat(lang, timeZone, 'dateTime').format(date);
}
