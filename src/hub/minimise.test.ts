import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dhsImmigrationRequest, identityProofingRequest, irsIncomeRequest, otherCoverageRequest, ssaCompositeRequest, type PersonOnFile } from './minimise.js';
import { REQUEST_FIELDS } from './protocol.js';

const person: fc.Arbitrary<PersonOnFile> = fc.record(
  {
    firstName: fc.string(),
    lastName: fc.string(),
    dateOfBirth: fc.constant('1980-01-01'),
    ssn: fc.option(fc.stringMatching(/^\d{9}$/), { nil: null }),
    postalCode: fc.string(),
    attestedCitizen: fc.boolean(),
    immigrationDocument: fc.option(fc.record({ type: fc.string(), number: fc.string() }), { nil: null }),
    // Anything else the exchange may know of a person.
    income: fc.integer(),
    email: fc.emailAddress(),
    phone: fc.string(),
    address: fc.string(),
  },
  { requiredKeys: ['firstName', 'lastName', 'dateOfBirth', 'ssn'] },
);

describe('each service gets only the fields it needs', () => {
  it('holds for any person on file', () => {
    fc.assert(
      fc.property(person, fc.boolean(), fc.boolean(), (p, citizenship, incarceration) => {
        expect(Object.keys(ssaCompositeRequest(p, { citizenship, incarceration })).sort()).toEqual([...REQUEST_FIELDS['ssa-composite']].sort());
        expect(Object.keys(dhsImmigrationRequest(p)).sort()).toEqual([...REQUEST_FIELDS['dhs-immigration']].sort());
        expect(Object.keys(irsIncomeRequest(p, 2025)).sort()).toEqual([...REQUEST_FIELDS['irs-income']].sort());
        expect(Object.keys(otherCoverageRequest(p)).sort()).toEqual([...REQUEST_FIELDS['other-coverage']].sort());
        expect(Object.keys(identityProofingRequest(p)).sort()).toEqual([...REQUEST_FIELDS['identity-proofing']].sort());
      }),
    );
  });

  it('sends no SSN to DHS and no date of birth to the IRS', () => {
    expect(REQUEST_FIELDS['dhs-immigration']).not.toContain('ssn');
    expect(REQUEST_FIELDS['irs-income']).not.toContain('dateOfBirth');
  });
});
