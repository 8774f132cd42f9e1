/**
 * A small multipart/form-data reader for the lockbox upload, used as the
 * content-type parser so the fields (the CSRF token among them) are in the
 * body before the server's CSRF check runs (it runs before route hooks,
 * where @fastify/multipart would read the stream).
 */
export interface MultipartForm {
  fields: Record<string, string>;
  files: Record<string, { filename: string; content: Buffer }>;
}

export function parseMultipart(body: Buffer, contentType: string): MultipartForm | null {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = m?.[1] ?? m?.[2];
  if (!boundary) return null;
  const delimiter = Buffer.from(`--${boundary}`);
  const form: MultipartForm = { fields: {}, files: {} };
  let start = body.indexOf(delimiter);
  if (start < 0) return null;
  for (;;) {
    start += delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, start);
    if (next < 0) return null;
    // Each part: CRLF, headers, CRLF CRLF, content, CRLF.
    const part = body.subarray(start + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) return null;
    const headers = part.subarray(0, split).toString('utf8');
    const content = part.subarray(split + 4);
    const disposition = /content-disposition:\s*form-data;([^\r\n]*)/i.exec(headers)?.[1] ?? '';
    const name = /\bname="([^"]*)"/.exec(disposition)?.[1];
    const filename = /\bfilename="([^"]*)"/.exec(disposition)?.[1];
    if (name !== undefined) {
      if (filename !== undefined) form.files[name] = { filename, content };
      else form.fields[name] = content.toString('utf8');
    }
    start = next;
  }
  return form;
}
