/**
 * Where JSON.parse's refusal of `text` lies, as "line L, column C" (both from 1), for a message
 * a person can act on: Node 20's parser states an offset for some errors ("... in JSON at
 * position 7") and, for others, quotes the text around the fault instead ("Unexpected token
 * 'h', "hello" is not valid JSON"), which for a large file is no help. The offset it states is
 * used; else the first fault {@link jsonSyntaxErrorOffset} finds.
 */
export function describeJsonSyntaxError(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // The reason without the quoted text or the offset, which the position replaces.
  const reason = message.replace(/,\s*(?:\.\.\.)?"[\s\S]*"(?:\.\.\.)? is not valid JSON$/, "").replace(/ at position \d+/, "").replace(/\s*\(line \d+ column \d+\)$/, "");
  const stated = /at position (\d+)/.exec(message);
  const offset = stated ? Number(stated[1]) : jsonSyntaxErrorOffset(text);
  return offset === undefined ? reason : `${reason} (${lineAndColumn(text, offset)})`;
}

/** "line L, column C" of a character offset in `text`. */
export function lineAndColumn(text: string, offset: number): string {
  const at = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < at; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `line ${line}, column ${at - lineStart + 1}`;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS: Record<string, string> = { t: "true", f: "false", n: "null" };
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;

/**
 * The offset of the first character at which `text` stops being JSON (RFC 8259), or undefined
 * when it is JSON. A plain scanner with an explicit stack, so that deep nesting cannot overflow
 * the call stack; it checks syntax only and builds nothing.
 */
export function jsonSyntaxErrorOffset(text: string): number | undefined {
  const n = text.length;
  const stack: ("{" | "[")[] = [];
  let i = 0;
  const skipSpace = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return;
      i++;
    }
  };
  // At a '"': moves past the string, or stops at its fault and returns false.
  const string = (): boolean => {
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return true;
      }
      if (c < 0x20) return false;
      if (c === 0x5c) {
        ESCAPE.lastIndex = i;
        if (!ESCAPE.test(text)) return false;
        i = ESCAPE.lastIndex;
      } else {
        i++;
      }
    }
    return false;
  };
  // A member's key and colon, then its value follows.
  const key = (): boolean => {
    skipSpace();
    if (text[i] !== '"' || !string()) return false;
    skipSpace();
    if (text[i] !== ":") return false;
    i++;
    return true;
  };
  for (;;) {
    // A value is due.
    skipSpace();
    const c = text[i];
    if (c === "{" || c === "[") {
      i++;
      skipSpace();
      if (text[i] === (c === "{" ? "}" : "]")) {
        i++;
      } else {
        stack.push(c);
        if (c === "{" && !key()) return i;
        continue;
      }
    } else if (c === '"') {
      if (!string()) return i;
    } else {
      const literal = c === undefined ? undefined : LITERALS[c];
      NUMBER.lastIndex = i;
      if (literal !== undefined) {
        // At the first letter that leaves the word, as JSON.parse reports it ("th" fails at "h").
        for (let k = 0; k < literal.length; k++, i++) if (text[i] !== literal[k]) return i;
      } else if (NUMBER.test(text)) {
        i = NUMBER.lastIndex;
      } else {
        return i;
      }
    }
    // A value ended: a comma, a closing bracket, or the end of the text is due.
    for (;;) {
      skipSpace();
      const open = stack.at(-1);
      if (open === undefined) return i < n ? i : undefined;
      if (text[i] === (open === "{" ? "}" : "]")) {
        i++;
        stack.pop();
        continue;
      }
      if (text[i] !== ",") return i;
      i++;
      if (open === "{" && !key()) return i;
      break;
    }
  }
}
