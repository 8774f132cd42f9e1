import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeNext } from './next-path.js';

describe('where sign-in may send someone next', () => {
  it.each([
    ['/account', '/account'],
    ['/enrollment/apply?step=2', '/enrollment/apply?step=2'],
    ['//evil.example', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example/', '/'],
    ['javascript:alert(1)', '/'],
    ['/\t/evil.example', '/'],
    ['', '/'],
  ])('%s → %s', (next, expected) => {
    expect(safeNext(next, '/')).toBe(expected);
  });

  it('only ever returns the fallback or a path on this site', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.webUrl(), fc.webPath(), fc.constant(undefined)), (next) => {
        const out = safeNext(next, '/home');
        if (out === '/home') return;
        expect(out.startsWith('/')).toBe(true);
        expect(out.startsWith('//')).toBe(false);
        expect(new URL(out, 'https://candor.example').origin).toBe('https://candor.example');
      }),
    );
  });
});
