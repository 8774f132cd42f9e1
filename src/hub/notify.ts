/**
 * The notices the hub link raises, with the data each notice type declares
 * (src/notices/types/eligibility.tsx `verification-needed`; src/hub/notices.tsx
 * for the outcomes). Raised inside the caller's transaction, so the
 * inconsistency and its notice commit together; the dedupe key makes a
 * retried job raise each notice once. Ids and dates only: never the data
 * that did not match.
 */
import { and, eq } from 'drizzle-orm';
import { accounts } from '../accounts/schema.js';
import { addresses, households, members } from '../enrollment/schema.js';
import type { Tx } from '../platform/database.js';
import './notices.js'; // registers the notice types raised here

export type VerificationItem = 'income' | 'citizenship' | 'immigration' | 'ssn' | 'coverage';

export type HubNotice =
  /** The first notice of an inconsistency and each reminder. */
  | { type: 'verification-needed'; data: { documentsDueDate: string; items: VerificationItem[] } }
  /** An inconsistency ran out: what changes, and from when. */
  | { type: 'verification-expired'; data: { expiredOn: string; item: VerificationItem; consequence: 'end-financial-help' | 'end-coverage'; effectiveDate: string } }
  /** A document was reviewed. */
  | { type: 'document-reviewed'; data: { item: VerificationItem; accepted: boolean; reviewedOn: string; documentsDueDate: string } };

export interface RaiseOptions {
  householdId: string;
  dedupeKey: string;
  dueAt?: Date;
  now: Date;
}

export type HubNoticeSink = (tx: Tx, notice: HubNotice, opts: RaiseOptions) => Promise<void>;

let sink: HubNoticeSink | null = null;

/** Installed by the hub module's start from the notices engine. */
export function setHubNoticeSink(next: HubNoticeSink | null): void {
  sink = next;
}

export async function raiseHubNotice(tx: Tx, notice: HubNotice, opts: RaiseOptions): Promise<void> {
  if (sink) await sink(tx, notice, opts);
}

/** The notice's word for each data element. */
export function itemFor(element: string): VerificationItem {
  switch (element) {
    case 'income':
      return 'income';
    case 'citizenship':
      return 'citizenship';
    case 'immigration':
      return 'immigration';
    case 'other-coverage':
      return 'coverage';
    default:
      return 'ssn';
  }
}

/** Who a household's notices go to: the primary applicant, the account's email, the mailing (else home) address. */
export async function householdRecipient(tx: Tx, householdId: string) {
  const [household] = await tx.select().from(households).where(eq(households.id, householdId));
  const [primary] = await tx
    .select({ firstName: members.firstName, lastName: members.lastName })
    .from(members)
    .where(and(eq(members.householdId, householdId), eq(members.isPrimary, true)));
  const addressRows = await tx.select().from(addresses).where(eq(addresses.householdId, householdId));
  const address = addressRows.find((a) => a.kind === 'mailing') ?? addressRows.find((a) => a.kind === 'home');
  const [account] = household?.customerAccountId ? await tx.select({ email: accounts.email }).from(accounts).where(eq(accounts.id, household.customerAccountId)) : [];
  return {
    householdId,
    accountId: household?.customerAccountId ?? undefined,
    firstName: primary?.firstName ?? 'Applicant',
    lastName: primary?.lastName ?? '',
    language: household?.language ?? 'en',
    ...(account ? { email: account.email } : {}),
    ...(address ? { mailingAddress: { lines: [address.line1, address.line2].filter(Boolean), city: address.city, state: address.state, zip: address.zip } } : {}),
  };
}
