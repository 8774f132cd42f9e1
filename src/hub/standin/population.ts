/**
 * The synthetic people the stand-in hub knows. Every SSN here is in the 900
 * area, which SSA never issues, so no fixture can be a real person. Anyone
 * not in the population gets "no record".
 */
import type { MecSource } from '../protocol.js';

export interface SyntheticPerson {
  ssn: string;
  firstName: string;
  lastName: string;
  /** YYYY-MM-DD. */
  dateOfBirth: string;
  postalCode: string;
  citizen: boolean;
  deceased: boolean;
  incarcerated: boolean;
  immigration?: { documentType: string; documentNumber: string; lawfullyPresent: boolean };
  /** MAGI on the latest tax return, cents; null when no return was filed. */
  annualIncomeCents: number | null;
  coverage: MecSource[];
  /** Remote identity proofing fails for this person whatever is sent. */
  identityFails?: boolean;
}

const base = { postalCode: '05602', citizen: true, deceased: false, incarcerated: false, coverage: [] as MecSource[] };

/** Named people for the demo and the tests, each showing one way a check can come out. */
export const FIXTURE_PEOPLE: ReadonlyArray<SyntheticPerson & { shows: string }> = [
  { ...base, shows: 'every check matches', ssn: '900100001', firstName: 'Ana', lastName: 'Rivera', dateOfBirth: '1988-04-12', annualIncomeCents: 4_200_000 },
  { ...base, shows: 'income on the tax return far above what is attested', ssn: '900100002', firstName: 'Ben', lastName: 'Okafor', dateOfBirth: '1979-09-30', annualIncomeCents: 9_800_000 },
  {
    ...base,
    shows: 'lawfully present non-citizen, DHS confirms',
    ssn: '900100003',
    firstName: 'Chloé',
    lastName: 'Martin',
    dateOfBirth: '1992-01-05',
    citizen: false,
    immigration: { documentType: 'permanent-resident-card', documentNumber: 'A900000003', lawfullyPresent: true },
    annualIncomeCents: 3_100_000,
  },
  { ...base, shows: 'SSA cannot confirm citizenship', ssn: '900100005', firstName: 'Elena', lastName: 'Cruz', dateOfBirth: '1985-07-21', citizen: false, annualIncomeCents: 2_800_000 },
  { ...base, shows: 'already has Medicare', ssn: '900100006', firstName: 'Frank', lastName: 'Moreau', dateOfBirth: '1957-02-14', annualIncomeCents: 3_600_000, coverage: ['medicare'] },
  { ...base, shows: 'SSA reports incarceration', ssn: '900100007', firstName: 'Grace', lastName: 'Lee', dateOfBirth: '1990-11-02', incarcerated: true, annualIncomeCents: null },
  { ...base, shows: 'SSA reports a death', ssn: '900100008', firstName: 'Hiro', lastName: 'Tanaka', dateOfBirth: '1948-06-18', deceased: true, annualIncomeCents: 1_900_000 },
  { ...base, shows: 'identity proofing fails', ssn: '900100009', firstName: 'Iris', lastName: 'Novak', dateOfBirth: '1995-03-27', annualIncomeCents: 5_000_000, identityFails: true },
  {
    ...base,
    shows: 'DHS has no record of the document',
    ssn: '900100010',
    firstName: 'Jonas',
    lastName: 'Berg',
    dateOfBirth: '1983-12-09',
    citizen: false,
    immigration: { documentType: 'permanent-resident-card', documentNumber: 'A900000099', lawfullyPresent: true },
    annualIncomeCents: 4_400_000,
  },
];

/** A person with SSN 9xxxxxxxx made from a number, matching every check (benchmarks, load). */
export function numberedPerson(n: number): SyntheticPerson {
  return {
    ...base,
    ssn: `9${String(20_000_000 + n).padStart(8, '0')}`,
    firstName: 'Test',
    lastName: `Person${n}`,
    dateOfBirth: '1980-01-01',
    annualIncomeCents: 3_000_000,
  };
}

/** The people one stand-in answers for; tests add their own. */
export class Population {
  private readonly bySsn = new Map<string, SyntheticPerson>();
  private readonly byDocument = new Map<string, SyntheticPerson>();

  constructor(people: Iterable<SyntheticPerson> = FIXTURE_PEOPLE) {
    for (const p of people) this.add(p);
  }

  add(person: SyntheticPerson): void {
    this.bySsn.set(person.ssn, person);
    // Jonas Berg's document is deliberately unknown to DHS.
    if (person.immigration && person.ssn !== '900100010') this.byDocument.set(person.immigration.documentNumber, person);
  }

  bySocialSecurityNumber(ssn: string): SyntheticPerson | undefined {
    return this.bySsn.get(ssn);
  }

  byImmigrationDocument(documentNumber: string): SyntheticPerson | undefined {
    return this.byDocument.get(documentNumber);
  }

  get size(): number {
    return this.bySsn.size;
  }
}
