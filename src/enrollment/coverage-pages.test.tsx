/**
 * The enrollment page's "what happens next" before coverage starts: a first premium to pay, or
 * nothing to pay when the plan costs $0 after the credit (no payment offered that does not exist).
 */
import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { vermont } from '../states/vt.js';
import { PageContext, type PageInfo } from '../web/page-context.js';
import { EnrollmentPage, type EnrollmentView } from './coverage-pages.js';

const view = (netPremiumCents: number): EnrollmentView => ({
  id: 'e1',
  planName: 'Blue Silver',
  status: 'pending-binder',
  coverageStart: '2026-02-01',
  coverageEnd: '2026-12-31',
  grossPremiumCents: 50_000,
  aptcCents: 50_000 - netPremiumCents,
  stateAssistanceCents: 0,
  netPremiumCents,
  members: ['Rosa Marquez'],
  upcoming: null,
  amounts: [],
});

function page(netPremiumCents: number, lang: 'en' | 'es'): string {
  const info: PageInfo = { lang, csrfToken: 't', actor: null, profile: vermont, now: new Date('2026-01-10T17:00:00Z'), path: '/coverage/e1' };
  return renderToString(
    <PageContext.Provider value={info}>
      <EnrollmentPage e={view(netPremiumCents)} active={false} history={[]} base="/coverage/e1" />
    </PageContext.Provider>,
  );
}

describe('the enrollment page before coverage starts', () => {
  it('offers to pay the first premium when there is one', () => {
    const html = page(12_345, 'en');
    expect(html).toContain('data-testid="pay-first"');
    expect(html).not.toContain('data-testid="nothing-to-pay"');
  });

  it('says there is nothing to pay, and when coverage starts, when the plan costs $0 after the credit, in English and Spanish', () => {
    const en = page(0, 'en');
    expect(en).not.toContain('data-testid="pay-first"');
    expect(en).toContain('nothing to pay');
    expect(en).toContain('February 1, 2026');
    const es = page(0, 'es');
    expect(es).not.toContain('data-testid="pay-first"');
    expect(es).toContain('no tiene nada que pagar');
    expect(es).toContain('1 de febrero de 2026');
  });
});
