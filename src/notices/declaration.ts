/**
 * What a notice type declares (docs/adr/0041-notice-types-as-code.md): its
 * content in English and Spanish, the channels it may use, the capabilities
 * each variant of its call to action needs, and what happens when they are
 * unavailable. The dispatcher reads nothing else about a notice.
 */
import type { VNode } from 'preact';
import type { z } from 'zod';
import type { CapabilityId } from '../capabilities/ids.js';
import type { Lang } from '../web/i18n.js';

export const CHANNELS = ['email', 'letter', 'text'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Sending on a channel needs the channel itself. */
export const CHANNEL_CAPABILITY: Record<Channel, CapabilityId> = {
  email: 'email-notices',
  letter: 'letter-notices',
  text: 'text-notices',
};

/**
 * formal: a notice the law requires (45 CFR 155.230) — action, effective date,
 *   facts, rule, contact, appeal rights, taglines; never stopped by an opt-out.
 * reminder: a courtesy the person may opt out of.
 * informational: a confirmation or alert; not opt-outable, not formal.
 */
export type NoticeKind = 'formal' | 'reminder' | 'informational';

export interface VariantDeclaration<D> {
  /** Stable id, written to the message record and the X-Candor-Variant header. */
  id: string;
  /** Capabilities its call to action sends the person to. */
  needs: readonly CapabilityId[] | ((data: D) => readonly CapabilityId[]);
}

/**
 * When the first variant's capabilities are not available:
 * - alternative: the next variant (in order) whose capabilities are available;
 * - hold: wait for the first variant until `until` (never past the latest
 *   useful time), then the next available variant (`thenAlternative`) or expire;
 * - drop: do not send, with the reason.
 * In every case, if no variant at all is available the message is held until
 * its latest useful time, then expires.
 */
export type UnavailablePolicy = { kind: 'alternative' } | { kind: 'hold'; until: (data: any, queuedAt: Date) => Date; thenAlternative: boolean } | { kind: 'drop'; reason: string };

export interface ContentProps<D> {
  data: D;
  variant: string;
  channel: Channel;
  firstName: string;
}

export interface NoticeDeclaration<D = any> {
  id: string;
  kind: NoticeKind;
  /** Channels in the order the notice prefers them (texts are an extra alert, never the only copy). */
  channels: readonly Channel[];
  schema: z.ZodType<D>;
  /** In order of preference; the first is what the notice says when everything works. */
  variants: ReadonlyArray<VariantDeclaration<D>>;
  whenUnavailable: UnavailablePolicy;
  /** After this instant the message is of no use (held or queued messages expire). */
  latestUseful(data: D, queuedAt: Date, timeZone: string): Date;
  /** Subject line (email) and title (letter). */
  subject: Record<Lang, (data: D) => string>;
  /** The body in each language, for the channel and variant (texts: one short paragraph). */
  content: Record<Lang, (props: ContentProps<D>) => VNode>;
  /** For formal notices: the 155.230 elements, shown in a fixed frame around the content. */
  formal?: Record<Lang, (data: D) => FormalElements>;
  /** Sample data for previews and the rendering tests. */
  example: D;
  /** Names nobody (the alert of an electronic notice): no greeting by first name. */
  anonymous?: boolean;
  /**
   * A document the person keeps (a tax form): on their notices page its
   * letter's PDF can be downloaded whatever channel it went out on, made
   * from the message when there is no printed copy.
   */
  document?: boolean;
}

export interface FormalElements {
  action: string;
  effectiveDate: string;
  facts: string[];
  rule: string;
}

/**
 * Every notice type declared anywhere, by id. defineNotice adds to it, so a
 * module may declare its own types (src/hub/notices.tsx) and raise them as
 * soon as its file is imported; src/notices/catalogue.ts imports the built-in ones.
 */
export const NOTICE_REGISTRY: Record<string, NoticeDeclaration> = {};

export function defineNotice<D>(declaration: NoticeDeclaration<D>): NoticeDeclaration<D> {
  if (declaration.variants.length === 0) throw new Error(`Notice ${declaration.id} declares no variant`);
  if (declaration.kind === 'formal' && !declaration.formal) throw new Error(`Formal notice ${declaration.id} must declare its 155.230 elements`);
  const existing = NOTICE_REGISTRY[declaration.id];
  if (existing && existing.subject !== declaration.subject) throw new Error(`Notice type ${declaration.id} is declared twice`);
  NOTICE_REGISTRY[declaration.id] = declaration as NoticeDeclaration;
  return declaration;
}

/** Checks a declaration that is not a notice type of its own (the alert): not added to the registry. */
export function defineAlert<D>(declaration: NoticeDeclaration<D>): NoticeDeclaration<D> {
  if (declaration.variants.length === 0) throw new Error(`Alert ${declaration.id} declares no variant`);
  if (declaration.kind === 'formal') throw new Error(`Alert ${declaration.id} cannot be formal`);
  return declaration;
}

export function variantNeeds<D>(variant: VariantDeclaration<D>, data: D): CapabilityId[] {
  return [...(typeof variant.needs === 'function' ? variant.needs(data) : variant.needs)];
}
