/**
 * Anchors of the audit chain's head, outside the database (docs/adr/0096).
 *
 * Every so often a process appends one line to `<dataDir>/audit-anchors.jsonl`
 * (and writes the same to the log stream): the database, the head's `seq` and
 * `hash`, the time, and an HMAC over them with a key derived from the data key.
 * The database's superuser can delete the newest records and re-point the
 * sequence, but cannot rewrite this file, nor sign a line without the key; so
 * `candor audit verify` sees a head behind the last anchor. A restore appends a
 * signed `restore` line: anchors before it vouch for a history the restore
 * replaced on purpose.
 */
import fs from 'node:fs';
import path from 'node:path';
import { constantTimeEqual, hmacHex } from '../platform/crypto.js';

export const ANCHOR_FILE = 'audit-anchors.jsonl';

export interface Anchor {
  kind: 'head' | 'restore';
  /** The database the chain lives in (its name), so one data folder can serve several. */
  database: string;
  /** The head: the newest record's seq and hash (seq 0 and the genesis hash for an empty trail). */
  seq: number;
  hash: string;
  at: string;
}

export interface AnchorLine extends Anchor {
  /** 1-based line number in the file. */
  line: number;
}

export const anchorFile = (dataDir: string) => path.join(dataDir, ANCHOR_FILE);

/** The anchor key: derived from a data key, so it is as secret as the data key and needs no setting of its own. */
export const anchorKey = (dataKey: Buffer): Buffer => Buffer.from(hmacHex(dataKey, 'candor-audit-anchor-v1'), 'hex');

const macOf = (key: Buffer, a: Anchor) => hmacHex(key, [a.kind, a.database, a.seq, a.hash, a.at].join('|'));

/** The line as written: the anchor and its MAC, one JSON object. */
export function anchorLine(key: Buffer, anchor: Anchor): string {
  return JSON.stringify({ ...anchor, mac: macOf(key, anchor) });
}

/** Appends one anchor and makes it durable before returning (open for append, write, fsync). */
export function appendAnchor(file: string, key: Buffer, anchor: Anchor): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, 'a', 0o600);
  try {
    fs.writeSync(fd, `${anchorLine(key, anchor)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export interface AnchorFileContent {
  anchors: AnchorLine[];
  /** Lines that are not a well-formed anchor signed by one of the keys. */
  unsigned: number[];
}

/** Reads the anchors; a line signed by none of `keys` (tampered with, or forged) is listed, not trusted. */
export function readAnchors(file: string, keys: Buffer[]): AnchorFileContent {
  if (!fs.existsSync(file)) return { anchors: [], unsigned: [] };
  const anchors: AnchorLine[] = [];
  const unsigned: number[] = [];
  fs.readFileSync(file, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      if (!text.trim()) return;
      const line = i + 1;
      try {
        const v = JSON.parse(text) as Partial<Anchor> & { mac?: unknown };
        const anchor: Anchor = { kind: v.kind as Anchor['kind'], database: String(v.database), seq: Number(v.seq), hash: String(v.hash), at: String(v.at) };
        const signed =
          (v.kind === 'head' || v.kind === 'restore') && Number.isSafeInteger(anchor.seq) && typeof v.mac === 'string' && keys.some((k) => constantTimeEqual(macOf(k, anchor), v.mac as string));
        if (signed) anchors.push({ ...anchor, line });
        else unsigned.push(line);
      } catch {
        unsigned.push(line);
      }
    });
  return { anchors, unsigned };
}

/**
 * The anchors that vouch for the trail as it is now: this database's heads after its last
 * restore, and that restore's line itself (it names the head the restore left).
 */
export function anchorsInForce(anchors: AnchorLine[], database: string): { heads: AnchorLine[]; restore: AnchorLine | undefined } {
  const mine = anchors.filter((a) => a.database === database);
  let restoreIndex = -1;
  mine.forEach((a, i) => {
    if (a.kind === 'restore') restoreIndex = i;
  });
  const restore = restoreIndex >= 0 ? mine[restoreIndex] : undefined;
  return { heads: mine.slice(Math.max(0, restoreIndex)).filter((a) => a.kind === 'head' || a === restore), restore };
}

export type AnchorCheck = { ok: true } | { ok: false; brokenSeq: number; reason: string };

/**
 * Checks an intact chain (`head`, and `hashAt` for the records anchors name) against the
 * anchors in force (and the restore line, which vouches for the head the restore left):
 * a head behind an anchor is a truncated tail; a record whose hash differs from its anchor
 * was rewritten from there on.
 */
export function checkAnchors(head: { seq: number; hash: string }, hashAt: (seq: number) => string | undefined, anchors: AnchorLine[]): AnchorCheck {
  const newest = anchors.reduce<AnchorLine | undefined>((best, a) => (!best || a.seq > best.seq ? a : best), undefined);
  if (newest && newest.seq > head.seq) {
    const missing = newest.seq === head.seq + 1 ? `record ${newest.seq} is missing` : `records ${head.seq + 1}–${newest.seq} are missing`;
    return { ok: false, brokenSeq: head.seq + 1, reason: `the trail ends at record ${head.seq}, but the anchor written ${newest.at} vouches for record ${newest.seq}: ${missing} (a truncated tail)` };
  }
  for (const a of [...anchors].sort((x, y) => x.seq - y.seq)) {
    if (a.seq === 0) continue;
    const hash = hashAt(a.seq);
    if (hash !== a.hash) return { ok: false, brokenSeq: a.seq, reason: `its hash differs from the anchor written ${a.at} (the trail was rewritten from there on)` };
  }
  return { ok: true };
}
