/** Pure rules for opening hours in a state's time zone. */
import type { Lang, PhoneLine } from './profile.js';

export interface LocalTime {
  date: string; // YYYY-MM-DD
  weekday: 1 | 2 | 3 | 4 | 5 | 6 | 7;
  minutes: number; // since local midnight
}

/** Building a DateTimeFormat is costly; one per time zone is kept. */
const formats = new Map<string, Intl.DateTimeFormat>();
function formatFor(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      weekday: 'short',
    });
    formats.set(timeZone, format);
  }
  return format;
}

export function localTime(at: Date, timeZone: string): LocalTime {
  const parts = Object.fromEntries(
    formatFor(timeZone)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const weekdays = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 } as const;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: weekdays[parts.weekday as keyof typeof weekdays],
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export type LineNow = { open: true; closes: string } | { open: false; opensNext?: { weekday: number; opens: string } };

/** Whether a phone line is open at an instant, and until when. */
export function lineNow(line: PhoneLine, at: Date, timeZone: string): LineNow {
  const t = localTime(at, timeZone);
  const today = line.hours[t.weekday];
  if (today && !line.closedOn.includes(t.date) && t.minutes >= toMinutes(today.opens) && t.minutes < toMinutes(today.closes)) {
    return { open: true, closes: today.closes };
  }
  for (let i = 1; i <= 7; i++) {
    const wd = (((t.weekday - 1 + i) % 7) + 1) as LocalTime['weekday'];
    const h = line.hours[wd];
    if (h) return { open: false, opensNext: { weekday: wd, opens: h.opens } };
  }
  return { open: false };
}

/** "5 pm" / "5 p. m."; "8:30 am". */
export function formatClock(hhmm: string, lang: Lang): string {
  const h = Number(hhmm.slice(0, 2));
  const m = hhmm.slice(3, 5);
  const h12 = h % 12 === 0 ? 12 : h % 12;
  const suffix = lang === 'es' ? (h < 12 ? 'a. m.' : 'p. m.') : h < 12 ? 'am' : 'pm';
  return m === '00' ? `${h12} ${suffix}` : `${h12}:${m} ${suffix}`;
}

const DAY_NAMES: Record<Lang, string[]> = {
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
  es: ['lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado', 'domingo'],
};

/** A line's weekly hours as text: "Monday–Friday 8 am–5 pm; Saturday 9 am–1 pm". */
export function describeHours(line: PhoneLine, lang: Lang): string {
  const groups: Array<{ from: number; to: number; span: string }> = [];
  for (let d = 1 as 1 | 2 | 3 | 4 | 5 | 6 | 7; d <= 7; d = (d + 1) as typeof d) {
    const h = line.hours[d];
    if (!h) continue;
    const span = `${formatClock(h.opens, lang)}–${formatClock(h.closes, lang)}`;
    const last = groups[groups.length - 1];
    if (last && last.span === span && last.to === d - 1) last.to = d;
    else groups.push({ from: d, to: d, span });
  }
  const names = DAY_NAMES[lang];
  return groups.map((g) => `${names[g.from - 1]}${g.to !== g.from ? `–${names[g.to - 1]}` : ''} ${g.span}`).join('; ');
}
