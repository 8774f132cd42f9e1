import { describe, expect, it } from 'vitest';
import { defaultPublicUrl, returnBaseUrl } from './public-url.js';

describe('the address a person is sent back to', () => {
  it('is the one they use when Candor serves it, else the public URL', () => {
    expect(returnBaseUrl('http://localhost:3000', '127.0.0.1:3000')).toBe('http://127.0.0.1:3000');
    expect(returnBaseUrl('http://127.0.0.1:3000', 'localhost:3000')).toBe('http://localhost:3000');
    expect(returnBaseUrl('http://127.0.0.1:3000', '[::1]:3000')).toBe('http://[::1]:3000');
    expect(returnBaseUrl('https://exchange.example.gov', 'exchange.example.gov')).toBe('https://exchange.example.gov');
    // Another port, another host, or a header that is not a host: the configured address.
    expect(returnBaseUrl('http://localhost:3000', '127.0.0.1:4000')).toBe('http://localhost:3000');
    expect(returnBaseUrl('https://exchange.example.gov', 'evil.example.com')).toBe('https://exchange.example.gov');
    expect(returnBaseUrl('https://exchange.example.gov', 'evil.example.com/exchange.example.gov')).toBe('https://exchange.example.gov');
    expect(returnBaseUrl('https://exchange.example.gov', 'user@exchange.example.gov')).toBe('https://exchange.example.gov');
    expect(returnBaseUrl('https://exchange.example.gov', undefined)).toBe('https://exchange.example.gov');
    expect(returnBaseUrl('http://localhost:3000', 'a b')).toBe('http://localhost:3000');
  });

  it('by default is where the server listens', () => {
    expect(defaultPublicUrl('127.0.0.1', 3000)).toBe('http://127.0.0.1:3000');
    expect(defaultPublicUrl('0.0.0.0', 8080)).toBe('http://localhost:8080');
    expect(defaultPublicUrl('::', 3000)).toBe('http://[::1]:3000');
    expect(defaultPublicUrl('::1', 3000)).toBe('http://[::1]:3000');
  });
});
