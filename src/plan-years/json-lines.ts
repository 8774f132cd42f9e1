/**
 * JSON.parse that also says on which line each value starts, so a refused
 * file names the line to correct. Strict JSON (RFC 8259); a syntax error
 * names its line too.
 */
export class JsonSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

export function parseJsonWithLines(text: string): { value: unknown; lineOf(path: ReadonlyArray<string | number>): number } {
  const lines = new Map<string, number>();
  let i = 0;
  let line = 1;
  const fail = (what: string): never => {
    throw new JsonSyntaxError(line, what);
  };
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i]!)) {
      if (text[i] === '\n') line++;
      i++;
    }
  };
  const value = (path: string): unknown => {
    ws();
    lines.set(path, line);
    const c = text[i];
    if (c === '{') {
      i++;
      const out: Record<string, unknown> = {};
      ws();
      if (text[i] === '}') return (i++, out);
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected a "quoted" key');
        const key = str();
        ws();
        if (text[i++] !== ':') fail(`expected ":" after "${key}"`);
        out[key] = value(`${path}/${key}`);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return (i++, out);
        else fail('expected "," or "}"');
      }
    }
    if (c === '[') {
      i++;
      const out: unknown[] = [];
      ws();
      if (text[i] === ']') return (i++, out);
      for (;;) {
        out.push(value(`${path}/${out.length}`));
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return (i++, out);
        else fail('expected "," or "]"');
      }
    }
    if (c === '"') return str();
    const m = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 64));
    if (!m) return fail('expected a value');
    i += m[0].length;
    return JSON.parse(m[0]);
  };
  const str = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\n') fail('unterminated string');
      i += text[i] === '\\' ? 2 : 1;
    }
    if (i >= text.length) fail('unterminated string');
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const result = value('');
  ws();
  if (i < text.length) fail('unexpected text after the end');
  return {
    value: result,
    lineOf(path) {
      // The deepest part of the path that exists (a missing key: the line of the object that lacks it).
      for (let n = path.length; n >= 0; n--) {
        const hit = lines.get(
          path
            .slice(0, n)
            .map((p) => `/${p}`)
            .join(''),
        );
        if (hit !== undefined) return hit;
      }
      return 1;
    },
  };
}
