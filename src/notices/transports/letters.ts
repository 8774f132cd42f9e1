/**
 * Letters: each is a tagged PDF (pdfkit, `tagged: true`, the document's
 * language set, headings, paragraphs and lists as structure elements, the
 * taglines marked with their own language and text), printed with the fonts
 * shipped in src/notices/fonts and a font per script within each block,
 * written into the day's print batch: `<dataDir>/print/<YYYY-MM-DD>/` holds
 * the PDFs and `batch.jsonl`, one line per letter, which the print vendor
 * takes (docs/adr/0043).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';
import type { Block } from '../html-blocks.js';
import type { TransportResult } from './email.js';
import { FONT_KEYS, isRightToLeft, MYANMAR_FEATURES, myanmarVisualOrder, rtlLineVisual, splitRuns, type FontKey, type Run } from './letter-text.js';

/**
 * The fonts letters are printed with ship in src/notices/fonts (Noto, SIL Open Font
 * License; scripts/notice-fonts.sh makes them from Debian's packages): Noto Sans for
 * Latin, Greek, Cyrillic and Vietnamese, and one font per other script of the
 * taglines. A letter never depends on the fonts of the machine it is printed on.
 */
const FONT_FILES: Record<FontKey, string> = {
  latin: 'NotoSans-Regular.ttf',
  latinBold: 'NotoSans-Bold.ttf',
  devanagari: 'NotoSansDevanagari-Regular.ttf',
  myanmar: 'NotoSansMyanmar-Regular.ttf',
  arabic: 'NotoSansArabic-Regular.ttf',
  cjk: 'NotoSansCJKtc-Subset.otf',
};
const FONT_DIR = fileURLToPath(new URL('../fonts/', import.meta.url));
const SCRIPT_FONTS: readonly FontKey[] = ['devanagari', 'myanmar', 'arabic', 'cjk'];
const REGULAR_ORDER: readonly FontKey[] = ['latin', ...SCRIPT_FONTS];
const BOLD_ORDER: readonly FontKey[] = ['latinBold', 'latin', ...SCRIPT_FONTS];

/** A parsed font (fontkit's, as pdfkit holds it): parsed once per process, shared by every letter. */
interface ParsedFont {
  hasGlyphForCodePoint(codePoint: number): boolean;
}
let parsed: Record<FontKey, ParsedFont> | null = null;

/** Registers the shipped fonts in a document by their keys; parses them the first time. */
function useShippedFonts(doc: PDFKit.PDFDocument): Record<FontKey, ParsedFont> {
  const source = (key: FontKey): PDFKit.Mixins.PDFFontSource => (parsed ? (parsed[key] as unknown as PDFKit.Mixins.PDFFontSource) : fs.readFileSync(path.join(FONT_DIR, FONT_FILES[key])));
  const fonts = {} as Record<FontKey, ParsedFont>;
  for (const key of FONT_KEYS) {
    doc.registerFont(key, source(key));
    doc.font(key);
    fonts[key] = (doc as unknown as { _font: { font: ParsedFont } })._font.font;
  }
  parsed ??= fonts;
  return parsed;
}

export interface LetterInput {
  messageId: string;
  lang: string;
  title: string;
  blocks: Block[];
  noticeType: string;
  variant: string;
}

export interface RenderedLetter {
  pdf: Buffer;
  pages: number;
  /** Blocks (by language tag) with characters none of the shipped fonts can show. */
  missingGlyphs: string[];
}

type Doc = PDFKit.PDFDocument;

/** Draws a left-to-right paragraph run by run (pdfkit continues the line across fonts and wraps it). */
function drawRuns(doc: Doc, runs: Run[], size: number, options: PDFKit.Mixins.TextOptions): void {
  runs.forEach((run, i) => {
    const myanmar = run.font === 'myanmar';
    doc.font(run.font).fontSize(size);
    doc.text(myanmar ? myanmarVisualOrder(run.text) : run.text, { ...options, ...(myanmar ? { features: MYANMAR_FEATURES as PDFKit.Mixins.OpenTypeFeatures[] } : {}), continued: i < runs.length - 1 });
  });
}

/**
 * Draws a right-to-left paragraph: words are fitted into lines in their
 * logical order, then each line is drawn in visual order, right-aligned,
 * piece by piece (fontkit shapes each Arabic word and draws it right to left).
 */
function drawRightToLeft(doc: Doc, text: string, size: number, has: (f: FontKey, cp: number) => boolean, paragraphGap: number): void {
  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const measure = (font: FontKey, s: string) => doc.font(font).fontSize(size).widthOfString(s);
  const space = measure('latin', ' ');
  const wordWidth = (word: string) => splitRuns(word, REGULAR_ORDER, has).runs.reduce((w, r) => w + measure(r.font, r.text), 0);
  const lines: string[] = [];
  let line: string[] = [];
  let used = 0;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const w = wordWidth(word);
    if (line.length && used + space + w > width) {
      lines.push(line.join(' '));
      line = [];
      used = 0;
    }
    used += (line.length ? space : 0) + w;
    line.push(word);
  }
  if (line.length) lines.push(line.join(' '));
  const reverse = (s: string) => [...s].reverse().join('');
  let y = doc.y;
  for (const l of lines) {
    // Pieces in visual order, each cut into words (spaces become gaps) and font runs, each given to the shaper in logical order.
    const chunks: Array<{ font: FontKey; text: string; width: number } | { gap: number }> = [];
    for (const piece of rtlLineVisual(l)) {
      const logical = piece.rtl ? reverse(piece.text) : piece.text;
      const runs = splitRuns(logical, REGULAR_ORDER, has).runs;
      for (const run of piece.rtl ? runs.reverse() : runs) {
        const parts = run.text.split(/( +)/).filter(Boolean);
        for (const part of piece.rtl ? parts.reverse() : parts) {
          if (part.startsWith(' ')) chunks.push({ gap: space * part.length });
          else {
            const shaped = piece.rtl && !isRightToLeft(part) ? reverse(part) : part;
            chunks.push({ font: run.font, text: shaped, width: measure(run.font, shaped) });
          }
        }
      }
    }
    const lineHeight = Math.max(...chunks.map((c) => ('font' in c ? doc.font(c.font).fontSize(size).currentLineHeight(true) : 0)), 0);
    if (y + lineHeight > doc.page.height - doc.page.margins.bottom) {
      (doc as unknown as { continueOnNewPage(): void }).continueOnNewPage();
      y = doc.page.margins.top;
    }
    let x = left + width - chunks.reduce((w, c) => w + ('gap' in c ? c.gap : c.width), 0);
    for (const c of chunks) {
      if ('gap' in c) x += c.gap;
      else {
        doc.font(c.font).fontSize(size).text(c.text, x, y, { lineBreak: false });
        x += c.width;
      }
    }
    y += lineHeight;
  }
  doc.x = left;
  doc.y = y + paragraphGap;
}

export function renderLetterPdf(letter: LetterInput): Promise<RenderedLetter> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'LETTER',
      margins: { top: 72, bottom: 72, left: 72, right: 72 },
      tagged: true,
      lang: letter.lang === 'es' ? 'es-US' : 'en-US',
      displayTitle: true,
      pdfVersion: '1.7',
      info: { Title: letter.title, Subject: letter.noticeType, Keywords: `${letter.noticeType} ${letter.variant}`, Creator: 'Candor' },
      bufferPages: true,
    });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('error', reject);
    const fonts = useShippedFonts(doc);
    const has = (f: FontKey, cp: number) => fonts[f].hasGlyphForCodePoint(cp);
    const missing = new Set<string>();

    /**
     * A block's text in its fonts; right-to-left text laid out apart. Text in another language is
     * also a marked span with its language and its text as written (ActualText), which text
     * extraction reads instead of the glyphs (drawn reordered, reversed or joined).
     */
    const draw = (text: string, opts: { size: number; bold?: boolean; gap: number; lang: string; actual?: string }) => {
      const { runs, missing: lacking } = splitRuns(text, opts.bold ? BOLD_ORDER : REGULAR_ORDER, has);
      if (lacking.length) missing.add(opts.lang);
      if (opts.actual !== undefined) doc.markContent('Span', { lang: opts.lang, actual: opts.actual } as never);
      if (isRightToLeft(text)) drawRightToLeft(doc, text, opts.size, has, opts.gap);
      else drawRuns(doc, runs, opts.size, { paragraphGap: opts.gap });
      if (opts.actual !== undefined) doc.endMarkedContent();
    };

    const root = doc.struct('Document');
    doc.addStructure(root);
    let list: PDFKit.PDFStructureElement | null = null;
    for (const block of letter.blocks) {
      if (block.kind !== 'li' && list) {
        list.end();
        list = null;
      }
      const lang = block.lang ?? letter.lang;
      // A block in another language carries its language and its text as written (ActualText): what a
      // screen reader speaks and a text extractor copies, whatever order the glyphs are drawn in.
      const options = block.lang ? { lang: block.lang, actual: block.text } : {};
      switch (block.kind) {
        case 'h1':
          root.add(doc.struct('H1', options, () => draw(block.text, { size: 16, bold: true, gap: 10, lang })));
          break;
        case 'h2':
        case 'h3':
          root.add(doc.struct('H2', options, () => draw(block.text, { size: 12.5, bold: true, gap: 4, lang })));
          break;
        case 'li': {
          if (!list) {
            list = doc.struct('L');
            root.add(list);
          }
          const item = doc.struct('LI', block.lang ? { lang: block.lang } : {});
          list.add(item);
          item.add(doc.struct('LBody', options, () => draw(`•  ${block.text}`, { size: block.lang ? 9 : 11, gap: 4, lang, ...(block.lang ? { actual: `•  ${block.text}` } : {}) })));
          item.end();
          break;
        }
        default:
          root.add(doc.struct('P', options, () => draw(block.text, { size: 11, gap: 8, lang, ...(block.lang ? { actual: block.text } : {}) })));
      }
    }
    if (list) list.end();
    root.end();
    const pages = doc.bufferedPageRange().count;
    doc.on('end', () => resolve({ pdf: Buffer.concat(chunks), pages, missingGlyphs: [...missing] }));
    doc.end();
  });
}

export interface PrintBatch {
  /**
   * Adds a letter to the day's batch; the letter is "sent" once its line is in the batch file.
   * Idempotent by message id: a letter handed over again (after a crash between the hand-over
   * and its record) answers with the line already written, on whatever day that was.
   */
  add(letter: LetterInput, localDate: string): Promise<TransportResult>;
  folder(localDate: string): string;
  /** Whether letters can be written now (the print folder is writable): the channel's health probe. */
  probe(): Promise<boolean>;
}

const MESSAGE_ID = /^[0-9a-f-]{36}$/;

export function createPrintBatch(dataDir: string): PrintBatch {
  const root = path.join(dataDir, 'print');
  const folder = (localDate: string) => path.join(root, localDate);
  // One entry per letter ever added, made with O_EXCL before its line is appended: whoever makes it writes the line.
  const entries = path.join(root, 'entered');

  /** The batch line a letter entered before, appending it if the entry was made but the line never written. */
  async function entered(letter: LetterInput, localDate: string, line: (day: string) => Promise<string>): Promise<TransportResult> {
    const ref = await fs.promises.readFile(path.join(entries, letter.messageId), 'utf8');
    const day = /^print\/(\d{4}-\d{2}-\d{2})\//.exec(ref)?.[1] ?? localDate;
    const batch = path.join(folder(day), 'batch.jsonl');
    const text = await fs.promises.readFile(batch, 'utf8').catch(() => '');
    if (!text.includes(`"messageId":"${letter.messageId}"`)) await fs.promises.appendFile(batch, await line(day));
    return { ok: true, ref };
  }

  return {
    folder,
    async probe() {
      try {
        await fs.promises.mkdir(entries, { recursive: true });
        await fs.promises.access(entries, fs.constants.W_OK);
        return true;
      } catch {
        return false;
      }
    },
    async add(letter, localDate) {
      try {
        if (!MESSAGE_ID.test(letter.messageId)) return { ok: false, permanent: true, error: 'print: bad message id' };
        const file = `${letter.messageId}.pdf`;
        const ref = `print/${localDate}/${file}`;
        let rendered: RenderedLetter | undefined;
        const line = async (day: string) => {
          rendered ??= await renderLetterPdf(letter);
          await fs.promises.mkdir(folder(day), { recursive: true });
          await fs.promises.writeFile(path.join(folder(day), file), rendered.pdf);
          return `${JSON.stringify({
            messageId: letter.messageId,
            file,
            pages: rendered.pages,
            sha256: createHash('sha256').update(rendered.pdf).digest('hex'),
            lang: letter.lang,
            notice: letter.noticeType,
            variant: letter.variant,
            ...(rendered.missingGlyphs.length ? { missingGlyphs: rendered.missingGlyphs } : {}),
            at: new Date().toISOString(),
          })}\n`;
        };
        await fs.promises.mkdir(entries, { recursive: true });
        rendered = await renderLetterPdf(letter);
        try {
          await fs.promises.writeFile(path.join(entries, letter.messageId), ref, { flag: 'wx' });
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'EEXIST') return await entered(letter, localDate, line);
          throw err;
        }
        await fs.promises.appendFile(path.join(folder(localDate), 'batch.jsonl'), await line(localDate));
        return { ok: true, ref };
      } catch (err) {
        return { ok: false, permanent: false, error: `print: ${(err as Error).message.slice(0, 80)}`, provider: true };
      }
    },
  };
}
