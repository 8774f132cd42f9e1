/** Checks a new password against the rules and its confirmation, as field errors. */
import type { FieldError } from '../platform/errors.js';
import { commonPasswords } from './common-passwords.js';
import { passwordProblems } from './password-rules.js';

export function newPasswordErrors(password: string, opts: { kind: 'customer' | 'staff'; email?: string; confirm?: string; field?: string; confirmField?: string }): FieldError[] {
  const field = opts.field ?? 'password';
  const problems = passwordProblems(password, { kind: opts.kind, email: opts.email, commonList: commonPasswords() });
  const errors: FieldError[] = problems.map((p) => ({ field, messageKey: p.key, values: 'values' in p ? p.values : undefined }));
  if (errors.length === 0 && opts.confirm !== undefined && opts.confirm !== password) {
    errors.push({ field: opts.confirmField ?? 'confirm', messageKey: 'accounts.password.mismatch' });
  }
  return errors;
}
