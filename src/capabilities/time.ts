/** Pure: date-times as operators type them, in the state's time zone. */

/** Minutes the zone is ahead of UTC at an instant. */
function offsetMinutes(at: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * "2026-11-27T14:30" (a datetime-local field: wall time in `timeZone`) or a full
 * ISO 8601 instant with Z or an offset. Null when it is neither.
 */
export function parseDateTime(value: string | undefined | null, timeZone: string): Date | null {
  const text = (value ?? '').trim();
  if (!text) return null;
  const m = LOCAL.exec(text);
  if (m) {
    const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
    if (mo! < 1 || mo! > 12 || d! < 1 || d! > 31 || h! > 23 || mi! > 59) return null;
    const wall = Date.UTC(y!, mo! - 1, d!, h!, mi!, s || 0);
    // Two passes settle the offset across a daylight-saving change.
    let guess = wall - offsetMinutes(new Date(wall), timeZone) * 60_000;
    guess = wall - offsetMinutes(new Date(guess), timeZone) * 60_000;
    return new Date(guess);
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(text)) return null;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** The value of a datetime-local field showing `at` in `timeZone`: "2026-11-27T14:30". */
export function toLocalInput(at: Date, timeZone: string): string {
  const shifted = new Date(at.getTime() + offsetMinutes(at, timeZone) * 60_000);
  return shifted.toISOString().slice(0, 16);
}
