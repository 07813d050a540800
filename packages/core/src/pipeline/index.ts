export { analyzeWindows, analysisCacheKey, ANALYZE_STAGES } from "./analyze";
export type { AnalyzeWindowsOptions, AnalyzeStage, AnalysisCache } from "./analyze";
