import type { AccountService } from "@gma/db";
import type { LoginRateLimiter } from "../../auth/login-rate-limiter";
import type { SessionStore } from "../../auth/session-store";
import type { GraphQLContext } from "../../context.type";
import type { LoginInput } from "./auth.input";

/** Sign-in and sign-out: credentials through AccountService, limits through Redis. */
export class AuthService {
  constructor(
    private readonly accounts: AccountService,
    private readonly sessions: SessionStore,
    private readonly limiter: LoginRateLimiter,
  ) {}

  async login(ctx: GraphQLContext, input: LoginInput) {
    await this.limiter.check(input.email, ctx.ip);
    let user;
    try {
      user = await this.accounts.authenticate(input.email, input.password);
    } catch (error) {
      await this.limiter.recordFailure(input.email, ctx.ip);
      throw error;
    }
    await this.limiter.recordSuccess(input.email);
    const issued = await this.sessions.create(user.id, { ip: ctx.ip, userAgent: ctx.userAgent });
    if (!input.bearer) ctx.setSessionCookie(issued.token, issued.expiresAt);
    return { user, expiresAt: issued.expiresAt, token: input.bearer ? issued.token : null };
  }

  async logout(ctx: GraphQLContext) {
    ctx.clearSessionCookie();
    if (!ctx.viewer) return false;
    return this.sessions.revoke(ctx.viewer.sessionId, ctx.viewer.id);
  }
}
