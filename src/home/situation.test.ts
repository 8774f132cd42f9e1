import { describe, expect, it } from 'vitest';
import { situationOf, SITUATIONS, type HomeFacts } from './situation.js';

const none: HomeFacts = { draft: null, determined: null, documentRequests: [], activeEnrollments: [], binder: null, grace: null, renewal: null };
const doc = (sent = false) => ({ id: 'i1', element: 'income', person: null, endsOn: '2027-03-01', sent });

/** One set of facts per situation, each adding to the one after it, so every rule is seen to outrank those below it. */
const determined = { ...none, determined: { applicationId: 'a1', planYear: 2027 } };
const enrolled: HomeFacts = { ...determined, activeEnrollments: [{ id: 'e1', status: 'effectuated', planYear: 2027 }] };
const draft: HomeFacts = { ...enrolled, draft: { applicationId: 'a2', step: 'income' } };
const renewal: HomeFacts = { ...draft, renewal: { planYear: 2028, enrollmentId: 'e2', chooseBy: '2027-12-15' } };
const documents: HomeFacts = { ...renewal, documentRequests: [doc()] };
const binder: HomeFacts = { ...documents, binder: { enrollmentId: 'e1', owedCents: 12_000, dueDate: '2027-01-31' } };
const grace: HomeFacts = { ...binder, grace: { enrollmentId: 'e1', lastDayToPay: '2027-04-30', totalCents: 24_000 } };

describe('where a household stands and its next step', () => {
  it.each([
    ['no-application', none, 'start-application', '/apply'],
    ['determined', determined, 'choose-plan', '/applications/a1/plans'],
    ['enrolled', enrolled, 'see-coverage', '/coverage'],
    ['draft', draft, 'continue-application', '/applications/a2/income'],
    ['renewal-pending', renewal, 'review-renewal', '/enrollments/e2'],
    ['awaiting-documents', documents, 'upload-documents', '/documents'],
    ['awaiting-binder', binder, 'pay-first', '/billing/pay'],
    ['in-grace', grace, 'pay-overdue', '/billing/pay'],
  ] as const)('%s → %s', (situation, facts, action, href) => {
    expect(situationOf(facts)).toEqual({ situation, action, href });
  });

  it('covers every situation', () => {
    const seen = new Set([none, determined, enrolled, draft, renewal, documents, binder, grace].map((f) => situationOf(f).situation));
    expect([...seen].sort()).toEqual([...SITUATIONS].sort());
  });

  it('asks for no upload when every requested document was sent and waits for review', () => {
    expect(situationOf({ ...renewal, documentRequests: [doc(true)] }).situation).toBe('renewal-pending');
    expect(situationOf({ ...renewal, documentRequests: [doc(true), { ...doc(), id: 'i2' }] }).situation).toBe('awaiting-documents');
  });

  it('reviews a renewal on the coverage page when the renewal made no new enrollment to show', () => {
    expect(situationOf({ ...none, renewal: { planYear: 2028, enrollmentId: null, chooseBy: '2027-12-15' } }).href).toBe('/coverage');
  });

  it('offers a plan again once coverage has ended (no coverage in force, a result on file)', () => {
    expect(situationOf({ ...determined, activeEnrollments: [] }).action).toBe('choose-plan');
  });
});
