export { analyzeWindows, analysisCacheKey, ANALYZE_STAGES } from "./analyze";
export type { AnalyzeWindowsOptions, AnalyzeStage, AnalysisCache } from "./analyze";
export { videoToJoints } from "./video-to-joints";
export type { VideoToJointsOptions, VideoToJointsResult, VideoStage, PoseFrameStats } from "./video-to-joints";
export { keypointsToJoints, readKeypointsFile, readKeypointBytes, jointFrameStats } from "./keypoints-to-joints";
export type { KeypointsToJointsOptions, KeypointsToJointsResult } from "./keypoints-to-joints";
export { analyzeVideoFile, analyzeKeypointsFile, fingerprintFile, DEFAULT_ANOMALY_MODEL_DIR, VIDEO_PIPELINE_STAGES, KEYPOINTS_PIPELINE_STAGES } from "./analyze-video";
export type { AnalyzeVideoFileOptions, AnalyzeKeypointsFileOptions, AnalyzeRecordingOptions, AnalysisParameters, PipelineStage } from "./analyze-video";
