import type { SessionStore } from "../../auth/session-store";
import type { Viewer } from "../../context.type";
import { BadUserInputError } from "../../errors/bad-user-input-error";
import { NotFoundError } from "../../errors/not-found-error";
import type { Prisma } from "../../services";
import { PAGE_ORDER, pageQuery, toPage, type PageArgs } from "../common/page";
import type { SessionFilter } from "./session.input";

/** Session listing and revocation for administrators. */
export class SessionAdminService {
  constructor(
    private readonly prisma: Prisma,
    private readonly store: SessionStore,
  ) {}

  async list(filter: SessionFilter | null | undefined, args: PageArgs) {
    const now = new Date();
    const where = {
      ...(filter?.userId ? { userId: filter.userId } : {}),
      ...(filter?.active === true ? { expiresAt: { gt: now } } : filter?.active === false ? { expiresAt: { lte: now } } : {}),
    };
    const page = pageQuery(args, "int");
    const rows = await this.prisma.session.findMany({
      where: { AND: [where, page.where] },
      orderBy: PAGE_ORDER,
      take: page.take,
      omit: { tokenHash: true },
    });
    return toPage(rows, args, () => this.prisma.session.count({ where }));
  }

  async revoke(viewer: Viewer, id: string): Promise<boolean> {
    const sessionId = Number(id);
    if (!Number.isSafeInteger(sessionId) || sessionId < 1) throw new BadUserInputError("Session ids are positive integers.");
    if (!(await this.store.revoke(sessionId, viewer.id))) throw new NotFoundError("No such session.");
    return true;
  }
}
