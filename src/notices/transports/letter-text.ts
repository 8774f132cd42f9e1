/**
 * Pure text layout helpers for letters: which shipped font shows each
 * character (runs), Burmese pre-base reordering, and the visual order of a
 * right-to-left line (a small part of the Unicode bidirectional algorithm,
 * enough for Arabic taglines with numbers and brackets). pdfkit's shaper
 * (fontkit) shapes Devanagari, Arabic and CJK itself but neither reorders
 * Burmese nor lays out right-to-left paragraphs, so letters.ts does that here.
 * The logical text always goes into the PDF's structure (ActualText), so what
 * a screen reader or a text extractor reads is the text as written.
 */

/** The fonts shipped in src/notices/fonts, by role. */
export const FONT_KEYS = ['latin', 'latinBold', 'devanagari', 'myanmar', 'arabic', 'cjk'] as const;
export type FontKey = (typeof FONT_KEYS)[number];

export interface Run {
  font: FontKey;
  text: string;
}

/**
 * Splits text into runs, each shown by one font: a character stays in the
 * current run's font when that font has it (so digits and spaces inside a
 * Devanagari sentence shape with it), otherwise it goes to the first font in
 * `order` that has it. Characters no font has are reported in `missing`.
 */
export function splitRuns(text: string, order: readonly FontKey[], has: (font: FontKey, codePoint: number) => boolean): { runs: Run[]; missing: string[] } {
  const runs: Run[] = [];
  const missing: string[] = [];
  let current = null as Run | null;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    let font: FontKey | undefined;
    if (cp < 0x20) font = current?.font ?? order[0]!;
    else if (current && has(current.font, cp)) font = current.font;
    else font = order.find((f) => has(f, cp));
    if (!font) {
      missing.push(ch);
      font = current?.font ?? order[0]!;
    }
    if (current && current.font === font) current.text += ch;
    else {
      current = { font, text: ch };
      runs.push(current);
    }
  }
  return { runs, missing };
}

const isMyanmarBase = (cp: number) => (cp >= 0x1000 && cp <= 0x102a) || cp === 0x103f || cp === 0x104e || (cp >= 0x1050 && cp <= 0x1055);
const isMyanmar = (cp: number) => (cp >= 0x1000 && cp <= 0x109f) || (cp >= 0xa9e0 && cp <= 0xa9ff) || (cp >= 0xaa60 && cp <= 0xaa7f);

/**
 * Burmese in the order its glyphs are drawn: the vowel sign E (U+1031) and
 * the medial RA (U+103C) are typed after their consonant but drawn before it
 * (E first). A shaping engine does this; fontkit has no Myanmar shaper.
 */
export function myanmarVisualOrder(text: string): string {
  const out: string[] = [];
  let start = -1;
  let prev = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (isMyanmarBase(cp) && prev !== '\u1039') {
      start = out.length;
      out.push(ch);
    } else if ((ch === '\u1031' || ch === '\u103c') && start >= 0) {
      out.splice(start, 0, ch);
    } else {
      out.push(ch);
      if (!isMyanmar(cp)) start = -1;
    }
    prev = ch;
  }
  return out.join('');
}

/** The OpenType features a Myanmar shaper applies after reordering. */
export const MYANMAR_FEATURES = ['rphf', 'pref', 'blwf', 'pstf', 'pres', 'abvs', 'blws', 'psts'];

type BidiClass = 'R' | 'L' | 'EN' | 'ES' | 'WS' | 'ON';

const RTL_LETTER = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/u;
const LETTER = /[\p{L}\p{M}]/u;

function bidiClass(ch: string): BidiClass {
  if (RTL_LETTER.test(ch)) return 'R';
  if (/[0-9\u0660-\u0669\u06f0-\u06f9]/.test(ch)) return 'EN';
  if (LETTER.test(ch)) return 'L';
  if (/[-+.,/:]/.test(ch)) return 'ES';
  if (/\s/.test(ch)) return 'WS';
  return 'ON';
}

/** True when the text's first strong character is right-to-left (Arabic, Hebrew…). */
export function isRightToLeft(text: string): boolean {
  for (const ch of text) {
    const c = bidiClass(ch);
    if (c === 'R') return true;
    if (c === 'L') return false;
  }
  return false;
}

const MIRROR: Record<string, string> = { '(': ')', ')': '(', '[': ']', ']': '[', '{': '}', '}': '{', '<': '>', '>': '<', '«': '»', '»': '«' };

export interface VisualPiece {
  /** Characters in the order they are to be drawn, left to right. */
  text: string;
  /** Right-to-left (embedding level 1): the piece holds right-to-left letters or neutrals between them. */
  rtl: boolean;
}

/**
 * The visual order of one line of a right-to-left paragraph, as pieces of
 * one direction each, left to right: strong right-to-left letters at level 1;
 * left-to-right letters and numbers (with a separator between digits, as in
 * 1-855-899-9600) at level 2; neutrals take the direction of the strong
 * characters on both sides, else the paragraph's; brackets at level 1 are
 * mirrored. (Rules W4, N1, N2, L2 and L4 of UAX #9 for a right-to-left paragraph.)
 */
export function rtlLineVisual(line: string): VisualPiece[] {
  const chars = [...line];
  const classes = chars.map(bidiClass);
  // W4: a single separator between two digits belongs to the number.
  for (let i = 1; i < classes.length - 1; i++) if (classes[i] === 'ES' && classes[i - 1] === 'EN' && classes[i + 1] === 'EN') classes[i] = 'EN';
  const strong = (c: BidiClass) => (c === 'L' ? 'L' : c === 'R' || c === 'EN' ? 'R' : null);
  const levels = classes.map((c, i) => {
    if (c === 'R') return 1;
    if (c === 'L' || c === 'EN') return 2;
    // N1/N2: a neutral between strong characters of one direction takes it (numbers count as right-to-left); else the paragraph's.
    let before: string | null = null;
    for (let j = i - 1; j >= 0 && !before; j--) before = strong(classes[j]!);
    let after: string | null = null;
    for (let j = i + 1; j < classes.length && !after; j++) after = strong(classes[j]!);
    return before === 'L' && after === 'L' ? 2 : 1;
  });
  // L2: reverse every run at level 2 or more, then everything at level 1 or more (the whole line).
  const order = chars.map((_, i) => i);
  const reverseRuns = (min: number) => {
    let i = 0;
    while (i < order.length) {
      if (levels[order[i]!]! < min) {
        i++;
        continue;
      }
      let j = i;
      while (j < order.length && levels[order[j]!]! >= min) j++;
      const slice = order.slice(i, j).reverse();
      order.splice(i, j - i, ...slice);
      i = j;
    }
  };
  reverseRuns(2);
  reverseRuns(1);
  const pieces: VisualPiece[] = [];
  for (const idx of order) {
    const rtl = levels[idx] === 1;
    const ch = rtl ? (MIRROR[chars[idx]!] ?? chars[idx]!) : chars[idx]!;
    const last = pieces.at(-1);
    if (last && last.rtl === rtl) last.text += ch;
    else pieces.push({ text: ch, rtl });
  }
  return pieces;
}
