/** A readable explanation, in English and Spanish, built from catalogue keys and typed values. */
import { formatMoney, type Lang } from '../web/i18n.js';
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

export function formatBasisPoints(bp: number, lang: Lang): string {
  return new Intl.NumberFormat(lang === 'es' ? 'es-US' : 'en-US', { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(bp / 10_000);
}

function render(value: ExplanationValue, lang: Lang): string | number {
  if (typeof value === 'string' || typeof value === 'number') return value;
  if ('cents' in value) return formatMoney(value.cents, lang);
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
