import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/support/database.js';
import { keyFingerprint, seal } from '../platform/crypto.js';
import { createHousehold } from '../enrollment/testing.js';
import { ssnLookupHash } from '../enrollment/save-member.js';
import { members } from '../enrollment/schema.js';
import { KeyError, loadKeyring } from './keyring.js';
import { rotateKeys } from './rotate-keys.js';
import { dataKeys, documents, inconsistencies } from './schema.js';
import { seedApplications } from './testing.js';
import { FIXTURE_PEOPLE } from './standin/population.js';

let db: Awaited<ReturnType<typeof openTestDatabase>>;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

const now = () => new Date('2026-11-10T12:00:00Z');

describe('envelope encryption', () => {
  it('seals with a data key wrapped by the configuration key, and opens its own and older formats', async () => {
    const master = randomBytes(32);
    const keyring = await loadKeyring(db.db, master, now);
    expect(keyring.currentVersion).toBe(1);
    const sealed = keyring.seal('899100001');
    expect(sealed).toMatch(/^e1\.1\.v1\./);
    expect(sealed).not.toContain('899100001');
    expect(await keyring.open(sealed)).toBe('899100001');
    // Sealed directly with the configuration key (enrollment before envelope encryption).
    expect(await keyring.open(seal(master, '899100002'))).toBe('899100002');
    const [row] = await db.db.select().from(dataKeys).where(eq(dataKeys.version, 1));
    expect(row!.wrappedWith).toBe(keyFingerprint(master));
    expect(row!.wrapped).toMatch(/^v1\./);
    // Another process with the same key sees the same data key.
    const again = await loadKeyring(db.db, master, now);
    expect(await again.open(sealed)).toBe('899100001');
    // With another configuration key the data key cannot be unwrapped: it says so, and what to do.
    await expect(loadKeyring(db.db, randomBytes(32), now)).rejects.toThrow(/CANDOR_DATA_KEY_PREVIOUS/);
  });
});

describe('candor keys rotate', () => {
  it('moves every SSN, document number and document onto a new data key, rehashes, and retires the old one', async () => {
    const master = randomBytes(32);
    await db.db.execute(sql`DELETE FROM hub_data_keys`);
    const keyring = await loadKeyring(db.db, master, now);
    const chloe = FIXTURE_PEOPLE.find((p) => p.immigration)!;
    const [seeded] = await seedApplications(db.db, keyring, [chloe], { at: now() });
    // A member sealed the old way, directly with the configuration key.
    const {
      members: [legacy],
    } = await createHousehold(db.db, {});
    await db.db
      .update(members)
      .set({ ssnSealed: seal(master, '899100099'), ssnHash: 'stale' })
      .where(eq(members.id, legacy!.id));
    const [verification] = await db.db.execute<{ id: string }>(sql`SELECT id FROM verifications WHERE application_id = ${seeded!.applicationId} LIMIT 1`).then((r) => r.rows);
    const [inc] = await db.db
      .insert(inconsistencies)
      .values({
        verificationId: verification!.id,
        applicationId: seeded!.applicationId,
        householdId: seeded!.householdId,
        element: 'income',
        reason: 'no-record',
        noticeOn: '2026-11-10',
        endsOn: '2027-02-08',
        createdAt: now(),
      })
      .returning();
    const content = Buffer.from('%PDF-1.4 pay stub');
    const first = keyring.sealBytes(content);
    await db.db.insert(documents).values({
      inconsistencyId: inc!.id,
      householdId: seeded!.householdId,
      kind: 'pay-stub',
      mediaType: 'application/pdf',
      sizeBytes: content.length,
      sha256: 'x',
      keyVersion: first.version,
      content: first.sealed,
      uploadedAt: now(),
    });

    const result = await rotateKeys(db.db, { masterKey: master, now, actor: 'command-line' });
    expect(result).toMatchObject({ version: 2, rewrapped: 0, documents: 1, retired: [1] });
    expect(result.values).toBeGreaterThanOrEqual(2);

    const after = await loadKeyring(db.db, master, now);
    const [chloeRow] = await db.db.select().from(members).where(eq(members.id, seeded!.memberId));
    expect(chloeRow!.ssnSealed).toMatch(/^e1\.2\./);
    expect(await after.open(chloeRow!.ssnSealed!)).toBe(chloe.ssn);
    expect(await after.open(chloeRow!.immigrationDocumentSealed!)).toBe(`${chloe.immigration!.documentType}:${chloe.immigration!.documentNumber}`);
    const [legacyRow] = await db.db.select().from(members).where(eq(members.id, legacy!.id));
    expect(legacyRow!.ssnSealed).toMatch(/^e1\.2\./);
    expect(legacyRow!.ssnHash).toBe(ssnLookupHash(master, '899100099'));
    const [doc] = await db.db.select().from(documents).where(eq(documents.inconsistencyId, inc!.id));
    expect(doc!.keyVersion).toBe(2);
    expect((await after.openBytes(doc!.keyVersion, doc!.content)).equals(content)).toBe(true);
    const audit = await db.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'keys.rotate'`);
    expect(audit.rows[0]!.n).toBe(1);
  });

  it('re-wraps the data keys when the configuration key changes, with the previous key given', async () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    await db.db.execute(sql`DELETE FROM hub_documents`);
    await db.db.execute(sql`DELETE FROM hub_data_keys`);
    await db.db.execute(sql`UPDATE household_members SET ssn_sealed = NULL, immigration_document_sealed = NULL`);
    const before = await loadKeyring(db.db, oldKey, now);
    const {
      members: [m],
    } = await createHousehold(db.db, {});
    await db.db
      .update(members)
      .set({ ssnSealed: before.seal('899100123') })
      .where(eq(members.id, m!.id));
    await expect(rotateKeys(db.db, { masterKey: newKey, now, actor: 'command-line' })).rejects.toThrow(KeyError);
    const result = await rotateKeys(db.db, { masterKey: newKey, previousKey: oldKey, now, actor: 'command-line' });
    expect(result.rewrapped).toBe(1);
    const after = await loadKeyring(db.db, newKey, now);
    const [row] = await db.db.select().from(members).where(eq(members.id, m!.id));
    expect(await after.open(row!.ssnSealed!)).toBe('899100123');
    expect(row!.ssnHash).toBe(ssnLookupHash(newKey, '899100123'));
  });
});
