import pino, { type Logger } from 'pino';

/**
 * Fields that may hold personal data or secrets. pino replaces them with
 * "[redacted]" wherever they appear, two levels deep, so a careless
 * `log.info({ applicant })` cannot leak an SSN or a password.
 */
export const REDACTED_FIELDS = [
  'ssn', 'dateOfBirth', 'dob', 'birthDate', 'income', 'magi', 'password', 'newPassword', 'token',
  'totpSecret', 'secret', 'documentNumber', 'alienNumber', 'cardNumber', 'accountNumber', 'email',
  'phone', 'address', 'cookie', 'authorization', 'set-cookie', 'code',
];

const paths = [
  ...REDACTED_FIELDS,
  ...REDACTED_FIELDS.map((f) => `*.${f}`),
  ...REDACTED_FIELDS.map((f) => `*.*.${f}`),
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths, censor: '[redacted]' }, base: { service: 'candor' } }, destination);
}

export type { Logger };
