import { createHash, randomBytes } from "node:crypto";

/** base64url of 32 random bytes: 43 characters, 256 bits of entropy. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** A fresh bearer token: 256 random bits, base64url-encoded. */
export function generateSessionToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Lower-case hex SHA-256 of a token: the only form the database ever holds. */
export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** True when `token` has the shape of one we issued (checked before any database work). */
export function isWellFormedSessionToken(token: unknown): token is string {
  return typeof token === "string" && TOKEN_SHAPE.test(token);
}
