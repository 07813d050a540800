import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PERMISSIONS, ROLES, accessOf } from "../../src/auth/permission-matrix";
import { buildApiSchema } from "../../src/schema";
import { startTestApi, type TestApi } from "../helpers/test-api";

// One operation per root field; arguments aim at "not found" or harmless changes, since the
// test is about who may call what, not about the outcome.
const OPS: Record<string, (n: number) => string> = {
  "Query.me": () => `{ me { id } }`,
  "Mutation.logout": () => `mutation { logout }`,
  "Mutation.changePassword": () => `mutation { changePassword(input: { currentPassword: "x", newPassword: "short" }) }`,
  "Query.users": () => `{ users(first: 1) { edges { node { id } } } }`,
  "Mutation.createUser": (n) => `mutation { createUser(input: { email: "m${n}@test.local", displayName: "M", password: "long enough pw", role: ANALYST }) { id } }`,
  "Mutation.updateUser": () => `mutation { updateUser(input: { id: "nope", displayName: "X" }) { id } }`,
  "Mutation.deactivateUser": () => `mutation { deactivateUser(id: "nope") { id } }`,
  "Query.sessions": () => `{ sessions(first: 1) { edges { node { id } } } }`,
  "Mutation.revokeSession": () => `mutation { revokeSession(id: "999999") }`,
  "Query.auditEvents": () => `{ auditEvents(first: 1, filter: { action: "user." }) { totalCount edges { node { id actor { id } } } } }`,
  "Query.patients": () => `{ patients(first: 1) { edges { node { id } } } }`,
  "Query.patient": () => `{ patient(id: "nope") { id } }`,
  "Mutation.createPatient": (n) => `mutation { createPatient(input: { code: "P${n}", birthDate: "2025-01-01T00:00:00Z", gestationalAgeWeeks: 39 }) { id } }`,
  "Mutation.updatePatient": () => `mutation { updatePatient(input: { id: "nope", gestationalAgeWeeks: 38 }) { id } }`,
  "Mutation.deletePatient": () => `mutation { deletePatient(id: "nope") }`,
  // With the archive: the wider read, under the same row of the matrix.
  "Query.analyses": () => `{ analyses(first: 1, filter: { includeArchived: true }) { totalCount edges { node { id archivedAt } } } }`,
  "Query.analysis": () => `{ analysis(id: "nope") { id } }`,
  "Mutation.analyzeVideo": () => `mutation { analyzeVideo(input: { uploadId: "0", patientId: "nope", ageWeeks: 12 }) { id } }`,
  "Mutation.analyzeKeypoints": () => `mutation { analyzeKeypoints(input: { uploadId: "0", patientId: "nope", ageWeeks: 12 }) { id } }`,
  "Mutation.cancelAnalysis": () => `mutation { cancelAnalysis(id: "nope") { id } }`,
  "Mutation.deleteAnalysis": () => `mutation { deleteAnalysis(id: "nope") }`,
  "Mutation.reviewAnalysis": () => `mutation { reviewAnalysis(input: { analysisId: "nope", classification: NORMAL_FIDGETY }) { analysisId } }`,
  "Mutation.withdrawAnalysisReview": () => `mutation { withdrawAnalysisReview(analysisId: "nope") }`,
  "Query.reviewAgreement": () => `{ reviewAgreement { modelRiskLevel classification count } }`,
  "Query.upload": () => `{ upload(uploadId: "0") { uploadId } }`,
  "Query.analysisAggregates": () => `{ analysisAggregates { total perDay(days: 7) { day total } } }`,
  "Query.queueStats": () => `{ queueStats { name } }`,
  "Query.memory": () => `{ memory { rssBytes } }`,
  "Query.performanceStats": () => `{ performanceStats { aggregated { name p95Ms } } }`,
  "Query.performanceHistory": () => `{ performanceHistory(range: { from: "2020-01-01T00:00:00Z" }, limit: 1) { takenAt } }`,
  "Query.modelCache": () => `{ modelCache { name residentModels } }`,
  "Query.modelInstances": () => `{ modelInstances { name instances } }`,
  "Query.resultCaches": () => `{ resultCaches { name size } }`,
  "Mutation.resetPerformanceStats": () => `mutation { resetPerformanceStats { receivers } }`,
  "Mutation.optimizeMemory": () => `mutation { optimizeMemory { receivers } }`,
  "Query.anomalyModel": () => `{ anomalyModel { modelVersion synthetic } }`,
  "Query.maintenanceSchedules": () => `{ maintenanceSchedules { kind } }`,
  "Query.maintenanceRuns": () => `{ maintenanceRuns(first: 1) { edges { node { id } } } }`,
  "Query.databaseBackupStatus": () => `{ databaseBackupStatus { keep lastSuccess { file } } }`,
  "Mutation.runSessionCleanup": () => `mutation { runSessionCleanup(batchSize: 10) { rows } }`,
  "Mutation.runDatabaseBackup": () => `mutation { runDatabaseBackup { file bytes } }`,
  "Mutation.setMaintenanceSchedule": () => `mutation { setMaintenanceSchedule(kind: UPLOAD_EXPIRY, everyMinutes: 30) { kind } }`,
};

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(async () => {
  await t.close();
});

describe("permission matrix", () => {
  it("lists every root field of the schema", async () => {
    const schema = await buildApiSchema();
    const fields = [schema.getQueryType(), schema.getMutationType()].flatMap((type) =>
      type ? Object.keys(type.getFields()).map((f) => `${type.name}.${f}`) : [],
    );
    expect(fields.filter((f) => !(f in PERMISSIONS))).toEqual([]);
    expect(fields.filter((f) => f !== "Mutation.login" && !(f in OPS))).toEqual([]);
  });

  it("refuses every operation without a session, except login", async () => {
    for (const [op, doc] of Object.entries(OPS)) {
      const r = await t.gql(doc(0));
      expect(r.errors?.[0]?.extensions.code, op).toBe("UNAUTHENTICATED");
    }
  });

  for (const role of ROLES) {
    it(`lets ${role} run exactly the operations the matrix grants`, async () => {
      const email = role === "ADMIN" ? t.users.ADMIN.email : role === "CLINICIAN" ? t.users.CLINICIAN.email : t.users.ANALYST.email;
      let n = 0;
      for (const [op, doc] of Object.entries(OPS)) {
        const token = await t.login(email); // fresh: logout and changePassword end sessions
        const r = await t.gql(doc(++n + ROLES.indexOf(role) * 100), {}, { token });
        const code = r.errors?.[0]?.extensions.code;
        if (accessOf(role, op) === "none") expect(code, `${role} ${op}`).toBe("FORBIDDEN");
        else expect(["FORBIDDEN", "UNAUTHENTICATED", "INTERNAL_SERVER_ERROR"], `${role} ${op}: ${JSON.stringify(r.errors)}`).not.toContain(code);
      }
    });
  }
});
