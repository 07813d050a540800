import { BadUserInputError } from "../../errors/bad-user-input-error";
import type { Prisma } from "../../services";
import { PAGE_ORDER, pageQuery, toPage, type PageArgs } from "../common/page";
import type { AuditEventFilter } from "./audit-event.input";

/**
 * The audit log for administrators: every account change, sign-out, patient and analysis change,
 * review and database restore the services record, newest first. Each filter is served by one of
 * the table's indexes (target, actor, or time), so a page is one keyset query however old it is.
 */
export class AuditEventService {
  constructor(private readonly prisma: Prisma) {}

  async list(filter: AuditEventFilter | null | undefined, args: PageArgs) {
    if (filter?.targetId && !filter.targetType) {
      throw new BadUserInputError("targetId needs targetType: ids of different kinds of record may look alike.", { hint: 'Add targetType, e.g. { targetType: "analysis", targetId: "..." }.' });
    }
    if (filter?.from && filter?.to && filter.from.getTime() >= filter.to.getTime()) {
      throw new BadUserInputError("from must be before to.", { hint: "Swap the two times, or leave one out." });
    }
    const action = filter?.action ?? undefined;
    const where = {
      ...(action ? { action: action.endsWith(".") ? { startsWith: action } : action } : {}),
      ...(filter?.actorId ? { actorId: filter.actorId } : {}),
      ...(filter?.targetType ? { targetType: filter.targetType } : {}),
      ...(filter?.targetId ? { targetId: filter.targetId } : {}),
      ...(filter?.from || filter?.to ? { createdAt: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) } } : {}),
    };
    const page = pageQuery(args, "int");
    const rows = await this.prisma.auditEvent.findMany({ where: { AND: [where, page.where] }, orderBy: PAGE_ORDER, take: page.take });
    return toPage(rows, args, () => this.prisma.auditEvent.count({ where }));
  }
}
