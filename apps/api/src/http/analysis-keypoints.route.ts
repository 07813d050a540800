import { JOINT_NAMES_25, SKELETON_BONES_25 } from "@gma/core";
import { Router } from "express";
import type { ApiServices } from "../services";
import { authorizeRequest } from "./request-auth";
import { sendError } from "./send-error";

/** Media type of @gma/core's keypoint codec (the `.gmak` format). */
export const KEYPOINTS_MEDIA_TYPE = "application/vnd.gma.keypoints";

/** The skeleton the sequence is drawn with, in index order: names, then parent-child bones. */
const JOINTS_HEADER = JOINT_NAMES_25.join(",");
const BONES_HEADER = SKELETON_BONES_25.map(([p, c]) => `${p}-${c}`).join(",");

/**
 * GET /analyses/:id/keypoints: the normalised 25-joint sequence the analysis was computed from,
 * for replay, as @gma/core's keypoint codec writes it (`application/vnd.gma.keypoints`: a
 * 40-byte little-endian header with the fps and frame count, then the zlib-deflated quantised
 * values; see `encodeKeypoints`). `X-Skeleton-Joints` names the joints in index order and
 * `X-Skeleton-Bones` lists the bones as `parent-child` index pairs. Who may read the analysis
 * may read this (admins, and the clinician owning the patient); others get 401/403/404.
 */
export function analysisKeypointsRouter(services: ApiServices): Router {
  const router = Router();
  router.get("/analyses/:id/keypoints", async (req, res) => {
    try {
      const { viewer, access } = await authorizeRequest(req, services, "http:analysis-keypoints", "Your role may not read analyses.");
      const bytes = await services.analyses.keypoints(viewer, access, req.params.id);
      res.setHeader("Content-Type", KEYPOINTS_MEDIA_TYPE);
      res.setHeader("Cache-Control", "private, no-store");
      res.setHeader("X-Content-Type-Options", "nosniff");
      res.setHeader("X-Skeleton-Joints", JOINTS_HEADER);
      res.setHeader("X-Skeleton-Bones", BONES_HEADER);
      res.setHeader("Access-Control-Expose-Headers", "X-Skeleton-Joints, X-Skeleton-Bones, X-Request-Id");
      res.status(200).end(bytes);
    } catch (error) {
      sendError(res, error, res.locals.requestId as string, services.logger);
    }
  });
  return router;
}
