import { isGmaError } from "@gma/core";
import { Router } from "express";
import { UnsupportedMediaError } from "../errors/unsupported-media-error";
import type { ApiServices } from "../services";
import { authorizeRequest } from "./request-auth";
import { sendError } from "./send-error";

// Content types a cross-site form can send without a CORS preflight; refusing them is the CSRF guard.
const SIMPLE_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"];

/**
 * POST /uploads?kind=video|keypoints with the raw file as the body (any non-form content type,
 * e.g. application/octet-stream). Streams to disk under a random name, checks the bytes, and
 * answers `{ uploadId, kind, sizeBytes, expiresAt }`.
 */
export function uploadRouter(services: ApiServices): Router {
  const router = Router();
  router.post("/uploads", async (req, res) => {
    const requestId = res.locals.requestId as string;
    try {
      const { viewer } = await authorizeRequest(req, services, "http:upload", "Your role may not upload recordings.");
      const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
      if (!type || SIMPLE_TYPES.includes(type)) {
        throw new UnsupportedMediaError("Send the file as the raw request body with Content-Type: application/octet-stream.");
      }
      const kind = req.query.kind === "keypoints" ? "keypoints" : req.query.kind === undefined || req.query.kind === "video" ? "video" : null;
      if (!kind) throw new UnsupportedMediaError("kind must be video or keypoints.");
      const length = req.headers["content-length"] ? Number(req.headers["content-length"]) : undefined;
      const stored = await services.uploads.store(req, kind, viewer, Number.isFinite(length) ? length : undefined);
      res.status(201).json({ uploadId: stored.uploadId, kind: stored.kind, sizeBytes: stored.sizeBytes, expiresAt: new Date(stored.expiresAt).toISOString() });
    } catch (error) {
      // The client went away mid-upload (a closed tab, a lost network): the partial file is
      // already removed, nobody is left to answer, and it is no fault of the server's.
      if (isClientAbort(error)) {
        services.logger.info("upload aborted by the client", { requestId });
        return;
      }
      // Stop reading a body we refused, then answer (Connection: close so the rest is not awaited).
      if (!req.readableEnded) res.setHeader("Connection", "close");
      sendError(res, error, requestId, services.logger);
    }
  });
  return router;
}

/** Node's error for a request whose connection closed before its body ended. */
function isClientAbort(error: unknown): boolean {
  return !isGmaError(error) && (error as NodeJS.ErrnoException | null)?.code === "ECONNRESET";
}
