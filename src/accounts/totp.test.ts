import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { looksLikeRecoveryCode, newRecoveryCode, normaliseRecoveryCode } from './recovery-codes.js';
import { checkTotp, groupSecret, newTotpSecret, totpCode, totpStep } from './totp.js';

const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const instants = fc.date({ min: new Date('2020-01-01'), max: new Date('2040-01-01'), noInvalidDate: true });

describe('TOTP codes', () => {
  it('match RFC 6238 (SHA-1 test vector, 6 digits)', () => {
    // RFC 6238 appendix B, T = 59 s, secret "12345678901234567890": 94287082 → last 6 digits.
    const rfcSecret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    expect(totpCode(rfcSecret, new Date(59_000))).toBe('287082');
    expect(totpCode(rfcSecret, new Date(1_111_111_109_000))).toBe('081804');
  });

  it('accept a code one step either side of now, and no further', () => {
    fc.assert(
      fc.property(instants, (now) => {
        const at = (steps: number) => new Date(now.getTime() + steps * 30_000);
        expect(checkTotp(secret, totpCode(secret, now), now, null)).toBe(totpStep(now));
        expect(checkTotp(secret, totpCode(secret, at(-1)), now, null)).toBe(totpStep(now) - 1);
        expect(checkTotp(secret, totpCode(secret, at(1)), now, null)).toBe(totpStep(now) + 1);
        const far = totpCode(secret, at(-3));
        if (![-1, 0, 1].some((d) => totpCode(secret, at(d)) === far)) expect(checkTotp(secret, far, now, null)).toBeNull();
      }),
    );
  });

  it('refuse a code whose step was already used, or an earlier one', () => {
    fc.assert(
      fc.property(instants, (now) => {
        const step = totpStep(now);
        const code = totpCode(secret, now);
        expect(checkTotp(secret, code, now, step)).toBeNull();
        expect(checkTotp(secret, code, now, step + 1)).toBeNull();
        expect(checkTotp(secret, code, now, step - 1)).toBe(step);
      }),
    );
  });

  it('refuse anything that is not six digits, and read spaces away', () => {
    const now = new Date('2026-03-02T15:00:00Z');
    const code = totpCode(secret, now);
    expect(checkTotp(secret, `${code.slice(0, 3)} ${code.slice(3)}`, now, null)).not.toBeNull();
    for (const bad of ['', '12345', '1234567', 'abcdef', `${code}0`]) expect(checkTotp(secret, bad, now, null)).toBeNull();
  });

  it('makes 160-bit secrets, shown in groups of four', () => {
    const s = newTotpSecret();
    expect(s).toMatch(/^[A-Z2-7]{32}$/);
    expect(groupSecret(s).replace(/ /g, '')).toBe(s);
    expect(groupSecret('ABCDEFGH')).toBe('ABCD EFGH');
  });
});

describe('recovery codes', () => {
  it('are ten characters in two groups, read without regard to case, spaces or dashes', () => {
    fc.assert(
      fc.property(fc.constant(null), () => {
        const code = newRecoveryCode();
        expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
        expect(normaliseRecoveryCode(` ${code.toUpperCase().replace('-', ' - ')} `)).toBe(code.replace('-', ''));
      }),
    );
  });

  it('are told apart from six-digit codes', () => {
    expect(looksLikeRecoveryCode('abcde-fghjk')).toBe(true);
    expect(looksLikeRecoveryCode('123456')).toBe(false);
    expect(looksLikeRecoveryCode('1234567890')).toBe(false);
  });
});
