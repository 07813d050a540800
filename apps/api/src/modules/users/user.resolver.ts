import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import { requireViewer } from "../../auth/permission-middleware";
import type { GraphQLContext } from "../../context.type";
import { PageArgsInput } from "../common/page.args";
import { CreateUserInput, UpdateUserInput, UserFilter } from "./user.input";
import { User, UserConnection } from "./user.type";

/** Admin-managed accounts. */
@Resolver(() => User)
export class UserResolver {
  @Query(() => UserConnection)
  users(@Arg("filter", () => UserFilter, { nullable: true }) filter: UserFilter | null, @Args(() => PageArgsInput) page: PageArgsInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.users.list(filter, page);
  }

  @Mutation(() => User)
  createUser(@Arg("input", () => CreateUserInput) input: CreateUserInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.users.create(requireViewer(ctx), input);
  }

  @Mutation(() => User)
  updateUser(@Arg("input", () => UpdateUserInput) input: UpdateUserInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.users.update(requireViewer(ctx), input);
  }

  @Mutation(() => User, { description: "Deactivates the account and revokes its sessions." })
  deactivateUser(@Arg("id", () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return ctx.services.users.deactivate(requireViewer(ctx), id);
  }
}
