import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { constantTimeEqual, hmacHex, randomToken, seal, unseal } from './crypto.js';

describe('sealing personal data', () => {
  const key = randomBytes(32);
  it('round-trips any text and never shows it in the sealed form', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 4 }), (text) => {
        const sealed = seal(key, text);
        expect(unseal(key, sealed)).toBe(text);
        expect(sealed.includes(text)).toBe(false);
      }),
    );
  });
  it('refuses a tampered value and a wrong key', () => {
    const sealed = seal(key, '123-45-6789');
    const parts = sealed.split('.');
    const ct = Buffer.from(parts[3]!, 'base64url');
    ct[0] = ct[0]! ^ 1;
    expect(() => unseal(key, [parts[0], parts[1], parts[2], ct.toString('base64url')].join('.'))).toThrow();
    expect(() => unseal(randomBytes(32), sealed)).toThrow();
  });
  it('makes unguessable tokens and stable keyed hashes', () => {
    expect(randomToken()).not.toBe(randomToken());
    expect(randomToken().length).toBeGreaterThanOrEqual(43);
    expect(hmacHex('k', 'v')).toBe(hmacHex('k', 'v'));
    expect(hmacHex('k', 'v')).not.toBe(hmacHex('other', 'v'));
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
  });
});
