import DataLoader from "dataloader";
import type { Prisma } from "../../services";

/** Users by id, one query per tick; inactive users included (history must still name them). */
export function createUserLoader(prisma: Prisma) {
  return new DataLoader(async (ids: readonly string[]) => {
    const rows = await prisma.user.findMany({ where: { id: { in: [...ids] } } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}
