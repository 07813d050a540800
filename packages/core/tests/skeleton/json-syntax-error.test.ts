import { describe, expect, it } from "vitest";
import { describeJsonSyntaxError, jsonSyntaxErrorOffset, lineAndColumn } from "../../src/skeleton/json-syntax-error";

function parseError(text: string): unknown {
  try {
    JSON.parse(text);
  } catch (error) {
    return error;
  }
  throw new Error("expected JSON.parse to refuse the text");
}

describe("jsonSyntaxErrorOffset", () => {
  it("finds nothing wrong in JSON of every kind of value, nested and spaced", () => {
    for (const text of ['{"a":[1,-2.5e3,true,false,null,{"b":"\\u00e9\\n"}],"c":{}}', "  [ ]  ", "0", '"x"', "[[[[]]]]"]) {
      expect(jsonSyntaxErrorOffset(text), text).toBeUndefined();
    }
  });

  it("points at the first character that stops the text being JSON, where JSON.parse would", () => {
    const cases: [string, number][] = [
      ["hello", 0], // no value starts with "h"
      ["these", 1], // "t" begins true, "h" leaves it
      ["[1,2,,3]", 5],
      ['{"a":1,}', 7],
      ['{"a" 1}', 5],
      ["[01]", 2],
      ['{"a":1}x', 7],
      ['"unterminated', 13],
      ["[".repeat(50_000), 50_000],
    ];
    for (const [text, offset] of cases) expect(jsonSyntaxErrorOffset(text), text.slice(0, 20)).toBe(offset);
  });
});

describe("describeJsonSyntaxError", () => {
  it("gives JSON.parse's reason with the line and column instead of a quote of the file", () => {
    const text = '{\n  "format": "joints-25",\n  "frames": [[1, 2,, 3]]\n}\n'.repeat(20);
    const message = describeJsonSyntaxError(text, parseError(text));
    expect(message).toBe("Unexpected token ',' (line 3, column 20)");
    expect(describeJsonSyntaxError("{ not json", parseError("{ not json"))).toBe("Expected property name or '}' in JSON (line 1, column 3)");
  });

  it("counts lines and columns from 1", () => {
    expect(lineAndColumn("ab\ncd", 0)).toBe("line 1, column 1");
    expect(lineAndColumn("ab\ncd", 4)).toBe("line 2, column 2");
  });
});
