import DataLoader from "dataloader";
import type { Prisma } from "../../services";

/** Patients by id, one query per tick. */
export function createPatientLoader(prisma: Prisma) {
  return new DataLoader(async (ids: readonly string[]) => {
    const rows = await prisma.patient.findMany({ where: { id: { in: [...ids] } } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}
