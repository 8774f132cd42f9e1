import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foreignClientCertificate } from './certificates.js';
import { answers, startStandinHub, type StandinHub } from './server.js';
import { FIXTURE_PEOPLE, Population } from './population.js';

let dir: string;
let hub: StandinHub;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'candor-hub-'));
  hub = await startStandinHub({ certDir: path.join(dir, 'hub') });
});
afterAll(async () => {
  await hub?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Opens a TLS connection and sends one request; resolves with the status line or the failure. */
function attempt(options: tls.ConnectionOptions): Promise<{ ok: true; statusLine: string } | { ok: false; error: string }> {
  return new Promise((resolve) => {
    const socket = tls.connect({ host: '127.0.0.1', port: hub.port, servername: 'localhost', ca: fs.readFileSync(hub.certificates.caCert), ...options });
    let data = '';
    socket.setTimeout(5000, () => socket.destroy(new Error('timeout')));
    socket.on('secureConnect', () => socket.write('GET /v1/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n'));
    socket.on('data', (c) => (data += c.toString('utf8')));
    socket.on('error', (err: NodeJS.ErrnoException) => resolve({ ok: false, error: err.code ?? err.message }));
    socket.on('close', () => {
      if (data.startsWith('HTTP/1.1')) resolve({ ok: true, statusLine: data.split('\r\n')[0]! });
      else resolve({ ok: false, error: 'closed without an answer' });
    });
  });
}

const ourClient = () => ({ cert: fs.readFileSync(hub.certificates.clientCert), key: fs.readFileSync(hub.certificates.clientKey) });

describe('the stand-in hub handshake', () => {
  it('answers a client holding a certificate from its CA, over TLS 1.2 and 1.3', async () => {
    for (const version of ['TLSv1.2', 'TLSv1.3'] as const) {
      const result = await attempt({ ...ourClient(), minVersion: version, maxVersion: version });
      expect(result).toEqual({ ok: true, statusLine: 'HTTP/1.1 200 OK' });
    }
  });

  it('refuses a client without a certificate', async () => {
    const result = await attempt({});
    expect(result.ok).toBe(false);
  });

  it('refuses a client certificate from another CA', async () => {
    const foreign = foreignClientCertificate(path.join(dir, 'foreign'));
    const result = await attempt({ cert: fs.readFileSync(foreign.cert), key: fs.readFileSync(foreign.key) });
    expect(result.ok).toBe(false);
  });

  it('refuses TLS 1.1 even with the right certificate', async () => {
    // SECLEVEL=0 lets this client offer TLS 1.1 at all; the refusal must come from the server.
    const result = await attempt({ ...ourClient(), minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toBe('ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION');
  });

  it('keeps its certificates between starts', async () => {
    const before = fs.readFileSync(hub.certificates.caCert, 'utf8');
    const second = await startStandinHub({ certDir: path.join(dir, 'hub') });
    await second.close();
    expect(fs.readFileSync(second.certificates.caCert, 'utf8')).toBe(before);
  });

  it('counts accepted connections, and drops them all in a total outage', async () => {
    hub.resetCounts();
    await attempt(ourClient());
    expect(hub.connections).toBe(1);
    hub.setFaults({ outage: true });
    const result = await attempt(ourClient());
    hub.clearFaults();
    expect(result.ok).toBe(false);
    expect(hub.connections).toBe(2);
  });
});

describe('the stand-in hub answers', () => {
  const pop = new Population();
  const ana = FIXTURE_PEOPLE[0]!;
  it('matches on SSN, last name and date of birth; otherwise no match or no record', () => {
    const req = { ssn: ana.ssn, firstName: ana.firstName, lastName: ana.lastName, dateOfBirth: ana.dateOfBirth, citizenship: true, incarceration: true };
    expect(answers.ssa(pop, req)).toEqual({ match: 'match', deathConfirmed: false, citizenshipConfirmed: true, incarcerated: false });
    expect(answers.ssa(pop, { ...req, dateOfBirth: '1988-04-13' }).match).toBe('no-match');
    expect(answers.ssa(pop, { ...req, ssn: '899999999' }).match).toBe('no-record');
  });
  it('reports citizenship and incarceration only when asked', () => {
    const req = { ssn: ana.ssn, firstName: ana.firstName, lastName: ana.lastName, dateOfBirth: ana.dateOfBirth, citizenship: false, incarceration: false };
    expect(answers.ssa(pop, req)).toMatchObject({ citizenshipConfirmed: null, incarcerated: null });
  });
  it('finds immigration documents DHS knows, and not the one it does not', () => {
    const chloe = FIXTURE_PEOPLE.find((p) => p.firstName === 'Chloé')!;
    const jonas = FIXTURE_PEOPLE.find((p) => p.firstName === 'Jonas')!;
    const ask = (p: typeof chloe) =>
      answers.dhs(pop, { documentType: p.immigration!.documentType, documentNumber: p.immigration!.documentNumber, firstName: p.firstName, lastName: p.lastName, dateOfBirth: p.dateOfBirth });
    expect(ask(chloe)).toEqual({ match: 'match', lawfullyPresent: true, furtherVerificationRequired: false });
    expect(ask(jonas).match).toBe('no-record');
  });
  it('gives income from the return, other coverage, and identity outcomes', () => {
    const ben = FIXTURE_PEOPLE.find((p) => p.firstName === 'Ben')!;
    expect(answers.irs(pop, { ssn: ben.ssn, firstName: ben.firstName, lastName: ben.lastName, taxYear: 2025 })).toEqual({ match: 'match', taxYear: 2025, annualIncomeCents: 9_800_000 });
    const frank = FIXTURE_PEOPLE.find((p) => p.firstName === 'Frank')!;
    expect(answers.mec(pop, { ssn: frank.ssn, firstName: frank.firstName, lastName: frank.lastName, dateOfBirth: frank.dateOfBirth }).coverage).toEqual(['medicare']);
    const iris = FIXTURE_PEOPLE.find((p) => p.firstName === 'Iris')!;
    const proof = (p: typeof iris) => answers.identity(pop, { ssn: p.ssn, firstName: p.firstName, lastName: p.lastName, dateOfBirth: p.dateOfBirth, postalCode: p.postalCode }).outcome;
    expect(proof(ana)).toBe('verified');
    expect(proof(iris)).toBe('failed');
  });
});
