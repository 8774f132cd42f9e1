/**
 * Envelope encryption of personal data at rest (SSNs, immigration document
 * numbers, uploaded documents): each value is sealed with a data key, and
 * each data key is stored wrapped (sealed) by the key from configuration.
 * Lookups use a keyed hash, never the clear value. docs/adr/0072.
 *
 *   sealed value: `e1.<data key version>.<v1 AES-256-GCM seal>`
 *
 * Values sealed directly with the configuration key (`v1.…`, before envelope
 * encryption) still open, and `candor keys rotate` moves them on.
 */
import { randomBytes } from 'node:crypto';
import { desc, eq, isNull } from 'drizzle-orm';
import type { Db, Tx } from '../platform/database.js';
import { hmacHex, keyFingerprint, seal, sealBytes, unseal, unsealBytes } from '../platform/crypto.js';
import { dataKeys } from './schema.js';

export interface Keyring {
  readonly currentVersion: number;
  /** Seals text with the current data key. */
  seal(plaintext: string): string;
  /** Opens a value sealed by `seal` (any version) or directly with the configuration key. */
  open(sealed: string): Promise<string>;
  sealBytes(plaintext: Buffer): { version: number; sealed: Buffer };
  openBytes(version: number, sealed: Buffer): Promise<Buffer>;
  /** The keyed hash for finding a value without decrypting (HMAC-SHA-256 with the configuration key). */
  lookupHash(value: string): string;
  /** The data key version a sealed value names (0 for one sealed with the configuration key itself). */
  versionOf(sealed: string): number;
  /** Re-reads the current version (after a rotation by another process). */
  refresh(): Promise<void>;
}

export class KeyError extends Error {}

export function versionOf(sealedValue: string): number {
  if (sealedValue.startsWith('e1.')) {
    const v = Number(sealedValue.slice(3, sealedValue.indexOf('.', 3)));
    if (!Number.isInteger(v) || v < 1) throw new KeyError('Unknown sealed format');
    return v;
  }
  if (sealedValue.startsWith('v1.')) return 0;
  throw new KeyError('Unknown sealed format');
}

/** Loads the keyring, making the first data key if there is none. */
export async function loadKeyring(db: Db, masterKey: Buffer, now: () => Date): Promise<Keyring> {
  const master = keyFingerprint(masterKey);
  const cache = new Map<number, Buffer>();

  const unwrap = (row: { version: number; wrapped: string; wrappedWith: string }): Buffer => {
    if (row.wrappedWith !== master) {
      throw new KeyError(`Data key ${row.version} is wrapped by another key (${row.wrappedWith}); set CANDOR_DATA_KEY_PREVIOUS and run "candor keys rotate"`);
    }
    return Buffer.from(unseal(masterKey, row.wrapped), 'base64');
  };

  async function current(): Promise<{ version: number; key: Buffer }> {
    const [row] = await db.select().from(dataKeys).where(isNull(dataKeys.retiredAt)).orderBy(desc(dataKeys.version)).limit(1);
    if (row) {
      const key = unwrap(row);
      cache.set(row.version, key);
      return { version: row.version, key };
    }
    await createDataKey(db, masterKey, now());
    return current();
  }

  async function keyFor(version: number): Promise<Buffer> {
    const cached = cache.get(version);
    if (cached) return cached;
    const [row] = await db.select().from(dataKeys).where(eq(dataKeys.version, version));
    if (!row) throw new KeyError(`No data key version ${version}`);
    const key = unwrap(row);
    cache.set(version, key);
    return key;
  }

  let active = await current();
  return {
    get currentVersion() {
      return active.version;
    },
    seal(plaintext) {
      return `e1.${active.version}.${seal(active.key, plaintext)}`;
    },
    async open(sealedValue) {
      const version = versionOf(sealedValue);
      if (version === 0) return unseal(masterKey, sealedValue);
      return unseal(await keyFor(version), sealedValue.slice(sealedValue.indexOf('.', 3) + 1));
    },
    sealBytes(plaintext) {
      return { version: active.version, sealed: sealBytes(active.key, plaintext) };
    },
    async openBytes(version, sealedValue) {
      return unsealBytes(await keyFor(version), sealedValue);
    },
    lookupHash(value) {
      return hmacHex(masterKey, value);
    },
    versionOf,
    async refresh() {
      active = await current();
    },
  };
}

/** Adds a data key version (the next number), wrapped by the configuration key; safe against a concurrent first start. */
export async function createDataKey(tx: Tx, masterKey: Buffer, at: Date): Promise<number> {
  const [last] = await tx.select({ version: dataKeys.version }).from(dataKeys).orderBy(desc(dataKeys.version)).limit(1);
  const version = (last?.version ?? 0) + 1;
  await tx
    .insert(dataKeys)
    .values({ version, wrapped: seal(masterKey, randomBytes(32).toString('base64')), wrappedWith: keyFingerprint(masterKey), createdAt: at })
    .onConflictDoNothing();
  return version;
}
