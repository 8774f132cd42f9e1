/**
 * What a password must be (RULES.md, security figures; NIST SP 800-63B):
 * long enough for the kind of account, not too long to hash, and not
 * something a guesser tries first. No composition rules: length and the
 * list do the work. Pure: the list is passed in.
 */
export const PASSWORD_MIN = { customer: 12, staff: 15 } as const;
export const PASSWORD_MAX = 128;

export type PasswordProblem =
  | { key: 'accounts.password.tooShort'; values: { min: number } }
  | { key: 'accounts.password.tooLong'; values: { max: number } }
  | { key: 'accounts.password.common' }
  | { key: 'accounts.password.pattern' }
  | { key: 'accounts.password.containsEmail' };

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '@': 'a', $: 's', '!': 'i', '|': 'l', '+': 't' };

/** Lower-cased, spaces removed: how the list is written. */
export function normalise(password: string): string {
  return password.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

/** The forms of a password a guesser would try from the list: as typed, ends trimmed, leet undone. */
export function guessableForms(password: string): string[] {
  const plain = normalise(password);
  const unleet = (s: string) => [...s].map((c) => LEET[c] ?? c).join('');
  // "Sunshine2024!" is "sunshine" with the digits and symbols people add at the ends.
  const trimmedEnd = plain.replace(/[\d\W_]+$/u, '');
  const trimmedBoth = trimmedEnd.replace(/^[\d\W_]+/u, '');
  const forms = new Set<string>();
  for (const base of [plain, trimmedEnd, trimmedBoth]) {
    for (const form of [base, unleet(base), unleet(base).replace(/i/g, 'l')]) if (form.length >= 4) forms.add(form);
  }
  return [...forms];
}

/** One character repeated, a short unit repeated, or a run up or down the alphabet or digits. */
export function isObviousPattern(password: string): boolean {
  const p = normalise(password);
  if (p.length === 0) return true;
  for (let unit = 1; unit <= 4; unit++) {
    if (
      p.length >= unit * 3 &&
      p ===
        p
          .slice(0, unit)
          .repeat(Math.ceil(p.length / unit))
          .slice(0, p.length)
    )
      return true;
  }
  const chars = [...p];
  // Digits count round the dial: "1234567890" and "9012345678" are runs too.
  const steps = chars.slice(1).map((c, i) => {
    const a = chars[i]!;
    if (/\d/.test(a) && /\d/.test(c)) return (Number(c) - Number(a) + 10) % 10 === 1 ? 1 : (Number(a) - Number(c) + 10) % 10 === 1 ? -1 : 0;
    return c.codePointAt(0)! - a.codePointAt(0)!;
  });
  return steps.length >= 3 && (steps.every((s) => s === 1) || steps.every((s) => s === -1));
}

export function passwordProblems(password: string, opts: { kind: 'customer' | 'staff'; email?: string; commonList: ReadonlySet<string> }): PasswordProblem[] {
  const length = [...password].length;
  const min = PASSWORD_MIN[opts.kind];
  if (length < min) return [{ key: 'accounts.password.tooShort', values: { min } }];
  if (length > PASSWORD_MAX) return [{ key: 'accounts.password.tooLong', values: { max: PASSWORD_MAX } }];
  if (isObviousPattern(password)) return [{ key: 'accounts.password.pattern' }];
  if (guessableForms(password).some((f) => opts.commonList.has(f))) return [{ key: 'accounts.password.common' }];
  const local = opts.email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && normalise(password).includes(local)) return [{ key: 'accounts.password.containsEmail' }];
  return [];
}
