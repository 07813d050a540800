/** An error the API answered with (or the proxy, when the API does not answer). */
export class ApiError extends Error {
  /** Stable code from `extensions.code`, e.g. UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT. */
  readonly code: string;
  /** Request id the API logged the error under, when it gave one. */
  readonly requestId: string | undefined;
  /**
   * The domain code the API folded into `code` (`extensions.reason`), when it did: e.g.
   * ANALYSIS_NOT_QUEUED under SERVICE_UNAVAILABLE, on which the upload form offers to send the
   * same request again.
   */
  readonly reason: string | undefined;

  constructor(message: string, code: string, requestId?: string, reason?: string) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.requestId = requestId;
    this.reason = reason;
  }
}

/** True when the error means "sign in again". */
export function isUnauthenticated(error: unknown): boolean {
  return error instanceof ApiError && error.code === "UNAUTHENTICATED";
}
