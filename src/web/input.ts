/**
 * Hostile or malformed input, refused in one place before any handler reads
 * it (ADR 0082): control characters (a NUL byte cannot be stored by
 * PostgreSQL and has no business in a form), a form field or query parameter
 * sent more than once where the page sends it once (a handler would get an
 * array where it expects a string), and JSON nested deeper than any of our
 * APIs takes. Each is a 400 with a message in the person's language.
 */
import type { FastifyRequest } from 'fastify';
import { CandorError, type FieldError } from '../platform/errors.js';

/** Form fields that pages send several times on purpose (checkbox groups); every other field comes once. */
export const REPEATABLE_FIELDS: ReadonlySet<string> = new Set(['metal', 'carrier', 'compare', 'roles']);

/** Deeper than any request body the API takes; a deeper one is refused before anything walks it recursively. */
export const MAX_JSON_DEPTH = 32;

// C0 controls and DEL, except tab, line feed and carriage return (a textarea may hold them).
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

const refuse = (field: string, messageKey: string) => new CandorError('invalid-input', messageKey, { fields: [{ field, messageKey }] satisfies FieldError[] });

/** Walks a value without recursion (a deep body must not overflow the stack), checking every string. */
function check(value: unknown, where: string, flat: boolean): CandorError | null {
  const stack: Array<{ v: unknown; field: string; depth: number }> = [{ v: value, field: where, depth: 0 }];
  while (stack.length) {
    const { v, field, depth } = stack.pop()!;
    if (typeof v === 'string') {
      if (CONTROL.test(v)) return refuse(field, 'errors.input.control');
      continue;
    }
    if (v === null || typeof v !== 'object' || Buffer.isBuffer(v)) continue;
    if (depth >= MAX_JSON_DEPTH) return refuse(where, 'errors.input.tooDeep');
    for (const [key, child] of Object.entries(v)) {
      if (CONTROL.test(key)) return refuse(where, 'errors.input.control');
      // A urlencoded form or a query string is flat: an array there is a field sent more than once.
      if (flat && depth === 0 && Array.isArray(child) && !REPEATABLE_FIELDS.has(key)) return refuse(key, 'errors.input.repeated');
      stack.push({ v: child, field: depth === 0 ? key : field, depth: depth + 1 });
    }
  }
  return null;
}

/** The refusal for a request's parameters, query and body, or null when they may reach the handler. */
export function refuseHostileInput(req: FastifyRequest): CandorError | null {
  const type = String(req.headers['content-type'] ?? '').toLowerCase();
  const flatBody = type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data');
  return check(req.params, 'path', true) ?? check(req.query, 'query', true) ?? check(req.body, 'body', flatBody);
}
