import type { Prisma, RiskLevel } from "@gma/db";
import type { TestApi } from "./test-api";

/**
 * A finished analysis of the test clinician's, created `minutesAgo` ago (distinct times keep list
 * orders plain), written straight to the database for tests about listing and archiving.
 * `report` and `riskLevel` default to none.
 */
export function createFinishedAnalysis(
  t: TestApi,
  patientId: string,
  minutesAgo: number,
  fields: { status: "SUCCEEDED" | "FAILED" | "CANCELLED"; report?: Prisma.InputJsonValue; riskLevel?: RiskLevel | null },
) {
  const createdAt = new Date(Date.now() - minutesAgo * 60_000);
  return t.prisma.analysis.create({
    data: {
      patientId,
      requestedById: t.users.CLINICIAN.id,
      videoFingerprint: `f${minutesAgo}`,
      ageWeeks: 12,
      paramsHash: "p",
      status: fields.status,
      progress: 100,
      stage: "done",
      ...(fields.report !== undefined ? { report: fields.report } : {}),
      riskLevel: fields.riskLevel ?? null,
      createdAt,
      startedAt: createdAt,
      finishedAt: new Date(createdAt.getTime() + 1000),
    },
  });
}
