import DataLoader from "dataloader";
import type { Prisma } from "../../services";
import { PAGE_ORDER } from "../common/page";

/** A patient's analyses (newest first), one query per tick for all patients on a page. */
export function createAnalysesByPatientLoader(prisma: Prisma) {
  return new DataLoader(async (patientIds: readonly string[]) => {
    const rows = await prisma.analysis.findMany({ where: { patientId: { in: [...patientIds] } }, orderBy: PAGE_ORDER });
    const byPatient = new Map<string, typeof rows>();
    for (const row of rows) {
      const list = byPatient.get(row.patientId) ?? [];
      list.push(row);
      byPatient.set(row.patientId, list);
    }
    return patientIds.map((id) => byPatient.get(id) ?? []);
  });
}
