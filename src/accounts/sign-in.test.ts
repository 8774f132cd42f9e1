import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/support/app.js';
import { ManualClock, MINUTE } from '../platform/clock.js';
import { createTestAccount, TestAgent, TEST_PASSWORD } from './testing.js';

let t: TestApp;
const clock = new ManualClock(new Date('2026-03-02T15:00:00Z'));
beforeAll(async () => {
  t = await startTestApp({ clock, config: { signInAttemptsPerMinute: 1000 } });
});
afterAll(async () => t?.stop());

describe('smoke', () => {
  it('customer signs in', async () => {
    const acc = await createTestAccount(t.ctx.db, { role: 'customer' });
    const a = new TestAgent(t.server!);
    const res = await a.post('/sign-in', { email: acc.email, password: TEST_PASSWORD });
    expect(res.statusCode).toBe(303);
    expect(a.session()).toBeTruthy();
    const page = await a.get('/account');
    expect(page.statusCode).toBe(200);
  });
});
