/**
 * Named audiences for campaigns. Modules register theirs (billing: "invoices
 * due this month"); the built-in demo audience works without any other module.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Tx } from '../platform/database.js';
import type { Localized } from '../states/profile.js';
import type { NoticeDeclaration } from './declaration.js';
import { localTime } from '../states/hours.js';

export interface AudienceMember {
  recipientId: string;
  data: unknown;
}

export interface Audience {
  name: string;
  label: Localized;
  /** Which notice types it can feed (their data must come from somewhere). */
  supports(notice: NoticeDeclaration): boolean;
  /** The members with each one's notice data, in pages. */
  members(tx: Tx, notice: NoticeDeclaration, at: { now: Date; timeZone: string }): AsyncIterable<AudienceMember[]>;
}

const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Demo data for a notice type: its example with the dates moved so the
 * earliest falls 9 days from today, and amounts varied per person — all of a
 * person's amounts multiplied by the same whole number, so amounts that add
 * up in the example (premium = credit + amount due) still add up.
 */
export function demoData(notice: NoticeDeclaration, seed: number, today: string): Record<string, unknown> {
  const example = notice.example as Record<string, unknown>;
  const dates = Object.values(example).filter((v): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v));
  const earliest = dates.sort()[0];
  const shift = earliest ? Math.round((Date.parse(`${addDays(today, 9)}T12:00:00Z`) - Date.parse(`${earliest}T12:00:00Z`)) / 86_400_000) : 0;
  const times = 1 + (seed % 7);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(example)) {
    if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) out[k] = k === 'coverageMonth' ? `${addDays(v, shift).slice(0, 7)}-01` : addDays(v, shift);
    else if (typeof v === 'number' && k.endsWith('Cents')) out[k] = v * times;
    else out[k] = v;
  }
  return out;
}

function hashSeed(id: string): number {
  let h = 0;
  for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h;
}

function recipientsAudience(name: string, label: Localized, where: ReturnType<typeof sql>): Audience {
  return {
    name,
    label,
    supports: () => true,
    async *members(tx, notice, at) {
      const today = localTime(at.now, at.timeZone).date;
      let after = '00000000-0000-0000-0000-000000000000';
      for (;;) {
        const page = await tx.execute<{ id: string }>(sql`SELECT id FROM notice_recipients WHERE ${where} AND id > ${after} ORDER BY id LIMIT 2000`);
        if (!page.rows.length) return;
        yield page.rows.map((r) => ({ recipientId: r.id, data: demoData(notice, hashSeed(r.id), today) }));
        after = page.rows[page.rows.length - 1]!.id;
      }
    },
  };
}

export const DEMO_AUDIENCE = recipientsAudience('demo-enrollees', { en: 'Demo enrollees (seeded)', es: 'Inscritos de demostración (sembrados)' }, sql`demo`);

export const ALL_RECIPIENTS_AUDIENCE = recipientsAudience(
  'all-recipients',
  { en: 'Everyone we send notices to (demo data per notice)', es: 'Todas las personas a quienes enviamos avisos (datos de demostración)' },
  sql`true`,
);

const FIRST_NAMES = ['Ana', 'Ben', 'Carmen', 'Dev', 'Elena', 'Farid', 'Grace', 'Hector', 'Ines', 'Jon', 'Kira', 'Luis', 'Maya', 'Nils', 'Olga', 'Pedro'];

/**
 * Seeds `n` demo recipients (idempotent up to n): every third prefers paper
 * (with an address), the others electronic; every fifth opted in to texts;
 * every fourth reads Spanish.
 */
export async function seedDemoRecipients(tx: Tx, n: number, opts: { now: Date; electronicShare?: 'default' | 'all-email' } = { now: new Date() }): Promise<number> {
  const existing = await tx.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM notice_recipients WHERE demo`);
  const have = existing.rows[0]?.n ?? 0;
  const rows: Array<Record<string, unknown>> = [];
  for (let i = have; i < n; i++) {
    const paper = opts.electronicShare !== 'all-email' && i % 3 === 2;
    rows.push({
      id: randomUUID(),
      first_name: FIRST_NAMES[i % FIRST_NAMES.length],
      last_name: `Demo${i}`,
      language: i % 4 === 3 ? 'es' : 'en',
      email: `demo${i}@example.test`,
      phone: opts.electronicShare !== 'all-email' && i % 5 === 4 ? `+1802555${String(i % 10_000).padStart(4, '0')}` : null,
      mailing_address: { lines: [`${100 + (i % 900)} Demo Street`], city: 'Montpelier', state: 'VT', zip: '05602' },
      delivery: paper ? 'paper' : 'electronic',
      texts_opt_in: opts.electronicShare !== 'all-email' && i % 5 === 4,
    });
  }
  for (let i = 0; i < rows.length; i += 2000) {
    const chunk = rows.slice(i, i + 2000);
    await tx.execute(sql`
      INSERT INTO notice_recipients (id, first_name, last_name, language, email, phone, mailing_address, delivery, texts_opt_in, demo, created_at, updated_at)
      SELECT x.id, x.first_name, x.last_name, x.language, x.email, x.phone, x.mailing_address, x.delivery, x.texts_opt_in, true, ${opts.now}, ${opts.now}
      FROM jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) AS x(id uuid, first_name text, last_name text, language text, email text, phone text, mailing_address jsonb, delivery text, texts_opt_in boolean)`);
  }
  return rows.length;
}
