import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTempDatabase, type TempDatabase } from "../helpers/temp-database";

// The hot queries of the services, as SQL, with the index each must use; `inOrder`: the index
// gives the ORDER BY's order, so that LIMIT 1 reads one entry instead of sorting every match.
const HOT_QUERIES: { name: string; sql: string; args: unknown[]; index: string; inOrder?: true }[] = [
  { name: "sign-in looks a user up by email", sql: "SELECT id, password_hash FROM users WHERE email = ?", args: ["a@b.c"], index: "idx_email" },
  { name: "admin lists active users", sql: "SELECT id FROM users WHERE is_active = ?", args: [1], index: "idx_is_active" },
  { name: "validation finds a session by token hash", sql: "SELECT id, expires_at FROM sessions WHERE token_hash = ?", args: ["00"], index: "idx_sessions_token_hash" },
  { name: "the purge picks a batch of expired sessions", sql: "SELECT id FROM sessions WHERE expires_at <= ? LIMIT ?", args: [Date.now(), 1000], index: "idx_expires_at" },
  { name: "a user's active sessions are listed", sql: "SELECT id FROM sessions WHERE user_id = ? AND expires_at > ? ORDER BY id DESC", args: ["u", Date.now()], index: "idx_sessions_user_expires" },
  { name: "a patient's analyses are listed newest first", sql: "SELECT id FROM analyses WHERE patient_id = ? ORDER BY created_at DESC LIMIT 20", args: ["p"], index: "idx_analyses_patient_created" },
  { name: "the queue view lists analyses by status", sql: "SELECT id FROM analyses WHERE status = ? ORDER BY created_at ASC LIMIT 50", args: ["QUEUED"], index: "idx_analyses_status_created" },
  { name: "archiving finds old finished analyses", sql: "SELECT id FROM analyses WHERE status IN ('SUCCEEDED','FAILED','CANCELLED') AND created_at < ? ORDER BY created_at LIMIT 100", args: [Date.now()], index: "idx_analyses_status_created" },
  { name: "an admin lists every analysis newest first", sql: "SELECT id FROM analyses ORDER BY created_at DESC, id DESC LIMIT 100", args: [], index: "idx_analyses_created" },
  { name: "the per-day chart counts a window of days", sql: "SELECT created_at, status FROM analyses WHERE created_at >= ? AND created_at < ?", args: [0, Date.now()], index: "idx_analyses_created" },
  { name: "the per-day chart counts archived analyses too", sql: "SELECT created_at, status FROM analysis_archive WHERE created_at >= ? AND created_at < ?", args: [0, Date.now()], index: "idx_analysis_archive_created" },
  { name: "the list is filtered by risk level newest first", sql: "SELECT id FROM analyses WHERE risk_level IN ('medium','high') ORDER BY created_at DESC, id DESC LIMIT 26", args: [], index: "idx_analyses_risk_created" },
  { name: "the list is filtered by one risk level", sql: "SELECT id FROM analyses WHERE risk_level = ? ORDER BY created_at DESC, id DESC LIMIT 26", args: ["high"], index: "idx_analyses_risk_created" },
  {
    name: "the list's next page is filtered by risk level",
    sql: "SELECT id FROM analyses WHERE risk_level IN ('high') AND (created_at < ? OR (created_at = ? AND id < ?)) ORDER BY created_at DESC, id DESC LIMIT 26",
    args: [Date.now(), Date.now(), "c"],
    index: "idx_analyses_risk_created",
  },
  { name: "the list of archived analyses is filtered by risk level", sql: "SELECT id FROM analysis_archive WHERE risk_level IN ('medium','high') ORDER BY created_at DESC, id DESC LIMIT 26", args: [], index: "idx_analysis_archive_risk_created" },
  { name: "a finished result is reused by fingerprint and parameters", sql: "SELECT id FROM analyses WHERE video_fingerprint = ? AND params_hash = ?", args: ["f", "p"], index: "idx_analyses_fingerprint_params" },
  {
    name: "a succeeded result is reused from the archive by fingerprint and parameters",
    sql: "SELECT id FROM analysis_archive WHERE patient_id = ? AND video_fingerprint = ? AND params_hash = ? AND status = 'SUCCEEDED'",
    args: ["p", "f", "p"],
    index: "idx_analysis_archive_fingerprint_params",
  },
  {
    name: "a scrape reads the newest successful backup",
    sql: "SELECT id FROM maintenance_runs WHERE kind = 'DATABASE_BACKUP' AND error IS NULL AND finished_at IS NOT NULL ORDER BY started_at DESC LIMIT 1",
    args: [],
    index: "idx_maintenance_runs_kind_started",
    inOrder: true,
  },
  {
    name: "a scrape reads the newest failed backup",
    sql: "SELECT id FROM maintenance_runs WHERE kind = 'DATABASE_BACKUP' AND error IS NOT NULL AND finished_at IS NOT NULL ORDER BY started_at DESC LIMIT 1",
    args: [],
    index: "idx_maintenance_runs_failed",
    inOrder: true,
  },
  { name: "the audit log lists the newest events first", sql: "SELECT id FROM audit_events ORDER BY created_at DESC, id DESC LIMIT 51", args: [], index: "idx_audit_events_created" },
  { name: "the audit log lists what one account did", sql: "SELECT id FROM audit_events WHERE actor_id = ? ORDER BY created_at DESC, id DESC LIMIT 51", args: ["u"], index: "idx_audit_events_actor" },
  { name: "the audit log lists what happened to one record", sql: "SELECT id FROM audit_events WHERE target_type = ? AND target_id = ? ORDER BY created_at DESC, id DESC LIMIT 51", args: ["analysis", "a"], index: "idx_audit_events_target" },
  {
    name: "the list of analyses still to review, newest first",
    sql: "SELECT id FROM analyses WHERE risk_level IS NOT NULL AND review_classification IS NULL ORDER BY created_at DESC, id DESC LIMIT 26",
    args: [],
    index: "idx_analyses_to_review",
  },
  {
    name: "the list of archived analyses still to review",
    sql: "SELECT id FROM analysis_archive WHERE risk_level IS NOT NULL AND review_classification IS NULL ORDER BY created_at DESC, id DESC LIMIT 26",
    args: [],
    index: "idx_analysis_archive_to_review",
  },
  {
    name: "the model evaluation counts one model version's reviews by risk and class",
    sql: "SELECT model_version, model_risk_level, classification, COUNT(*) FROM analysis_reviews WHERE model_version = ? GROUP BY model_version, model_risk_level, classification",
    args: ["m@1"],
    index: "idx_analysis_reviews_agreement",
  },
  // Deleting a patient cascades to its reviews: without the index every delete reads them all.
  { name: "a patient's reviews are found for the cascade", sql: "SELECT analysis_id FROM analysis_reviews WHERE patient_id = ?", args: ["p"], index: "idx_analysis_reviews_patient" },
  {
    // closeAbandonedMaintenanceRuns's statement, as it is sent.
    name: "a maintenance job closes the runs whose process died",
    sql: `UPDATE maintenance_runs SET finished_at = COALESCE("heartbeat_at", "started_at"), error = ? WHERE finished_at IS NULL AND COALESCE("heartbeat_at", "started_at") < ? RETURNING id`,
    args: ["abandoned", Date.now()],
    index: "idx_maintenance_runs_unfinished",
  },
];

describe("query plans", () => {
  let db: TempDatabase;
  beforeEach(async () => {
    db = await createTempDatabase();
  });
  afterEach(async () => {
    await db.dispose();
  });

  for (const q of HOT_QUERIES) {
    it(`uses ${q.index} when ${q.name}`, async () => {
      const plan = await db.prisma.$queryRawUnsafe<{ detail: string }[]>(`EXPLAIN QUERY PLAN ${q.sql}`, ...q.args);
      const details = plan.map((row) => row.detail).join("\n");
      expect(details).toContain(q.index);
      expect(details).not.toMatch(/^SCAN (users|sessions|analyses|analysis_archive|maintenance_runs)$/m);
      if (q.inOrder) expect(details).not.toContain("USE TEMP B-TREE FOR ORDER BY");
    });
  }
});
