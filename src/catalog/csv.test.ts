import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, csvLine, readCsv } from './csv.js';

async function all(chunks: string[]) {
  const out = [];
  for await (const r of readCsv(Readable.from(chunks))) out.push(r);
  return out;
}

describe('the CSV reader', () => {
  it('reads quoted fields, doubled quotes, newlines in quotes and CRLF, with line numbers', async () => {
    const text = '\ufeffa,b,c\r\n1,"two, ""2""",3\r\n"multi\nline",x,\n\nlast,row,end';
    expect(await all([text])).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', 'two, "2"', '3'] },
      { line: 3, fields: ['multi\nline', 'x', ''] },
      { line: 6, fields: ['last', 'row', 'end'] },
    ]);
  });

  it('reads the same records whatever the chunk boundaries', async () => {
    const records = fc.array(fc.array(fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r', ' ', 'é') }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 });
    await fc.assert(
      fc.asyncProperty(records, fc.array(fc.integer({ min: 1, max: 7 }), { maxLength: 20 }), async (rows, cuts) => {
        const nonEmpty = rows.filter((r) => !(r.length === 1 && r[0] === ''));
        const text = nonEmpty.map((r) => csvLine(r)).join('');
        const chunks: string[] = [];
        let at = 0;
        for (const c of cuts) {
          chunks.push(text.slice(at, at + c));
          at += c;
        }
        chunks.push(text.slice(at));
        const got = (await all(chunks)).map((r) => r.fields);
        expect(got).toEqual(nonEmpty);
      }),
    );
  });

  it('refuses broken quoting with the line number', async () => {
    await expect(all(['a,b\n1,"open\n2,3\n'])).rejects.toMatchObject({ line: 2 });
    await expect(all(['a,b\n1,x"y\n'])).rejects.toBeInstanceOf(CsvSyntaxError);
    await expect(all(['a,b\n1,"x"y\n'])).rejects.toMatchObject({ line: 2 });
  });
});
