import { unpackArchivedAnalysis, type Analysis as HotAnalysis, type AnalysisArchive } from "@gma/db";

/**
 * An analysis as the API serves it, wherever it is stored: a row of the hot `analyses` table
 * (`archivedAt` null) or one read back from `analysis_archive` (when it was archived). Archiving
 * is a storage tier, not a delete, so both answer to the same type and rules.
 */
export type AnalysisRecord = HotAnalysis & { archivedAt: Date | null };

/** A hot row as an {@link AnalysisRecord}. */
export function hotAnalysisRecord(row: HotAnalysis): AnalysisRecord {
  return { ...row, archivedAt: null };
}

/** An archive row, its payload inflated, as an {@link AnalysisRecord}. */
export function archivedAnalysisRecord(row: AnalysisArchive): AnalysisRecord {
  return unpackArchivedAnalysis(row);
}

/** A row of either table, in the keyset order of every list (createdAt desc, id desc). */
type Listed = { kind: "hot"; row: HotAnalysis } | { kind: "archived"; row: AnalysisArchive };

/**
 * Merges hot and archive rows, each already newest first, into one list in the keyset order of
 * the lists (createdAt desc, id desc; SQLite compares the ASCII ids byte-wise, as `<` does
 * here), keeps the first `take` and unpacks only those. An id found in both tables was archived
 * between the two reads; its archived copy is kept, so that it is listed once.
 */
export function mergeAnalysisRecords(hot: HotAnalysis[], archived: AnalysisArchive[], take: number): AnalysisRecord[] {
  const archivedIds = new Set(archived.map((r) => r.id));
  const listed: Listed[] = [
    ...hot.filter((r) => !archivedIds.has(r.id)).map((row) => ({ kind: "hot" as const, row })),
    ...archived.map((row) => ({ kind: "archived" as const, row })),
  ];
  listed.sort((a, b) => b.row.createdAt.getTime() - a.row.createdAt.getTime() || (a.row.id < b.row.id ? 1 : a.row.id > b.row.id ? -1 : 0));
  return listed.slice(0, take).map((l) => (l.kind === "hot" ? hotAnalysisRecord(l.row) : archivedAnalysisRecord(l.row)));
}
