/**
 * Data minimisation: each hub service gets only the fields it needs, built
 * here from what the exchange knows of a person. Whatever else the person
 * record holds never reaches a request (a property test holds this).
 */
import {
  REQUEST_FIELDS,
  type DhsImmigrationRequest,
  type HubRequests,
  type HubService,
  type IdentityProofingRequest,
  type IrsIncomeRequest,
  type OtherCoverageRequest,
  type SsaCompositeRequest,
} from './protocol.js';

/** What the exchange knows of a person when it asks the hub; assembled just before the call, never stored. */
export interface PersonOnFile {
  firstName: string;
  lastName: string;
  /** YYYY-MM-DD. */
  dateOfBirth: string;
  /** Nine digits, or null when the person has none. */
  ssn: string | null;
  postalCode?: string;
  attestedCitizen?: boolean;
  immigrationDocument?: { type: string; number: string } | null;
  [other: string]: unknown;
}

function pick<S extends HubService>(service: S, source: Record<string, unknown>): HubRequests[S] {
  const out: Record<string, unknown> = {};
  for (const field of REQUEST_FIELDS[service] as readonly string[]) out[field] = source[field];
  return out as unknown as HubRequests[S];
}

export function ssaCompositeRequest(p: PersonOnFile, ask: { citizenship: boolean; incarceration: boolean }): SsaCompositeRequest {
  return pick('ssa-composite', { ssn: p.ssn ?? '', firstName: p.firstName, lastName: p.lastName, dateOfBirth: p.dateOfBirth, ...ask });
}

export function dhsImmigrationRequest(p: PersonOnFile): DhsImmigrationRequest {
  return pick('dhs-immigration', {
    documentType: p.immigrationDocument?.type ?? '',
    documentNumber: p.immigrationDocument?.number ?? '',
    firstName: p.firstName,
    lastName: p.lastName,
    dateOfBirth: p.dateOfBirth,
  });
}

export function irsIncomeRequest(p: PersonOnFile, taxYear: number): IrsIncomeRequest {
  return pick('irs-income', { ssn: p.ssn ?? '', firstName: p.firstName, lastName: p.lastName, taxYear });
}

export function otherCoverageRequest(p: PersonOnFile): OtherCoverageRequest {
  return pick('other-coverage', { ssn: p.ssn ?? '', firstName: p.firstName, lastName: p.lastName, dateOfBirth: p.dateOfBirth });
}

export function identityProofingRequest(p: PersonOnFile): IdentityProofingRequest {
  return pick('identity-proofing', { firstName: p.firstName, lastName: p.lastName, dateOfBirth: p.dateOfBirth, ssn: p.ssn ?? '', postalCode: p.postalCode ?? '' });
}
