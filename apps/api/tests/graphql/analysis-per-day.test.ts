import { describe, expect, it } from "vitest";
import type { AnalysisDayCounts } from "../../src/modules/analyses/analysis.service";
import { useTestApis } from "../helpers/test-api";

const DAY = 86_400_000;
const { api } = useTestApis();

type Day = AnalysisDayCounts;

const PER_DAY = `query($days: Int!) { analysisAggregates { perDay(days: $days) { day total succeeded failed cancelled meanDurationMs } } }`;

/** The YYYY-MM-DD of `daysAgo` UTC days before the day of `now`. */
const isoDay = (now: number, daysAgo: number) => new Date((Math.floor(now / DAY) - daysAgo) * DAY).toISOString().slice(0, 10);

describe("analysisAggregates.perDay", () => {
  it("counts analyses per UTC day of request over the window, archived ones included, with empty days as zeros", async () => {
    const t = await api();
    const p = await t.prisma.patient.create({ data: { code: "D1", birthDate: new Date("2025-01-01"), gestationalAgeWeeks: 39, ownerId: t.users.CLINICIAN.id } });
    const now = Date.now();
    const midday = (daysAgo: number) => new Date((Math.floor(now / DAY) - daysAgo) * DAY + DAY / 2);
    const analysis = (daysAgo: number, status: "QUEUED" | "SUCCEEDED" | "FAILED" | "CANCELLED", durationMs?: number) => {
      const createdAt = midday(daysAgo);
      const timed = durationMs === undefined ? {} : { startedAt: createdAt, finishedAt: new Date(createdAt.getTime() + durationMs) };
      return t.prisma.analysis.create({ data: { patientId: p.id, videoFingerprint: "f", ageWeeks: 12, paramsHash: "p", status, createdAt, ...timed } });
    };
    await analysis(0, "SUCCEEDED", 1000);
    await analysis(0, "SUCCEEDED", 3000);
    await analysis(0, "FAILED", 500); // not part of the mean: only succeeded analyses are timed
    await analysis(0, "QUEUED");
    await analysis(2, "CANCELLED");
    await analysis(6, "FAILED");
    await analysis(7, "SUCCEEDED"); // one day outside a 7-day window
    // The first and last millisecond of a UTC day belong to it.
    const dayStart = (Math.floor(now / DAY) - 4) * DAY;
    for (const at of [dayStart, dayStart + DAY - 1, dayStart + DAY]) {
      await t.prisma.analysis.create({ data: { patientId: p.id, videoFingerprint: "f", ageWeeks: 12, paramsHash: "p", status: "SUCCEEDED", createdAt: new Date(at) } });
    }
    await t.prisma.analysisArchive.create({
      data: { id: "archived-1", patientId: p.id, videoFingerprint: "f", ageWeeks: 12, paramsHash: "p", status: "SUCCEEDED", createdAt: midday(2), startedAt: midday(2), finishedAt: new Date(midday(2).getTime() + 4000), archivedAt: new Date(), payload: Buffer.from("{}") },
    });

    const r = await t.gql(PER_DAY, { days: 7 }, { token: await t.login(t.users.ANALYST.email) });
    expect(r.errors).toBeUndefined();
    const days = (r.data!.analysisAggregates as { perDay: Day[] }).perDay;
    // The server's clock decides "today"; the test's may have crossed midnight since `now`.
    const shift = days.at(-1)!.day === isoDay(Date.now(), 0) && isoDay(Date.now(), 0) !== isoDay(now, 0) ? 1 : 0;
    const zero = { total: 0, succeeded: 0, failed: 0, cancelled: 0, meanDurationMs: null };
    const expected: Record<number, Omit<Day, "day">> = {
      0: { total: 4, succeeded: 2, failed: 1, cancelled: 0, meanDurationMs: 2000 },
      2: { total: 2, succeeded: 1, failed: 0, cancelled: 1, meanDurationMs: 4000 },
      3: { total: 1, succeeded: 1, failed: 0, cancelled: 0, meanDurationMs: null },
      4: { total: 2, succeeded: 2, failed: 0, cancelled: 0, meanDurationMs: null },
      6: { total: 1, succeeded: 0, failed: 1, cancelled: 0, meanDurationMs: null },
    };
    expect(days).toEqual(Array.from({ length: 7 }, (_, i) => ({ day: isoDay(now, 6 - i - shift), ...(expected[6 - i - shift] ?? zero) })));

    const admin = await t.gql(`{ analysisAggregates { perDay { day total } } }`, {}, { token: await t.login(t.users.ADMIN.email) });
    const month = (admin.data!.analysisAggregates as { perDay: Day[] }).perDay;
    expect(month).toHaveLength(30);
    expect(month.reduce((n, d) => n + d.total, 0)).toBe(11);
  });

  it("answers an empty database with one zero row per day, ending today", async () => {
    const t = await api();
    const r = await t.gql(PER_DAY, { days: 1 }, { token: await t.login(t.users.ADMIN.email) });
    const days = (r.data!.analysisAggregates as { perDay: Day[] }).perDay;
    expect(days).toHaveLength(1);
    expect([isoDay(Date.now(), 0), isoDay(Date.now(), 1)]).toContain(days[0]!.day);
    expect(days[0]).toMatchObject({ total: 0, succeeded: 0, failed: 0, cancelled: 0, meanDurationMs: null });
    const year = await t.gql(PER_DAY, { days: 366 }, { token: await t.login(t.users.ADMIN.email) });
    expect((year.data!.analysisAggregates as { perDay: Day[] }).perDay).toHaveLength(366);
  });

  it("refuses a window of less than one day or more than 366 with BAD_USER_INPUT", async () => {
    const t = await api();
    const token = await t.login(t.users.ANALYST.email);
    for (const days of [0, -3, 367]) {
      const r = await t.gql(PER_DAY, { days }, { token });
      expect(r.errors?.[0]?.extensions.code, String(days)).toBe("BAD_USER_INPUT");
    }
  });

  it("refuses clinicians, whose view is their own patients, with FORBIDDEN, and visitors with UNAUTHENTICATED", async () => {
    const t = await api();
    const r = await t.gql(PER_DAY, { days: 7 }, { token: await t.login(t.users.CLINICIAN.email) });
    expect(r.errors?.[0]?.extensions.code).toBe("FORBIDDEN");
    expect((await t.gql(PER_DAY, { days: 7 })).errors?.[0]?.extensions.code).toBe("UNAUTHENTICATED");
  });
});
