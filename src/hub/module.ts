/**
 * The hub link module: the client (and the stand-in hub when none is
 * configured), the verification queue and its worker, inconsistencies and
 * their daily clock, documents, identity proofing, the link console and the
 * `candor hub …` and `candor keys rotate` commands.
 */
import type { CandorModule, CliCommand } from '../web/module.js';
import { capabilityStatuses } from '../capabilities/capability-statuses.js';
import { statusAllowsUse } from '../capabilities/ids.js';
import { reportMonitorStatus } from '../capabilities/report-monitor-status.js';
import { localDay } from '../enrollment/dates.js';
import { enrollmentService } from '../enrollment/service.js';
import { flag } from '../cli/args.js';
import type { AppContext } from '../web/context.js';
import type { BreakerState } from './client.js';
import { runInconsistencyClock } from './inconsistencies.js';
import { disconnectHub, linkState, reconnectHub } from './link-commands.js';
import { drainQueue } from './process-verifications.js';
import { hasProvenIdentity, identityProofingAvailable, identitySubject } from './proof-identity.js';
import { queueVerifications, waitingCounts } from './queue-verifications.js';
import { rotateKeys } from './rotate-keys.js';
import { enqueueNotice } from '../notices/enqueue-notice.js';
import { householdRecipient, setHubNoticeSink } from './notify.js';
import { hubRoutes } from './routes.js';
// The hub's notice types (verification-expired, document-reviewed) register with the notices engine when loaded.
import './notices.js';
import { DRAIN_JOB, startHubLink } from './service.js';

export const CLOCK_JOB = 'hub-inconsistency-clock';

const BREAKER_STATUS: Record<BreakerState, 'operational' | 'degraded'> = {
  closed: 'operational',
  // Degraded, not down: down is the cut link (a person's decision), and the guard must let the breaker's trial call through.
  'half-open': 'degraded',
  open: 'degraded',
};

async function start(ctx: AppContext): Promise<() => Promise<void>> {
  const { link, stop } = await startHubLink(ctx, {
    onBreakerChange: (state) => {
      if (!ctx.services.capabilities) return;
      void reportMonitorStatus(ctx.db, {
        capability: 'hub-verification',
        status: BREAKER_STATUS[state],
        monitor: 'hub-circuit-breaker',
        reasonEn: state === 'closed' ? '' : 'The federal hub is not answering reliably; checks are delayed and will run by themselves.',
        reasonEs: state === 'closed' ? '' : 'El centro federal no responde de forma fiable; las verificaciones se retrasan y se harán solas.',
        now: ctx.clock.now(),
      })
        .then(() => ctx.services.capabilities.refresh())
        .catch((err: Error) => ctx.log.warn({ err: { message: err.message } }, 'could not report the hub circuit breaker'));
    },
  });
  ctx.services.hub = link;
  setHubNoticeSink(async (tx, notice, opts) => {
    await enqueueNotice(tx, {
      type: notice.type,
      recipient: await householdRecipient(tx, opts.householdId),
      data: notice.data,
      now: opts.now,
      timeZone: ctx.profile.timeZone,
      dueAt: opts.dueAt,
      dedupeKey: opts.dedupeKey,
    });
  });
  ctx.services.capabilities?.registerBlastRadius({
    name: 'hub',
    async count(tx, change) {
      if (!change.capabilities.includes('hub-verification')) return [];
      const waiting = await waitingCounts(tx);
      return [
        { label: { en: 'Applications with verifications waiting for the federal hub', es: 'Solicitudes con verificaciones en espera del centro federal' }, count: waiting.applications },
        { label: { en: 'Verifications waiting for the federal hub', es: 'Verificaciones en espera del centro federal' }, count: waiting.verifications },
      ];
    },
  });
  // Enrollment asks before a customer submits online; it does not know the hub (docs/adr/0075).
  enrollmentService(ctx).identityProofing = {
    proven: (tx, accountId, applicant) => hasProvenIdentity(tx, accountId, identitySubject(ctx.keys.data, applicant)),
    available: () => identityProofingAvailable(ctx),
    href: (returnTo, applicationId) => `/identity-proofing?application=${applicationId}&return=${encodeURIComponent(returnTo)}`,
  };
  // A submitted application's verifications join the queue in the same transaction; the worker
  // is woken just after it commits (and the every-minute run catches anything missed).
  const stopListening = enrollmentService(ctx).events.on('application-determined', async (tx, e) => {
    await queueVerifications(tx, { now: e.determinedAt, applicationId: e.applicationId });
    await ctx.jobs?.send(DRAIN_JOB, {}, { startAfter: 2 });
  });
  ctx.hooks.staffLinks.push(
    { roles: ['caseworker', 'supervisor'], href: '/hub/inconsistencies', label: { en: 'Verification inconsistencies and documents', es: 'Discrepancias de verificación y documentos' } },
    { roles: ['operations', 'supervisor', 'administrator'], href: '/hub', label: { en: 'Federal hub link', es: 'Enlace con el centro federal' } },
  );
  return async () => {
    stopListening();
    await stop();
  };
}

const system = (args: { flags: Record<string, string | true> }) => {
  const as = flag(args as never, 'as');
  return as ? { id: as, kind: 'person' as const } : { id: 'command-line', kind: 'system' as const };
};

const commands: CliCommand[] = [
  {
    name: 'hub disconnect',
    usage: 'candor hub disconnect --reason "…" [--as <account id>]',
    summary: 'Cut the federal hub link now: no call leaves; applications go on with verifications pending.',
    async run(ctx, args, print) {
      const reason = flag(args, 'reason');
      if (!reason) {
        print('Give the reason: candor hub disconnect --reason "…"');
        return 2;
      }
      ctx.services.hub.client.cut();
      await ctx.db.transaction((tx) => disconnectHub(tx, { reason, by: system(args), now: ctx.clock.now(), lockTimeoutMs: ctx.config.hubTimeoutMs + 3000 }));
      const waiting = await waitingCounts(ctx.db);
      print(`The hub link is cut. ${waiting.verifications} verifications of ${waiting.applications} applications are waiting; they will run when the link is restored.`);
      return 0;
    },
  },
  {
    name: 'hub reconnect',
    usage: 'candor hub reconnect [--as <account id>]',
    summary: 'Restore the federal hub link; the waiting verifications run by themselves, in order.',
    async run(ctx, args, print) {
      await ctx.db.transaction((tx) => reconnectHub(tx, { by: system(args), now: ctx.clock.now() }));
      await ctx.services.hub.kick();
      const waiting = await waitingCounts(ctx.db);
      print(`The hub link is restored. ${waiting.verifications} waiting verifications are being worked.`);
      return 0;
    },
  },
  {
    name: 'hub status',
    usage: 'candor hub status',
    summary: 'Whether the hub link is cut, the live status of hub-verification, and what waits for it.',
    async run(ctx, _args, print) {
      const state = await linkState(ctx.db);
      // The registry as committed (not this process's cache): a change from the capabilities console,
      // `candor status set` or the circuit breaker's monitor shows here at once.
      const live = (await capabilityStatuses(ctx.db)).find((r) => r.id === 'hub-verification');
      const waiting = await waitingCounts(ctx.db);
      if (state.cut) print(`Cut since ${state.since?.toISOString()} (${state.reason}).`);
      else if (live && !statusAllowsUse(live.status)) print(`Closed: hub-verification is ${live.status}, so no call leaves (the link itself was not cut).`);
      else print('Connected.');
      if (live) {
        const until = live.expectedEnd ? ` until ${live.expectedEnd.toISOString()}` : '';
        print(`hub-verification: ${live.status} since ${live.since.toISOString()}${until} (${live.setBy.kind} ${live.setBy.id})${live.reasonEn ? `: ${live.reasonEn}` : ''}`);
      }
      print(`${waiting.verifications} verifications of ${waiting.applications} applications waiting${waiting.oldest ? `, the oldest since ${waiting.oldest.toISOString()}` : ''}.`);
      return 0;
    },
  },
  {
    name: 'keys rotate',
    usage: 'candor keys rotate',
    summary: 'New data key; re-seal SSNs, immigration document numbers and documents with it (re-wraps keys after CANDOR_DATA_KEY changed: set CANDOR_DATA_KEY_PREVIOUS).',
    async run(ctx, args, print) {
      const result = await rotateKeys(ctx.db, {
        masterKey: ctx.keys.data,
        previousKey: ctx.config.dataKeyPrevious ? Buffer.from(ctx.config.dataKeyPrevious, 'base64') : undefined,
        now: () => ctx.clock.now(),
        actor: system(args).id,
        onProgress: print,
      });
      print(
        `Data key version ${result.version} is in use: ${result.values} people's data and ${result.documents} documents re-sealed; ${result.rewrapped} keys re-wrapped; retired versions: ${result.retired.join(', ') || 'none'}.`,
      );
      return 0;
    },
  },
];

/** With the stand-in hub, `npm start` lists the people its identity service confirms (the README has the same table). */
async function seed(ctx: AppContext, report: (line: string) => void): Promise<void> {
  if (!ctx.services.hub.standin) return;
  // Loaded only here, with the stand-in running: production never loads it (ADR 0095).
  const { FIXTURE_PEOPLE } = await import('./standin/population.js');
  report('Identity proofing (stand-in hub) confirms these test people, as the applicant of an application:');
  for (const p of FIXTURE_PEOPLE.filter((x) => !x.identityFails)) {
    report(`  ${`${p.firstName} ${p.lastName}`.padEnd(18)} born ${p.dateOfBirth}  SSN ${p.ssn.slice(0, 3)}-${p.ssn.slice(3, 5)}-${p.ssn.slice(5)}  ZIP ${p.postalCode}  (${p.shows})`);
  }
  const fails = FIXTURE_PEOPLE.find((x) => x.identityFails);
  if (fails)
    report(
      `  ${`${fails.firstName} ${fails.lastName}`.padEnd(18)} born ${fails.dateOfBirth}  SSN ${fails.ssn.slice(0, 3)}-${fails.ssn.slice(3, 5)}-${fails.ssn.slice(5)}  ZIP ${fails.postalCode}  (always fails: the other ways to confirm identity)`,
    );
}

export const hubModule: CandorModule = {
  name: 'hub',
  start,
  seed,
  routes: hubRoutes,
  commands,
  jobs: [
    {
      name: DRAIN_JOB,
      // Every minute as a safety net; kicked at once when requests arrive or the link returns.
      cron: '* * * * *',
      retryLimit: 1,
      retryDelaySeconds: 5,
      expireInSeconds: 10 * 60,
      pollingIntervalSeconds: 0.5,
      handler: async (ctx: AppContext) => {
        for (;;) {
          const { queued } = await queueVerifications(ctx.db, { now: ctx.clock.now() });
          if (queued < 5000) break;
        }
        // Works until nothing is due (or the link is cut, or the hub fails), within the job's expiry.
        await drainQueue(ctx, { budgetMs: 9 * 60_000 });
      },
    },
    {
      name: CLOCK_JOB,
      cron: '10 6 * * *',
      timeZone: 'America/New_York',
      retryLimit: 5,
      retryDelaySeconds: 60,
      handler: async (ctx: AppContext) => {
        const now = ctx.clock.now();
        const today = localDay(now, ctx.profile.timeZone);
        for (;;) {
          const r = await ctx.db.transaction((tx) => runInconsistencyClock(tx, { today, now }));
          if (r.expired + r.reminders + r.waitedTooLong < 500) break;
        }
      },
    },
  ],
};
