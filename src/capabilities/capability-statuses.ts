/** Reads the registry from the table (not the cache). */
import { asc } from 'drizzle-orm';
import type { Tx } from '../platform/database.js';
import { isCapabilityId, type AlternativeId, type CapabilityId, type SetBy, type SettableStatus } from './ids.js';
import type { RegistryEntry } from './rules.js';
import { capabilities } from './schema.js';

export interface RegistryRow extends RegistryEntry {
  id: CapabilityId;
  reasonEn: string;
  reasonEs: string;
  internalNote: string;
  alternatives: AlternativeId[];
  updatedAt: Date;
}

export function toRegistryRow(row: typeof capabilities.$inferSelect): RegistryRow {
  return {
    id: row.id as CapabilityId,
    status: row.status as SettableStatus,
    setBy: { kind: row.setByKind, id: row.setById } as SetBy,
    since: row.since,
    expectedEnd: row.expectedEnd,
    reasonEn: row.reasonEn,
    reasonEs: row.reasonEs,
    internalNote: row.internalNote,
    alternatives: row.alternatives as AlternativeId[],
    updatedAt: row.updatedAt,
  };
}

/** Every capability's row, as committed. */
export async function capabilityStatuses(tx: Tx): Promise<RegistryRow[]> {
  const rows = await tx.select().from(capabilities).orderBy(asc(capabilities.id));
  return rows.filter((r) => isCapabilityId(r.id)).map(toRegistryRow);
}
