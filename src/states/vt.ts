import { holidayCalendar, type HolidayCalendarRule } from './calendar.js';
import type { StateProfile } from './profile.js';

const weekdays = { opens: '08:00', closes: '17:00' } as const;

/** Vermont's legal holidays (1 V.S.A. § 371); state offices and the call centre close on them. Saturday ones are observed on the Friday, Sunday ones on the Monday. */
export const VERMONT_HOLIDAYS: HolidayCalendarRule = {
  source: '1 V.S.A. § 371',
  observance: 'nearest-weekday',
  holidays: [
    { name: "New Year's Day", fixed: '01-01' },
    { name: 'Martin Luther King, Jr. Day', month: 1, weekday: 1, nth: 3 },
    { name: "Washington's Birthday", month: 2, weekday: 1, nth: 3 },
    { name: 'Town Meeting Day', month: 3, weekday: 2, nth: 1 },
    { name: 'Memorial Day', month: 5, weekday: 1, nth: -1 },
    { name: 'Independence Day', fixed: '07-04' },
    { name: 'Bennington Battle Day', fixed: '08-16' },
    { name: 'Labor Day', month: 9, weekday: 1, nth: 1 },
    { name: "Indigenous Peoples' Day", month: 10, weekday: 1, nth: 2 },
    { name: 'Veterans Day', fixed: '11-11' },
    { name: 'Thanksgiving Day', month: 11, weekday: 4, nth: 4 },
    { name: 'Christmas Day', fixed: '12-25' },
  ],
};
const closedOn = holidayCalendar(VERMONT_HOLIDAYS);

export const vermont: StateProfile = {
  id: 'vt',
  name: { en: 'Vermont', es: 'Vermont' },
  exchangeName: 'Vermont Health Connect',
  // State FIPS code 50, Vermont, a state-based exchange (docs/adr/0111; to confirm with the IRS).
  marketplaceId: '50.VT*.SBE.001.001',
  timeZone: 'America/New_York',
  website: 'https://candor.localhost',
  phoneLines: {
    customerSupport: {
      id: 'customer-support',
      name: { en: 'Customer Support Center', es: 'Centro de Atención al Cliente' },
      number: '1-855-899-9600',
      tty: '711',
      hours: { 1: weekdays, 2: weekdays, 3: weekdays, 4: weekdays, 5: weekdays },
      closedOn,
    },
    payments: {
      id: 'payments',
      name: { en: 'Premium payments line', es: 'Línea de pagos de primas' },
      number: '1-855-899-9601',
      hours: { 1: weekdays, 2: weekdays, 3: weekdays, 4: weekdays, 5: weekdays, 6: { opens: '09:00', closes: '13:00' } },
      closedOn,
    },
  },
  lockbox: {
    name: 'Vermont Health Connect — Premium Payments',
    lines: ['PO Box 1364'],
    city: 'Williston',
    state: 'VT',
    zip: '05495-1364',
  },
  applicationsMailingAddress: {
    name: 'Vermont Health Connect — Applications',
    lines: ['280 State Drive'],
    city: 'Waterbury',
    state: 'VT',
    zip: '05671-1010',
  },
  // November 1 to the last day federal law allows (January 15 through plan year 2026, December 31 from 2027); December 15 for January 1.
  openEnrollment: { opens: '11-01', januaryFirstDeadline: '12-15', closes: 'latest-allowed' },
  // Renewal notices from October 1, a month before open enrollment opens on November 1.
  renewal: { daysBeforeOpenEnrollment: 31 },
  billing: {
    dueDayOfMonth: 23,
    paidInFullThreshold: 0.95,
    gracePeriodMonthsWithCredit: 3,
    gracePeriodMonthsWithoutCredit: 1,
    outageExtension: 'day-for-day',
    outageChannels: ['online-payment', 'phone-payment', 'mail-payment'],
    binderDueDaysAfterCoverageStart: 30,
    reminderDaysBeforeDue: 7,
    terminationWarningDaysBeforeGraceEnd: 14,
    terminationEndWithoutCredit: 'last-grace-month',
  },
  // The 834 goes out in the night after the day's changes; the 820 once the month's premiums (due the 23rd before) are in.
  carrierFiles: {
    daily834At: '02:00',
    monthly820Day: 10,
    monthly820At: '03:00',
    monthly820CoverageMonth: 'current',
  },
  // ── rating and subsidies (catalog and eligibility modules) ─────────
  rating: {
    // Pure community rating: no age or tobacco factor; one statewide rating area (RULES.md).
    method: 'family-tier',
    stateCode: 'VT',
    ratesTobacco: false,
    tiers: { single: 1.0, twoAdults: 2.0, adultWithChildren: 1.93, family: 2.81 },
    childUnderAge: 21,
  },
  subsidies: {
    povertyRegion: 'contiguous',
    // 33 V.S.A. §1812: Silver 94, 87, 77 (instead of the federal 73) and the state-funded Silver 73.
    csr: [
      { maxFplPercent: 150, level: '94', variant: '06', fundedBy: 'federal' },
      { maxFplPercent: 200, level: '87', variant: '05', fundedBy: 'federal' },
      { maxFplPercent: 250, level: '77', variant: '04', fundedBy: 'federal' },
      { maxFplPercent: 300, level: '73', variant: '07', fundedBy: 'state' },
    ],
    premiumAssistance: {
      name: { en: 'Vermont Premium Assistance', es: 'Asistencia de Primas de Vermont' },
      maxFplPercent: 300,
      reductionBasisPoints: 150,
    },
    medicaid: {
      adultProgram: { en: 'Medicaid', es: 'Medicaid' },
      childProgram: { en: 'Dr. Dynasaur', es: 'Dr. Dynasaur' },
      adultMaxFplPercent: 138,
      childBelowFplPercent: 312,
      childUnderAge: 19,
      pregnantBelowFplPercent: 208,
      guidelinesSwitchOn: '04-01',
    },
  },
};
