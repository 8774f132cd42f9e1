/** People's names for pages that record who did something (a capability set by a staff member), so no page shows an account id. */
import { inArray } from 'drizzle-orm';
import type { Tx } from '../platform/database.js';
import { accounts } from './schema.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Each account's full name by id; ids that are not accounts are left out. */
export async function accountNames(tx: Tx, ids: Iterable<string>): Promise<Record<string, string>> {
  const wanted = [...new Set(ids)].filter((id) => UUID.test(id));
  if (!wanted.length) return {};
  const rows = await tx.select({ id: accounts.id, firstName: accounts.firstName, lastName: accounts.lastName }).from(accounts).where(inArray(accounts.id, wanted));
  return Object.fromEntries(rows.map((r) => [r.id, `${r.firstName} ${r.lastName}`.trim()]));
}
