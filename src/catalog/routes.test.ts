import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/support/app.js';
import { setCapabilityStatus } from '../capabilities/set-capability-status.js';
import { loadVermont2026Catalog } from './seed-vermont-2026.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ listen: false });
  await t.ctx.db.transaction((tx) => loadVermont2026Catalog(tx));
});
afterAll(async () => {
  await t?.stop();
});

/** A browser's session: the CSRF cookie and token from the form page. */
async function session(lang: 'en' | 'es' = 'en') {
  const res = await t.server!.inject({ url: '/shop', headers: { cookie: `candor_lang=${lang}` } });
  expect(res.statusCode).toBe(200);
  const token = /name="_csrf" value="([^"]+)"/.exec(res.body)![1]!;
  const cookies = [res.cookies.map((c) => `${c.name}=${c.value}`).join('; '), `candor_lang=${lang}`].filter(Boolean).join('; ');
  return {
    page: res.body,
    post: (url: string, fields: Record<string, string | string[]>) => {
      const body = new URLSearchParams();
      for (const [k, v] of Object.entries({ _csrf: token, ...fields })) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
      return t.server!.inject({ method: 'POST', url, headers: { cookie: cookies, 'content-type': 'application/x-www-form-urlencoded' }, payload: body.toString() });
    },
  };
}

const household = { zip: '05602', planYear: '2026', age1: '40', income: '31300' };
const planIds = (html: string) => [...html.matchAll(/data-plan-id="([^"]+)"/g)].map((m) => m[1]);
const netFor = (html: string, planId: string) => {
  const card = html.slice(html.indexOf(`data-plan-id="${planId}"`));
  return /class="candor-net-premium">([^<]+)</.exec(card)![1];
};

describe('window shopping', () => {
  it('shows the household form without an account, with Vermont’s counties and no tobacco question', async () => {
    const { page } = await session();
    expect(page).toContain('action="/shop/plans"');
    expect(page).toContain('method="post"');
    expect(page).toContain('<option value="Chittenden"');
    expect(page).toContain('<option value="2026" selected');
    expect(page).not.toContain('tobacco1');
  });

  it('lists every plan with its premium before and after help, the explanation and the CSR variant', async () => {
    const s = await session();
    const res = await s.post('/shop/plans', household);
    expect(res.statusCode).toBe(200);
    const ids = planIds(res.body);
    expect(ids).toHaveLength(14);
    expect(ids).toContain('77566VT0020005-05'); // silver shown as its Silver 87 variant
    expect(res.body).toContain('Silver 87: lower deductible and copays');
    expect(res.body).toContain('costs $1,299.18 a month');
    expect(netFor(res.body, '77566VT0020005-05')).toBe('$133.03 a month');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('filters by metal, carrier and HSA, and sorts', async () => {
    const s = await session();
    const bronze = await s.post('/shop/plans', { ...household, metal: 'bronze' });
    expect(planIds(bronze.body)).toHaveLength(4);
    const mvpHsa = await s.post('/shop/plans', { ...household, carrier: '77566', hsa: 'yes' });
    expect(planIds(mvpHsa.body)).toEqual(expect.arrayContaining(['77566VT0020003-01', '77566VT0020007-01']));
    expect(planIds(mvpHsa.body).every((id) => id!.startsWith('77566'))).toBe(true);
    const byDeductible = await s.post('/shop/plans', { ...household, sort: 'deductible' });
    expect(planIds(byDeductible.body).slice(0, 3)).toEqual(['77566VT0020001-01', '13627VT0010001-01', '77566VT0020004-05']); // platinum $300 (cheaper first), then Silver 87 $1,000
  });

  it('compares two or three plans side by side, and refuses four', async () => {
    const s = await session();
    const two = await s.post('/shop/compare', { ...household, compare: ['77566VT0020005-05', '13627VT0010001-01'] });
    expect(two.statusCode).toBe(200);
    expect(two.body).toContain('id="compare-table"');
    expect(two.body).toContain('<th scope="col">MVP VT HDHP Silver</th>');
    const four = await s.post('/shop/compare', { ...household, compare: ['77566VT0020005-05', '13627VT0010001-01', '13627VT0010002-01', '13627VT0010006-01'] });
    expect(four.statusCode).toBe(400);
    expect(four.body).toContain('Choose two or three plans to compare.');
  });

  it('refers a household that screens in to Medicaid and Dr. Dynasaur', async () => {
    const s = await session();
    const res = await s.post('/shop/plans', { zip: '05602', planYear: '2026', age1: '35', age2: '6', income: '18000' });
    expect(res.body).toContain('id="referral"');
    expect(res.body).toContain('may qualify for Medicaid');
    expect(res.body).toContain('may qualify for Dr. Dynasaur');
  });

  it('answers bad input with field messages, in Spanish too, and changes nothing', async () => {
    const s = await session('es');
    const res = await s.post('/shop/plans', { zip: '1234', planYear: '2026', age1: 'forty', income: 'lots' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Ingrese un código postal de cinco dígitos.');
    expect(res.body).toContain('Ingrese una edad en años cumplidos, de 0 a 120.');
    expect(res.body).toContain('Ingrese sus ingresos esperados en dólares');
    const outside = await (await session()).post('/shop/plans', { ...household, zip: '10001' });
    expect(outside.statusCode).toBe(400);
    expect(outside.body).toContain('We have no plans for this ZIP code.');
  });

  it('refuses 2028, a year without rules or plans, with a clear message', async () => {
    const res = await (await session()).post('/shop/plans', { ...household, planYear: '2028' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Choose a coverage year from the list.');
  });

  it('sends a results page reached by its address back to the form', async () => {
    const res = await t.server!.inject({ url: '/shop/plans' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/shop');
  });
});

describe('the quote API', () => {
  const body = { planYear: 2026, zip: '05602', annualIncomeCents: 31_300_00, members: [{ id: 'a', age: 40 }] };

  it('returns the same numbers as the page', async () => {
    const res = await t.server!.inject({ method: 'POST', url: '/api/v1/quotes', payload: body });
    expect(res.statusCode).toBe(200);
    const q = res.json();
    expect(q.household).toMatchObject({ fplPercent: 200, povertyLineCents: 15_650_00 });
    expect(q.credit).toMatchObject({ eligible: true, applicablePercentageBasisPoints: 660, maxMonthlyCents: 1_127_03, requiredContributionMonthlyCents: 172_15 });
    expect(q.premiumAssistance.maxMonthlyCents).toBe(39_12);
    expect(q.benchmark).toEqual({ planId: '77566VT0020005-01', name: 'MVP VT HDHP Silver', premiumCents: 1_299_18 });
    expect(q.costSharing).toMatchObject({ level: '87', variant: '05' });
    const page = await (await session()).post('/shop/plans', household);
    for (const plan of q.plans) expect(netFor(page.body, plan.planId)).toBe(`$${(plan.premiumAfterHelpCents / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })} a month`);
    expect(q.explanation[0]).toMatchObject({ code: 'eligibility.income' });
    expect(q.explanation.every((l: { es: string }) => l.es.length > 0)).toBe(true);
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await t.server!.inject({ url: '/api/v1/openapi.json' })).json();
    expect(doc.paths['/api/v1/quotes'].post.requestBody.content['application/json'].schema.required).toEqual(['planYear', 'annualIncomeCents', 'members']);
  });

  it('refuses bad input and unpublished years as problem details', async () => {
    const bad = await t.server!.inject({ method: 'POST', url: '/api/v1/quotes', payload: { ...body, members: [{ age: -1 }] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const y2028 = await t.server!.inject({ method: 'POST', url: '/api/v1/quotes', payload: { ...body, planYear: 2028 } });
    expect(y2028.statusCode).toBe(400);
    expect(y2028.json().errors).toEqual([{ field: 'planYear', code: 'eligibility.errors.yearUnknown', detail: 'We have no rules for plan year 2028.' }]);
  });

  it('follows the plan-shopping capability: down means 503 for the page and the API', async () => {
    await t.ctx.db.transaction((tx) =>
      setCapabilityStatus(tx, {
        capability: 'plan-shopping',
        status: 'down',
        reasonEn: 'Plan data is being reloaded',
        expectedEnd: new Date(Date.now() + 3_600_000),
        by: { kind: 'system', id: 'test' },
        now: new Date(),
      }),
    );
    await t.ctx.services.capabilities.refresh();
    try {
      expect((await t.server!.inject({ url: '/shop' })).statusCode).toBe(503);
      expect((await t.server!.inject({ method: 'POST', url: '/api/v1/quotes', payload: body })).statusCode).toBe(503);
    } finally {
      await t.ctx.db.transaction((tx) => setCapabilityStatus(tx, { capability: 'plan-shopping', status: 'operational', reasonEn: 'Back', by: { kind: 'system', id: 'test' }, now: new Date() }));
      await t.ctx.services.capabilities.refresh();
    }
    expect((await t.server!.inject({ url: '/shop' })).statusCode).toBe(200);
  });
});
