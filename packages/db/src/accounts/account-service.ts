import { randomBytes } from "node:crypto";
import { Prisma, Role, type PrismaClient, type User } from "../client";
import { EmailTakenError, InvalidCredentialsError, LastAdminError, NotFoundError, UserInactiveError } from "../errors";
import { checkDisplayName, checkId, checkPassword, checkRole, normalizeEmail, MAX_PASSWORD_LENGTH } from "./account-input";
import { PasswordHasher, type PasswordHasherOptions } from "./password-hasher";

/** A user as services hand it out: never with the password hash. */
export type AccountUser = Omit<User, "passwordHash">;

/** Input of {@link AccountService.createUser}. */
export interface CreateUserInput {
  email: string;
  displayName: string;
  password: string;
  /** @defaultValue "CLINICIAN" */
  role?: Role;
}

/** Input of {@link AccountService.updateUser}; absent fields stay as they are. */
export interface UpdateUserInput {
  email?: string;
  displayName?: string;
  role?: Role;
}

/** Filters and page of {@link AccountService.listUsers}. */
export interface ListUsersInput {
  role?: Role;
  isActive?: boolean;
  /** Page size, 1..200. @defaultValue 50 */
  first?: number;
  /** `nextCursor` of the previous page. */
  after?: string | null;
}

/** Result of {@link AccountService.ensureFirstAdmin}. */
export interface FirstAdminResult {
  /** True when this call created (or re-enabled) the admin account. */
  created: boolean;
  email: string;
  /** The generated password, present only when `created`; show it once and forget it. */
  password?: string;
}

/** Options of {@link AccountService}. */
export interface AccountServiceOptions {
  /** argon2id cost; tests may lower it, production keeps the defaults. */
  hashing?: PasswordHasherOptions;
}

const omitHash = { passwordHash: true } as const;

/**
 * User accounts: creation, changes, deactivation, passwords (argon2id) and sign-in.
 *
 * Every change is written together with an AuditEvent in one transaction. Inputs are validated
 * before anything is written, so bad input raises a typed error (INVALID_INPUT, EMAIL_TAKEN, ...)
 * and leaves the database untouched. `actorId` is the signed-in user making the change (null or
 * absent for the system).
 */
export class AccountService {
  private readonly hasher: PasswordHasher;

  constructor(
    private readonly prisma: PrismaClient,
    options: AccountServiceOptions = {},
  ) {
    this.hasher = new PasswordHasher(options.hashing);
  }

  /**
   * Creates an account.
   * @throws InvalidInputError (bad email, display name, role or password), EmailTakenError.
   */
  async createUser(input: CreateUserInput, actorId: string | null = null): Promise<AccountUser> {
    const email = normalizeEmail(input.email);
    const displayName = checkDisplayName(input.displayName);
    const role = checkRole(input.role ?? Role.CLINICIAN);
    const password = checkPassword(input.password);
    if (await this.prisma.user.findUnique({ where: { email }, select: { id: true } })) throw new EmailTakenError(email);
    const passwordHash = await this.hasher.hash(password);
    try {
      return await this.prisma.$transaction(async (tx) => {
        const user = await tx.user.create({ data: { email, displayName, role, passwordHash }, omit: omitHash });
        await tx.auditEvent.create({
          data: { actorId, action: "user.create", targetType: "user", targetId: user.id, details: { email, role } },
        });
        return user;
      });
    } catch (error) {
      throw uniqueEmailError(error, email);
    }
  }

  /**
   * Changes email, display name or role.
   * @throws NotFoundError, InvalidInputError, EmailTakenError, LastAdminError (demoting the last active admin).
   */
  async updateUser(id: string, input: UpdateUserInput, actorId: string | null = null): Promise<AccountUser> {
    checkId(id);
    const data: Prisma.UserUpdateInput = {};
    if (input.email !== undefined) data.email = normalizeEmail(input.email);
    if (input.displayName !== undefined) data.displayName = checkDisplayName(input.displayName);
    if (input.role !== undefined) data.role = checkRole(input.role);
    try {
      return await this.prisma.$transaction(async (tx) => {
        const before = await tx.user.findUnique({ where: { id }, omit: omitHash });
        if (!before) throw new NotFoundError("user", id);
        if (before.role === Role.ADMIN && before.isActive && data.role !== undefined && data.role !== Role.ADMIN) {
          await assertAnotherActiveAdmin(tx, id);
        }
        const user = await tx.user.update({ where: { id }, data, omit: omitHash });
        await tx.auditEvent.create({
          data: { actorId, action: "user.update", targetType: "user", targetId: id, details: changes(before, user) },
        });
        return user;
      });
    } catch (error) {
      throw typeof data.email === "string" ? uniqueEmailError(error, data.email) : error;
    }
  }

  /**
   * Deactivates an account and revokes all its sessions; it can no longer sign in.
   * @throws NotFoundError, LastAdminError.
   */
  async deactivateUser(id: string, actorId: string | null = null): Promise<AccountUser> {
    checkId(id);
    return this.prisma.$transaction(async (tx) => {
      const before = await tx.user.findUnique({ where: { id }, omit: omitHash });
      if (!before) throw new NotFoundError("user", id);
      if (before.role === Role.ADMIN && before.isActive) await assertAnotherActiveAdmin(tx, id);
      const user = await tx.user.update({ where: { id }, data: { isActive: false }, omit: omitHash });
      const revoked = await tx.session.deleteMany({ where: { userId: id } });
      await tx.auditEvent.create({
        data: { actorId, action: "user.deactivate", targetType: "user", targetId: id, details: { sessionsRevoked: revoked.count } },
      });
      return user;
    });
  }

  /** Re-enables a deactivated account. @throws NotFoundError. */
  async activateUser(id: string, actorId: string | null = null): Promise<AccountUser> {
    checkId(id);
    return this.prisma.$transaction(async (tx) => {
      if (!(await tx.user.findUnique({ where: { id }, select: { id: true } }))) throw new NotFoundError("user", id);
      const user = await tx.user.update({ where: { id }, data: { isActive: true }, omit: omitHash });
      await tx.auditEvent.create({ data: { actorId, action: "user.activate", targetType: "user", targetId: id } });
      return user;
    });
  }

  /**
   * Sets a new password and revokes every session of the user (other devices must sign in
   * again). With `currentPassword` (a user changing their own), it must match; without it (an
   * admin resetting), it is not asked for.
   * @throws NotFoundError, InvalidInputError (new password), InvalidCredentialsError (current password wrong).
   */
  async changePassword(id: string, input: { currentPassword?: string; newPassword: string }, actorId: string | null = null): Promise<void> {
    checkId(id);
    const newPassword = checkPassword(input.newPassword, "newPassword");
    const user = await this.prisma.user.findUnique({ where: { id }, select: { passwordHash: true } });
    if (!user) throw new NotFoundError("user", id);
    if (input.currentPassword !== undefined && !(await this.hasher.verify(user.passwordHash, input.currentPassword))) {
      throw new InvalidCredentialsError();
    }
    const passwordHash = await this.hasher.hash(newPassword);
    await this.prisma.$transaction(async (tx) => {
      await tx.user.update({ where: { id }, data: { passwordHash } });
      const revoked = await tx.session.deleteMany({ where: { userId: id } });
      await tx.auditEvent.create({
        data: {
          actorId,
          action: input.currentPassword === undefined ? "user.password_reset" : "user.password_change",
          targetType: "user",
          targetId: id,
          details: { sessionsRevoked: revoked.count },
        },
      });
    });
  }

  /**
   * Checks an email and password. An unknown email, a malformed one and a wrong password all
   * raise the same InvalidCredentialsError after the same argon2 work. Records the sign-in time.
   * @throws InvalidCredentialsError, UserInactiveError (only once the password was right).
   */
  async authenticate(email: string, password: string): Promise<AccountUser> {
    let normalized: string | undefined;
    try {
      normalized = normalizeEmail(email);
    } catch {
      normalized = undefined;
    }
    const pw = typeof password === "string" ? password.slice(0, MAX_PASSWORD_LENGTH + 1) : "";
    const user = normalized === undefined ? null : await this.prisma.user.findUnique({ where: { email: normalized } });
    if (!user) {
      await this.hasher.verifyDummy(pw);
      throw new InvalidCredentialsError();
    }
    if (!(await this.hasher.verify(user.passwordHash, pw))) throw new InvalidCredentialsError();
    if (!user.isActive) throw new UserInactiveError();
    return this.prisma.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() }, omit: omitHash });
  }

  /**
   * Makes sure an active administrator exists. When none does, creates one (or re-enables and
   * promotes the account that already has `email`) with a generated password, returned once.
   */
  async ensureFirstAdmin(input: { email?: string | undefined; displayName?: string } = {}): Promise<FirstAdminResult> {
    const existing = await this.prisma.user.findFirst({ where: { role: Role.ADMIN, isActive: true }, select: { email: true }, orderBy: { createdAt: "asc" } });
    if (existing) return { created: false, email: existing.email };
    const email = normalizeEmail(input.email ?? "admin@gma.local");
    const displayName = checkDisplayName(input.displayName ?? "Administrator");
    const password = randomBytes(18).toString("base64url");
    const passwordHash = await this.hasher.hash(password);
    await this.prisma.$transaction(async (tx) => {
      const user = await tx.user.upsert({
        where: { email },
        create: { email, displayName, role: Role.ADMIN, passwordHash },
        update: { role: Role.ADMIN, isActive: true, passwordHash },
        select: { id: true },
      });
      await tx.auditEvent.create({ data: { actorId: null, action: "user.first_admin", targetType: "user", targetId: user.id, details: { email } } });
    });
    return { created: true, email, password };
  }

  /** @throws NotFoundError. */
  async getUser(id: string): Promise<AccountUser> {
    checkId(id);
    const user = await this.prisma.user.findUnique({ where: { id }, omit: omitHash });
    if (!user) throw new NotFoundError("user", id);
    return user;
  }

  /** The account with this email, or null (the email is normalised first). */
  async findUserByEmail(email: string): Promise<AccountUser | null> {
    return this.prisma.user.findUnique({ where: { email: normalizeEmail(email) }, omit: omitHash });
  }

  /** Users ordered by creation (then id), filtered, one page at a time. */
  async listUsers(input: ListUsersInput = {}): Promise<{ items: AccountUser[]; nextCursor: string | null }> {
    const first = Math.min(200, Math.max(1, Math.trunc(input.first ?? 50)));
    const where: Prisma.UserWhereInput = {};
    if (input.role !== undefined) where.role = checkRole(input.role);
    if (input.isActive !== undefined) where.isActive = input.isActive;
    const rows = await this.prisma.user.findMany({
      where,
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: first + 1,
      ...(input.after ? { cursor: { id: checkId(input.after, "after") }, skip: 1 } : {}),
      omit: omitHash,
    });
    const items = rows.slice(0, first);
    return { items, nextCursor: rows.length > first ? (items.at(-1)?.id ?? null) : null };
  }
}

async function assertAnotherActiveAdmin(tx: Prisma.TransactionClient, exceptId: string): Promise<void> {
  const others = await tx.user.count({ where: { role: Role.ADMIN, isActive: true, id: { not: exceptId } } });
  if (others === 0) throw new LastAdminError();
}

function changes(before: AccountUser, after: AccountUser): Prisma.InputJsonObject {
  const out: Record<string, { from: string; to: string }> = {};
  for (const key of ["email", "displayName", "role"] as const) {
    if (before[key] !== after[key]) out[key] = { from: before[key], to: after[key] };
  }
  return out;
}

function uniqueEmailError(error: unknown, email: string): unknown {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return new EmailTakenError(email, { cause: error });
  return error;
}
