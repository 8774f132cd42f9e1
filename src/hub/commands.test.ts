/**
 * `candor hub status` tells the truth about the link: its own cut and
 * restore, and the live `hub-verification` status in the registry, however
 * it was set (the capabilities console or `candor status set`, the circuit
 * breaker's monitor).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/support/app.js';
import { statusCommands } from '../capabilities/commands.js';
import { reportMonitorStatus } from '../capabilities/report-monitor-status.js';
import { parseArgs } from '../cli/args.js';
import { ManualClock } from '../platform/clock.js';
import { hubModule } from './module.js';

const clock = new ManualClock(new Date('2026-11-18T15:00:00Z'));
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock });
});
afterAll(async () => t?.stop());

async function candor(line: string[]): Promise<{ code: number; out: string[] }> {
  const args = parseArgs(line);
  const cmd = [...statusCommands, ...hubModule.commands!].filter((c) => c.name.split(' ').every((w, i) => args.positional[i] === w)).sort((a, b) => b.name.length - a.name.length)[0]!;
  const out: string[] = [];
  const code = await cmd.run(t.ctx, { ...args, positional: args.positional.slice(cmd.name.split(' ').length) }, (l) => out.push(l));
  return { code, out };
}

describe('candor hub status', () => {
  it('shows the live hub-verification status from the registry, whoever set it', async () => {
    const start = await candor(['hub', 'status']);
    expect(start.code).toBe(0);
    expect(start.out[0]).toBe('Connected.');
    expect(start.out[1]).toMatch(/^hub-verification: operational since /);

    // The circuit breaker's monitor reports the hub unreliable.
    await t.ctx.db.transaction((tx) =>
      reportMonitorStatus(tx, { capability: 'hub-verification', status: 'degraded', monitor: 'hub-circuit-breaker', reasonEn: 'The federal hub is not answering reliably.', now: clock.now() }),
    );
    const degraded = await candor(['hub', 'status']);
    expect(degraded.out[0]).toBe('Connected.');
    expect(degraded.out[1]).toBe(`hub-verification: degraded since ${clock.now().toISOString()} (monitor hub-circuit-breaker): The federal hub is not answering reliably.`);

    // Someone takes it down from the capabilities side (as `candor status set` or the console would): no call leaves.
    const until = new Date(clock.now().getTime() + 2 * 3_600_000).toISOString();
    const set = await candor(['status', 'set', 'hub-verification', 'down', '--reason', 'Security review of the hub connection', '--until', until]);
    expect(set.code, set.out.join('\n')).toBe(0);
    const down = await candor(['hub', 'status']);
    expect(down.out[0]).toBe('Closed: hub-verification is down, so no call leaves (the link itself was not cut).');
    expect(down.out[1]).toBe(`hub-verification: down since ${clock.now().toISOString()} until ${until} (system command-line): Security review of the hub connection`);

    expect((await candor(['status', 'set', 'hub-verification', 'operational', '--reason', 'Review done'])).code).toBe(0);
    const back = await candor(['hub', 'status']);
    expect(back.out[0]).toBe('Connected.');
    expect(back.out[1]).toMatch(/^hub-verification: operational since .* \(system command-line\): Review done$/);

    // Cut by the hub's own command: the link's record and the registry agree.
    expect((await candor(['hub', 'disconnect', '--reason', 'order 2026-11'])).code).toBe(0);
    const cut = await candor(['hub', 'status']);
    expect(cut.out[0]).toBe(`Cut since ${clock.now().toISOString()} (order 2026-11).`);
    expect(cut.out[1]).toMatch(/^hub-verification: down since .* \(system command-line\): Federal data checks are paused\./);
    expect(cut.out[2]).toBe('0 verifications of 0 applications waiting.');
    expect((await candor(['hub', 'reconnect'])).code).toBe(0);
    expect((await candor(['hub', 'status'])).out[0]).toBe('Connected.');
  });
});
