import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { GraphQLContext } from "../../context.type";
import { PageArgsInput } from "../common/page.args";
import { User } from "../users/user.type";
import { AuditEventFilter } from "./audit-event.input";
import { AuditEvent, AuditEventConnection } from "./audit-event.type";

/** The audit log (administrators): thin; rules live in AuditEventService. */
@Resolver(() => AuditEvent)
export class AuditEventResolver {
  @Query(() => AuditEventConnection, { description: "The audit log, newest first." })
  auditEvents(@Arg("filter", () => AuditEventFilter, { nullable: true }) filter: AuditEventFilter | null, @Args(() => PageArgsInput) page: PageArgsInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.audit.list(filter, page);
  }

  @FieldResolver(() => User, { nullable: true, description: "Who did it; null for the system (start-up, scheduled jobs, a restore) or a removed account." })
  actor(@Root() event: AuditEvent, @Ctx() ctx: GraphQLContext) {
    return event.actorId ? ctx.loaders.userById.load(event.actorId) : null;
  }
}
