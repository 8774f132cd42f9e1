/**
 * The stand-in hub's own test certificate authority: a CA, a server
 * certificate for localhost and a client certificate for the exchange,
 * made with `openssl` at first start and kept in `<dataDir>/hub/`.
 * Nothing here is used when a real hub is configured.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface HubCertificates {
  dir: string;
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

function paths(dir: string): HubCertificates {
  return {
    dir,
    caCert: path.join(dir, 'ca.crt'),
    caKey: path.join(dir, 'ca.key'),
    serverCert: path.join(dir, 'server.crt'),
    serverKey: path.join(dir, 'server.key'),
    clientCert: path.join(dir, 'client.crt'),
    clientKey: path.join(dir, 'client.key'),
  };
}

/** Makes a CA (self-signed) in `dir` under the file names of `prefix`. */
function makeAuthority(dir: string, prefix: string, subject: string): void {
  openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${prefix}.key`], dir);
  openssl(
    [
      'req',
      '-x509',
      '-new',
      '-key',
      `${prefix}.key`,
      '-sha256',
      '-days',
      '3650',
      '-subj',
      subject,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
      '-out',
      `${prefix}.crt`,
    ],
    dir,
  );
}

/** Makes a key and a certificate signed by the CA `ca` (file prefix), with the given extensions. */
function makeLeaf(dir: string, ca: string, prefix: string, subject: string, extensions: string[]): void {
  openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${prefix}.key`], dir);
  openssl(['req', '-new', '-key', `${prefix}.key`, '-subj', subject, '-out', `${prefix}.csr`], dir);
  fs.writeFileSync(path.join(dir, `${prefix}.ext`), extensions.join('\n') + '\n');
  openssl(['x509', '-req', '-in', `${prefix}.csr`, '-CA', `${ca}.crt`, '-CAkey', `${ca}.key`, '-CAcreateserial', '-days', '825', '-sha256', '-extfile', `${prefix}.ext`, '-out', `${prefix}.crt`], dir);
  fs.rmSync(path.join(dir, `${prefix}.csr`));
  fs.rmSync(path.join(dir, `${prefix}.ext`));
}

/**
 * The stand-in's certificates in `dir`, made on first use. Two processes may
 * start at once on a fresh data folder: each builds in a private folder and
 * the first rename wins.
 */
export function ensureHubCertificates(dir: string): HubCertificates {
  const result = paths(dir);
  if (fs.existsSync(result.clientKey)) return result;
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const work = fs.mkdtempSync(`${dir}.tmp-`);
  makeAuthority(work, 'ca', '/O=Candor stand-in hub/CN=Stand-in hub test CA');
  makeLeaf(work, 'ca', 'server', '/O=Candor stand-in hub/CN=localhost', [
    'basicConstraints=CA:FALSE',
    'keyUsage=critical,digitalSignature',
    'extendedKeyUsage=serverAuth',
    'subjectAltName=DNS:localhost,IP:127.0.0.1',
  ]);
  makeLeaf(work, 'ca', 'client', '/O=Candor exchange/CN=candor-exchange', ['basicConstraints=CA:FALSE', 'keyUsage=critical,digitalSignature', 'extendedKeyUsage=clientAuth']);
  for (const file of fs.readdirSync(work)) if (file.endsWith('.key')) fs.chmodSync(path.join(work, file), 0o600);
  try {
    fs.renameSync(work, dir);
  } catch {
    // Another process finished first (the folder exists now); use its certificates.
    fs.rmSync(work, { recursive: true, force: true });
  }
  return result;
}

/**
 * A client certificate from a different CA, for tests that prove the
 * stand-in refuses strangers. Kept beside the stand-in's folder.
 */
export function foreignClientCertificate(dir: string): { cert: string; key: string; caCert: string } {
  fs.mkdirSync(dir, { recursive: true });
  const cert = path.join(dir, 'client.crt');
  if (!fs.existsSync(cert)) {
    makeAuthority(dir, 'ca', '/O=Someone else/CN=Another CA');
    makeLeaf(dir, 'ca', 'client', '/O=Someone else/CN=candor-exchange', ['basicConstraints=CA:FALSE', 'extendedKeyUsage=clientAuth']);
  }
  return { cert, key: path.join(dir, 'client.key'), caCert: path.join(dir, 'ca.crt') };
}
