import { Fragment } from "react";

/**
 * A long identifier split where a line may break without tearing a word: before a dot, `@` or
 * `+` ("autoencoder" / ".fp16" / ".onnx"), after a hyphen, underscore, slash or colon
 * ("SESSION_" / "PURGE").
 */
export function identifierSegments(text: string): string[] {
  return text.split(/(?<=[-_/:])|(?<=.)(?=[.@+])/).filter((s) => s.length > 0);
}

/**
 * A file name, model version, e-mail address or other identifier that wraps at its dots,
 * hyphens and the like (`<wbr>`) instead of mid-word; a segment still wider than its box (a long
 * hash) breaks anywhere rather than overflow. Browsers break at `<wbr>` even in a `nowrap` table
 * cell, so a column of identifiers narrows to its longest segment before the table overflows.
 * `code` sets it in the monospace font.
 */
export function Identifier({ text, code = false }: { text: string; code?: boolean }) {
  const parts = identifierSegments(text).map((segment, i) => (
    <Fragment key={i}>
      {i > 0 && <wbr />}
      {segment}
    </Fragment>
  ));
  return code ? <code className="identifier">{parts}</code> : <span className="identifier">{parts}</span>;
}
