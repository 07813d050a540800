import { BadUserInputError } from "../../errors/bad-user-input-error";

/** Position of a row in a list ordered by (createdAt desc, id desc). */
export interface CursorPosition {
  createdAt: number;
  id: string;
}

/** Opaque Relay cursor: base64url JSON of the row's sort key. */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.createdAt, position.id])).toString("base64url");
}

/** Decodes a cursor from a client; anything malformed is BAD_USER_INPUT, never a crash. */
export function decodeCursor(cursor: string): CursorPosition {
  const bad = () => new BadUserInputError("The cursor is malformed.", { hint: "Pass an endCursor returned by the same list." });
  if (cursor.length > 200 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw bad();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw bad();
  }
  if (!Array.isArray(value) || value.length !== 2 || !Number.isSafeInteger(value[0]) || typeof value[1] !== "string" || value[1].length > 64) throw bad();
  return { createdAt: value[0] as number, id: value[1] as string };
}
