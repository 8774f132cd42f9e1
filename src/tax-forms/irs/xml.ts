/**
 * A small, strict XML writer: elements in schema order, text escaped, nothing
 * optional written when absent. The IRS schemas fix the order of every element,
 * so the writers spell the order out rather than rely on an object's key order.
 */

export type Node = string | null | undefined | false | Node[];

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function flatten(children: Node[]): string {
  let out = '';
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    out += Array.isArray(c) ? flatten(c) : c;
  }
  return out;
}

/** An element holding other elements. */
export function el(name: string, ...children: Node[]): string {
  return `<${name}>${flatten(children)}</${name}>`;
}

/** An element with attributes holding other elements. */
export function elAttrs(name: string, attrs: Record<string, string>, ...children: Node[]): string {
  const a = Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('');
  return `<${name}${a}>${flatten(children)}</${name}>`;
}

/** An element holding text; nothing when the value is absent. */
export function text(name: string, value: string | number | undefined | null): string {
  if (value === undefined || value === null) return '';
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
