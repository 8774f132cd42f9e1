/**
 * Turns the HTML our notice components render into plain blocks, for the
 * text part of an email, text messages and the PDF letter. It reads only
 * the small, well-formed HTML that render.tsx produces.
 */
export type BlockKind = 'h1' | 'h2' | 'h3' | 'p' | 'li' | 'address';

export interface Block {
  kind: BlockKind;
  text: string;
  /** Language of the block when it differs from the document's (taglines). */
  lang?: string;
  /** Bold runs are not kept; a block is plain text. Links keep their URL after the text. */
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'", '#x27': "'" };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return ENTITIES[name] ?? whole;
  });
}

const BLOCK_TAGS = new Set(['h1', 'h2', 'h3', 'p', 'li', 'address']);

export function htmlToBlocks(html: string): Block[] {
  const blocks: Block[] = [];
  const re = /<(\/?)([a-z0-9]+)([^>]*)>|([^<]+)/gi;
  let current: { kind: BlockKind; parts: string[]; lang?: string } | null = null;
  let href: string | null = null;
  let linkText = '';
  let m: RegExpExecArray | null;
  while ((m = re.exec(html))) {
    const [, closing, rawTag, attrs, text] = m;
    if (text !== undefined) {
      const t = decodeEntities(text);
      if (href !== null) linkText += t;
      else current?.parts.push(t);
      continue;
    }
    const tag = rawTag!.toLowerCase();
    if (tag === 'br' && current) current.parts.push('\n');
    else if (tag === 'a') {
      if (!closing) {
        href = /href="([^"]*)"/.exec(attrs ?? '')?.[1] ?? '';
        linkText = '';
      } else if (href !== null) {
        const url = decodeEntities(href);
        current?.parts.push(linkText.trim() && linkText.trim() !== url ? `${linkText.trim()}: ${url}` : url);
        href = null;
      }
    } else if (BLOCK_TAGS.has(tag)) {
      if (!closing) {
        if (current && current.parts.join('').trim()) blocks.push(finish(current));
        const lang = /lang="([^"]*)"/.exec(attrs ?? '')?.[1];
        current = { kind: tag as BlockKind, parts: [], ...(lang ? { lang } : {}) };
      } else if (current && current.kind === tag) {
        if (current.parts.join('').trim()) blocks.push(finish(current));
        current = null;
      }
    }
  }
  if (current && current.parts.join('').trim()) blocks.push(finish(current));
  return blocks;
}

function finish(b: { kind: BlockKind; parts: string[]; lang?: string }): Block {
  const text = b.parts
    .join('')
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
  return b.lang ? { kind: b.kind, text, lang: b.lang } : { kind: b.kind, text };
}

/** Plain text of blocks: headings underlined, list items bulleted. */
export function blocksToText(blocks: Block[]): string {
  return blocks
    .map((b) => {
      if (b.kind === 'h1') return `${b.text}\n${'='.repeat(Math.min(b.text.length, 60))}`;
      if (b.kind === 'h2' || b.kind === 'h3') return `${b.text}\n${'-'.repeat(Math.min(b.text.length, 60))}`;
      if (b.kind === 'li') return `- ${b.text}`;
      return b.text;
    })
    .join('\n\n');
}
