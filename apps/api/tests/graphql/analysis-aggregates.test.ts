import { archiveAnalyses } from "@gma/db";
import { describe, expect, it } from "vitest";
import { useTestApis, type TestApi } from "../helpers/test-api";

const { api } = useTestApis();

const AGGREGATES = `{ analysisAggregates { total queued running succeeded failed cancelled patients meanDurationMs } }`;

type Status = "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED" | "CANCELLED";

/** An analysis created an hour ago, timed when `durationMs` is given. */
function analysis(t: TestApi, patientId: string, status: Status, durationMs?: number) {
  const createdAt = new Date(Date.now() - 3_600_000);
  const timed = durationMs === undefined ? {} : { startedAt: createdAt, finishedAt: new Date(createdAt.getTime() + durationMs) };
  return t.prisma.analysis.create({ data: { patientId, videoFingerprint: "f", ageWeeks: 12, paramsHash: "p", status, createdAt, ...timed } });
}

async function aggregates(t: TestApi, token: string) {
  const r = await t.gql(AGGREGATES, {}, { token });
  expect(r.errors).toBeUndefined();
  return r.data!.analysisAggregates;
}

describe("analysisAggregates", () => {
  it("gives the same figures before and after the archiving job moves the finished analyses, to admins and analysts alike", async () => {
    const t = await api();
    const p = await t.prisma.patient.create({ data: { code: "AG1", birthDate: new Date("2025-01-01"), gestationalAgeWeeks: 39, ownerId: t.users.CLINICIAN.id } });
    await t.prisma.patient.create({ data: { code: "AG2", birthDate: new Date("2025-01-01"), gestationalAgeWeeks: 39, ownerId: t.users.CLINICIAN2.id } });
    await analysis(t, p.id, "SUCCEEDED", 1000);
    await analysis(t, p.id, "SUCCEEDED", 3000);
    await analysis(t, p.id, "SUCCEEDED"); // never started: counted, not timed
    await analysis(t, p.id, "FAILED", 500); // not part of the mean: only succeeded analyses are timed
    await analysis(t, p.id, "CANCELLED");
    await analysis(t, p.id, "QUEUED");
    await analysis(t, p.id, "RUNNING");
    const tokens = [await t.login(t.users.ADMIN.email), await t.login(t.users.ANALYST.email)];
    const expected = { total: 7, queued: 1, running: 1, succeeded: 3, failed: 1, cancelled: 1, patients: 2, meanDurationMs: 2000 };
    for (const token of tokens) expect(await aggregates(t, token)).toEqual(expected);

    expect((await archiveAnalyses(t.prisma, { olderThanDays: 0 })).rows).toBe(5);
    expect(await t.prisma.analysis.count()).toBe(2);
    for (const token of tokens) expect(await aggregates(t, token)).toEqual(expected);

    // New analyses in the hot table add to the archived ones.
    await analysis(t, p.id, "SUCCEEDED", 8000);
    for (const token of tokens) expect(await aggregates(t, token)).toEqual({ ...expected, total: 8, succeeded: 4, meanDurationMs: 4000 });
  });

  it("still answers zeros and no mean over empty tables", async () => {
    const t = await api();
    expect(await aggregates(t, await t.login(t.users.ANALYST.email))).toEqual({ total: 0, queued: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0, patients: 0, meanDurationMs: null });
  });

  it("stays refused to clinicians, archive or not", async () => {
    const t = await api();
    const r = await t.gql(AGGREGATES, {}, { token: await t.login(t.users.CLINICIAN.email) });
    expect(r.errors?.[0]?.extensions.code).toBe("FORBIDDEN");
  });

  it("costs the same number of SQL statements whether the archive is empty or not", async () => {
    const t = await api();
    const p = await t.prisma.patient.create({ data: { code: "AG3", birthDate: new Date("2025-01-01"), gestationalAgeWeeks: 39, ownerId: t.users.CLINICIAN.id } });
    const token = await t.login(t.users.ANALYST.email);
    const statements = async () => {
      await aggregates(t, token); // the session is touched on first use
      const before = t.sql.count;
      await aggregates(t, token);
      return t.sql.count - before;
    };
    await analysis(t, p.id, "SUCCEEDED", 1000);
    const hot = await statements();
    await archiveAnalyses(t.prisma, { olderThanDays: 0 });
    expect(await statements()).toBe(hot);
  });
});
