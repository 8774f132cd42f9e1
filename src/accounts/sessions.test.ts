import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/support/database.js';
import { HOUR, MINUTE } from '../platform/clock.js';
import type { Database } from '../platform/database.js';
import { createSession, loadSession, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from './sessions.js';
import { createTestAccount } from './testing.js';

let database: Database & { drop(): Promise<void> };
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => database?.drop());

const start = new Date('2026-03-02T14:00:00Z');
const at = (ms: number) => new Date(start.getTime() + ms);

describe('session limits (RULES.md: 15 minutes idle, 12 hours absolute)', () => {
  it('has the figures of the rules', () => {
    expect(SESSION_IDLE_MS).toBe(15 * MINUTE);
    expect(SESSION_ABSOLUTE_MS).toBe(12 * HOUR);
  });

  it('ends a session left idle for 15 minutes, and not one used within them', async () => {
    const acc = await createTestAccount(database.db, { role: 'customer' });
    const token = await createSession(database.db, acc.id, { now: start, mfaPassed: true });
    expect(await loadSession(database.db, token, at(15 * MINUTE - 1000))).not.toBeNull();
    // That use moved its idle clock on: 15 minutes from the start are no longer the limit.
    expect(await loadSession(database.db, token, at(29 * MINUTE))).not.toBeNull();
    expect(await loadSession(database.db, token, at(44 * MINUTE))).toBeNull();
  });

  it('ends a session 12 hours after sign-in however busy it is', async () => {
    const acc = await createTestAccount(database.db, { role: 'caseworker' });
    const token = await createSession(database.db, acc.id, { now: start, mfaPassed: true });
    for (let t = 10 * MINUTE; t < 12 * HOUR; t += 10 * MINUTE) expect(await loadSession(database.db, token, at(t)), `at ${t / MINUTE} minutes`).not.toBeNull();
    expect(await loadSession(database.db, token, at(12 * HOUR))).toBeNull();
  });
});
