import { describe, expect, it } from 'vitest';
import { parseMultipart } from './multipart-form.js';

describe('the multipart reader', () => {
  it('reads what a browser sends: fields and a file', async () => {
    const fd = new FormData();
    fd.append('_csrf', 'token-1');
    fd.append('file', new Blob(['batch_id,sequence\nB1,1\n'], { type: 'text/csv' }), 'box.csv');
    const req = new Request('http://x/', { method: 'POST', body: fd });
    const body = Buffer.from(await req.arrayBuffer());
    const form = parseMultipart(body, req.headers.get('content-type')!);
    expect(form?.fields).toEqual({ _csrf: 'token-1' });
    expect(form?.files.file?.filename).toBe('box.csv');
    expect(form?.files.file?.content.toString()).toBe('batch_id,sequence\nB1,1\n');
  });
  it('refuses what is not multipart', () => {
    expect(parseMultipart(Buffer.from('a=b'), 'multipart/form-data')).toBeNull();
    expect(parseMultipart(Buffer.from('no delimiter here'), 'multipart/form-data; boundary=xyz')).toBeNull();
  });
});
