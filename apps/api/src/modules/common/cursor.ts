import { BadUserInputError } from "../../errors/bad-user-input-error";

/** Position of a row in a list ordered by (createdAt desc, id desc). */
export interface CursorPosition {
  createdAt: number;
  id: string;
}

/**
 * The times a cursor may hold: the years 0000 to 9999. Prisma passes dates as RFC 3339 text,
 * which has four-digit years; a time outside them (or outside what a Date holds at all) reached
 * the database as an internal error instead of the client's malformed cursor.
 */
const MIN_TIME_MS = Date.parse("0000-01-01T00:00:00.000Z");
const MAX_TIME_MS = Date.parse("9999-12-31T23:59:59.999Z");

function isTimestamp(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= MIN_TIME_MS && (value as number) <= MAX_TIME_MS;
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
  if (!Array.isArray(value) || value.length !== 2 || !isTimestamp(value[0]) || typeof value[1] !== "string" || value[1].length > 64) throw bad();
  return { createdAt: value[0] as number, id: value[1] as string };
}
