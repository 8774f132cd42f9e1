/** The capability service's public shapes (other modules code against these). */
import type { Localized, MailingAddress } from '../states/profile.js';
import type { Tx } from '../platform/database.js';
import type { AlternativeId, CapabilityId, CapabilityStatus, SetBy, SettableStatus } from './ids.js';

export interface CapabilityState {
  id: CapabilityId;
  /** The status to act on: 'unknown' when the cache is stale or the row could not be read. */
  status: CapabilityStatus;
  /** The status last read from the registry (shown as "last known" when stale). */
  lastKnownStatus: SettableStatus | null;
  /** Customer-facing reason ('' when none was given). */
  reason: Localized;
  internalNote: string;
  setBy: SetBy;
  since: Date;
  expectedEnd: Date | null;
  /** A down or maintenance status whose expected end has passed (the console flags it). */
  overdue: boolean;
  alternatives: AlternativeId[];
}

export interface UpcomingWindow {
  id: string;
  capabilityId: CapabilityId;
  startsAt: Date;
  endsAt: Date;
  state: 'scheduled' | 'active';
  reason: Localized;
}

export interface CapabilitySnapshot {
  at: Date;
  /** True when the registry could not be read within the last second: every status is then 'unknown'. */
  stale: boolean;
  /** When the registry was last read from the database (null: never). */
  readAt: Date | null;
  capabilities: Record<CapabilityId, CapabilityState>;
  /** Scheduled and running maintenance windows, soonest first. */
  windows: UpcomingWindow[];
}

export interface PhoneAlternative {
  lineId: string;
  name: Localized;
  number: string;
  tty?: string;
  /** Local closing time today, "HH:MM" in the state's time zone. */
  openUntil: string;
  /** "open until 5 pm" in each language. */
  openUntilText: Localized;
  /** The line's weekly hours in words. */
  hoursText: Localized;
}

export interface MailAlternative {
  address: MailingAddress;
  purpose: 'payment' | 'application' | 'documents';
  /** What to write on a check or on the envelope. */
  instructions: Localized;
}

/** One way to do the thing that is unavailable, available right now. */
export interface Alternative {
  id: AlternativeId;
  /** The capability this alternative is (null for paper by mail, which is always possible). */
  capability: CapabilityId | null;
  kind: 'online' | 'phone' | 'mail';
  name: Localized;
  /** Online alternatives: where to go on the website. */
  href?: string;
  phone?: PhoneAlternative;
  mail?: MailAlternative;
}

/** A change an operator is about to make (or a maintenance window). */
export interface ProposedChange {
  capabilities: CapabilityId[];
  status: SettableStatus;
  from: Date;
  /** Expected end (null when open-ended). */
  until: Date | null;
}

export interface BlastRadiusItem {
  /** Shown to operations staff in their language. */
  label: Localized;
  count: number;
  /** Optional details: ids, codes, times (never personal data). */
  detail?: Localized;
}

/** Other modules say what a proposed change would touch (messages due, payments due, verifications waiting …). */
export interface BlastRadiusContributor {
  name: string;
  count(tx: Tx, change: ProposedChange): Promise<BlastRadiusItem[]>;
}

export type GuardResult<T> = { ran: true; value: T } | { ran: false; unavailable: CapabilityId[] };

export interface CapabilityService {
  /** Live view from the in-process cache (LISTEN/NOTIFY + fallback poll); a stale or unreadable status counts as 'unknown'. */
  snapshot(): CapabilitySnapshot;
  /** May we send a person there right now? operational or degraded, not stale, and (for phone lines) open now. */
  isAvailable(id: CapabilityId, at?: Date): boolean;
  /** The ordered alternatives available now (closed phone lines excluded), with phone number and "open until" time, mailing address. */
  alternatives(id: CapabilityId, at?: Date): Alternative[];
  /** The guard: runs `action` only while all `ids` are available; a change of any of them to down/maintenance waits for running actions, and once it has committed no new action starts. */
  whileAvailable<T>(ids: readonly CapabilityId[], action: () => Promise<T>): Promise<GuardResult<T>>;
  /** Blast-radius contributors (other modules register counts for a proposed change). */
  registerBlastRadius(contributor: BlastRadiusContributor): void;

  // ── additions ──
  /** Everything the registered contributors (and this module) count for a proposed change. */
  blastRadius(tx: Tx, change: ProposedChange): Promise<Array<{ contributor: string; items: BlastRadiusItem[] }>>;
  /** Re-reads the registry now (after a change this process made, to show it at once). */
  refresh(): Promise<void>;
  /** Called after every refresh that changed something (the snapshot is passed). Returns an unsubscribe. */
  onChange(listener: (snapshot: CapabilitySnapshot) => void): () => void;
  /** Seconds until the latest expected end of these capabilities (for Retry-After), if all are known. */
  retryAfterSeconds(ids: readonly CapabilityId[], at?: Date): number | undefined;
  /** Stops the listener, the poll and the guard's connections. */
  close(): Promise<void>;
}

declare module '../web/context.js' {
  interface AppServices {
    capabilities: CapabilityService;
  }
}
