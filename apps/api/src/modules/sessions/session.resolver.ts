import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { requireViewer } from "../../auth/permission-middleware";
import type { GraphQLContext } from "../../context.type";
import { PageArgsInput } from "../common/page.args";
import { User } from "../users/user.type";
import { SessionFilter } from "./session.input";
import { Session, SessionConnection } from "./session.type";

/** Sessions of every account (admins). */
@Resolver(() => Session)
export class SessionResolver {
  @Query(() => SessionConnection)
  sessions(@Arg("filter", () => SessionFilter, { nullable: true }) filter: SessionFilter | null, @Args(() => PageArgsInput) page: PageArgsInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.sessionAdmin.list(filter, page);
  }

  @Mutation(() => Boolean)
  revokeSession(@Arg("id", () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return ctx.services.sessionAdmin.revoke(requireViewer(ctx), id);
  }

  @FieldResolver(() => User)
  user(@Root() session: Session, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.userById.load(session.userId);
  }

  @FieldResolver(() => Boolean, { description: "True for the session making this request." })
  current(@Root() session: Session, @Ctx() ctx: GraphQLContext) {
    return ctx.viewer?.sessionId === session.id;
  }
}
