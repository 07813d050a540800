import type { Prisma, PrismaClient, Session } from "../client";
import { InvalidInputError, NotFoundError, UserInactiveError } from "../errors";
import type { AccountUser } from "../accounts";
import { SESSION_VALIDATION_SQL, type SessionReader, type SessionValidationRow } from "./session-reader";
import { generateSessionToken, hashSessionToken, isWellFormedSessionToken } from "./session-token";

/** A session as services hand it out: never with the token hash. */
export type SessionInfo = Omit<Session, "tokenHash">;

/** Options of {@link SessionService}. */
export interface SessionServiceOptions {
  /**
   * Absolute lifetime of a session from sign-in, in milliseconds.
   * @defaultValue 43200000 (12 h)
   */
  absoluteTtlMs?: number;
  /**
   * A session unused for this long expires, in milliseconds.
   * @defaultValue 1800000 (30 min)
   */
  idleTimeoutMs?: number;
  /**
   * Validation writes lastSeenAt (and slides the idle expiry) at most once per this interval per
   * session, so that a busy client does not turn every request into a write.
   * @defaultValue 60000 (1 min)
   */
  touchIntervalMs?: number;
  /** Clock, for tests. @defaultValue () => new Date() */
  now?: () => Date;
  /**
   * Where validation reads the session and its user: a {@link SessionReader} on the same
   * database file (what the API uses; the caller closes it). Without one, validation reads
   * through Prisma.
   */
  reader?: SessionReader;
}

/** Filters and page of {@link SessionService.list}. */
export interface ListSessionsInput {
  userId?: string;
  /** @defaultValue "active" */
  state?: "active" | "expired" | "all";
  ip?: string;
  createdAfter?: Date;
  createdBefore?: Date;
  /** Page size, 1..500. @defaultValue 50 */
  first?: number;
  /** `nextCursor` of the previous page. */
  after?: string | null;
}

/** A validated session and its (active) user. */
export interface ValidatedSession {
  session: SessionInfo;
  user: AccountUser;
}

const omitHash = { tokenHash: true } as const;

function toDate(value: Date | number | string | bigint): Date {
  return value instanceof Date ? value : new Date(typeof value === "string" ? value : Number(value));
}

/**
 * Bearer-token sessions. Tokens are 256 random bits handed to the client once; the database
 * keeps only their SHA-256, so a leaked database does not leak usable tokens.
 *
 * A session ends at `absoluteExpiresAt` or after `idleTimeoutMs` without use, whichever comes
 * first; `expiresAt` always holds that effective end (see the schema), which is what validation
 * checks and {@link purgeExpiredSessions} deletes by.
 */
export class SessionService {
  private readonly absoluteTtlMs: number;
  private readonly idleTimeoutMs: number;
  private readonly touchIntervalMs: number;
  private readonly now: () => Date;
  private readonly reader: SessionReader | undefined;

  constructor(
    private readonly prisma: PrismaClient,
    options: SessionServiceOptions = {},
  ) {
    this.absoluteTtlMs = options.absoluteTtlMs ?? 12 * 3600_000;
    this.idleTimeoutMs = options.idleTimeoutMs ?? 30 * 60_000;
    this.touchIntervalMs = options.touchIntervalMs ?? 60_000;
    this.now = options.now ?? (() => new Date());
    this.reader = options.reader;
    for (const [name, value] of [["absoluteTtlMs", this.absoluteTtlMs], ["idleTimeoutMs", this.idleTimeoutMs], ["touchIntervalMs", this.touchIntervalMs]] as const) {
      if (!Number.isFinite(value) || value <= 0) throw new RangeError(`SessionService: ${name} must be a positive number of milliseconds (got ${value})`);
    }
    if (this.touchIntervalMs >= this.idleTimeoutMs) {
      throw new RangeError(`SessionService: touchIntervalMs (${this.touchIntervalMs}) must be shorter than idleTimeoutMs (${this.idleTimeoutMs})`);
    }
  }

  /**
   * Starts a session for an active user. The returned token is shown to the client once and
   * never stored.
   * @throws NotFoundError, UserInactiveError.
   */
  async create(userId: string, client: { ip?: string | null; userAgent?: string | null } = {}): Promise<{ token: string; session: SessionInfo }> {
    const user = await this.prisma.user.findUnique({ where: { id: userId }, select: { isActive: true } });
    if (!user) throw new NotFoundError("user", userId);
    if (!user.isActive) throw new UserInactiveError();
    const token = generateSessionToken();
    const now = this.now().getTime();
    const absolute = now + this.absoluteTtlMs;
    const session = await this.prisma.session.create({
      data: {
        tokenHash: hashSessionToken(token),
        userId,
        createdAt: new Date(now),
        lastSeenAt: new Date(now),
        absoluteExpiresAt: new Date(absolute),
        expiresAt: new Date(Math.min(absolute, now + this.idleTimeoutMs)),
        ip: client.ip?.slice(0, 64) ?? null,
        userAgent: client.userAgent?.slice(0, 512) ?? null,
      },
      omit: omitHash,
    });
    return { token, session };
  }

  /**
   * The session and user behind a token, or null when the token is malformed, unknown,
   * expired (absolutely or idle), or its user is deactivated. Slides the idle expiry, writing
   * at most once per `touchIntervalMs`.
   */
  async validate(token: unknown): Promise<ValidatedSession | null> {
    if (!isWellFormedSessionToken(token)) return null;
    // Every authenticated request passes here: one join, through the prepared statement of the
    // reader when there is one (see SessionReader for why), else through Prisma. Not
    // findUnique with an include, which costs two statements and a query-plan compile.
    const hash = hashSessionToken(token);
    const row = this.reader ? this.reader.find(hash) : (await this.prisma.$queryRawUnsafe<SessionValidationRow[]>(SESSION_VALIDATION_SQL, hash))[0];
    const now = this.now().getTime();
    if (!row || toDate(row.expiresAt).getTime() <= now || !row.isActive) return null;
    const session: SessionInfo = {
      id: Number(row.id),
      userId: row.userId,
      createdAt: toDate(row.createdAt),
      expiresAt: toDate(row.expiresAt),
      absoluteExpiresAt: toDate(row.absoluteExpiresAt),
      lastSeenAt: toDate(row.lastSeenAt),
      ip: row.ip,
      userAgent: row.userAgent,
    };
    const user: AccountUser = {
      id: row.userId,
      email: row.email,
      displayName: row.displayName,
      role: row.role,
      isActive: Boolean(row.isActive),
      lastLoginAt: row.lastLoginAt === null ? null : toDate(row.lastLoginAt),
      createdAt: toDate(row.userCreatedAt),
      updatedAt: toDate(row.userUpdatedAt),
    };
    if (now - session.lastSeenAt.getTime() >= this.touchIntervalMs) {
      const expiresAt = new Date(Math.min(session.absoluteExpiresAt.getTime(), now + this.idleTimeoutMs));
      // The lastSeenAt condition makes concurrent validations of one token write once.
      await this.prisma.session.updateMany({
        where: { id: session.id, lastSeenAt: session.lastSeenAt },
        data: { lastSeenAt: new Date(now), expiresAt },
      });
      session.lastSeenAt = new Date(now);
      session.expiresAt = expiresAt;
    }
    return { session, user };
  }

  /** Ends the session behind a token (sign-out); false when there was none. */
  async revokeToken(token: unknown): Promise<boolean> {
    if (!isWellFormedSessionToken(token)) return false;
    const { count } = await this.prisma.session.deleteMany({ where: { tokenHash: hashSessionToken(token) } });
    return count > 0;
  }

  /** Ends one session by id (an admin or the owner from a session list); false when there was none. */
  async revoke(sessionId: number, actorId: string | null = null): Promise<boolean> {
    if (!Number.isSafeInteger(sessionId) || sessionId <= 0) throw new InvalidInputError("sessionId", "The session id must be a positive integer.");
    return this.prisma.$transaction(async (tx) => {
      const row = await tx.session.findUnique({ where: { id: sessionId }, select: { userId: true } });
      if (!row) return false;
      await tx.session.delete({ where: { id: sessionId } });
      await tx.auditEvent.create({ data: { actorId, action: "session.revoke", targetType: "user", targetId: row.userId, details: { sessionId } } });
      return true;
    });
  }

  /** Ends every session of a user (optionally keeping one, e.g. the caller's); returns how many ended. */
  async revokeAllForUser(userId: string, actorId: string | null = null, options: { exceptSessionId?: number } = {}): Promise<number> {
    if (typeof userId !== "string" || userId.length === 0) throw new InvalidInputError("userId", "The user id is empty.");
    return this.prisma.$transaction(async (tx) => {
      const where: Prisma.SessionWhereInput = { userId };
      if (options.exceptSessionId !== undefined) where.id = { not: options.exceptSessionId };
      const { count } = await tx.session.deleteMany({ where });
      await tx.auditEvent.create({ data: { actorId, action: "session.revoke_all", targetType: "user", targetId: userId, details: { count } } });
      return count;
    });
  }

  /** Sessions, newest first, filtered, one page at a time (cursor = the last item's id). */
  async list(input: ListSessionsInput = {}): Promise<{ items: SessionInfo[]; nextCursor: string | null }> {
    const first = Math.min(500, Math.max(1, Math.trunc(input.first ?? 50)));
    const now = this.now();
    const where: Prisma.SessionWhereInput = {};
    if (input.userId !== undefined) where.userId = input.userId;
    const state = input.state ?? "active";
    if (state === "active") where.expiresAt = { gt: now };
    else if (state === "expired") where.expiresAt = { lte: now };
    if (input.ip !== undefined) where.ip = input.ip;
    if (input.createdAfter || input.createdBefore) {
      where.createdAt = { ...(input.createdAfter ? { gte: input.createdAfter } : {}), ...(input.createdBefore ? { lt: input.createdBefore } : {}) };
    }
    if (input.after) {
      const cursor = Number(input.after);
      if (!Number.isSafeInteger(cursor) || cursor <= 0) throw new InvalidInputError("after", "The cursor is not valid; pass the nextCursor of the previous page.");
      where.id = { lt: cursor };
    }
    const rows = await this.prisma.session.findMany({ where, orderBy: { id: "desc" }, take: first + 1, omit: omitHash });
    const items = rows.slice(0, first);
    return { items, nextCursor: rows.length > first ? String(items.at(-1)!.id) : null };
  }

  /** How many sessions are live and how many are expired but not purged yet. */
  async counts(): Promise<{ active: number; expired: number }> {
    const now = this.now();
    const [active, expired] = await Promise.all([
      this.prisma.session.count({ where: { expiresAt: { gt: now } } }),
      this.prisma.session.count({ where: { expiresAt: { lte: now } } }),
    ]);
    return { active, expired };
  }
}
