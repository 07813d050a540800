/**
 * Base class of every domain failure in GMA Insight.
 *
 * `code` is stable: the API maps it to GraphQL `extensions.code`, the CLI to an exit code,
 * and tests assert on it. `hint` tells the person what to do about it.
 */
export class GmaError extends Error {
  /** Stable machine-readable code, e.g. `NO_PERSON_FOUND`. */
  readonly code: string;
  /** What the user can do about it; shown next to the message. */
  readonly hint: string | undefined;
  /** True when the caller's input is at fault (no retry helps); false for internal failures. */
  readonly isUserError: boolean;

  constructor(code: string, message: string, options: { hint?: string; cause?: unknown; isUserError?: boolean } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options.hint;
    this.isUserError = options.isUserError ?? true;
  }
}

/** Narrowing helper that survives duplicated module instances (checks the shape, not the prototype). */
export function isGmaError(value: unknown): value is GmaError {
  return value instanceof GmaError || (value instanceof Error && typeof (value as { code?: unknown }).code === "string" && "isUserError" in value);
}
