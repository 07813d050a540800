import type { Response } from "express";
import { toClientError } from "../errors/to-client-error";
import type { Logger } from "../logger";

const STATUS: Record<string, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA: 415,
  // A readable recording the analysis cannot use (too short, too few frames a second).
  QUALITY_TOO_LOW: 422,
  SERVICE_UNAVAILABLE: 503,
};

/** Answers a plain HTTP route's error as `{ error: { code, message, hint } }` with a fitting status. */
export function sendError(res: Response, error: unknown, requestId: string, logger: Logger): void {
  const client = toClientError(error);
  if (!client.expected) {
    logger.error("unexpected error in HTTP route", { requestId, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
  const status = client.expected ? (STATUS[client.code] ?? 400) : 500;
  if (res.headersSent) return void res.end();
  res.status(status).json({
    error: client.expected
      ? { code: client.code, message: client.message, ...(client.hint ? { hint: client.hint } : {}), ...(client.reason ? { reason: client.reason } : {}) }
      : { code: client.code, message: `Internal error; quote request id ${requestId} when reporting it.`, requestId },
  });
}
