/**
 * The address to send a person back to (from the payment processor's page):
 * the one they are using, when it is an address Candor serves, so their
 * session cookie (set for that host) comes back with them; otherwise the
 * configured public URL. Candor serves the public URL's host and, when that
 * is a loopback address, every loopback name on the same port (localhost,
 * 127.0.0.1, [::1]): a person who browses at 127.0.0.1 comes back to 127.0.0.1.
 */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export function returnBaseUrl(publicUrl: string, hostHeader: string | undefined): string {
  const base = new URL(publicUrl);
  const fallback = base.origin;
  if (!hostHeader || hostHeader.length > 300) return fallback;
  let asked: URL;
  try {
    asked = new URL(`${base.protocol}//${hostHeader}`);
  } catch {
    return fallback;
  }
  if (asked.username || asked.password || asked.pathname !== '/' || asked.search || asked.hash) return fallback;
  if (asked.host === base.host) return asked.origin;
  if (LOOPBACK.has(base.hostname) && LOOPBACK.has(asked.hostname) && asked.port === base.port) return asked.origin;
  return fallback;
}

/** The public URL the configuration implies when CANDOR_PUBLIC_URL is not set: where the server listens. */
export function defaultPublicUrl(host: string, port: number): string {
  const name = host === '0.0.0.0' || host === '' ? 'localhost' : host === '::' ? '[::1]' : host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}
