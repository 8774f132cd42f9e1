import pino, { type Logger } from 'pino';

/**
 * Fields that may hold personal data or secrets. pino replaces them with
 * "[redacted]" wherever they appear, two levels deep, so a careless
 * `log.info({ applicant })` cannot leak an SSN or a password.
 */
export const REDACTED_FIELDS = [
  'ssn',
  'dateOfBirth',
  'dob',
  'birthDate',
  'income',
  'magi',
  'password',
  'newPassword',
  'token',
  'totpSecret',
  'secret',
  'documentNumber',
  'alienNumber',
  'cardNumber',
  'accountNumber',
  'email',
  'phone',
  'address',
  'cookie',
  'authorization',
  'set-cookie',
  'code',
  'params',
  'parameters',
];

const paths = [...REDACTED_FIELDS, ...REDACTED_FIELDS.map((f) => `*.${f}`), ...REDACTED_FIELDS.map((f) => `*.*.${f}`), 'req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'];

const CENSOR = '[redacted]';

/** Paths whose next segment is a secret: password-reset, email-confirmation and notice links (ADR 0080, 0130). */
const SECRET_SEGMENT_AFTER = ['/password/reset/', '/email/confirm/', '/l/'];
/** Query parameters whose values are kept in logs; every other value is redacted (tokens, session ids, codes, names). */
const LOGGED_QUERY = new Set(['to', 'done', 'page', 'saved', 'revoked', 'again', 'notice', 'n', 'capability', 'why', 'audience', 'start', 'until', 'people']);

/**
 * A request URL as it may be written to a log: the secret segment of a reset
 * or notice link and the value of every query parameter not known to be
 * harmless (a processor's `session_id`, a `next` carrying another link) are
 * replaced by "[redacted]".
 */
export function redactRequestUrl(url: string): string {
  const q = url.indexOf('?');
  let pathPart = q === -1 ? url : url.slice(0, q);
  for (const prefix of SECRET_SEGMENT_AFTER) {
    const at = pathPart.indexOf(prefix);
    if (at === -1) continue;
    const start = at + prefix.length;
    const end = pathPart.indexOf('/', start);
    if (end !== start) pathPart = `${pathPart.slice(0, start)}${CENSOR}${end === -1 ? '' : pathPart.slice(end)}`;
  }
  if (q === -1) return pathPart;
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq === -1) return pair;
      const name = pair.slice(0, eq);
      return LOGGED_QUERY.has(name) ? pair : `${name}=${CENSOR}`;
    })
    .join('&');
  return `${pathPart}?${query}`;
}

/**
 * The text of a database error without the values it was given. Drizzle puts
 * every query parameter into its message ("Failed query: … params: …") and
 * PostgreSQL quotes the offending value ("… for type date: "1980-02-31"");
 * both may be a person's name, date of birth or password hash.
 */
export function scrubErrorText(text: string): string {
  let out = text;
  const params = out.indexOf('\nparams: ');
  if (params !== -1) {
    // The parameters run until the stack frames begin (a value may itself hold newlines).
    const frames = out.indexOf('\n    at ', params);
    out = `${out.slice(0, params)}\nparams: ${CENSOR}${frames === -1 ? '' : out.slice(frames)}`;
  }
  // PostgreSQL quotes the value it refused after a colon; identifiers ("relation "x"") are not after a colon.
  return out.replace(/: "(?:[^"\\]|\\.|"")*"/g, `: "${CENSOR}"`);
}

interface LoggedError {
  type?: string;
  /** Not `code`: that field name is redacted (a one-time code); this is a SQLSTATE or a Node/Fastify error code. */
  errorCode?: string;
  message?: string;
  stack?: string;
  cause?: LoggedError;
}

/**
 * What a log line may say about an error: its type, its code (a PostgreSQL
 * SQLSTATE for database errors), and its message and stack with values
 * scrubbed — never the query parameters, a constraint's "Key (email)=(…)"
 * detail, or any other property the error carries.
 */
export function describeError(err: unknown, depth = 0): LoggedError {
  if (err === null || typeof err !== 'object') return { message: scrubErrorText(String(err)) };
  const e = err as { name?: unknown; type?: unknown; code?: unknown; message?: unknown; stack?: unknown; cause?: unknown };
  const out: LoggedError = {};
  const type = typeof e.type === 'string' ? e.type : typeof e.name === 'string' ? e.name : err.constructor?.name;
  if (type && type !== 'Object') out.type = type;
  if (typeof e.code === 'string' || typeof e.code === 'number') out.errorCode = String(e.code);
  if (typeof e.message === 'string') out.message = scrubErrorText(e.message);
  if (typeof e.stack === 'string') out.stack = scrubErrorText(e.stack);
  if (e.cause !== undefined && depth < 3) out.cause = describeError(e.cause, depth + 1);
  return out;
}

/** A Fastify request as the request log shows it (pino-http's fields, with the URL redacted). */
function describeRequest(req: { method?: string; url?: string; host?: string; ip?: string; socket?: { remotePort?: number } }) {
  return { method: req.method, url: typeof req.url === 'string' ? redactRequestUrl(req.url) : undefined, host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort };
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths, censor: CENSOR },
      base: { service: 'candor' },
      // Fastify takes these over its own serializers, so its request log goes through them too.
      serializers: { err: describeError, req: describeRequest },
    },
    destination,
  );
}

export type { Logger };
