/** A real pino logger (with the product's redaction and serializers) whose lines a test can read. */
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/platform/logger.js';

export interface CapturedLog {
  log: Logger;
  /** Every line written so far, as written. */
  text(): string;
  clear(): void;
}

export function captureLog(level = 'info'): CapturedLog {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
  return { log: createLogger(level, sink), text: () => lines.join(''), clear: () => void lines.splice(0) };
}
