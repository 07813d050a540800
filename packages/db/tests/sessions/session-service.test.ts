import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { hashSessionToken, SessionReader, SessionService } from "../../src";
import { createTempDatabase, insertUser, type TempDatabase } from "../helpers/temp-database";

// Every behaviour holds whether validation reads through Prisma or through a SessionReader's
// prepared statement on its own read-only connection (what the API uses).
describe.each([
  { reads: "through Prisma", direct: false },
  { reads: "through a SessionReader", direct: true },
])("SessionService validating $reads", ({ direct }) => {
  let db: TempDatabase;
  let clock: Date;
  let sessions: SessionService;
  let reader: SessionReader | undefined;
  let userId: string;
  beforeEach(async () => {
    db = await createTempDatabase();
    clock = new Date("2025-01-01T08:00:00Z");
    reader = direct ? SessionReader.open(db.file) : undefined;
    sessions = new SessionService(db.prisma, { absoluteTtlMs: 8 * 3600_000, idleTimeoutMs: 30 * 60_000, touchIntervalMs: 60_000, now: () => clock, ...(reader ? { reader } : {}) });
    userId = await insertUser(db);
  });
  afterEach(async () => {
    reader?.close();
    await db.dispose();
  });
  const advance = (ms: number) => {
    clock = new Date(clock.getTime() + ms);
  };

  it("hands out a 256-bit token and stores only its SHA-256", async () => {
    const { token } = await sessions.create(userId, { ip: "10.0.0.1", userAgent: "test" });
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    const rows = await db.prisma.$queryRawUnsafe<Record<string, unknown>[]>("SELECT * FROM sessions");
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows, (_k, v: unknown) => (typeof v === "bigint" ? Number(v) : v))).not.toContain(token);
    expect(rows[0]?.token_hash).toBe(hashSessionToken(token));
  });

  it("validates a fresh token and returns its user without the password hash", async () => {
    const { token } = await sessions.create(userId);
    const found = await sessions.validate(token);
    expect(found?.user.id).toBe(userId);
    expect(found?.user).not.toHaveProperty("passwordHash");
    expect(found?.session).not.toHaveProperty("tokenHash");
  });

  it("returns exactly what Prisma's own read of the session and its user returns", async () => {
    await db.prisma.user.update({ where: { id: userId }, data: { lastLoginAt: new Date("2024-12-31T10:00:00.123Z") } });
    const { token } = await sessions.create(userId, { ip: "10.0.0.2", userAgent: "agent/1" });
    const found = await sessions.validate(token);
    const viaOrm = await db.prisma.session.findUniqueOrThrow({
      where: { tokenHash: hashSessionToken(token) },
      omit: { tokenHash: true },
      include: { user: { omit: { passwordHash: true } } },
    });
    const { user, ...session } = viaOrm;
    expect(found).toEqual({ session, user });
    expect(found?.session.createdAt).toBeInstanceOf(Date);
  });

  it("rejects malformed, unknown and revoked tokens", async () => {
    const { token } = await sessions.create(userId);
    expect(await sessions.validate("")).toBeNull();
    expect(await sessions.validate("' OR 1=1 --")).toBeNull();
    expect(await sessions.validate("A".repeat(43))).toBeNull();
    expect(await sessions.revokeToken(token)).toBe(true);
    expect(await sessions.validate(token)).toBeNull();
  });

  it("expires a session left idle longer than the idle timeout", async () => {
    const { token } = await sessions.create(userId);
    advance(31 * 60_000);
    expect(await sessions.validate(token)).toBeNull();
  });

  it("slides the idle expiry on use but never past the absolute expiry", async () => {
    const { token } = await sessions.create(userId);
    for (let i = 0; i < 16; i++) {
      advance(29 * 60_000);
      const found = await sessions.validate(token);
      expect(found).not.toBeNull();
      expect(found!.session.expiresAt.getTime()).toBeLessThanOrEqual(found!.session.absoluteExpiresAt.getTime());
    }
    advance(29 * 60_000); // 8 h 12 min after sign-in
    expect(await sessions.validate(token)).toBeNull();
  });

  it("writes lastSeenAt at most once per touch interval", async () => {
    const { token, session } = await sessions.create(userId);
    advance(30_000);
    await sessions.validate(token);
    const row1 = await db.prisma.session.findUniqueOrThrow({ where: { id: session.id } });
    expect(row1.lastSeenAt.getTime()).toBe(session.lastSeenAt.getTime());
    advance(40_000);
    await sessions.validate(token);
    const row2 = await db.prisma.session.findUniqueOrThrow({ where: { id: session.id } });
    expect(row2.lastSeenAt.getTime()).toBe(clock.getTime());
  });

  it("refuses sessions for unknown or deactivated users and ends validation when a user is deactivated", async () => {
    await expect(sessions.create("missing")).rejects.toMatchObject({ code: "NOT_FOUND" });
    const { token } = await sessions.create(userId);
    await db.prisma.user.update({ where: { id: userId }, data: { isActive: false } });
    expect(await sessions.validate(token)).toBeNull();
    await expect(sessions.create(userId)).rejects.toMatchObject({ code: "USER_INACTIVE" });
  });

  it("revokes one session by id, leaving the others, and audits it", async () => {
    const a = await sessions.create(userId);
    const b = await sessions.create(userId);
    expect(await sessions.revoke(a.session.id, userId)).toBe(true);
    expect(await sessions.revoke(a.session.id, userId)).toBe(false);
    expect(await sessions.validate(a.token)).toBeNull();
    expect(await sessions.validate(b.token)).not.toBeNull();
    expect(await db.prisma.auditEvent.count({ where: { action: "session.revoke", targetId: userId } })).toBe(1);
    await expect(sessions.revoke(-1)).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });

  it("revokes all sessions of one user only, optionally keeping the caller's", async () => {
    const other = await insertUser(db);
    const mine = [await sessions.create(userId), await sessions.create(userId), await sessions.create(userId)];
    const theirs = await sessions.create(other);
    expect(await sessions.revokeAllForUser(userId, null, { exceptSessionId: mine[0]!.session.id })).toBe(2);
    expect(await sessions.validate(mine[0]!.token)).not.toBeNull();
    expect(await sessions.validate(mine[1]!.token)).toBeNull();
    expect(await sessions.validate(theirs.token)).not.toBeNull();
    expect(await sessions.revokeAllForUser(userId)).toBe(1);
  });

  it("lists sessions by user and state, newest first, one page at a time, and counts them", async () => {
    const other = await insertUser(db);
    const created = [];
    for (let i = 0; i < 5; i++) created.push((await sessions.create(userId, { ip: i % 2 ? "10.0.0.2" : "10.0.0.1" })).session.id);
    await sessions.create(other);
    advance(31 * 60_000);
    await sessions.create(userId);
    const page1 = await sessions.list({ userId, state: "expired", first: 3 });
    expect(page1.items.map((s) => s.id)).toEqual([...created].reverse().slice(0, 3));
    const page2 = await sessions.list({ userId, state: "expired", first: 3, after: page1.nextCursor });
    expect(page2.items.map((s) => s.id)).toEqual([created[1], created[0]]);
    expect(page2.nextCursor).toBeNull();
    expect((await sessions.list({ userId, state: "active" })).items).toHaveLength(1);
    expect((await sessions.list({ state: "all", ip: "10.0.0.2" })).items).toHaveLength(2);
    expect(await sessions.counts()).toEqual({ active: 1, expired: 6 });
    await expect(sessions.list({ after: "abc" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });
});

describe("SessionReader", () => {
  it("refuses to open a database file that does not exist instead of creating an empty one", () => {
    const missing = `/tmp/gma-no-such-dir-${process.pid}/missing.sqlite`;
    expect(() => SessionReader.open(missing)).toThrow(/unable to open|directory does not exist|no such file/i);
  });
});
