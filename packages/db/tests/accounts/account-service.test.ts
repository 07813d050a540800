import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AccountService, Role, SessionService } from "../../src";
import { createTempDatabase, type TempDatabase } from "../helpers/temp-database";

const FAST_HASHING = { memoryCost: 4096, timeCost: 1 };
const PASSWORD = "correct horse battery";

describe("AccountService", () => {
  let db: TempDatabase;
  let accounts: AccountService;
  beforeEach(async () => {
    db = await createTempDatabase();
    accounts = new AccountService(db.prisma, { hashing: FAST_HASHING });
  });
  afterEach(async () => {
    await db.dispose();
  });

  const tableCounts = async () => ({ users: await db.prisma.user.count(), audit: await db.prisma.auditEvent.count() });

  it("stores an argon2id hash, never the password, and records an audit event", async () => {
    const user = await accounts.createUser({ email: "Ada@Example.org ", displayName: "Ada", password: PASSWORD });
    expect(user.email).toBe("ada@example.org");
    expect(user).not.toHaveProperty("passwordHash");
    const row = await db.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain(PASSWORD);
    const events = await db.prisma.auditEvent.findMany({ where: { targetId: user.id } });
    expect(events.map((e) => e.action)).toEqual(["user.create"]);
  });

  it("signs in with the right password whatever the email's case, and records the sign-in time", async () => {
    const created = await accounts.createUser({ email: "ada@example.org", displayName: "Ada", password: PASSWORD });
    const user = await accounts.authenticate("  ADA@example.org", PASSWORD);
    expect(user.id).toBe(created.id);
    expect(user.lastLoginAt).toBeInstanceOf(Date);
  });

  it("gives the same INVALID_CREDENTIALS error for an unknown email, a wrong password and a malformed email", async () => {
    await accounts.createUser({ email: "ada@example.org", displayName: "Ada", password: PASSWORD });
    const attempts = [
      accounts.authenticate("nobody@example.org", PASSWORD),
      accounts.authenticate("ada@example.org", "wrong password!"),
      accounts.authenticate("not an email", PASSWORD),
      accounts.authenticate("ada@example.org", ""),
    ];
    const errors = await Promise.all(attempts.map((p) => p.then(() => null, (e: unknown) => e as { code: string; message: string })));
    expect(errors.map((e) => e?.code)).toEqual(["INVALID_CREDENTIALS", "INVALID_CREDENTIALS", "INVALID_CREDENTIALS", "INVALID_CREDENTIALS"]);
    expect(new Set(errors.map((e) => e?.message)).size).toBe(1);
  });

  it("refuses sign-in to a deactivated account and revokes its sessions", async () => {
    await accounts.ensureFirstAdmin();
    const user = await accounts.createUser({ email: "ada@example.org", displayName: "Ada", password: PASSWORD });
    const sessions = new SessionService(db.prisma);
    const { token } = await sessions.create(user.id);
    await accounts.deactivateUser(user.id);
    await expect(accounts.authenticate("ada@example.org", PASSWORD)).rejects.toMatchObject({ code: "USER_INACTIVE" });
    await expect(accounts.authenticate("ada@example.org", "wrong password!")).rejects.toMatchObject({ code: "INVALID_CREDENTIALS" });
    expect(await sessions.validate(token)).toBeNull();
    await accounts.activateUser(user.id);
    await expect(accounts.authenticate("ada@example.org", PASSWORD)).resolves.toMatchObject({ id: user.id });
  });

  it("rejects a duplicate email with EMAIL_TAKEN and writes nothing", async () => {
    await accounts.createUser({ email: "ada@example.org", displayName: "Ada", password: PASSWORD });
    const before = await tableCounts();
    await expect(accounts.createUser({ email: "ADA@example.org", displayName: "Other", password: PASSWORD })).rejects.toMatchObject({ code: "EMAIL_TAKEN", isUserError: true });
    expect(await tableCounts()).toEqual(before);
  });

  it.each([
    ["an invalid email", { email: "ada@", displayName: "Ada", password: PASSWORD }, "email"],
    ["an SQL-looking email", { email: "x'; DROP TABLE users; --", displayName: "Ada", password: PASSWORD }, "email"],
    ["an empty password", { email: "ada@example.org", displayName: "Ada", password: "" }, "password"],
    ["a short password", { email: "ada@example.org", displayName: "Ada", password: "short" }, "password"],
    ["an empty display name", { email: "ada@example.org", displayName: "   ", password: PASSWORD }, "displayName"],
    ["an unknown role", { email: "ada@example.org", displayName: "Ada", password: PASSWORD, role: "ROOT" as Role }, "role"],
  ])("rejects %s with INVALID_INPUT naming the field and writes nothing", async (_name, input, field) => {
    const before = await tableCounts();
    await expect(accounts.createUser(input)).rejects.toMatchObject({ code: "INVALID_INPUT", field });
    expect(await tableCounts()).toEqual(before);
  });

  it("stores SQL-looking display names verbatim without executing them", async () => {
    const name = "Robert'); DROP TABLE users;--";
    const user = await accounts.createUser({ email: "bobby@example.org", displayName: name, password: PASSWORD });
    expect((await accounts.getUser(user.id)).displayName).toBe(name);
    expect(await db.prisma.user.count()).toBe(1);
  });

  it("creates the first admin once with a generated password that signs in", async () => {
    const first = await accounts.ensureFirstAdmin({ email: "root@example.org" });
    expect(first.created).toBe(true);
    expect(first.password?.length).toBeGreaterThanOrEqual(20);
    const admin = await accounts.authenticate("root@example.org", first.password!);
    expect(admin.role).toBe(Role.ADMIN);
    const second = await accounts.ensureFirstAdmin({ email: "root@example.org" });
    expect(second).toEqual({ created: false, email: "root@example.org" });
    expect(await db.prisma.auditEvent.count({ where: { action: "user.first_admin" } })).toBe(1);
  });

  it("refuses to deactivate or demote the last active admin", async () => {
    await accounts.ensureFirstAdmin({ email: "root@example.org" });
    const admin = (await accounts.findUserByEmail("root@example.org"))!;
    await expect(accounts.deactivateUser(admin.id)).rejects.toMatchObject({ code: "LAST_ADMIN" });
    await expect(accounts.updateUser(admin.id, { role: Role.CLINICIAN })).rejects.toMatchObject({ code: "LAST_ADMIN" });
    expect((await accounts.getUser(admin.id)).isActive).toBe(true);
  });

  it("changes a password only with the right current password and ends every session", async () => {
    const user = await accounts.createUser({ email: "ada@example.org", displayName: "Ada", password: PASSWORD });
    const sessions = new SessionService(db.prisma);
    const { token } = await sessions.create(user.id);
    await expect(accounts.changePassword(user.id, { currentPassword: "wrong password!", newPassword: "a new long password" })).rejects.toMatchObject({ code: "INVALID_CREDENTIALS" });
    await expect(accounts.changePassword(user.id, { currentPassword: PASSWORD, newPassword: "short" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    expect(await sessions.validate(token)).not.toBeNull();
    await accounts.changePassword(user.id, { currentPassword: PASSWORD, newPassword: "a new long password" });
    expect(await sessions.validate(token)).toBeNull();
    await expect(accounts.authenticate("ada@example.org", PASSWORD)).rejects.toMatchObject({ code: "INVALID_CREDENTIALS" });
    await expect(accounts.authenticate("ada@example.org", "a new long password")).resolves.toMatchObject({ id: user.id });
  });

  it("updates fields, audits what changed, and maps a clash to EMAIL_TAKEN", async () => {
    const a = await accounts.createUser({ email: "a@example.org", displayName: "A", password: PASSWORD });
    await accounts.createUser({ email: "b@example.org", displayName: "B", password: PASSWORD });
    const updated = await accounts.updateUser(a.id, { displayName: "Ada", role: Role.ANALYST }, null);
    expect(updated).toMatchObject({ displayName: "Ada", role: "ANALYST" });
    const event = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: "user.update" } });
    expect(event.details).toEqual({ displayName: { from: "A", to: "Ada" }, role: { from: "CLINICIAN", to: "ANALYST" } });
    await expect(accounts.updateUser(a.id, { email: "B@example.org" })).rejects.toMatchObject({ code: "EMAIL_TAKEN" });
    await expect(accounts.updateUser("missing", { displayName: "X" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("lists users by filter one page at a time", async () => {
    for (let i = 0; i < 5; i++) await accounts.createUser({ email: `u${i}@example.org`, displayName: `U${i}`, password: PASSWORD, role: i % 2 ? Role.ANALYST : Role.CLINICIAN });
    const page1 = await accounts.listUsers({ role: Role.CLINICIAN, first: 2 });
    expect(page1.items).toHaveLength(2);
    const page2 = await accounts.listUsers({ role: Role.CLINICIAN, first: 2, after: page1.nextCursor });
    expect(page2.items.map((u) => u.email)).toEqual(["u4@example.org"]);
    expect(page2.nextCursor).toBeNull();
  });
});
