/**
 * The hub's services as the exchange sees them: one request and one response
 * type per service, the JSON that crosses the wire. Each request holds only
 * the fields that service needs (data minimisation); the client builds them
 * with the functions in minimise.ts and nothing else.
 */

export const HUB_SERVICES = ['ssa-composite', 'dhs-immigration', 'irs-income', 'other-coverage', 'identity-proofing'] as const;
export type HubService = (typeof HUB_SERVICES)[number];

export const SERVICE_PATHS: Record<HubService, string> = {
  'ssa-composite': '/v1/ssa/composite',
  'dhs-immigration': '/v1/dhs/immigration-status',
  'irs-income': '/v1/irs/income',
  'other-coverage': '/v1/mec/other-coverage',
  'identity-proofing': '/v1/identity/proofing',
};

/** How the hub answers whether it found the person. */
export type MatchCode = 'match' | 'no-match' | 'no-record';

export interface SsaCompositeRequest {
  ssn: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  /** Ask SSA to confirm citizenship (only when the person attested to it). */
  citizenship: boolean;
  incarceration: boolean;
}
export interface SsaCompositeResponse {
  match: MatchCode;
  /** Only meaningful when `match` is 'match'. */
  deathConfirmed: boolean;
  citizenshipConfirmed: boolean | null;
  incarcerated: boolean | null;
}

export interface DhsImmigrationRequest {
  documentType: string;
  documentNumber: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
}
export interface DhsImmigrationResponse {
  match: MatchCode;
  lawfullyPresent: boolean | null;
  /** DHS asks for additional verification (a caseworker's step in real life). */
  furtherVerificationRequired: boolean;
}

export interface IrsIncomeRequest {
  ssn: string;
  firstName: string;
  lastName: string;
  taxYear: number;
}
export interface IrsIncomeResponse {
  match: MatchCode;
  taxYear: number;
  /** Modified adjusted gross income on the return, in cents; null without a return. */
  annualIncomeCents: number | null;
}

export const MEC_SOURCES = ['medicare', 'tricare', 'va', 'peace-corps', 'opm', 'medicaid'] as const;
export type MecSource = (typeof MEC_SOURCES)[number];

export interface OtherCoverageRequest {
  ssn: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
}
export interface OtherCoverageResponse {
  match: MatchCode;
  coverage: MecSource[];
}

export interface IdentityProofingRequest {
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  ssn: string;
  postalCode: string;
}
export interface IdentityProofingResponse {
  outcome: 'verified' | 'failed';
  /** The proofing service's own reference, kept to show an auditor. */
  reference: string;
}

export interface HubRequests {
  'ssa-composite': SsaCompositeRequest;
  'dhs-immigration': DhsImmigrationRequest;
  'irs-income': IrsIncomeRequest;
  'other-coverage': OtherCoverageRequest;
  'identity-proofing': IdentityProofingRequest;
}
export interface HubResponses {
  'ssa-composite': SsaCompositeResponse;
  'dhs-immigration': DhsImmigrationResponse;
  'irs-income': IrsIncomeResponse;
  'other-coverage': OtherCoverageResponse;
  'identity-proofing': IdentityProofingResponse;
}

/** The exact field names each service may receive; the stand-in and the tests check against this. */
export const REQUEST_FIELDS: { [S in HubService]: ReadonlyArray<keyof HubRequests[S]> } = {
  'ssa-composite': ['ssn', 'firstName', 'lastName', 'dateOfBirth', 'citizenship', 'incarceration'],
  'dhs-immigration': ['documentType', 'documentNumber', 'firstName', 'lastName', 'dateOfBirth'],
  'irs-income': ['ssn', 'firstName', 'lastName', 'taxYear'],
  'other-coverage': ['ssn', 'firstName', 'lastName', 'dateOfBirth'],
  'identity-proofing': ['firstName', 'lastName', 'dateOfBirth', 'ssn', 'postalCode'],
};
