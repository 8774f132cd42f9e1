/**
 * The transports' health as monitors of the channel capabilities
 * (docs/adr/0086), as the hub client's circuit breaker reports
 * `hub-verification`: a few hand-overs in a row failing because the provider
 * cannot be reached trip the channel here at once (its messages are held, not
 * burned through their attempts) and report it `down` as the monitor
 * `notices-<channel>`; a probe (or, without one, a trial hand-over) every
 * `probeMs` brings it back, and reports it operational, which releases the held
 * messages. A monitor never overrides a person: a channel a person took down
 * stays down, and one a person keeps up is still held here while it fails.
 */
import type { CapabilityId } from '../capabilities/ids.js';
import { reportMonitorStatus } from '../capabilities/report-monitor-status.js';
import type { CapabilityService } from '../capabilities/types.js';
import type { Clock } from '../platform/clock.js';
import type { Db } from '../platform/database.js';
import type { Logger } from '../platform/logger.js';
import { CHANNEL_CAPABILITY, CHANNELS, type Channel } from './declaration.js';

export const monitorName = (channel: Channel) => `notices-${channel}`;

const REASONS: Record<Channel, { en: string; es: string }> = {
  email: {
    en: 'Our email provider cannot be reached. Emails wait and go out when it is back.',
    es: 'No podemos comunicarnos con nuestro proveedor de correo electrónico. Los correos esperan y saldrán cuando vuelva.',
  },
  letter: { en: 'Letters cannot be put in the print batch. They wait and go out when it is back.', es: 'Las cartas no se pueden añadir al lote de impresión. Esperan y saldrán cuando vuelva.' },
  text: {
    en: 'Our text message provider cannot be reached. Texts wait and go out when it is back.',
    es: 'No podemos comunicarnos con nuestro proveedor de mensajes de texto. Los mensajes esperan y saldrán cuando vuelva.',
  },
};

/** A probe that has not answered by then counts as no answer (the sweep that asks must go on). */
const PROBE_TIMEOUT_MS = 5_000;

function withTimeout(p: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  return Promise.race([p.catch(() => false), late]).finally(() => clearTimeout(timer));
}

export interface ProviderHealthDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  capabilities: CapabilityService;
  /** Asks the provider whether it answers (SMTP greeting, print folder writable, gateway reachable); none: a trial hand-over decides. */
  probes?: Partial<Record<Channel, () => Promise<boolean>>>;
}

export interface ProviderHealthOptions {
  /** Provider failures in a row that trip a channel (default 3). */
  failuresToTrip?: number;
  /** Time between two probes of a tripped channel (default 5 s). */
  probeMs?: number;
}

export function createProviderHealth(deps: ProviderHealthDeps, opts: ProviderHealthOptions = {}) {
  const failuresToTrip = opts.failuresToTrip ?? 3;
  const probeMs = opts.probeMs ?? 5_000;
  const failures = new Map<Channel, number>();
  const tripped = new Set<Channel>();
  const lastProbe = new Map<Channel, number>();
  const reports = new Set<Promise<void>>();

  function report(channel: Channel, status: 'down' | 'operational'): void {
    const p = reportMonitorStatus(deps.db, {
      capability: CHANNEL_CAPABILITY[channel],
      status,
      monitor: monitorName(channel),
      reasonEn: status === 'down' ? REASONS[channel].en : '',
      reasonEs: status === 'down' ? REASONS[channel].es : '',
      now: deps.clock.now(),
    })
      .then(() => deps.capabilities.refresh())
      .catch((err: Error) => deps.log.warn({ channel, err: { message: err.message } }, 'notices: could not report the provider status'))
      .finally(() => reports.delete(p));
    reports.add(p);
  }

  const channelOf = (id: CapabilityId) => CHANNELS.find((c) => CHANNEL_CAPABILITY[c] === id);

  return {
    /** A hand-over failed because the provider could not be reached; true when the channel is now tripped (hold the message). */
    failed(channel: Channel): boolean {
      const n = (failures.get(channel) ?? 0) + 1;
      failures.set(channel, n);
      if (!tripped.has(channel) && n >= failuresToTrip) {
        tripped.add(channel);
        lastProbe.set(channel, performance.now());
        deps.log.warn({ channel }, 'notices: provider unreachable; holding the channel');
        report(channel, 'down');
      }
      return tripped.has(channel);
    },
    /** A hand-over the provider accepted (or refused for the message's own sake): the provider answers. */
    succeeded(channel: Channel): void {
      failures.set(channel, 0);
      if (tripped.delete(channel)) report(channel, 'operational');
    },
    /** False while this process has found the channel's provider unreachable. */
    up(id: CapabilityId): boolean {
      const channel = channelOf(id);
      return !channel || !tripped.has(channel);
    },
    /**
     * Probes the tripped channels, and those the registry shows down by this
     * monitor (a process that tripped them may have stopped), at most every
     * `probeMs`; a provider that answers is reported operational.
     */
    async probe(): Promise<void> {
      const snap = deps.capabilities.snapshot();
      for (const channel of CHANNELS) {
        const entry = snap.capabilities[CHANNEL_CAPABILITY[channel]];
        const reportedDown = entry?.lastKnownStatus === 'down' && entry.setBy.kind === 'monitor' && entry.setBy.id === monitorName(channel);
        if (!tripped.has(channel) && !reportedDown) continue;
        const at = performance.now();
        if (at - (lastProbe.get(channel) ?? 0) < probeMs) continue;
        lastProbe.set(channel, at);
        const probe = deps.probes?.[channel];
        const answers = probe ? await withTimeout(probe(), PROBE_TIMEOUT_MS) : true;
        if (!answers) continue;
        failures.set(channel, 0);
        tripped.delete(channel);
        report(channel, 'operational');
      }
    },
    /** Waits for the reports under way (tests, shutdown). */
    async settled(): Promise<void> {
      await Promise.all([...reports]);
    },
  };
}

export type ProviderHealth = ReturnType<typeof createProviderHealth>;
