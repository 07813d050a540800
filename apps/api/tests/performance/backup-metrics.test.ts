import { statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { runDatabaseBackup } from "@gma/db";
import { describe, expect, it } from "vitest";
import { BACKUP_METRICS } from "../../src/monitoring/backup-metrics";
import { parsePrometheusText, type PrometheusExposition } from "../helpers/prometheus-text";
import { useTestApis, type TestApi } from "../helpers/test-api";

const METRICS_TOKEN = "metrics-token-0123456789";
const { api } = useTestApis();

/** /metrics scraped and parsed back as a scraper reads it. */
async function scrape(t: TestApi): Promise<PrometheusExposition> {
  const res = await fetch(`${t.api.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(res.status).toBe(200);
  return parsePrometheusText(await res.text());
}

const BACKUP = `mutation { runDatabaseBackup { runId file bytes durationMs } }`;

describe("/metrics of the database backup", () => {
  it("declares every backup gauge but gives no sample while no backup has run and none is scheduled, rather than a zero that reads as 1970", async () => {
    const t = await api({ METRICS_TOKEN });

    const m = await scrape(t);

    for (const name of Object.values(BACKUP_METRICS)) {
      expect(m.types.get(name), name).toBe("gauge");
      expect(m.help.get(name), name).toMatch(/absent when/);
      expect(m.samples.filter((s) => s.name === name), name).toEqual([]);
    }
    // The rest of /metrics is still there, and the whole exposition parsed.
    expect(m.value("gma_queue_workers", { queue: "maintenance" })).toBe(0);
  });

  it("gives the newest successful backup's finish time and size, and how long it took, as recorded in the database", async () => {
    const t = await api({ METRICS_TOKEN });
    const token = await t.login(t.users.ADMIN.email);
    const made = (await t.gql(BACKUP, {}, { token })).data!.runDatabaseBackup as { runId: string; file: string; bytes: number; durationMs: number };

    const m = await scrape(t);

    const row = await t.prisma.maintenanceRun.findUniqueOrThrow({ where: { id: Number(made.runId) } });
    expect(m.value(BACKUP_METRICS.lastSuccessTimestamp)).toBe(row.finishedAt!.getTime() / 1000);
    expect(m.value(BACKUP_METRICS.lastSuccessBytes)).toBe(statSync(path.join(t.api.services.config.backup.dir, made.file)).size);
    expect(m.value(BACKUP_METRICS.lastDuration)).toBeCloseTo(row.durationMs! / 1000, 9);
    expect(m.value(BACKUP_METRICS.lastDuration)).toBeGreaterThan(0);
    expect(m.value(BACKUP_METRICS.lastFailureTimestamp)).toBeUndefined();
  });

  it("shows a failed run newer than the last success, with its duration, while the last success's time and size stay", async () => {
    const t = await api({ METRICS_TOKEN, DATABASE_BACKUP_DIR: "blocker/backups" });
    const config = t.api.services.config;
    // A backup recorded by another process (a worker does just this): the database is the truth.
    const good = await runDatabaseBackup(t.prisma, { file: config.databaseFile, dir: path.join(config.dataDir, "elsewhere") });
    // A file where the backup folder's parent should be: the folder cannot be made, as for root too.
    writeFileSync(path.join(config.dataDir, "blocker"), "not a folder");
    const token = await t.login(t.users.ADMIN.email);
    expect((await t.gql(BACKUP, {}, { token })).errors?.[0]?.extensions.code).toBe("BACKUP_FAILED");

    const m = await scrape(t);

    const failed = await t.prisma.maintenanceRun.findFirstOrThrow({ where: { kind: "DATABASE_BACKUP", error: { not: null } } });
    expect(m.value(BACKUP_METRICS.lastSuccessBytes)).toBe(good.value.bytes);
    expect(m.value(BACKUP_METRICS.lastFailureTimestamp)).toBe(failed.finishedAt!.getTime() / 1000);
    expect(m.value(BACKUP_METRICS.lastFailureTimestamp)).toBeGreaterThan(m.value(BACKUP_METRICS.lastSuccessTimestamp)!);
    expect(m.value(BACKUP_METRICS.lastDuration)).toBeCloseTo(failed.durationMs! / 1000, 9);
  });

  it("gives the schedule's period, a day for the nightly cron and the interval for an interval schedule", async () => {
    const t = await api({ METRICS_TOKEN });
    const token = await t.login(t.users.ADMIN.email);
    const schedule = (variables: Record<string, unknown>) => t.gql(`mutation($cron: String, $every: Float) { setMaintenanceSchedule(kind: DATABASE_BACKUP, cron: $cron, everyMinutes: $every) { periodMinutes } }`, variables, { token });

    expect((await schedule({ cron: "0 2 * * *" })).data!.setMaintenanceSchedule).toEqual({ periodMinutes: 24 * 60 });
    expect((await scrape(t)).value(BACKUP_METRICS.schedulePeriod)).toBe(86_400);

    expect((await schedule({ every: 90 })).data!.setMaintenanceSchedule).toEqual({ periodMinutes: 90 });
    expect((await scrape(t)).value(BACKUP_METRICS.schedulePeriod)).toBe(5400);
  });
});
