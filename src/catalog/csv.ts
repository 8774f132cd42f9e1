/**
 * A streaming CSV reader (RFC 4180: quoted fields, doubled quotes, newlines
 * inside quotes, CRLF or LF, a leading byte-order mark). Yields each record
 * with the line number it starts on, so a refusal can name the line.
 */
import type { Readable } from 'node:stream';

export interface CsvRecord {
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

export async function* readCsv(input: Readable | AsyncIterable<string | Buffer>): AsyncGenerator<CsvRecord> {
  const decoder = new TextDecoder('utf-8');
  let buffer = '';
  let line = 1; // line of the next character in `buffer`
  let first = true;
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let afterQuote = false;
  let recordLine = 1;
  let fieldStarted = false;

  const chunks = input as AsyncIterable<string | Buffer>;
  for await (const chunk of chunks) {
    buffer += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (first) {
      if (buffer.charCodeAt(0) === 0xfeff) buffer = buffer.slice(1);
      first = false;
    }
    let i = 0;
    const n = buffer.length;
    const records: CsvRecord[] = [];
    while (i < n) {
      if (inQuotes) {
        const q = buffer.indexOf('"', i);
        if (q < 0) {
          const piece = buffer.slice(i);
          field += piece;
          line += countNewlines(piece);
          i = n;
          break;
        }
        if (q + 1 >= n) {
          // Cannot tell a closing quote from a doubled one yet: keep the rest for the next chunk.
          const piece = buffer.slice(i, q);
          field += piece;
          line += countNewlines(piece);
          i = q;
          break;
        }
        const piece = buffer.slice(i, q);
        field += piece;
        line += countNewlines(piece);
        if (buffer[q + 1] === '"') {
          field += '"';
          i = q + 2;
        } else {
          inQuotes = false;
          afterQuote = true;
          i = q + 1;
        }
        continue;
      }
      // Fast path: an unquoted stretch up to the next delimiter.
      const c = buffer.charCodeAt(i);
      if (c === 44 /* , */) {
        fields.push(field);
        field = '';
        afterQuote = false;
        fieldStarted = true;
        i++;
      } else if (c === 10 /* \n */ || c === 13 /* \r */) {
        if (c === 13) {
          if (i + 1 >= n) break; // wait for the LF that may follow
          if (buffer.charCodeAt(i + 1) === 10) i++;
        }
        i++;
        if (fieldStarted || field.length > 0 || fields.length > 0 || afterQuote) {
          fields.push(field);
          records.push({ line: recordLine, fields });
        }
        fields = [];
        field = '';
        afterQuote = false;
        fieldStarted = false;
        line++;
        recordLine = line;
      } else if (c === 34 /* " */) {
        if (field.length > 0 || afterQuote) throw new CsvSyntaxError(line, 'a quote inside an unquoted field');
        inQuotes = true;
        fieldStarted = true;
        i++;
      } else {
        if (afterQuote) throw new CsvSyntaxError(line, 'text after a closing quote');
        let j = i + 1;
        while (j < n) {
          const d = buffer.charCodeAt(j);
          if (d === 44 || d === 10 || d === 13 || d === 34) break;
          j++;
        }
        field += buffer.slice(i, j);
        fieldStarted = true;
        i = j;
      }
    }
    buffer = buffer.slice(i);
    for (const r of records) yield r;
  }
  buffer += decoder.decode();
  if (inQuotes) throw new CsvSyntaxError(recordLine, 'a quoted field is never closed');
  if (buffer.length) {
    // Only a lone CR (or nothing) can be left here.
    field += buffer.replace(/\r$/, '');
  }
  if (fieldStarted || field.length > 0 || fields.length > 0 || afterQuote) {
    fields.push(field);
    yield { line: recordLine, fields };
  }
}

function countNewlines(s: string): number {
  let count = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) count++;
  return count;
}

/** Quotes a value for CSV output when it needs it. */
export function csvField(value: string | number | null | undefined): string {
  const s = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: ReadonlyArray<string | number | null | undefined>): string {
  return values.map(csvField).join(',') + '\n';
}
