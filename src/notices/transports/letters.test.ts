/**
 * Letters print every tagline with the fonts shipped in the repository: a
 * formal notice with all 15 Vermont taglines has no missing glyphs, embeds a
 * font per script, and its structure marks each tagline with its language and
 * its text as written. Also the pure layout helpers (runs, Burmese order,
 * right-to-left lines).
 */
import { describe, expect, it } from 'vitest';
import '../../app/modules.js';
import { vermont } from '../../states/vt.js';
import '../../app/notice-types.js'; // the notice types every module declares, as in the assembled exchange
import { NOTICE_TYPES } from '../catalogue.js';
import { renderNotice } from '../render.js';
import { STATE_TAGLINE_LANGUAGES, taglinesFor, TAGLINES } from '../taglines.js';
import { myanmarVisualOrder, rtlLineVisual, splitRuns, type FontKey } from './letter-text.js';
import { renderLetterPdf } from './letters.js';

/** Reads a PDF literal string from its opening bracket (pdfkit escapes \n \r \t \b \f \\ \( \)). */
function literalAt(pdf: string, open: number): string {
  let out = '';
  for (let i = open + 1; i < pdf.length; i++) {
    const c = pdf[i]!;
    if (c === ')') break;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = pdf[++i]!;
    out += ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' } as Record<string, string>)[n] ?? n;
  }
  if (out.startsWith('\xfe\xff')) {
    let text = '';
    for (let i = 2; i + 1 < out.length; i += 2) text += String.fromCharCode((out.charCodeAt(i) << 8) | out.charCodeAt(i + 1));
    return text;
  }
  return out;
}

/** The structure elements of a PDF (pdfkit writes them as plain objects): type, language, ActualText. */
function structureElements(pdf: string): Array<{ type: string; lang?: string; actual?: string }> {
  const out: Array<{ type: string; lang?: string; actual?: string }> = [];
  const re = /\d+ 0 obj\s*<<\s*\/S \/(\w+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(pdf))) {
    const end = pdf.indexOf('endobj', m.index);
    const body = pdf.slice(m.index, end);
    const field = (name: string) => {
      const at = body.indexOf(`/${name} (`);
      return at < 0 ? undefined : literalAt(pdf, m!.index + at + name.length + 2);
    };
    out.push({ type: m[1]!, lang: field('Lang'), actual: field('ActualText') });
  }
  return out;
}

function formalLetter(lang: 'en' | 'es') {
  const notice = NOTICE_TYPES['termination-warning']!;
  const rendered = renderNotice({
    notice,
    data: notice.example,
    lang,
    channel: 'letter',
    variant: 'pay-by-phone-or-mail',
    firstName: 'Rosa',
    profile: vermont,
    now: new Date('2026-10-14T15:00:00Z'),
    link: () => 'https://candor.localhost/l/abc',
    letter: { fullName: 'Rosa Núñez', address: { lines: ['1 Main St'], city: 'Barre', state: 'VT', zip: '05641' }, shortCode: 'K7QM-4XPD' },
    reference: 'VHC-7Q4K-2M9D',
  });
  return renderLetterPdf({ messageId: 'test', lang, title: rendered.subject, blocks: rendered.blocks, noticeType: notice.id, variant: 'pay-by-phone-or-mail' });
}

describe('letters', () => {
  it.each(['en', 'es'] as const)('show all 15 taglines with the shipped fonts, each marked with its language and text (%s)', async (lang) => {
    const letter = await formalLetter(lang);
    expect(letter.missingGlyphs).toEqual([]);
    const pdf = letter.pdf.toString('latin1');
    expect(pdf).toContain('/StructTreeRoot');
    expect(pdf).toMatch(/\/MarkInfo/);
    expect(pdf).toContain(`/Lang (${lang}-US)`);
    // A font per script, all from src/notices/fonts (none from the system).
    const fonts = [...pdf.matchAll(/\/BaseFont \/[A-Z]{6}\+([\w-]+)/g)].map((x) => x[1]);
    for (const name of ['NotoSans-Regular', 'NotoSans-Bold', 'NotoSansDevanagari-Regular', 'NotoSansMyanmar-Regular', 'NotoSansArabic-Regular', 'NotoSansCJKtc-Regular']) expect(fonts).toContain(name);
    expect(fonts.filter((f) => !f!.startsWith('NotoSans'))).toEqual([]);

    const elements = structureElements(pdf);
    const line = vermont.phoneLines.customerSupport;
    const taglines = taglinesFor('vt', line.number, line.tty ?? '711');
    expect(taglines).toHaveLength(15);
    expect(taglines.map((t) => t.lang)).toEqual(STATE_TAGLINE_LANGUAGES.vt!.map((c) => TAGLINES[c]!.lang));
    for (const t of taglines) {
      const body = elements.find((e) => e.type === 'LBody' && e.lang === t.lang);
      expect(body, `tagline ${t.lang}`).toBeDefined();
      expect(body!.actual).toBe(t.text);
      expect(elements.some((e) => e.type === 'LI' && e.lang === t.lang)).toBe(true);
    }
  });

  it('lists a block whose characters no shipped font has', async () => {
    const letter = await renderLetterPdf({
      messageId: 'test',
      lang: 'en',
      title: 'Test',
      blocks: [
        { kind: 'h1', text: 'Test' },
        { kind: 'li', text: 'ყურადღება: თუ ქართულად ლაპარაკობთ', lang: 'ka' },
        { kind: 'li', text: 'ध्यान दिनुहोस्', lang: 'ne' },
      ],
      noticeType: 'test',
      variant: 'test',
    });
    expect(letter.missingGlyphs).toEqual(['ka']);
  });
});

describe('letter text layout', () => {
  const fonts: Record<FontKey, RegExp> = {
    latin: /[\u0000-\u024f]/,
    latinBold: /[\u0000-\u024f]/,
    devanagari: /[\u0900-\u097f0-9 ]/,
    myanmar: /[\u1000-\u109f ]/,
    arabic: /[\u0600-\u06ff0-9 .:-]/,
    cjk: /[\u4e00-\u9fff\uff00-\uffef ]/,
  };
  const has = (f: FontKey, cp: number) => fonts[f].test(String.fromCodePoint(cp));

  it('keeps digits and spaces in the run of the script around them, and switches font for letters the run’s font lacks', () => {
    const { runs, missing } = splitRuns('फोन 1-855 (TTY: 711)', ['latin', 'devanagari', 'myanmar', 'arabic', 'cjk'], has);
    expect(runs).toEqual([
      { font: 'devanagari', text: 'फोन 1' },
      { font: 'latin', text: '-855 (TTY: 711)' },
    ]);
    expect(missing).toEqual([]);
    expect(splitRuns('ქ', ['latin'], has).missing).toEqual(['ქ']);
  });

  it('draws the Burmese vowel sign E and medial RA before their consonant', () => {
    expect(myanmarVisualOrder('ပြော')).toBe('\u1031\u103cပ\u102c');
    expect(myanmarVisualOrder('ပေး')).toBe('\u1031ပ\u1038');
    expect(myanmarVisualOrder('သတိ')).toBe('သတိ');
  });

  it('orders a right-to-left line: Arabic words right to left, numbers left to right, brackets mirrored', () => {
    // "call 1-855 (TTY: 711)." with Arabic words a, b standing in: اتصل 1-855 (ب: 711).
    const pieces = rtlLineVisual('اتصل 1-855 (ب: 711).');
    expect(pieces).toEqual([
      { text: '.(', rtl: true },
      { text: '711', rtl: false },
      { text: ' :ب) ', rtl: true },
      { text: '1-855', rtl: false },
      { text: ' لصتا', rtl: true },
    ]);
  });
});

describe('the print batch', () => {
  it('takes a letter once by its message id: handed over again (after a crash, on another day) it answers with the line already written', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const { randomUUID } = await import('node:crypto');
    const { createPrintBatch } = await import('./letters.js');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'candor-print-'));
    try {
      const batch = createPrintBatch(dir);
      expect(await batch.probe()).toBe(true);
      const letter = { messageId: randomUUID(), lang: 'en', title: 'Your bill', blocks: [{ kind: 'p', text: 'Hello' }], noticeType: 'invoice-ready', variant: 'pay-online' } as unknown as Parameters<
        typeof batch.add
      >[0];
      const first = await batch.add(letter, '2026-10-14');
      const again = await batch.add(letter, '2026-10-15');
      expect(first).toEqual({ ok: true, ref: `print/2026-10-14/${letter.messageId}.pdf` });
      expect(again).toEqual(first);
      const lines = (day: string) =>
        fs.existsSync(path.join(dir, 'print', day, 'batch.jsonl'))
          ? fs
              .readFileSync(path.join(dir, 'print', day, 'batch.jsonl'), 'utf8')
              .trim()
              .split('\n')
              .filter(Boolean)
          : [];
      expect(lines('2026-10-14')).toHaveLength(1);
      expect(lines('2026-10-15')).toHaveLength(0);
      // Entered but its line never written (the process died in between): the next hand-over writes it, once.
      const other = { ...letter, messageId: randomUUID() };
      fs.writeFileSync(path.join(dir, 'print', 'entered', other.messageId), `print/2026-10-14/${other.messageId}.pdf`);
      expect(await batch.add(other, '2026-10-15')).toEqual({ ok: true, ref: `print/2026-10-14/${other.messageId}.pdf` });
      expect(await batch.add(other, '2026-10-15')).toEqual({ ok: true, ref: `print/2026-10-14/${other.messageId}.pdf` });
      expect(lines('2026-10-14')).toHaveLength(2);
      expect(fs.existsSync(path.join(dir, 'print', '2026-10-14', `${other.messageId}.pdf`))).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
