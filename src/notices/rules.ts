/**
 * Pure rules of notices: which call to action a message may carry now, which
 * channels a person gets, quiet hours, business days and retry back-off. No
 * I/O; the dispatcher and the previews call these with live data.
 */
import type { CapabilityId } from '../capabilities/ids.js';
import { localTime } from '../states/hours.js';
import { CHANNEL_CAPABILITY, variantNeeds, type Channel, type NoticeDeclaration } from './declaration.js';
import type { ClosedDays } from '../states/calendar.js';

export type Decision =
  /** Send this variant; `needs` (channel included) must be available when handed over. */
  | { action: 'send'; variant: string; needs: CapabilityId[]; rerouted: boolean; because: CapabilityId[] }
  | { action: 'hold'; waitingFor: CapabilityId[]; until: Date | null }
  | { action: 'drop'; reason: string; because: CapabilityId[] }
  | { action: 'expire'; reason: string; because: CapabilityId[] };

export interface DecisionInput<D> {
  notice: NoticeDeclaration<D>;
  data: D;
  channel: Channel;
  now: Date;
  /** When the message was queued (hold policies count from here). */
  queuedAt: Date;
  latestUsefulAt: Date | null;
  available: (id: CapabilityId) => boolean;
}

const unique = <T>(xs: T[]) => [...new Set(xs)];

/** Chooses the call to action a message carries at this instant (docs/adr/0041). */
export function decideVariant<D>(input: DecisionInput<D>): Decision {
  const { notice, data, channel, now, queuedAt, latestUsefulAt, available } = input;
  const pastLatest = latestUsefulAt !== null && now.getTime() >= latestUsefulAt.getTime();
  const channelCapability = CHANNEL_CAPABILITY[channel];
  if (pastLatest) return { action: 'expire', reason: 'reason.pastLatestUseful', because: [] };
  if (!available(channelCapability)) {
    return pastLatest ? { action: 'expire', reason: 'reason.pastLatestUseful', because: [channelCapability] } : { action: 'hold', waitingFor: [channelCapability], until: latestUsefulAt };
  }
  const variants = notice.variants.map((v) => ({ id: v.id, needs: unique(variantNeeds(v, data)) }));
  const first = variants[0]!;
  const missing = first.needs.filter((id) => !available(id));
  if (missing.length === 0) return { action: 'send', variant: first.id, needs: unique([...first.needs, channelCapability]), rerouted: false, because: [] };

  const alternative = (): Decision => {
    for (const v of variants.slice(1)) {
      if (v.needs.every(available)) return { action: 'send', variant: v.id, needs: unique([...v.needs, channelCapability]), rerouted: true, because: missing };
    }
    return pastLatest ? { action: 'expire', reason: 'reason.noVariantAvailable', because: missing } : { action: 'hold', waitingFor: missing, until: latestUsefulAt };
  };

  const policy = notice.whenUnavailable;
  switch (policy.kind) {
    case 'drop':
      return { action: 'drop', reason: policy.reason, because: missing };
    case 'hold': {
      const policyUntil = policy.until(data, queuedAt);
      const until = latestUsefulAt && latestUsefulAt < policyUntil ? latestUsefulAt : policyUntil;
      if (now.getTime() < until.getTime()) return { action: 'hold', waitingFor: missing, until };
      if (pastLatest) return { action: 'expire', reason: 'reason.pastLatestUseful', because: missing };
      return policy.thenAlternative ? alternative() : { action: 'expire', reason: 'reason.holdEnded', because: missing };
    }
    case 'alternative':
      return alternative();
  }
}

export interface RecipientContact {
  delivery: 'paper' | 'electronic';
  email: string | null;
  phone: string | null;
  hasMailingAddress: boolean;
  textsOptIn: boolean;
  remindersOptOut: boolean;
}

export type ChannelChoice = { channels: Channel[]; note?: string } | { channels: []; skip: string };

/**
 * The channels a notice goes out on for a person: paper unless they chose
 * electronic (and have an email address); a text alert in addition when they
 * opted in. Opting out of reminders never stops formal or informational notices.
 */
export function chooseChannels(notice: Pick<NoticeDeclaration, 'kind' | 'channels'>, contact: RecipientContact, preference?: readonly Channel[]): ChannelChoice {
  if (notice.kind === 'reminder' && contact.remindersOptOut) return { channels: [], skip: 'reason.optedOutOfReminders' };
  const allowed = (preference ?? notice.channels).filter((c) => notice.channels.includes(c));
  const channels: Channel[] = [];
  let note: string | undefined;
  const canEmail = allowed.includes('email') && !!contact.email;
  const canLetter = allowed.includes('letter') && contact.hasMailingAddress;
  if (contact.delivery === 'electronic' && canEmail) channels.push('email');
  else if (canLetter) channels.push('letter');
  else if (canEmail) {
    channels.push('email');
    if (allowed.includes('letter')) note = 'reason.noMailingAddress';
  }
  if (allowed.includes('text') && contact.textsOptIn && contact.phone) channels.push('text');
  if (channels.length === 0) return { channels: [], skip: 'reason.noContactForChannels' };
  return note ? { channels, note } : { channels };
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** True when the local time falls in the quiet window (which may wrap midnight). */
export function inQuietHours(at: Date, quietStart: string, quietEnd: string, timeZone: string): boolean {
  const m = localTime(at, timeZone).minutes;
  const s = toMinutes(quietStart);
  const e = toMinutes(quietEnd);
  if (s === e) return false;
  return s < e ? m >= s && m < e : m >= s || m < e;
}

/** The first instant (to the minute) at or after `at` outside the quiet window. */
export function afterQuietHours(at: Date, quietStart: string, quietEnd: string, timeZone: string): Date {
  let t = at;
  // Wall-clock minutes to the window's end; a daylight-saving night is an hour longer or shorter, so check again.
  for (let i = 0; i < 3 && inQuietHours(t, quietStart, quietEnd, timeZone); i++) {
    const m = localTime(t, timeZone).minutes;
    const wait = (toMinutes(quietEnd) - m + 24 * 60) % (24 * 60) || 24 * 60;
    const next = new Date(t.getTime() + wait * 60_000);
    next.setUTCSeconds(0, 0);
    t = next;
  }
  return t;
}

/** The instant `days` business days after `at` (weekends and the given local holidays skipped). */
export function addBusinessDays(at: Date, days: number, timeZone: string, holidays: ClosedDays): Date {
  let t = at.getTime();
  let left = days;
  while (left > 0) {
    t += 86_400_000;
    const local = localTime(new Date(t), timeZone);
    if (local.weekday <= 5 && !holidays.includes(local.date)) left--;
  }
  return new Date(t);
}

export const RETRY = { maxAttempts: 6, baseMs: 30_000, capMs: 60 * 60_000 } as const;

/**
 * Exponential back-off with jitter for attempt n (1-based): half the
 * exponential delay fixed, half random, so retries spread out but never
 * come sooner than half the step. Null once the attempts are used up.
 */
export function retryDelayMs(attempt: number, random: number, policy: { maxAttempts: number; baseMs: number; capMs: number } = RETRY): number | null {
  if (attempt >= policy.maxAttempts) return null;
  const step = Math.min(policy.capMs, policy.baseMs * 2 ** (attempt - 1));
  return Math.round(step / 2 + (Math.min(Math.max(random, 0), 1) * step) / 2);
}

const instants = new Map<string, number>();

/**
 * The instant a local wall-clock time "HH:MM" occurs on a local date in a time zone.
 * Remembered (a bounded cache): a billing run asks the same few due dates for 100,000 notices.
 */
export function localInstant(isoDate: string, hhmm: string, timeZone: string): Date {
  const key = `${isoDate} ${hhmm} ${timeZone}`;
  const known = instants.get(key);
  if (known !== undefined) return new Date(known);
  const at = findLocalInstant(isoDate, hhmm, timeZone);
  if (instants.size >= 10_000) instants.clear();
  instants.set(key, at.getTime());
  return at;
}

function findLocalInstant(isoDate: string, hhmm: string, timeZone: string): Date {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const wanted = Date.UTC(y, m - 1, d, Number(hhmm.slice(0, 2)), Number(hhmm.slice(3, 5)));
  let guess = wanted;
  for (let i = 0; i < 3; i++) {
    const local = localTime(new Date(guess), timeZone);
    const [ly, lm, ld] = local.date.split('-').map(Number) as [number, number, number];
    const seen = Date.UTC(ly, lm - 1, ld) + local.minutes * 60_000;
    if (seen === wanted) break;
    guess += wanted - seen;
  }
  return new Date(guess);
}
