import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, checkChain, GENESIS_HASH, hashRecord, type AuditContent } from './chain.js';

type Rec = AuditContent & { hash: string };

const json = fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<unknown>;
const content = fc.record({
  at: fc.date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }),
  actor: fc.string({ minLength: 1, maxLength: 40 }),
  actorKind: fc.constantFrom('person', 'system', 'monitor', 'schedule', 'anonymous'),
  action: fc.string({ minLength: 1, maxLength: 40 }),
  objectType: fc.option(fc.string({ maxLength: 20 }), { nil: null }),
  objectId: fc.option(fc.uuid(), { nil: null }),
  ip: fc.option(fc.ipV4(), { nil: null }),
  outcome: fc.constantFrom('success', 'failure', 'denied'),
  details: fc.dictionary(fc.string({ maxLength: 10 }), json, { maxKeys: 5 }),
});

/** Builds a chain the way record-audit.ts does: each record hashes its content and the previous hash. */
function chain(items: Array<Omit<AuditContent, 'seq' | 'prevHash'>>): Rec[] {
  const out: Rec[] = [];
  let prev = GENESIS_HASH;
  items.forEach((c, i) => {
    const r = { ...c, seq: i + 1, prevHash: prev };
    const hash = hashRecord(r);
    out.push({ ...r, hash });
    prev = hash;
  });
  return out;
}

const chains = fc.array(content, { minLength: 1, maxLength: 25 }).map(chain);

describe('the audit chain rules', () => {
  it('accepts every chain built by the rules, and counts its records', () => {
    fc.assert(
      fc.property(chains, (records) => {
        expect(checkChain(records)).toEqual({ ok: true, count: records.length });
      }),
    );
  });

  it('accepts an empty chain', () => {
    expect(checkChain([])).toEqual({ ok: true, count: 0 });
  });

  it('names the record whose content was edited without its hash', () => {
    const fields = ['actor', 'action', 'outcome', 'ip', 'objectId', 'details', 'at'] as const;
    fc.assert(
      fc.property(chains, fc.nat(), fc.constantFrom(...fields), (records, pick, field) => {
        const i = pick % records.length;
        const edited = records.map((r) => ({ ...r }));
        const r = edited[i]!;
        if (field === 'at') r.at = new Date(r.at.getTime() + 1000);
        else if (field === 'details') r.details = { ...r.details, edited: true };
        else (r as Record<string, unknown>)[field] = `${String(r[field])}-edited`;
        expect(checkChain(edited)).toMatchObject({ ok: false, brokenSeq: r.seq, count: i });
      }),
    );
  });

  it('names the next record when an edited record was re-hashed to hide the edit', () => {
    fc.assert(
      fc.property(
        chains.filter((c) => c.length >= 2),
        fc.nat(),
        (records, pick) => {
          const i = pick % (records.length - 1);
          const edited = records.map((r) => ({ ...r }));
          edited[i] = { ...edited[i]!, outcome: 'denied-edited' };
          edited[i]!.hash = hashRecord(edited[i]!);
          expect(checkChain(edited)).toMatchObject({ ok: false, brokenSeq: records[i + 1]!.seq, reason: expect.stringContaining('link') });
        },
      ),
    );
  });

  it('finds a deleted record and records put out of order', () => {
    fc.assert(
      fc.property(
        chains.filter((c) => c.length >= 3),
        fc.nat(),
        (records, pick) => {
          const i = pick % (records.length - 1);
          const without = records.filter((_, j) => j !== i);
          expect(checkChain(without)).toMatchObject({ ok: false, brokenSeq: records[i + 1]!.seq });
          const swapped = [...records];
          [swapped[i], swapped[i + 1]] = [swapped[i + 1]!, swapped[i]!];
          expect(checkChain(swapped).ok).toBe(false);
        },
      ),
    );
  });

  it('continues a chain checked in pages', () => {
    fc.assert(
      fc.property(chains, fc.nat(), (records, pick) => {
        const cut = pick % (records.length + 1);
        const first = checkChain(records.slice(0, cut));
        expect(first.ok).toBe(true);
        const prevHash = cut === 0 ? GENESIS_HASH : records[cut - 1]!.hash;
        expect(checkChain(records.slice(cut), { prevHash, count: first.count })).toEqual({ ok: true, count: records.length });
      }),
    );
  });

  it('hashes the same content the same way whatever the order of its keys', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 8 }), json, { maxKeys: 8 }), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(obj));
        expect(JSON.parse(canonicalJson(obj))).toEqual(JSON.parse(JSON.stringify(obj)));
      }),
    );
  });
});
