/**
 * The one catalogue of named errors. Domain code throws these (never HTTP
 * errors); src/web/error-handler.ts maps each to a page or to RFC 9457
 * problem details. `messageKey` names a catalogue string shown to the person.
 */
export type ErrorName = 'not-found' | 'forbidden' | 'sign-in-required' | 'invalid-input' | 'too-large' | 'conflict' | 'capability-unavailable' | 'rate-limited' | 'unavailable';

export interface FieldError {
  field: string;
  /** A message-catalogue key, e.g. `errors.password.tooShort`. */
  messageKey: string;
  values?: Record<string, string | number>;
}

export class CandorError extends Error {
  constructor(
    override readonly name: ErrorName,
    readonly messageKey: string,
    readonly details: {
      fields?: FieldError[];
      /** Capabilities that are not available (for `capability-unavailable`). */
      capabilities?: string[];
      retryAfterSeconds?: number;
      values?: Record<string, string | number>;
    } = {},
  ) {
    super(messageKey);
  }
}

export const notFound = () => new CandorError('not-found', 'errors.notFound');
export const forbidden = () => new CandorError('forbidden', 'errors.forbidden');
export const signInRequired = () => new CandorError('sign-in-required', 'errors.signInRequired');
export const invalidInput = (fields: FieldError[], messageKey = 'errors.invalidInput') => new CandorError('invalid-input', messageKey, { fields });
export const conflict = (messageKey: string, values?: Record<string, string | number>) => new CandorError('conflict', messageKey, { values });
export const capabilityUnavailable = (capabilities: string[], retryAfterSeconds?: number) =>
  new CandorError('capability-unavailable', 'errors.capabilityUnavailable', { capabilities, retryAfterSeconds });

/** Turns a zod error into field errors whose messages are catalogue keys. */
export function fieldErrorsFromZod(error: { issues: Array<{ path: PropertyKey[]; message: string; code?: string; params?: Record<string, unknown> }> }): FieldError[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || 'form',
    messageKey: issue.message.startsWith('errors.') ? issue.message : 'errors.field.invalid',
    // A custom issue's params fill the message's placeholders ("at least {n}").
    ...(issue.params ? { values: Object.fromEntries(Object.entries(issue.params).filter(([, v]) => typeof v === 'string' || typeof v === 'number')) as Record<string, string | number> } : {}),
  }));
}
