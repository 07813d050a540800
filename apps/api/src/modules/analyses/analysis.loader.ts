import DataLoader from "dataloader";
import type { Prisma } from "../../services";
import { PAGE_ORDER } from "../common/page";

/** Groups rows by patient, in the order of the keys. */
function byPatient<T extends { patientId: string }>(patientIds: readonly string[], rows: T[]): T[][] {
  const grouped = new Map<string, T[]>();
  for (const row of rows) {
    const list = grouped.get(row.patientId) ?? [];
    list.push(row);
    grouped.set(row.patientId, list);
  }
  return patientIds.map((id) => grouped.get(id) ?? []);
}

/** A patient's analyses (newest first), one query per tick for all patients on a page. */
export function createAnalysesByPatientLoader(prisma: Prisma) {
  return new DataLoader(async (patientIds: readonly string[]) =>
    byPatient(patientIds, await prisma.analysis.findMany({ where: { patientId: { in: [...patientIds] } }, orderBy: PAGE_ORDER })),
  );
}

/**
 * A patient's archived analyses (newest first, payload still packed: only those shown are
 * unpacked), one query per tick for all patients on a page; used when a client asks for them.
 */
export function createArchivedAnalysesByPatientLoader(prisma: Prisma) {
  return new DataLoader(async (patientIds: readonly string[]) =>
    byPatient(patientIds, await prisma.analysisArchive.findMany({ where: { patientId: { in: [...patientIds] } }, orderBy: PAGE_ORDER })),
  );
}
