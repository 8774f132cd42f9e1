/**
 * The synthetic people the stand-in hub knows. Their SSNs are made up, most in
 * area 899 (the exchange refuses the never-issued areas 000, 666 and 9xx at
 * entry, so fixtures must look valid); they exist only on this machine and are
 * only ever sent to the stand-in. Anyone not in the population gets "no record".
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
  /** DHS has no record of this person's document. */
  dhsUnknown?: boolean;
}

const base = { postalCode: '05602', citizen: true, deceased: false, incarcerated: false, coverage: [] as MecSource[] };

/** Named people for the demo and the tests, each showing one way a check can come out. */
export const FIXTURE_PEOPLE: ReadonlyArray<SyntheticPerson & { shows: string }> = [
  { ...base, shows: 'every check matches', ssn: '899100001', firstName: 'Ana', lastName: 'Rivera', dateOfBirth: '1988-04-12', annualIncomeCents: 4_200_000 },
  { ...base, shows: 'income on the tax return far above what is attested', ssn: '899100002', firstName: 'Ben', lastName: 'Okafor', dateOfBirth: '1979-09-30', annualIncomeCents: 9_800_000 },
  {
    ...base,
    shows: 'lawfully present non-citizen, DHS confirms',
    ssn: '899100003',
    firstName: 'Chloé',
    lastName: 'Martin',
    dateOfBirth: '1992-01-05',
    citizen: false,
    immigration: { documentType: 'permanent-resident-card', documentNumber: 'A900000003', lawfullyPresent: true },
    annualIncomeCents: 3_100_000,
  },
  { ...base, shows: 'SSA cannot confirm citizenship', ssn: '899100005', firstName: 'Elena', lastName: 'Cruz', dateOfBirth: '1985-07-21', citizen: false, annualIncomeCents: 2_800_000 },
  { ...base, shows: 'already has Medicare', ssn: '899100006', firstName: 'Frank', lastName: 'Moreau', dateOfBirth: '1957-02-14', annualIncomeCents: 3_600_000, coverage: ['medicare'] },
  { ...base, shows: 'SSA reports incarceration', ssn: '899100007', firstName: 'Grace', lastName: 'Lee', dateOfBirth: '1990-11-02', incarcerated: true, annualIncomeCents: null },
  { ...base, shows: 'SSA reports a death', ssn: '899100008', firstName: 'Hiro', lastName: 'Tanaka', dateOfBirth: '1948-06-18', deceased: true, annualIncomeCents: 1_900_000 },
  { ...base, shows: 'identity proofing fails', ssn: '899100009', firstName: 'Iris', lastName: 'Novak', dateOfBirth: '1995-03-27', annualIncomeCents: 5_000_000, identityFails: true },
  {
    ...base,
    shows: 'DHS has no record of the document',
    ssn: '899100010',
    firstName: 'Jonas',
    lastName: 'Berg',
    dateOfBirth: '1983-12-09',
    citizen: false,
    immigration: { documentType: 'permanent-resident-card', documentNumber: 'A900000099', lawfullyPresent: true },
    dhsUnknown: true,
    annualIncomeCents: 4_400_000,
  },
  // The enrollment demo's people (src/enrollment/seed.ts, living at 12 Church St, Burlington 05401): Alex and Denise match; María's return shows more income than she attested.
  { ...base, postalCode: '05401', shows: 'demo: Alex Rivera, every check matches', ssn: '212456701', firstName: 'Alex', lastName: 'Rivera', dateOfBirth: '1984-05-12', annualIncomeCents: 6_200_000 },
  {
    ...base,
    postalCode: '05401',
    shows: 'demo: María López, income above what she attested',
    ssn: '323547812',
    firstName: 'María',
    lastName: 'López',
    dateOfBirth: '1990-09-21',
    annualIncomeCents: 9_800_000,
  },
  {
    ...base,
    postalCode: '05401',
    shows: 'demo: Robert Gagnon, every check matches',
    ssn: '434658923',
    firstName: 'Robert',
    lastName: 'Gagnon',
    dateOfBirth: '1958-08-30',
    annualIncomeCents: 3_100_000,
  },
  {
    ...base,
    postalCode: '05401',
    shows: 'demo: Denise Tremblay, every check matches',
    ssn: '545769034',
    firstName: 'Denise',
    lastName: 'Tremblay',
    dateOfBirth: '1972-12-01',
    annualIncomeCents: 4_400_000,
  },
  // A newcomer to try the application from the start (README): identity confirmed, every check matches.
  {
    ...base,
    postalCode: '05641',
    shows: 'newcomer: Rosa Marquez of Barre, every check matches',
    ssn: '234567890',
    firstName: 'Rosa',
    lastName: 'Marquez',
    dateOfBirth: '1986-04-28',
    annualIncomeCents: 2_800_000,
  },
];

/** A person made from a number (0 to about 880,000), SSN 899-GG-SSSS with group 11 and up, matching every check (benchmarks, load). */
export function numberedPerson(n: number): SyntheticPerson {
  const group = 11 + Math.floor(n / 9999);
  const serial = (n % 9999) + 1;
  return {
    ...base,
    ssn: `899${String(group).padStart(2, '0')}${String(serial).padStart(4, '0')}`,
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
    if (person.immigration && !person.dhsUnknown) this.byDocument.set(person.immigration.documentNumber, person);
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
