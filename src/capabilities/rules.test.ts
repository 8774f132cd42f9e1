import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_MANUAL_HOLD_MS, SETTABLE_STATUSES, type SetBy, type SettableStatus } from './ids.js';
import { applyEvent, decide, dueWindowTransitions, effectiveStatus, isHold, overlaps, validateChange, validateWindow, type RegistryEntry, type StatusEvent, type WindowRow } from './rules.js';

const T0 = new Date('2026-11-18T15:00:00Z');
const kinds = ['person', 'monitor', 'schedule', 'system'] as const;

const arbSetBy: fc.Arbitrary<SetBy> = fc.record({ kind: fc.constantFrom(...kinds), id: fc.constantFrom('a', 'b', 'w1', 'w2', 'probe') });
const arbEntry: fc.Arbitrary<RegistryEntry> = fc.record({
  status: fc.constantFrom(...SETTABLE_STATUSES),
  setBy: arbSetBy,
  since: fc.constant(T0),
  expectedEnd: fc.option(fc.constant(new Date(T0.getTime() + 3_600_000)), { nil: null }),
});
const arbMonitor: fc.Arbitrary<StatusEvent> = fc.record({
  kind: fc.constant('monitor' as const),
  status: fc.constantFrom('operational' as const, 'degraded' as const, 'down' as const),
  monitor: fc.constantFrom('probe', 'hub-probe'),
});
const arbManual: fc.Arbitrary<StatusEvent> = fc.record({
  kind: fc.constant('manual' as const),
  status: fc.constantFrom(...SETTABLE_STATUSES),
  by: fc.record({ kind: fc.constantFrom('person' as const, 'system' as const), id: fc.constantFrom('op1', 'op2', 'command-line') }),
  expectedEnd: fc.constant(new Date(T0.getTime() + 3_600_000)),
});
const arbWindowEvent: fc.Arbitrary<StatusEvent> = fc.oneof(
  fc.record({ kind: fc.constant('window-start' as const), windowId: fc.constantFrom('w1', 'w2'), endsAt: fc.constant(new Date(T0.getTime() + 7_200_000)) }),
  fc.record({ kind: fc.constant('window-end' as const), windowId: fc.constantFrom('w1', 'w2') }),
);
const arbEvent = fc.oneof(arbMonitor, arbManual, arbWindowEvent);

function run(start: RegistryEntry, events: StatusEvent[]): RegistryEntry {
  return events.reduce((s, e, i) => applyEvent(s, e, new Date(T0.getTime() + (i + 1) * 1000)), start);
}

describe('status rules', () => {
  it('a person always decides (exhaustively over every current status and author)', () => {
    for (const status of SETTABLE_STATUSES)
      for (const kind of kinds)
        for (const next of SETTABLE_STATUSES) {
          const d = decide({ status, setBy: { kind, id: 'x' }, since: T0, expectedEnd: null }, { kind: 'manual', status: next, by: { kind: 'person', id: 'op' }, expectedEnd: T0 });
          expect(d).toMatchObject({ apply: true, next: { status: next, setBy: { kind: 'person', id: 'op' } } });
        }
  });

  it('a monitor sets only operational, degraded or down, and never overrides a person, the system or a schedule (exhaustively)', () => {
    for (const status of SETTABLE_STATUSES)
      for (const kind of kinds)
        for (const next of ['operational', 'degraded', 'down'] as const) {
          const current: RegistryEntry = { status, setBy: { kind, id: 'x' }, since: T0, expectedEnd: null };
          const d = decide(current, { kind: 'monitor', status: next, monitor: 'probe' });
          if (isHold(current)) expect(d.apply).toBe(false);
          if (d.apply) {
            expect(['operational', 'degraded', 'down']).toContain(d.next.status);
            expect(d.next.setBy.kind).toBe('monitor');
            // Restoring service is only for what a monitor itself set.
            if (next === 'operational') expect(kind).toBe('monitor');
          }
        }
  });

  it('property: manual beats monitor — after a person takes a capability out of service, no monitor report changes it', () => {
    fc.assert(
      fc.property(arbEntry, fc.constantFrom<SettableStatus>('degraded', 'maintenance', 'down'), fc.array(arbMonitor, { maxLength: 30 }), (start, held, reports) => {
        const afterManual = applyEvent(start, { kind: 'manual', status: held, by: { kind: 'person', id: 'op' }, expectedEnd: new Date(T0.getTime() + 3_600_000) }, T0);
        const end = run(afterManual, reports);
        expect(end).toEqual(afterManual);
      }),
    );
  });

  it('property: a window starts and ends by itself, whatever monitors report meanwhile, unless a person holds the capability', () => {
    fc.assert(
      fc.property(arbEntry, fc.array(arbMonitor, { maxLength: 10 }), fc.array(arbMonitor, { maxLength: 10 }), fc.array(arbMonitor, { maxLength: 10 }), (start, before, during, after) => {
        fc.pre(!(start.setBy.kind === 'person' || start.setBy.kind === 'system') || (start.status !== 'down' && start.status !== 'maintenance'));
        const s1 = run(start, before);
        const started = applyEvent(s1, { kind: 'window-start', windowId: 'w9', endsAt: new Date(T0.getTime() + 7_200_000) }, T0);
        expect(started).toMatchObject({ status: 'maintenance', setBy: { kind: 'schedule', id: 'w9' } });
        const s2 = run(started, during);
        expect(s2).toEqual(started);
        const ended = applyEvent(s2, { kind: 'window-end', windowId: 'w9' }, T0);
        expect(ended).toMatchObject({ status: 'operational', expectedEnd: null });
        // After the window, monitors may act again (they may degrade an operational capability).
        const s3 = run(ended, after);
        expect(isHold(s3)).toBe(false);
      }),
    );
  });

  it('property: a window’s end never undoes a status someone else set during it', () => {
    fc.assert(
      fc.property(arbEntry, arbManual, (start, manual) => {
        fc.pre(start.setBy.kind !== 'person' && start.setBy.kind !== 'system');
        const started = applyEvent(start, { kind: 'window-start', windowId: 'w1', endsAt: T0 }, T0);
        const changed = applyEvent(started, manual, T0);
        expect(applyEvent(changed, { kind: 'window-end', windowId: 'w1' }, T0)).toEqual(changed);
      }),
    );
  });

  it('property: any sequence of events keeps the registry consistent', () => {
    fc.assert(
      fc.property(arbEntry, fc.array(arbEvent, { maxLength: 40 }), (start, events) => {
        let s = start;
        for (const e of events) {
          const next = applyEvent(s, e, T0);
          if (e.kind === 'monitor' && next !== s) expect(isHold(s)).toBe(false);
          if (next !== s && next.status === 'operational') expect(next.expectedEnd).toBeNull();
          if (next !== s && next.status === s.status) expect(next.since).toBe(s.since);
          s = next;
        }
      }),
    );
  });

  it('property: windows due at any instant are exactly those whose time has come (the job needs nothing else to start and end them)', () => {
    const arbWindows = fc
      .array(fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 50 }), fc.constantFrom('scheduled' as const, 'active' as const, 'ended' as const, 'cancelled' as const)), {
        maxLength: 10,
      })
      .map((list) =>
        list.map(([start, len, state], i): WindowRow => ({
          id: `w${i}`,
          capabilityId: 'plan-shopping',
          startsAt: new Date(T0.getTime() + start * 60_000),
          endsAt: new Date(T0.getTime() + (start + len) * 60_000),
          state,
        })),
      );
    fc.assert(
      fc.property(arbWindows, fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 1, maxLength: 20 }), (windows, ticks) => {
        // Run the job at increasing instants, applying its transitions to the windows' states.
        const state = new Map(windows.map((w) => [w.id, w.state]));
        for (const minute of [...ticks].sort((a, b) => a - b)) {
          const now = new Date(T0.getTime() + minute * 60_000);
          for (const { window, transition } of dueWindowTransitions(
            windows.map((w) => ({ ...w, state: state.get(w.id)! })),
            now,
          )) {
            state.set(window.id, transition === 'start' ? 'active' : 'ended');
          }
          for (const w of windows) {
            const s = state.get(w.id)!;
            if (w.state === 'cancelled') expect(s).toBe('cancelled');
            else if (w.state === 'ended') expect(s).toBe('ended');
            else if (now >= w.endsAt) expect(s).toBe('ended');
            else if (now >= w.startsAt) expect(s).toBe('active');
            else expect(s).toBe(w.state);
          }
        }
      }),
    );
  });
});

describe('freshness: stale means unknown', () => {
  it('property: a cache read more than a second ago is unknown; a fresher one is what was read', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SETTABLE_STATUSES), fc.integer({ min: 0, max: 5_000 }), (status, age) => {
        const now = new Date(T0.getTime() + 10_000);
        const result = effectiveStatus(status, new Date(now.getTime() - age), now);
        expect(result).toBe(age > 1_000 ? 'unknown' : status);
      }),
    );
    expect(effectiveStatus('operational', null, T0)).toBe('unknown');
  });
});

describe('validation of operators’ input', () => {
  const base = { capability: 'online-payment', status: 'down', reasonEn: 'Processor outage' };
  it('needs a reason, a known capability and status, and an expected end at most 8 hours ahead for down and maintenance', () => {
    expect(validateChange({ ...base, expectedEnd: new Date(T0.getTime() + 3_600_000) }, T0)).toEqual([]);
    expect(validateChange({ ...base, reasonEn: '  ', expectedEnd: new Date(T0.getTime() + 1) }, T0).map((e) => e.messageKey)).toEqual(['capabilities.errors.reasonRequired']);
    expect(validateChange({ ...base, capability: 'web', expectedEnd: new Date(T0.getTime() + 1) }, T0).map((e) => e.field)).toEqual(['capability']);
    expect(validateChange({ ...base, status: 'unknown', expectedEnd: null }, T0).map((e) => e.field)).toEqual(['status']);
    expect(validateChange({ ...base, expectedEnd: null }, T0).map((e) => e.messageKey)).toEqual(['capabilities.errors.expectedEndRequired']);
    expect(validateChange({ ...base, status: 'operational', expectedEnd: null }, T0)).toEqual([]);
    expect(validateChange({ ...base, status: 'degraded', expectedEnd: null }, T0)).toEqual([]);
  });

  it('property: the expected end is accepted exactly when it lies in (now, now + 8 h]', () => {
    fc.assert(
      fc.property(fc.constantFrom('down', 'maintenance'), fc.integer({ min: -3_600_000, max: MAX_MANUAL_HOLD_MS + 3_600_000 }), (status, ahead) => {
        const errors = validateChange({ ...base, status, expectedEnd: new Date(T0.getTime() + ahead) }, T0);
        expect(errors.length === 0).toBe(ahead > 0 && ahead <= MAX_MANUAL_HOLD_MS);
      }),
    );
  });

  it('refuses a window that ends before it starts, lies in the past or starts in the past', () => {
    const w = (from: number, to: number) =>
      validateWindow({ capability: 'plan-shopping', from: new Date(T0.getTime() + from * 60_000), to: new Date(T0.getTime() + to * 60_000), reasonEn: 'x' }, T0).map((e) => e.messageKey);
    expect(w(60, 120)).toEqual([]);
    expect(w(120, 60)).toEqual(['capabilities.errors.endsBeforeStart']);
    expect(w(-120, -60)).toEqual(['capabilities.errors.windowInPast']);
    expect(w(-60, 60)).toEqual(['capabilities.errors.startsInPast']);
    expect(w(-2, 60)).toEqual([]);
    expect(
      validateWindow({ capability: 'plan-shopping', from: null, to: null, reasonEn: '' }, T0)
        .map((e) => e.field)
        .sort(),
    ).toEqual(['from', 'reasonEn', 'to']);
  });

  it('overlaps: open ends run forever', () => {
    const d = (m: number) => new Date(T0.getTime() + m * 60_000);
    expect(overlaps({ from: d(0), to: d(10) }, { from: d(5), to: null })).toBe(true);
    expect(overlaps({ from: d(0), to: d(10) }, { from: d(10), to: d(20) })).toBe(false);
    expect(overlaps({ from: d(0), to: null }, { from: d(100), to: d(200) })).toBe(true);
  });
});
