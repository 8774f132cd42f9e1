/**
 * The verification rules (45 CFR 155.315, 155.320; RULES.md "Verifications
 * and the federal hub"), as plain functions of plain data.
 */
import type { HubResponses, HubService } from './protocol.js';

export type Element = 'ssn' | 'citizenship' | 'immigration' | 'income' | 'incarceration' | 'other-coverage' | 'death' | 'residency';

/** Which hub service checks each element; residency is the state's own check (attestation), not the hub's. */
export const SERVICE_FOR: Partial<Record<Element, HubService>> = {
  ssn: 'ssa-composite',
  citizenship: 'ssa-composite',
  incarceration: 'ssa-composite',
  death: 'ssa-composite',
  immigration: 'dhs-immigration',
  income: 'irs-income',
  'other-coverage': 'other-coverage',
};

/** Days from the notice to the end of an inconsistency period: 90, and 95 for citizenship and immigration. */
export function periodDays(element: string): number {
  return element === 'citizenship' || element === 'immigration' ? 95 : 90;
}

export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function inconsistencyEndsOn(noticeOn: string, element: string): string {
  return addDays(noticeOn, periodDays(element));
}

/** A caseworker may extend a period for good faith by 1 to 90 days at a time, counted from its end (or today, if later). */
export const MAX_EXTENSION_DAYS = 90;
export function extendedEndsOn(endsOn: string, today: string, days: number): string {
  if (!Number.isInteger(days) || days < 1 || days > MAX_EXTENSION_DAYS) throw new RangeError('extension days out of range');
  return addDays(endsOn > today ? endsOn : today, days);
}

/** Reminders go out this many days before the period ends. */
export const REMINDER_DAYS_BEFORE_END = [60, 30, 10] as const;

/** How many reminders should have gone by `today`, given the end date (never counts one after the end). */
export function remindersDue(endsOn: string, today: string): number {
  if (today >= endsOn) return REMINDER_DAYS_BEFORE_END.length;
  return REMINDER_DAYS_BEFORE_END.filter((d) => addDays(endsOn, -d) <= today).length;
}

/** A reminder is sent now when fewer went than are due, and the period is still running. */
export function reminderNow(inc: { endsOn: string; remindersSent: number }, today: string): boolean {
  return today < inc.endsOn && remindersDue(inc.endsOn, today) > inc.remindersSent;
}

export function expired(inc: { endsOn: string }, today: string): boolean {
  return today >= inc.endsOn;
}

/** When the hub cannot be reached, a check waits this long before the person is asked for documents instead. */
export const UNAVAILABLE_WAIT_DAYS = 7;

/** What ends when an inconsistency expires unresolved (eligibility is then set from the data sources). */
export type ExpiryConsequence = 'end-financial-help' | 'end-coverage';
export function expiryConsequence(element: string): ExpiryConsequence {
  return element === 'income' || element === 'other-coverage' ? 'end-financial-help' : 'end-coverage';
}

/** Attested income is reasonably compatible when the IRS figure is at most this much above it (a state setting in practice). */
export const INCOME_TOLERANCE = 0.1;

/** What the person attested that bears on an element. */
export interface Attested {
  citizen?: boolean;
  lawfullyPresent?: boolean;
  incarcerated?: boolean;
  otherCoverage?: boolean;
  annualIncomeCents?: number | null;
}

export type Evaluation = { outcome: 'verified' } | { outcome: 'inconsistent'; reason: string };

const ok: Evaluation = { outcome: 'verified' };
const bad = (reason: string): Evaluation => ({ outcome: 'inconsistent', reason });

/** Compares the hub's answer with the attestation for one element. */
export function evaluate(element: Element, attested: Attested, response: HubResponses[HubService]): Evaluation {
  switch (element) {
    case 'ssn':
    case 'death': {
      const r = response as HubResponses['ssa-composite'];
      if (r.match !== 'match') return bad(r.match);
      return r.deathConfirmed ? bad('death-reported') : ok;
    }
    case 'citizenship': {
      const r = response as HubResponses['ssa-composite'];
      if (r.match !== 'match') return bad(r.match);
      return r.citizenshipConfirmed === true ? ok : bad('citizenship-not-confirmed');
    }
    case 'incarceration': {
      const r = response as HubResponses['ssa-composite'];
      if (r.match !== 'match') return bad(r.match);
      return r.incarcerated === true && !attested.incarcerated ? bad('incarceration-reported') : ok;
    }
    case 'immigration': {
      const r = response as HubResponses['dhs-immigration'];
      if (r.match !== 'match') return bad(r.match);
      return r.lawfullyPresent ? ok : bad('status-not-confirmed');
    }
    case 'income': {
      const r = response as HubResponses['irs-income'];
      if (r.match !== 'match' || r.annualIncomeCents === null) return bad(r.match === 'match' ? 'no-record' : r.match);
      const claimed = attested.annualIncomeCents ?? 0;
      return r.annualIncomeCents <= claimed * (1 + INCOME_TOLERANCE) ? ok : bad('income-above-attested');
    }
    case 'other-coverage': {
      const r = response as HubResponses['other-coverage'];
      return r.coverage.length > 0 && !attested.otherCoverage ? bad('coverage-found') : ok;
    }
    case 'residency':
      return ok;
  }
}

/**
 * An element whose data source is found by SSN, for a person without one:
 * incarceration and other coverage rest on the attestation (no source to ask);
 * the others need documents. Null when the check needs no SSN (immigration).
 */
export function withoutSsn(element: Element): Evaluation | null {
  switch (element) {
    case 'incarceration':
    case 'other-coverage':
    case 'residency':
      return ok;
    case 'immigration':
      return null;
    default:
      return bad('no-ssn');
  }
}

/** Which documents resolve each element (shown to the person; codes, translated on the page). */
export const DOCUMENTS_FOR: Record<Element, readonly string[]> = {
  ssn: ['social-security-card', 'tax-return'],
  death: ['social-security-card', 'passport'],
  citizenship: ['passport', 'birth-certificate', 'naturalization-certificate'],
  immigration: ['permanent-resident-card', 'employment-authorization', 'arrival-departure-record'],
  income: ['pay-stub', 'tax-return', 'employer-letter'],
  incarceration: ['release-papers'],
  'other-coverage': ['coverage-end-letter'],
  residency: ['lease-or-utility-bill'],
};
