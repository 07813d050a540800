import { Arg, Ctx, Mutation, Query, Resolver } from "type-graphql";
import { requireViewer } from "../../auth/permission-middleware";
import type { GraphQLContext } from "../../context.type";
import { User } from "../users/user.type";
import { ChangePasswordInput, LoginInput } from "./auth.input";
import { LoginPayload } from "./auth.type";

/** Sign-in, sign-out and the caller's own account. */
@Resolver()
export class AuthResolver {
  @Mutation(() => LoginPayload, { description: "Signs in: sets the HttpOnly session cookie, or returns a bearer token." })
  login(@Arg("input", () => LoginInput) input: LoginInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.auth.login(ctx, input);
  }

  @Mutation(() => Boolean, { description: "Revokes the current session and clears the cookie." })
  logout(@Ctx() ctx: GraphQLContext) {
    return ctx.services.auth.logout(ctx);
  }

  @Query(() => User, { description: "The signed-in account." })
  async me(@Ctx() ctx: GraphQLContext) {
    return ctx.loaders.userById.load(requireViewer(ctx).id);
  }

  @Mutation(() => Boolean, { description: "Changes the caller's password; every session of the account is revoked." })
  async changePassword(@Arg("input", () => ChangePasswordInput) input: ChangePasswordInput, @Ctx() ctx: GraphQLContext) {
    const done = await ctx.services.users.changePassword(requireViewer(ctx), input.currentPassword, input.newPassword);
    ctx.clearSessionCookie();
    return done;
  }
}
