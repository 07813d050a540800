import type { TestApi } from "./test-api";

/** A patient born at term on 2025-01-01, owned by the test clinician unless `ownerId` is given. */
export function createTestPatient(t: TestApi, code: string, ownerId = t.users.CLINICIAN.id) {
  return t.prisma.patient.create({ data: { code, birthDate: new Date("2025-01-01"), gestationalAgeWeeks: 39, ownerId } });
}
