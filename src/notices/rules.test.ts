import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CAPABILITY_IDS, type CapabilityId } from '../capabilities/ids.js';
import '../app/notice-types.js'; // the notice types every module declares, as in the assembled exchange
import { NOTICE_TYPES } from './catalogue.js';
import { CHANNEL_CAPABILITY, CHANNELS, variantNeeds } from './declaration.js';
import { addBusinessDays, afterQuietHours, chooseChannels, decideVariant, inQuietHours, localInstant, retryDelayMs, RETRY } from './rules.js';

const TZ = 'America/New_York';
const types = Object.values(NOTICE_TYPES);
const NOW = new Date('2026-10-14T15:00:00Z');

describe('decideVariant', () => {
  it('never sends a variant or channel whose capabilities are unavailable, and follows each type’s policy', () => {
    fc.assert(
      fc.property(fc.constantFrom(...types), fc.constantFrom(...CHANNELS), fc.subarray([...CAPABILITY_IDS]), fc.integer({ min: -72, max: 72 }), (notice, channel, down, hoursSinceQueued) => {
        const available = (id: CapabilityId) => !down.includes(id);
        const queuedAt = new Date(NOW.getTime() - hoursSinceQueued * 3_600_000);
        const latest = notice.latestUseful(notice.example, queuedAt, TZ);
        const d = decideVariant({ notice, data: notice.example, channel, now: NOW, queuedAt, latestUsefulAt: latest, available });
        const first = notice.variants[0]!;
        if (NOW >= latest) expect(d.action).toBe('expire');
        else if (!available(CHANNEL_CAPABILITY[channel])) expect(d.action).toBe('hold');
        if (d.action === 'send') {
          const v = notice.variants.find((x) => x.id === d.variant)!;
          for (const c of [...variantNeeds(v, notice.example), CHANNEL_CAPABILITY[channel]]) {
            expect(available(c)).toBe(true);
            expect(d.needs).toContain(c);
          }
          expect(d.rerouted).toBe(d.variant !== first.id);
          if (d.rerouted) {
            expect(notice.whenUnavailable.kind).not.toBe('drop');
            expect(d.because.length).toBeGreaterThan(0);
          }
        }
        if (d.action === 'drop') expect(notice.whenUnavailable.kind).toBe('drop');
        // Everything available and still useful: the first variant, never rerouted.
        if (down.length === 0 && NOW < latest) expect(d).toMatchObject({ action: 'send', variant: first.id, rerouted: false });
      }),
      { numRuns: 2000 },
    );
  });

  it('holds a payment reminder for a day while online payment is down, then offers phone and mail', () => {
    const notice = NOTICE_TYPES['payment-reminder']!;
    const data = { ...notice.example, dueDate: '2026-10-23' };
    const base = { notice, data, channel: 'email' as const, queuedAt: NOW, latestUsefulAt: notice.latestUseful(data, NOW, TZ), available: (id: CapabilityId) => id !== 'online-payment' };
    expect(decideVariant({ ...base, now: NOW })).toMatchObject({ action: 'hold', waitingFor: ['online-payment'] });
    expect(decideVariant({ ...base, now: new Date(NOW.getTime() + 25 * 3_600_000) })).toMatchObject({ action: 'send', variant: 'pay-by-phone-or-mail', rerouted: true });
    const night = decideVariant({ ...base, now: new Date(NOW.getTime() + 25 * 3_600_000), available: (id) => id !== 'online-payment' && id !== 'phone-payment' });
    expect(night).toMatchObject({ action: 'send', variant: 'pay-by-mail' });
  });

  it('drops a service-restored notice when the service is down again', () => {
    const notice = NOTICE_TYPES['service-restored']!;
    const d = decideVariant({ notice, data: notice.example, channel: 'email', now: NOW, queuedAt: NOW, latestUsefulAt: null, available: (id) => id !== 'online-payment' });
    expect(d).toMatchObject({ action: 'drop', reason: 'reason.unavailableAgain' });
  });
});

describe('chooseChannels', () => {
  const contact = { delivery: 'paper' as const, email: 'a@example.test', phone: '+18025550100', hasMailingAddress: true, textsOptIn: false, remindersOptOut: false };
  it('paper by default, email when chosen, text as an extra alert, opt-outs stop reminders only', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...types),
        fc.record({
          delivery: fc.constantFrom('paper' as const, 'electronic' as const),
          email: fc.option(fc.constant('a@example.test')),
          phone: fc.option(fc.constant('+18025550100')),
          hasMailingAddress: fc.boolean(),
          textsOptIn: fc.boolean(),
          remindersOptOut: fc.boolean(),
        }),
        (notice, c) => {
          const choice = chooseChannels(notice, c);
          if (notice.kind === 'reminder' && c.remindersOptOut) {
            expect(choice).toMatchObject({ skip: 'reason.optedOutOfReminders' });
            return;
          }
          const channels = choice.channels as string[];
          for (const ch of channels) expect(notice.channels).toContain(ch);
          if (channels.includes('text')) expect(c.textsOptIn && c.phone).toBeTruthy();
          // Never a text alone when a letter or email was possible.
          if (channels.length === 1 && channels[0] === 'text') expect((notice.channels.includes('letter') && c.hasMailingAddress) || (notice.channels.includes('email') && !!c.email)).toBe(false);
          if (c.delivery === 'paper' && c.hasMailingAddress && notice.channels.includes('letter')) expect(channels[0]).toBe('letter');
          if (c.delivery === 'electronic' && c.email && notice.channels.includes('email')) expect(channels[0]).toBe('email');
        },
      ),
    );
    expect(chooseChannels(NOTICE_TYPES['termination-warning']!, { ...contact, remindersOptOut: true }).channels).toEqual(['letter']);
  });
});

describe('quiet hours, business days, back-off', () => {
  it('quiet hours wrap midnight and end at the window’s end', () => {
    expect(inQuietHours(new Date('2026-10-15T02:30:00Z'), '21:00', '08:00', TZ)).toBe(true); // 10:30 pm
    expect(inQuietHours(new Date('2026-10-14T15:00:00Z'), '21:00', '08:00', TZ)).toBe(false);
    expect(afterQuietHours(new Date('2026-10-15T02:30:00Z'), '21:00', '08:00', TZ).toISOString()).toBe('2026-10-15T12:00:00.000Z');
    fc.assert(
      fc.property(fc.date({ min: new Date('2026-01-01'), max: new Date('2027-12-31'), noInvalidDate: true }), (at) => {
        const next = afterQuietHours(at, '21:00', '08:00', TZ);
        expect(inQuietHours(next, '21:00', '08:00', TZ)).toBe(false);
        expect(next.getTime()).toBeGreaterThanOrEqual(at.getTime() - 60_000);
        expect(next.getTime() - at.getTime()).toBeLessThanOrEqual(12 * 3_600_000 + 60_000);
      }),
    );
  });

  it('counts business days over weekends and holidays', () => {
    // Wednesday → Monday (skips the weekend).
    expect(addBusinessDays(new Date('2026-10-14T15:00:00Z'), 3, TZ, []).toISOString()).toBe('2026-10-19T15:00:00.000Z');
    // Thanksgiving 2026-11-26 is skipped.
    expect(addBusinessDays(new Date('2026-11-25T15:00:00Z'), 1, TZ, ['2026-11-26']).toISOString()).toBe('2026-11-27T15:00:00.000Z');
  });

  it('backs off exponentially with jitter, within bounds, and stops after the last attempt', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: RETRY.maxAttempts - 1 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, r) => {
        const d = retryDelayMs(n, r)!;
        const step = Math.min(RETRY.capMs, RETRY.baseMs * 2 ** (n - 1));
        expect(d).toBeGreaterThanOrEqual(step / 2);
        expect(d).toBeLessThanOrEqual(step);
      }),
    );
    expect(retryDelayMs(RETRY.maxAttempts, 0.5)).toBeNull();
  });

  it('finds the instant of a local wall-clock time across daylight saving', () => {
    expect(localInstant('2026-10-23', '23:59', TZ).toISOString()).toBe('2026-10-24T03:59:00.000Z');
    expect(localInstant('2026-12-01', '08:00', TZ).toISOString()).toBe('2026-12-01T13:00:00.000Z');
  });
});
