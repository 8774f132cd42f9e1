/** A readable explanation, in English and Spanish, built from catalogue keys and typed values. */
import type { Lang } from '../web/i18n.js';
import type { Localized } from '../states/profile.js';
import { eligibilityMessages, type EligibilityMessageKey } from './messages.js';

export interface ExplanationLine {
  /** The rule that produced the line (a message key): stable, for tests and notices. */
  code: string;
  en: string;
  es: string;
}

/** A value in an explanation: cents, a percentage in basis points, a localized name, or plain text. */
export type ExplanationValue = string | number | { cents: number } | { basisPoints: number } | Localized;

// Formatters are built once: building an Intl.NumberFormat costs far more than using one.
const locale = (lang: Lang) => (lang === 'es' ? 'es-US' : 'en-US');
const PERCENT = {
  en: new Intl.NumberFormat(locale('en'), { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 }),
  es: new Intl.NumberFormat(locale('es'), { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 }),
};
/** The same output as src/web/i18n.ts formatMoney. */
const MONEY = { en: new Intl.NumberFormat(locale('en'), { style: 'currency', currency: 'USD' }), es: new Intl.NumberFormat(locale('es'), { style: 'currency', currency: 'USD' }) };

export function formatBasisPoints(bp: number, lang: Lang): string {
  return PERCENT[lang].format(bp / 10_000);
}

export function formatCents(cents: number, lang: Lang): string {
  return MONEY[lang].format(cents / 100);
}

function render(value: ExplanationValue, lang: Lang): string | number {
  if (typeof value === 'string' || typeof value === 'number') return value;
  if ('cents' in value) return formatCents(value.cents, lang);
  if ('basisPoints' in value) return formatBasisPoints(value.basisPoints, lang);
  return value[lang];
}

export function line(key: EligibilityMessageKey, values: Record<string, ExplanationValue> = {}): ExplanationLine {
  const out = { code: key, en: '', es: '' };
  for (const lang of ['en', 'es'] as const) {
    const vars = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, render(v, lang)]));
    out[lang] = eligibilityMessages.for(lang)(key, vars);
  }
  return out;
}
