/**
 * Letters: each is a tagged PDF (pdfkit, `tagged: true`, the document's
 * language set, headings, paragraphs and lists as structure elements, the
 * taglines marked with their own language), written into the day's print
 * batch: `<dataDir>/print/<YYYY-MM-DD>/` holds the PDFs and `batch.jsonl`,
 * one line per letter, which the print vendor takes (docs/adr/0043).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import PDFDocument from 'pdfkit';
import type { Block } from '../html-blocks.js';
import type { TransportResult } from './email.js';

/** A Unicode font shipped with the system, when there is one (the built-in Helvetica covers Latin-1 only). */
const FONT_CANDIDATES = [
  ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf'],
  ['/usr/share/fonts/TTF/DejaVuSans.ttf', '/usr/share/fonts/TTF/DejaVuSans-Bold.ttf'],
] as const;
let fonts: { regular: string; bold: string } | null | undefined;
function unicodeFonts(): { regular: string; bold: string } | null {
  if (fonts === undefined) {
    const found = FONT_CANDIDATES.find(([r, b]) => fs.existsSync(r) && fs.existsSync(b));
    fonts = found ? { regular: found[0], bold: found[1] } : null;
  }
  return fonts;
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
  /** Blocks whose characters the embedded font cannot show (by language tag). */
  missingGlyphs: string[];
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
    const f = unicodeFonts();
    const regular = f?.regular ?? 'Helvetica';
    const bold = f?.bold ?? 'Helvetica-Bold';
    doc.font(regular);
    const missing = new Set<string>();
    const fontHas = (text: string): boolean => {
      const font = (doc as unknown as { _font: { font?: { hasGlyphForCodePoint(cp: number): boolean } } })._font.font;
      if (!font) return [...text].every((ch) => ch.codePointAt(0)! < 256);
      return [...text].every((ch) => ch.codePointAt(0)! < 32 || font.hasGlyphForCodePoint(ch.codePointAt(0)!));
    };

    const root = doc.struct('Document');
    doc.addStructure(root);
    let list: PDFKit.PDFStructureElement | null = null;
    for (const block of letter.blocks) {
      if (block.kind !== 'li' && list) {
        list.end();
        list = null;
      }
      const options = block.lang ? { lang: block.lang } : {};
      if (block.lang && !fontHas(block.text)) missing.add(block.lang);
      switch (block.kind) {
        case 'h1':
          root.add(doc.struct('H1', options, () => doc.font(bold).fontSize(16).text(block.text, { paragraphGap: 10 }).font(regular)));
          break;
        case 'h2':
        case 'h3':
          root.add(doc.struct('H2', options, () => doc.font(bold).fontSize(12.5).text(block.text, { paragraphGap: 4 }).font(regular)));
          break;
        case 'li': {
          if (!list) {
            list = doc.struct('L');
            root.add(list);
          }
          const item = doc.struct('LI', options);
          list.add(item);
          item.add(doc.struct('LBody', options, () => doc.fontSize(block.lang ? 9 : 11).text(`•  ${block.text}`, { indent: 0, paragraphGap: 4, features: [] })));
          item.end();
          break;
        }
        default:
          root.add(doc.struct('P', options, () => doc.fontSize(11).text(block.text, { paragraphGap: 8 })));
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
  /** Adds a letter to the day's batch; the letter is "sent" once its line is in the batch file. */
  add(letter: LetterInput, localDate: string): Promise<TransportResult>;
  folder(localDate: string): string;
}

export function createPrintBatch(dataDir: string): PrintBatch {
  const folder = (localDate: string) => path.join(dataDir, 'print', localDate);
  return {
    folder,
    async add(letter, localDate) {
      try {
        const rendered = await renderLetterPdf(letter);
        const dir = folder(localDate);
        await fs.promises.mkdir(dir, { recursive: true });
        const file = `${letter.messageId}.pdf`;
        await fs.promises.writeFile(path.join(dir, file), rendered.pdf);
        const line = {
          messageId: letter.messageId,
          file,
          pages: rendered.pages,
          sha256: createHash('sha256').update(rendered.pdf).digest('hex'),
          lang: letter.lang,
          notice: letter.noticeType,
          variant: letter.variant,
          ...(rendered.missingGlyphs.length ? { missingGlyphs: rendered.missingGlyphs } : {}),
          at: new Date().toISOString(),
        };
        await fs.promises.appendFile(path.join(dir, 'batch.jsonl'), `${JSON.stringify(line)}\n`);
        return { ok: true, ref: `print/${localDate}/${file}` };
      } catch (err) {
        return { ok: false, permanent: false, error: `print: ${(err as Error).message.slice(0, 80)}` };
      }
    },
  };
}
