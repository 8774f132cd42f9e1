import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

describe('log redaction', () => {
  it('replaces personal fields at any of the first three levels', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const log = createLogger('info', sink);
    const canary = '123-45-6789';
    log.info({ ssn: canary, applicant: { ssn: canary, dateOfBirth: '1980-02-03', income: 4200000 }, household: { member: { ssn: canary } } }, 'applicant seen');
    const out = lines.join('');
    expect(out).toContain('applicant seen');
    expect(out).not.toContain(canary);
    expect(out).not.toContain('1980-02-03');
    expect(out).not.toContain('4200000');
  });
});
