/**
 * Finds where JSON text stops being valid, so errors can say `line L, column C` on every Node
 * version (V8's JSON.parse messages only sometimes carry a position).
 */

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// JSON strings may not contain raw control characters (RFC 8259 §7), so the class must name them.
// eslint-disable-next-line no-control-regex
const STRING_BODY = /(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*/y;

class Scanner {
  pos = 0;
  constructor(private readonly text: string) {}

  fail(): never {
    throw this.pos;
  }

  skipSpace(): void {
    while (this.pos < this.text.length && ' \t\n\r'.includes(this.text[this.pos] as string)) this.pos++;
  }

  expect(char: string): void {
    if (this.text[this.pos] !== char) this.fail();
    this.pos++;
  }

  match(pattern: RegExp): void {
    pattern.lastIndex = this.pos;
    const found = pattern.exec(this.text);
    if (!found || found[0] === '') this.fail();
    this.pos += found[0].length;
  }

  string(): void {
    this.expect('"');
    STRING_BODY.lastIndex = this.pos;
    this.pos += STRING_BODY.exec(this.text)?.[0].length ?? 0;
    this.expect('"');
  }

  value(): void {
    this.skipSpace();
    const char = this.text[this.pos];
    if (char === '{')
      this.members('}', () => (this.string(), this.skipSpace(), this.expect(':'), this.value()));
    else if (char === '[') this.members(']', () => this.value());
    else if (char === '"') this.string();
    else if (this.text.startsWith('true', this.pos)) this.pos += 4;
    else if (this.text.startsWith('false', this.pos)) this.pos += 5;
    else if (this.text.startsWith('null', this.pos)) this.pos += 4;
    else this.match(NUMBER);
  }

  members(close: string, member: () => void): void {
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === close) {
      this.pos++;
      return;
    }
    for (;;) {
      this.skipSpace();
      member();
      this.skipSpace();
      if (this.text[this.pos] === ',') this.pos++;
      else return this.expect(close);
    }
  }
}

/** The 1-based line and column of the first JSON syntax error in `text`, or undefined when it is valid. */
export function findJsonSyntaxError(text: string): { line: number; column: number } | undefined {
  const scanner = new Scanner(text);
  let offset: number;
  try {
    scanner.value();
    scanner.skipSpace();
    if (scanner.pos === text.length) return undefined;
    offset = scanner.pos;
  } catch (thrown) {
    if (typeof thrown !== 'number') throw thrown;
    offset = thrown;
  }
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
