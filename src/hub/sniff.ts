/**
 * What a file really is, from its first bytes (magic numbers), whatever name
 * or type the browser gave it. Only these types are accepted as documents.
 */
export type DocumentMediaType = 'application/pdf' | 'image/jpeg' | 'image/png';

export const MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;

export function sniff(content: Buffer): DocumentMediaType | null {
  if (content.length >= 5 && content.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (content.length >= 8 && content.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (content.length >= 3 && content[0] === 0xff && content[1] === 0xd8 && content[2] === 0xff) return 'image/jpeg';
  return null;
}

export type DocumentCheck = { ok: true; mediaType: DocumentMediaType } | { ok: false; messageKey: 'hub.errors.documentEmpty' | 'hub.errors.documentTooLarge' | 'hub.errors.documentType' };

export function checkDocument(content: Buffer, truncated = false): DocumentCheck {
  if (content.length === 0) return { ok: false, messageKey: 'hub.errors.documentEmpty' };
  if (truncated || content.length > MAX_DOCUMENT_BYTES) return { ok: false, messageKey: 'hub.errors.documentTooLarge' };
  const mediaType = sniff(content);
  return mediaType ? { ok: true, mediaType } : { ok: false, messageKey: 'hub.errors.documentType' };
}
