import { inflateRawSync } from "node:zlib";
import type Database from "better-sqlite3";
import { reportRiskLevel } from "../report-risk-level";

const BATCH = 500;

/**
 * Copies each archived SUCCEEDED analysis's report `risk.level` into its `risk_level` column:
 * the data half of migration `20261130120000_analysis_risk_level`, which SQL cannot do because
 * the report sits in a raw-deflated payload. Runs inside that migration's transaction (see
 * {@link migrateDatabase}), so the column and its backfill land together or not at all.
 *
 * A payload that does not inflate or parse, or a report without one of the three levels, leaves
 * the row's level null (the row stays readable as before; only the risk filter misses it),
 * rather than failing the start-up of every process on one damaged row.
 *
 * @returns how many archived rows got a level.
 */
export function backfillArchivedRiskLevels(db: Database.Database): number {
  // Paged by id: better-sqlite3 allows no write while a SELECT is being iterated.
  const select = db.prepare("SELECT id, payload FROM analysis_archive WHERE status = 'SUCCEEDED' AND risk_level IS NULL AND id > ? ORDER BY id LIMIT ?");
  const update = db.prepare("UPDATE analysis_archive SET risk_level = ? WHERE id = ?");
  let filled = 0;
  let after = "";
  for (;;) {
    const rows = select.all(after, BATCH) as { id: string; payload: Buffer }[];
    for (const row of rows) {
      const level = riskLevelOf(row.payload);
      if (level) filled += update.run(level, row.id).changes;
    }
    if (rows.length < BATCH) return filled;
    after = rows[rows.length - 1]!.id;
  }
}

function riskLevelOf(payload: Buffer): string | null {
  try {
    const parsed = JSON.parse(inflateRawSync(payload).toString("utf8")) as { report?: unknown };
    return reportRiskLevel(parsed.report);
  } catch {
    return null;
  }
}
