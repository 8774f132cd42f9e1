/**
 * The stand-in federal hub: an HTTPS server with mutual TLS (its own test CA,
 * TLS 1.2 or later, a client certificate required), answering the hub's JSON
 * services from a synthetic population. Tests turn faults on and off and read
 * how many connections it accepted. It keeps no personal data and logs nothing.
 */
import https from 'node:https';
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { AddressInfo, Socket } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  SERVICE_PATHS,
  type DhsImmigrationRequest,
  type DhsImmigrationResponse,
  type HubService,
  type IdentityProofingRequest,
  type IdentityProofingResponse,
  type IrsIncomeRequest,
  type IrsIncomeResponse,
  type OtherCoverageRequest,
  type OtherCoverageResponse,
  type SsaCompositeRequest,
  type SsaCompositeResponse,
} from '../protocol.js';
import { ensureHubCertificates, type HubCertificates } from './certificates.js';
import { Population, type SyntheticPerson } from './population.js';

export interface HubFaults {
  /** Added before each answer. */
  latencyMs: number;
  /** Answer every request with this HTTP status instead (e.g. 503). */
  errorStatus: number | null;
  /** Accept the request and never answer (the client's timeout must fire). */
  hang: boolean;
  /** Total outage: every connection is dropped as soon as it is accepted. */
  outage: boolean;
}

const NO_FAULTS: HubFaults = { latencyMs: 0, errorStatus: null, hang: false, outage: false };

export interface StandinHub {
  url: string;
  port: number;
  certificates: HubCertificates;
  population: Population;
  /** TCP connections accepted since start (or the last reset), whatever happened next. */
  readonly connections: number;
  /** Requests answered, by service. */
  readonly requests: Readonly<Record<HubService, number>>;
  /** The field names (never values) each service received, for data-minimisation checks. */
  readonly fieldsReceived: Readonly<Partial<Record<HubService, string[][]>>>;
  setFaults(faults: Partial<HubFaults>): void;
  clearFaults(): void;
  resetCounts(): void;
  close(): Promise<void>;
}

const sameName = (a: string, b: string) => a.trim().toLocaleLowerCase('en-US') === b.trim().toLocaleLowerCase('en-US');

function identify(person: SyntheticPerson | undefined, req: { lastName: string; dateOfBirth?: string }): 'match' | 'no-match' | 'no-record' {
  if (!person) return 'no-record';
  if (!sameName(person.lastName, req.lastName)) return 'no-match';
  if (req.dateOfBirth !== undefined && req.dateOfBirth !== person.dateOfBirth) return 'no-match';
  return 'match';
}

/** The answers, as pure functions of the population and the request. */
export const answers = {
  ssa(pop: Population, req: SsaCompositeRequest): SsaCompositeResponse {
    const person = pop.bySocialSecurityNumber(req.ssn);
    const match = identify(person, req);
    if (match !== 'match' || !person) return { match, deathConfirmed: false, citizenshipConfirmed: null, incarcerated: null };
    return {
      match,
      deathConfirmed: person.deceased,
      citizenshipConfirmed: req.citizenship ? person.citizen : null,
      incarcerated: req.incarceration ? person.incarcerated : null,
    };
  },
  dhs(pop: Population, req: DhsImmigrationRequest): DhsImmigrationResponse {
    const person = pop.byImmigrationDocument(req.documentNumber);
    const match = identify(person, req);
    if (match !== 'match' || !person?.immigration) return { match, lawfullyPresent: null, furtherVerificationRequired: match === 'no-match' };
    return { match, lawfullyPresent: person.immigration.lawfullyPresent, furtherVerificationRequired: false };
  },
  irs(pop: Population, req: IrsIncomeRequest): IrsIncomeResponse {
    const person = pop.bySocialSecurityNumber(req.ssn);
    const match = identify(person, req);
    if (match !== 'match' || !person || person.annualIncomeCents === null) return { match: match === 'match' ? 'no-record' : match, taxYear: req.taxYear, annualIncomeCents: null };
    return { match, taxYear: req.taxYear, annualIncomeCents: person.annualIncomeCents };
  },
  mec(pop: Population, req: OtherCoverageRequest): OtherCoverageResponse {
    const person = pop.bySocialSecurityNumber(req.ssn);
    const match = identify(person, req);
    return { match, coverage: match === 'match' && person ? [...person.coverage] : [] };
  },
  identity(pop: Population, req: IdentityProofingRequest): IdentityProofingResponse {
    const person = pop.bySocialSecurityNumber(req.ssn);
    const ok = person && !person.identityFails && identify(person, req) === 'match' && sameName(person.firstName, req.firstName) && person.postalCode === req.postalCode;
    return { outcome: ok ? 'verified' : 'failed', reference: randomUUID() };
  },
};

const HANDLERS: Record<string, { service: HubService; answer: (pop: Population, body: never) => unknown }> = Object.fromEntries(
  (
    [
      ['ssa-composite', answers.ssa],
      ['dhs-immigration', answers.dhs],
      ['irs-income', answers.irs],
      ['other-coverage', answers.mec],
      ['identity-proofing', answers.identity],
    ] as const
  ).map(([service, answer]) => [SERVICE_PATHS[service], { service, answer: answer as (pop: Population, body: never) => unknown }]),
);

function readBody(req: IncomingMessage, limit = 64 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) reject(new Error('too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Starts the stand-in on loopback; its certificates live in `certDir` (made at first start). */
export async function startStandinHub(opts: { certDir: string; port?: number; population?: Population }): Promise<StandinHub> {
  const certificates = ensureHubCertificates(opts.certDir);
  const population = opts.population ?? new Population();
  let faults: HubFaults = { ...NO_FAULTS };
  let connections = 0;
  const zero = (): Record<HubService, number> => ({ 'ssa-composite': 0, 'dhs-immigration': 0, 'irs-income': 0, 'other-coverage': 0, 'identity-proofing': 0 });
  let requests = zero();
  let fieldsReceived: Partial<Record<HubService, string[][]>> = {};
  const sockets = new Set<Socket>();
  const hanging = new Set<ServerResponse>();

  const server = https.createServer(
    {
      key: fs.readFileSync(certificates.serverKey),
      cert: fs.readFileSync(certificates.serverCert),
      ca: fs.readFileSync(certificates.caCert),
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
    },
    (req, res) => {
      void (async () => {
        const handler = req.method === 'POST' ? HANDLERS[req.url ?? ''] : undefined;
        if (req.method === 'GET' && req.url === '/v1/health') return send(res, 200, { status: 'ok' });
        if (!handler) return send(res, 404, { error: 'no such service' });
        let body: Record<string, unknown>;
        try {
          const parsed: unknown = JSON.parse(await readBody(req));
          if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return send(res, 400, { error: 'expected a JSON object' });
          body = parsed as Record<string, unknown>;
        } catch {
          return send(res, 400, { error: 'expected a JSON object' });
        }
        (fieldsReceived[handler.service] ??= []).push(Object.keys(body).sort());
        if (faults.latencyMs > 0) await new Promise((r) => setTimeout(r, faults.latencyMs));
        if (faults.hang) {
          hanging.add(res);
          res.on('close', () => hanging.delete(res));
          return;
        }
        if (faults.errorStatus) return send(res, faults.errorStatus, { error: 'fault on demand' });
        requests[handler.service]++;
        send(res, 200, handler.answer(population, body as never));
      })().catch(() => {
        if (!res.headersSent) send(res, 500, { error: 'stand-in error' });
      });
    },
  );
  server.keepAliveTimeout = 30_000;
  server.on('connection', (socket: Socket) => {
    connections++;
    if (faults.outage) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // Handshake failures (no certificate, a stranger's certificate, old TLS) are expected; nothing to log.
  server.on('tlsClientError', () => {});

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `https://localhost:${port}`,
    port,
    certificates,
    population,
    get connections() {
      return connections;
    },
    get requests() {
      return requests;
    },
    get fieldsReceived() {
      return fieldsReceived;
    },
    setFaults(f) {
      faults = { ...faults, ...f };
      if (faults.outage) for (const s of sockets) s.destroy();
    },
    clearFaults() {
      faults = { ...NO_FAULTS };
      for (const res of hanging) res.destroy();
    },
    resetCounts() {
      connections = 0;
      requests = zero();
      fieldsReceived = {};
    },
    close() {
      return new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      });
    },
  };
}
