import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHubClient, type BreakerState, type HubClient } from './client.js';
import { dhsImmigrationRequest, irsIncomeRequest, otherCoverageRequest, ssaCompositeRequest, identityProofingRequest } from './minimise.js';
import { REQUEST_FIELDS, type HubService } from './protocol.js';
import { foreignClientCertificate } from './standin/certificates.js';
import { FIXTURE_PEOPLE } from './standin/population.js';
import { startStandinHub, type StandinHub } from './standin/server.js';

let dir: string;
let hub: StandinHub;
const clients: HubClient[] = [];
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'candor-hub-client-'));
  hub = await startStandinHub({ certDir: path.join(dir, 'hub') });
});
afterEach(() => {
  hub.clearFaults();
  for (const c of clients.splice(0)) c.close();
});
afterAll(async () => {
  await hub?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function client(opts: { timeoutMs?: number; breakerResetMs?: number; ca?: string; onBreakerChange?: (s: BreakerState) => void } = {}): HubClient {
  const c = hub.certificates;
  const made = createHubClient({
    url: hub.url,
    tls: { ca: fs.readFileSync(opts.ca ?? c.caCert), cert: fs.readFileSync(c.clientCert), key: fs.readFileSync(c.clientKey) },
    timeoutMs: opts.timeoutMs ?? 2000,
    breakerResetMs: opts.breakerResetMs,
    onBreakerChange: opts.onBreakerChange,
  });
  clients.push(made);
  return made;
}

const ana = { ...FIXTURE_PEOPLE[0]!, attestedCitizen: true };

describe('the hub client', () => {
  it('verifies through mutual TLS and returns the typed response', async () => {
    const result = await client().call('ssa-composite', ssaCompositeRequest(ana, { citizenship: true, incarceration: true }));
    expect(result).toMatchObject({ ok: true, response: { match: 'match', citizenshipConfirmed: true, incarcerated: false, deathConfirmed: false } });
  });

  it('sends each service exactly its own fields', async () => {
    hub.resetCounts();
    const chloe = FIXTURE_PEOPLE.find((p) => p.immigration)!;
    const c = client();
    await c.call('ssa-composite', ssaCompositeRequest(ana, { citizenship: true, incarceration: false }));
    await c.call('dhs-immigration', dhsImmigrationRequest({ ...chloe, immigrationDocument: { type: chloe.immigration!.documentType, number: chloe.immigration!.documentNumber } }));
    await c.call('irs-income', irsIncomeRequest(ana, 2025));
    await c.call('other-coverage', otherCoverageRequest(ana));
    await c.call('identity-proofing', identityProofingRequest(ana));
    for (const service of Object.keys(REQUEST_FIELDS) as HubService[]) {
      expect(hub.fieldsReceived[service], service).toEqual([[...REQUEST_FIELDS[service]].sort()]);
    }
  });

  it('opens no connection while the link is cut, and reconnects when restored', async () => {
    const c = client();
    await c.call('other-coverage', otherCoverageRequest(ana)); // a pooled connection now exists
    c.cut();
    hub.resetCounts();
    for (let i = 0; i < 20; i++) expect(await c.call('irs-income', irsIncomeRequest(ana, 2025))).toMatchObject({ ok: false, failure: 'link-cut' });
    expect(hub.connections).toBe(0);
    expect(hub.requests['irs-income']).toBe(0);
    c.restore();
    expect(await c.call('irs-income', irsIncomeRequest(ana, 2025))).toMatchObject({ ok: true });
    expect(hub.connections).toBe(1);
  });

  it('refuses a server whose certificate is not from the pinned CA', async () => {
    const foreign = foreignClientCertificate(path.join(dir, 'foreign'));
    hub.resetCounts();
    const result = await client({ ca: foreign.caCert }).call('other-coverage', otherCoverageRequest(ana));
    expect(result).toMatchObject({ ok: false, failure: 'unreachable' });
    expect(hub.requests['other-coverage']).toBe(0);
  });

  it('returns a timeout when the hub does not answer', async () => {
    hub.setFaults({ hang: true });
    const result = await client({ timeoutMs: 150 }).call('ssa-composite', ssaCompositeRequest(ana, { citizenship: false, incarceration: false }));
    expect(result).toMatchObject({ ok: false, failure: 'timeout' });
  });

  it('returns hub errors and a total outage as results', async () => {
    const c = client();
    hub.setFaults({ errorStatus: 503 });
    expect(await c.call('irs-income', irsIncomeRequest(ana, 2025))).toMatchObject({ ok: false, failure: 'hub-error', status: 503 });
    hub.setFaults({ errorStatus: null, outage: true });
    expect(await c.call('irs-income', irsIncomeRequest(ana, 2025))).toMatchObject({ ok: false, failure: 'unreachable' });
  });

  it('opens its circuit after repeated failures, reports it, and closes after a good call', async () => {
    const states: BreakerState[] = [];
    const c = client({ breakerResetMs: 100, onBreakerChange: (s) => states.push(s) });
    hub.setFaults({ errorStatus: 500 });
    for (let i = 0; i < 6; i++) await c.call('irs-income', irsIncomeRequest(ana, 2025));
    expect(c.breakerState).toBe('open');
    hub.resetCounts();
    expect(await c.call('irs-income', irsIncomeRequest(ana, 2025))).toMatchObject({ ok: false, failure: 'circuit-open' });
    expect(hub.connections).toBe(0);
    hub.clearFaults();
    await new Promise((r) => setTimeout(r, 150));
    expect(c.breakerState).toBe('half-open');
    expect(await c.call('irs-income', irsIncomeRequest(ana, 2025))).toMatchObject({ ok: true });
    expect(states).toEqual(['open', 'half-open', 'closed']);
  });

  it('refuses a plain-http hub URL', () => {
    expect(() => createHubClient({ url: 'http://localhost:1', tls: { ca: '', cert: '', key: '' }, timeoutMs: 100 })).toThrow(/https/);
  });
});
