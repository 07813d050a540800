import { z } from "zod";
import { Role } from "../client";
import { InvalidInputError } from "../errors";

/** Passwords shorter than this are refused (NIST SP 800-63B suggests at least 8; we ask 10). */
export const MIN_PASSWORD_LENGTH = 10;
/** Longer inputs are refused so that hashing cannot be used to burn CPU. */
export const MAX_PASSWORD_LENGTH = 256;

const emailSchema = z.email().max(254);

/**
 * Trims and lower-cases an email and checks its shape.
 * @throws InvalidInputError (INVALID_INPUT) when it is not an email address.
 */
export function normalizeEmail(email: unknown): string {
  const value = typeof email === "string" ? email.trim().toLowerCase() : "";
  if (!emailSchema.safeParse(value).success) {
    throw new InvalidInputError("email", "The email address is not valid.", "Enter an address of the form name@example.org.");
  }
  return value;
}

/** @throws InvalidInputError when the password is missing, too short or too long. */
export function checkPassword(password: unknown, field = "password"): string {
  if (typeof password !== "string" || password.length === 0) {
    throw new InvalidInputError(field, "The password is empty.", `Choose a password of at least ${MIN_PASSWORD_LENGTH} characters.`);
  }
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new InvalidInputError(field, `The password is shorter than ${MIN_PASSWORD_LENGTH} characters.`, `Choose a password of at least ${MIN_PASSWORD_LENGTH} characters.`);
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw new InvalidInputError(field, `The password is longer than ${MAX_PASSWORD_LENGTH} characters.`, "Choose a shorter password (a passphrase of a few words is plenty).");
  }
  return password;
}

/** @throws InvalidInputError when the display name is empty, too long or has control characters. */
export function checkDisplayName(name: unknown): string {
  const value = typeof name === "string" ? name.trim() : "";
  // eslint-disable-next-line no-control-regex
  if (value.length === 0 || value.length > 100 || /[\u0000-\u001f\u007f]/.test(value)) {
    throw new InvalidInputError("displayName", "The display name must be 1 to 100 printable characters.");
  }
  return value;
}

/** @throws InvalidInputError when `role` is not one of ADMIN, CLINICIAN, ANALYST. */
export function checkRole(role: unknown): Role {
  if (typeof role === "string" && (Object.values(Role) as string[]).includes(role)) return role as Role;
  throw new InvalidInputError("role", `The role must be one of ${Object.values(Role).join(", ")}.`);
}

/** @throws InvalidInputError when an id is not a plausible record id. */
export function checkId(id: unknown, field = "id"): string {
  if (typeof id === "string" && id.length > 0 && id.length <= 64) return id;
  throw new InvalidInputError(field, `The ${field} is not a valid id.`);
}
