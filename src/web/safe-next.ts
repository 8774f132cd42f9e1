/**
 * The exchange's one safe-redirect rule (ADR 0081): where to go after signing in or choosing a
 * language. `?next=` is honoured only for a path on this site, so a link cannot send someone
 * from our pages to another site.
 */
export function safeNext(next: unknown, fallback: string): string {
  if (typeof next !== 'string' || next.length === 0 || next.length > 2000) return fallback;
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  // Browsers ignore tabs and newlines inside URLs, so "/\t/evil.example" would become "//evil.example".
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return fallback;
  return next;
}
