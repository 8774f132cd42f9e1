import { recordAudit } from '../audit/record-audit.js';
import type { Tx } from '../platform/database.js';
import { lockDraft, markStep } from './application-draft.js';
import type { AddressInput } from './forms.js';
import { addresses } from './schema.js';
import type { ActingParty } from './transition-enrollment.js';

export async function saveAddress(tx: Tx, input: { applicationId: string; address: AddressInput; actor: ActingParty; at: Date }): Promise<void> {
  const app = await lockDraft(tx, input.applicationId);
  const values = { ...input.address, updatedAt: input.at };
  await tx
    .insert(addresses)
    .values({ householdId: app.householdId, kind: 'home', ...values })
    .onConflictDoUpdate({ target: [addresses.householdId, addresses.kind], set: values });
  await markStep(tx, app, 'address', input.at);
  await recordAudit(tx, {
    actor: input.actor.id,
    actorKind: input.actor.kind,
    ip: input.actor.ip,
    action: 'application.address-saved',
    objectType: 'application',
    objectId: app.id,
    details: { householdId: app.householdId },
    at: input.at,
  });
}
