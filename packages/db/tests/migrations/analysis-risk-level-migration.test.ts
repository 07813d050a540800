import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { deflateRawSync } from "node:zlib";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { committedMigrations, migrateDatabase } from "../../src";
import { databaseBeforeMigration } from "../helpers/database-before-migration";
import { createTempDatabase, insertUser } from "../helpers/temp-database";

const MIGRATION = "20261130120000_analysis_risk_level";

const report = (level: unknown) => JSON.stringify({ schemaVersion: "1.3.1", risk: { level, signs: [] } });
const payload = (body: object) => deflateRawSync(Buffer.from(JSON.stringify({ stage: "done", progress: 100, findings: null, timings: null, errorMessage: null, jobId: null, updatedAt: 0, windowErrors: null, ...body })));

describe(`migration ${MIGRATION}`, () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "gma-risk-migration-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("copies each succeeded analysis's report risk level into risk_level, hot and archived, and leaves the rest null", async () => {
    const file = await databaseBeforeMigration(dir, MIGRATION);
    const db = new Database(file);
    try {
      db.prepare("INSERT INTO users (id, email, display_name, password_hash, updated_at) VALUES ('u', 'u@example.org', 'U', 'x', 0)").run();
      db.prepare("INSERT INTO patients (id, code, birth_date, gestational_age_weeks, owner_id, updated_at) VALUES ('p', 'P-1', 0, 39, 'u', 0)").run();
      const hot = db.prepare(
        "INSERT INTO analyses (id, patient_id, video_fingerprint, age_weeks, params_hash, status, report, created_at, updated_at) VALUES (?, 'p', 'f', 12, 'h', ?, ?, 0, 0)",
      );
      hot.run("hot-low", "SUCCEEDED", report("low"));
      hot.run("hot-high", "SUCCEEDED", report("high"));
      hot.run("hot-odd-level", "SUCCEEDED", report("severe"));
      hot.run("hot-no-risk", "SUCCEEDED", JSON.stringify({ windows: [1] }));
      hot.run("hot-not-json", "SUCCEEDED", "{not json");
      hot.run("hot-failed", "FAILED", null);
      hot.run("hot-running", "RUNNING", report("high"));
      const archived = db.prepare(
        "INSERT INTO analysis_archive (id, patient_id, video_fingerprint, age_weeks, params_hash, status, created_at, archived_at, payload) VALUES (?, 'p', 'f', 12, 'h', ?, 0, 0, ?)",
      );
      archived.run("cold-medium", "SUCCEEDED", payload({ report: JSON.parse(report("medium")) }));
      archived.run("cold-failed", "FAILED", payload({ report: null }));
      archived.run("cold-no-report", "SUCCEEDED", payload({ report: null }));
      archived.run("cold-damaged", "SUCCEEDED", Buffer.from("not deflated"));
    } finally {
      db.close();
    }

    // This migration and those committed after it.
    expect(await migrateDatabase(file)).toEqual(committedMigrations().filter((name) => name >= MIGRATION));

    const after = new Database(file, { readonly: true });
    try {
      const levels = (table: string) => Object.fromEntries((after.prepare(`SELECT id, risk_level FROM ${table}`).all() as { id: string; risk_level: string | null }[]).map((r) => [r.id, r.risk_level]));
      expect(levels("analyses")).toEqual({
        "hot-low": "low",
        "hot-high": "high",
        "hot-odd-level": null,
        "hot-no-risk": null,
        "hot-not-json": null,
        "hot-failed": null,
        "hot-running": null,
      });
      expect(levels("analysis_archive")).toEqual({ "cold-medium": "medium", "cold-failed": null, "cold-no-report": null, "cold-damaged": null });
    } finally {
      after.close();
    }
  });

  it("reads reports the way Prisma stores them: JSON text", async () => {
    // The backfill's json_extract relies on it; a switch to SQLite's binary JSONB would need a new one.
    const db = await createTempDatabase();
    try {
      const ownerId = await insertUser(db);
      const patient = await db.prisma.patient.create({ data: { code: "P-2", birthDate: new Date(0), gestationalAgeWeeks: 39, ownerId } });
      const a = await db.prisma.analysis.create({ data: { patientId: patient.id, videoFingerprint: "f", ageWeeks: 12, paramsHash: "h", status: "SUCCEEDED", report: { risk: { level: "medium" } } } });
      const rows = await db.prisma.$queryRawUnsafe<{ kind: string; level: string }[]>("SELECT typeof(report) AS kind, json_extract(report, '$.risk.level') AS level FROM analyses WHERE id = ?", a.id);
      expect(rows).toEqual([{ kind: "text", level: "medium" }]);
    } finally {
      await db.dispose();
    }
  });
});
