import { BadUserInputError } from "../../errors/bad-user-input-error";
import type { Viewer } from "../../context.type";
import type { Prisma } from "../../services";
import { afterPosition, PAGE_ORDER, pageQuery, toPage, type PageArgs } from "../common/page";
import type { AuditEventFilter } from "./audit-event.input";

/**
 * The audit log for administrators: every account change, sign-out, patient and analysis change,
 * review and database restore the services record, newest first. Each filter is served by one of
 * the table's indexes (target, actor, or time), so a page is one keyset query however old it is.
 */
export class AuditEventService {
  constructor(private readonly prisma: Prisma) {}

  async list(filter: AuditEventFilter | null | undefined, args: PageArgs) {
    const where = whereOf(filter);
    const page = pageQuery(args, "int");
    const rows = await this.prisma.auditEvent.findMany({ where: { AND: [where, page.where] }, orderBy: PAGE_ORDER, take: page.take });
    return toPage(rows, args, () => this.prisma.auditEvent.count({ where }));
  }

  /**
   * Every event the filter matches, newest first, in batches of `batchSize` each with the accounts
   * that acted (for an export): keyset reads, so a long log is never held in memory at once, and
   * events written meanwhile newer than the first batch are not mixed in.
   */
  async *batches(filter: AuditEventFilter | null | undefined, batchSize = 500): AsyncGenerator<{ events: AuditEventRow[]; actors: Map<string, { email: string; displayName: string }> }> {
    const where = whereOf(filter);
    let after: object = {};
    for (;;) {
      const events = await this.prisma.auditEvent.findMany({ where: { AND: [where, after] }, orderBy: PAGE_ORDER, take: batchSize });
      if (events.length === 0) return;
      const ids = [...new Set(events.map((e) => e.actorId).filter((id): id is string => id !== null))];
      const users = ids.length ? await this.prisma.user.findMany({ where: { id: { in: ids } }, select: { id: true, email: true, displayName: true } }) : [];
      yield { events, actors: new Map(users.map((u) => [u.id, u])) };
      if (events.length < batchSize) return;
      const last = events[events.length - 1]!;
      after = afterPosition(last.createdAt, last.id);
    }
  }

  /** Records that `viewer` exported the log with this filter (the export is itself in the log). */
  async recordExport(viewer: Viewer, filter: AuditEventFilter | null | undefined): Promise<void> {
    whereOf(filter);
    const given = Object.fromEntries(Object.entries(filter ?? {}).filter(([, v]) => v !== null && v !== undefined && v !== ""));
    await this.prisma.auditEvent.create({ data: { actorId: viewer.id, action: "audit.export", targetType: "audit", details: { filter: given } } });
  }
}

/** A row of `audit_events`. */
export type AuditEventRow = Awaited<ReturnType<Prisma["auditEvent"]["findMany"]>>[number];

/** The Prisma filter of an audit-log filter, or BAD_USER_INPUT for one that cannot mean anything. */
function whereOf(filter: AuditEventFilter | null | undefined) {
  if (filter?.targetId && !filter.targetType) {
    throw new BadUserInputError("targetId needs targetType: ids of different kinds of record may look alike.", { hint: 'Add targetType, e.g. { targetType: "analysis", targetId: "..." }.' });
  }
  if (filter?.from && filter?.to && filter.from.getTime() >= filter.to.getTime()) {
    throw new BadUserInputError("from must be before to.", { hint: "Swap the two times, or leave one out." });
  }
  const action = filter?.action ?? undefined;
  return {
    ...(action ? { action: action.endsWith(".") ? { startsWith: action } : action } : {}),
    ...(filter?.actorId ? { actorId: filter.actorId } : {}),
    ...(filter?.targetType ? { targetType: filter.targetType } : {}),
    ...(filter?.targetId ? { targetId: filter.targetId } : {}),
    ...(filter?.from || filter?.to ? { createdAt: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) } } : {}),
  };
}
