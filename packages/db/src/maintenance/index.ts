export { purgeExpiredSessions, type PurgeExpiredSessionsOptions, type PurgeResult } from "./purge-expired-sessions";
export { archiveAnalyses, readArchivedAnalysis, type ArchiveAnalysesOptions, type ArchiveResult, type ArchivedAnalysis } from "./archive-analyses";
