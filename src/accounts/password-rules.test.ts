import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commonPasswords } from './common-passwords.js';
import { guessableForms, isObviousPattern, PASSWORD_MAX, PASSWORD_MIN, passwordProblems } from './password-rules.js';

const list = commonPasswords();
const check = (password: string, kind: 'customer' | 'staff' = 'customer', email?: string) => passwordProblems(password, { kind, email, commonList: list }).map((p) => p.key);

describe('password length', () => {
  it('needs 12 characters for customers and 15 for staff', () => {
    expect(check('plum violet 9')).toEqual([]); // 13
    expect(check('plum violet')).toEqual(['accounts.password.tooShort']); // 11
    expect(check('plum violet r')).toEqual([]); // 12
    expect(check('plum violet r', 'staff')).toEqual(['accounts.password.tooShort']);
    expect(check('plum violet rain', 'staff')).toEqual([]); // 16
    expect(passwordProblems('short', { kind: 'staff', commonList: list })[0]).toEqual({ key: 'accounts.password.tooShort', values: { min: 15 } });
  });

  it('allows up to 128 characters (well past 64) and refuses more', () => {
    const words = 'otter quartz lantern meadow ';
    const long = words.repeat(10);
    expect(check(long.slice(0, 64))).toEqual([]);
    expect(check(long.slice(0, PASSWORD_MAX))).toEqual([]);
    expect(check(long.slice(0, PASSWORD_MAX + 1))).toEqual(['accounts.password.tooLong']);
  });

  it('counts characters, not bytes', () => {
    expect(check('ñandú cigüeña')).toEqual([]); // 13 characters, more bytes
    expect(check('ñandú cigüe')).toEqual(['accounts.password.tooShort']);
  });
});

describe('common and guessable passwords', () => {
  it('ships a list of a few thousand entries', () => {
    expect(list.size).toBeGreaterThan(3000);
    expect(list.has('passwordpassword')).toBe(true);
    expect(list.has('correcthorsebatterystaple')).toBe(true);
  });

  it.each([
    'passwordpassword',
    'PasswordPassword',
    'P@ssw0rdP@ssw0rd',
    'correct horse battery staple',
    'Sunshine2024!!!',
    'iloveyou123456',
    'qwertyuiop1234',
    '1q2w3e4r5t6y7u8i',
    'vermonthealthconnect',
    'contraseña123456',
    'football12345678',
  ])('refuses %s', (password) => {
    expect(check(password)).toEqual(['accounts.password.common']);
  });

  it.each(['aaaaaaaaaaaa', 'abcabcabcabc', 'abcdefghijklmn', '123456789012', '9876543210987'])('refuses the pattern %s', (password) => {
    expect(check(password)).toEqual(['accounts.password.pattern']);
  });

  it('refuses a password that holds the email address', () => {
    expect(check('Jordan.Smith lives here', 'customer', 'jordan.smith@example.com')).toEqual(['accounts.password.containsEmail']);
    expect(check('Jordan lives here today', 'customer', 'jordan.smith@example.com')).toEqual([]);
  });

  it('refuses every list entry long enough to pass the length rule, in any case', () => {
    for (const entry of list) {
      if ([...entry].length < PASSWORD_MIN.customer) continue;
      expect(check(entry.toUpperCase()).length).toBe(1);
    }
  });

  it('refuses a listed word of four or more letters with digits and symbols added at the end', () => {
    const words = [...list].filter((w) => /^[a-z]{4,}$/.test(w));
    fc.assert(
      fc.property(fc.constantFrom(...words), fc.stringMatching(/^[0-9!@#$%.]{1,12}$/), (word, tail) => {
        const password = word + tail;
        fc.pre([...password].length >= PASSWORD_MIN.customer);
        expect(check(password)).not.toEqual([]);
      }),
    );
  });

  it('accepts passphrases of unrelated words', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(['otter', 'quartz', 'lantern', 'meadow', 'cobalt', 'thistle', 'harbor', 'saffron', 'gravel', 'walnut'], { minLength: 3, maxLength: 5 }), (words) => {
        expect(check(words.join(' '))).toEqual([]);
      }),
    );
  });

  it('guesses leetspeak and trimmed forms', () => {
    expect(guessableForms('$unsh1ne2024!')).toContain('sunshine');
    expect(isObviousPattern('abababababab')).toBe(true);
    expect(isObviousPattern('otter quartz lantern')).toBe(false);
  });
});
