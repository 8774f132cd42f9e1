import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, redactRequestUrl, scrubErrorText } from './logger.js';

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

describe('what a log line may say about a request and an error', () => {
  it.each([
    ['/password/reset/abc123/more', '/password/reset/[redacted]/more'],
    ['/l/tok', '/l/[redacted]'],
    ['/email/confirm/abc123', '/email/confirm/[redacted]'],
    ['/payments/return?session_id=cs_1&done=1', '/payments/return?session_id=[redacted]&done=1'],
    ['/language?to=es&next=%2Fl%2Fsecret', '/language?to=es&next=[redacted]'],
    ['/account?done=password', '/account?done=password'],
  ])('%s → %s', (url, logged) => {
    expect(redactRequestUrl(url)).toBe(logged);
  });

  it('drops drizzle parameters and the value PostgreSQL quotes, keeping identifiers', () => {
    expect(scrubErrorText('Failed query: insert into "accounts" ("email") values ($1)\nparams: a@b.example,Smith\nline two\n    at frame')).toBe(
      'Failed query: insert into "accounts" ("email") values ($1)\nparams: [redacted]\n    at frame',
    );
    expect(scrubErrorText('invalid input syntax for type date: "1980-02-31"')).toBe('invalid input syntax for type date: "[redacted]"');
    expect(scrubErrorText('relation "accounts" does not exist')).toBe('relation "accounts" does not exist');
  });
});
