import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_DOCUMENT_BYTES, checkDocument, sniff } from './sniff.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

describe('documents are recognised by their content', () => {
  it('knows PDF, PNG and JPEG by their first bytes', () => {
    expect(sniff(Buffer.from('%PDF-1.7\n...'))).toBe('application/pdf');
    expect(sniff(PNG)).toBe('image/png');
    expect(sniff(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]))).toBe('image/jpeg');
  });
  it('refuses anything else, whatever it is called', () => {
    expect(sniff(Buffer.from('<html><script>alert(1)</script>'))).toBeNull();
    expect(sniff(Buffer.from('MZ\x90\x00'))).toBeNull();
    expect(checkDocument(Buffer.from('GIF89a'))).toEqual({ ok: false, messageKey: 'hub.errors.documentType' });
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), (bytes) => {
        const b = Buffer.from(bytes);
        const t = sniff(b);
        return t === null || (t === 'application/pdf' && b.subarray(0, 5).toString('latin1') === '%PDF-') || (t === 'image/png' && b[0] === 0x89) || (t === 'image/jpeg' && b[0] === 0xff);
      }),
    );
  });
  it('refuses empty and oversized files', () => {
    expect(checkDocument(Buffer.alloc(0))).toEqual({ ok: false, messageKey: 'hub.errors.documentEmpty' });
    expect(checkDocument(Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(MAX_DOCUMENT_BYTES)]))).toEqual({ ok: false, messageKey: 'hub.errors.documentTooLarge' });
    expect(checkDocument(Buffer.from('%PDF-1.4'), true)).toEqual({ ok: false, messageKey: 'hub.errors.documentTooLarge' });
    expect(checkDocument(Buffer.from('%PDF-1.4'))).toEqual({ ok: true, mediaType: 'application/pdf' });
  });
});
