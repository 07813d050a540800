import { purgeExpiredSessions, SessionReader, SessionService, type PrismaClient } from "@gma/db";
import type { IssuedSession, PurgeResult, SessionStore } from "./session-store";

/** Options of {@link DbSessionStore}. */
export interface DbSessionStoreOptions {
  /** Absolute session lifetime in hours. */
  ttlHours: number;
  /** Idle timeout in minutes. */
  idleMinutes: number;
  /** The SQLite file behind `prisma` (the purge's VACUUM and the reader need it). */
  databaseFile: string;
  /**
   * Validate tokens through a {@link SessionReader} (a prepared statement on a read-only
   * connection to `databaseFile`) instead of Prisma: what the API does, as every request
   * validates one. Processes that never validate (workers) leave it off and open no connection.
   * @defaultValue false
   */
  readDirectly?: boolean;
}

/** {@link SessionStore} over @gma/db's SessionService and purgeExpiredSessions. */
export class DbSessionStore implements SessionStore {
  private readonly service: SessionService;

  private readonly databaseFile: string;

  private readonly reader: SessionReader | undefined;

  constructor(
    private readonly prisma: PrismaClient,
    options: DbSessionStoreOptions,
  ) {
    this.databaseFile = options.databaseFile;
    this.reader = options.readDirectly ? SessionReader.open(options.databaseFile) : undefined;
    const idleTimeoutMs = options.idleMinutes * 60_000;
    this.service = new SessionService(prisma, {
      absoluteTtlMs: options.ttlHours * 3600_000,
      idleTimeoutMs,
      touchIntervalMs: Math.min(60_000, Math.floor(idleTimeoutMs / 2)),
      ...(this.reader ? { reader: this.reader } : {}),
    });
  }

  close(): void {
    this.reader?.close();
  }

  async create(userId: string, meta: { ip?: string | undefined; userAgent?: string | undefined }): Promise<IssuedSession> {
    const { token, session } = await this.service.create(userId, { ip: meta.ip ?? null, userAgent: meta.userAgent ?? null });
    return { token, sessionId: session.id, expiresAt: session.expiresAt };
  }

  async validate(token: string) {
    const found = await this.service.validate(token);
    if (!found) return null;
    const { user, session } = found;
    return { sessionId: session.id, expiresAt: session.expiresAt, user: { id: user.id, email: user.email, displayName: user.displayName, role: user.role } };
  }

  revoke(sessionId: number, actorId: string | null = null): Promise<boolean> {
    return this.service.revoke(sessionId, actorId);
  }

  async purgeExpired(options: { batchSize: number; vacuum: boolean }): Promise<PurgeResult> {
    const result = await purgeExpiredSessions({ prisma: this.prisma, file: this.databaseFile }, { batchSize: options.batchSize, vacuum: options.vacuum });
    return { rows: result.rows, batches: result.batches, durationMs: result.durationMs, vacuumed: result.vacuumed };
  }
}
