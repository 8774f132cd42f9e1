import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { vermont } from '../states/vt.js';
import { lineNow } from '../states/hours.js';
import { availableAlternatives, usableAt } from './alternatives.js';
import { CAPABILITY_IDS, DEFAULT_ALTERNATIVES, PHONE_LINES, type CapabilityId, type CapabilityStatus } from './ids.js';

const allUp = (): CapabilityStatus => 'operational';

describe('alternatives and opening hours', () => {
  it('offers the payment alternatives in order, with the phone line open until its closing time and the lockbox with check instructions', () => {
    const wednesday10am = new Date('2026-11-18T15:00:00Z');
    const alts = availableAlternatives(DEFAULT_ALTERNATIVES['online-payment'], allUp, vermont, wednesday10am);
    expect(alts.map((a) => a.id)).toEqual(['phone-payment', 'mail-payment']);
    expect(alts[0]!.phone).toMatchObject({ number: '1-855-899-9601', openUntil: '17:00', openUntilText: { en: 'open until 5 pm', es: 'abierto hasta las 5 p. m.' } });
    expect(alts[1]!.mail).toMatchObject({ address: { lines: ['PO Box 1364'], zip: '05495-1364' } });
    expect(alts[1]!.mail!.instructions.en).toContain('payable to Vermont Health Connect');
    expect(alts[1]!.mail!.instructions.en).toContain('memo line');
  });

  it('on Saturday morning the payments line is open until 1 pm, the support line is closed', () => {
    const saturday10am = new Date('2026-11-21T15:00:00Z');
    expect(availableAlternatives(['phone-payment'], allUp, vermont, saturday10am)[0]!.phone!.openUntilText.en).toBe('open until 1 pm');
    expect(availableAlternatives(['call-centre', 'mail-application'], allUp, vermont, saturday10am).map((a) => a.id)).toEqual(['mail-application']);
  });

  it('a holiday closes the lines all day', () => {
    const thanksgivingNoon = new Date('2026-11-26T17:00:00Z');
    expect(usableAt('call-centre', 'operational', vermont, thanksgivingNoon)).toBe(false);
    expect(usableAt('phone-payment', 'operational', vermont, thanksgivingNoon)).toBe(false);
  });

  it('never offers an alternative that is down, under maintenance or unknown', () => {
    const at = new Date('2026-11-18T15:00:00Z');
    for (const status of ['down', 'maintenance', 'unknown'] as const) {
      expect(availableAlternatives(['phone-payment', 'mail-payment'], () => status, vermont, at)).toEqual([]);
    }
    expect(availableAlternatives(['phone-payment'], () => 'degraded', vermont, at).map((a) => a.id)).toEqual(['phone-payment']);
  });

  it('property: at any instant, a phone line is offered exactly when it is open, with its closing time', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true }), fc.constantFrom(...CAPABILITY_IDS), (at, id: CapabilityId) => {
        for (const alt of availableAlternatives(DEFAULT_ALTERNATIVES[id], allUp, vermont, at)) {
          if (alt.kind !== 'phone') continue;
          const state = lineNow(vermont.phoneLines[PHONE_LINES[alt.capability!]!], at, vermont.timeZone);
          expect(state.open).toBe(true);
          expect(alt.phone!.openUntil).toBe(state.open ? state.closes : '');
        }
        for (const cap of ['call-centre', 'phone-payment'] as const) {
          expect(usableAt(cap, 'operational', vermont, at)).toBe(lineNow(vermont.phoneLines[PHONE_LINES[cap]!], at, vermont.timeZone).open);
        }
      }),
    );
  });
});
