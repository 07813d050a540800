import type { AccountService } from "@gma/db";
import type { Viewer } from "../../context.type";
import { BadUserInputError } from "../../errors/bad-user-input-error";
import type { Prisma } from "../../services";
import { PAGE_ORDER, pageQuery, toPage, type PageArgs } from "../common/page";
import { MAX_USER_SEARCH_LENGTH, type CreateUserInput, type UpdateUserInput, type UserFilter } from "./user.input";

const omitHash = { passwordHash: true } as const;

/** The text to look for, trimmed; undefined for none (blank), BAD_USER_INPUT when too long. */
function searchOf(search: string | null | undefined): string | undefined {
  const text = search?.trim();
  if (!text) return undefined;
  if (text.length > MAX_USER_SEARCH_LENGTH) {
    throw new BadUserInputError(`search is longer than ${MAX_USER_SEARCH_LENGTH} characters: search by a part of the account's name or email address instead.`, {
      hint: `Type at most ${MAX_USER_SEARCH_LENGTH} characters, e.g. the first letters of the name.`,
    });
  }
  return text;
}

/** LIKE's wildcards, which Prisma's `contains` passes on unescaped. */
const LIKE_WILDCARD = /[%_]/;

/** Lower-cases ASCII letters only, as SQLite's LIKE compares them. */
const asciiLower = (text: string) => text.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** Whether an account's name or email contains `search` as SQLite's LIKE would find it, wildcards taken literally. */
function containsLiterally(search: string): (user: { displayName: string; email: string }) => boolean {
  const needle = asciiLower(search);
  return (user) => asciiLower(user.displayName).includes(needle) || asciiLower(user.email).includes(needle);
}

/** Admin-managed accounts; writes go through @gma/db's AccountService (validation, audit). */
export class UserService {
  constructor(
    private readonly prisma: Prisma,
    private readonly accounts: AccountService,
  ) {}

  async list(filter: UserFilter | null | undefined, args: PageArgs) {
    const search = searchOf(filter?.search);
    const where = {
      ...(filter?.role ? { role: filter.role } : {}),
      ...(filter?.isActive != null ? { isActive: filter.isActive } : {}),
      // Prisma's `contains` is SQLite's LIKE, which ignores the case of ASCII letters. No index
      // serves a substring, so a search reads the whole users table (and again for totalCount):
      // fine, since a clinic has hundreds or thousands of accounts, not millions, and each row
      // is a few short columns. The keyset paging is the same as without a search.
      ...(search ? { OR: [{ displayName: { contains: search } }, { email: { contains: search } }] } : {}),
    };
    const page = pageQuery(args);
    const query = { where: { AND: [where, page.where] }, orderBy: PAGE_ORDER, omit: omitHash };
    if (!search || !LIKE_WILDCARD.test(search)) {
      const rows = await this.prisma.user.findMany({ ...query, take: page.take });
      return toPage(rows, args, () => this.prisma.user.count({ where }));
    }
    // "100%" or "j_smith": LIKE would take % and _ as wildcards and find more accounts than
    // contain the text, and Prisma has no way to escape them. What LIKE finds is then a superset,
    // read whole (the same scan as above) and narrowed here, so that pages and counts hold only
    // real matches.
    const matches = containsLiterally(search);
    const rows = (await this.prisma.user.findMany(query)).filter(matches).slice(0, page.take);
    return toPage(rows, args, async () => (await this.prisma.user.findMany({ where, select: { displayName: true, email: true } })).filter(matches).length);
  }

  create(viewer: Viewer, input: CreateUserInput) {
    return this.accounts.createUser({ email: input.email, displayName: input.displayName, password: input.password, role: input.role }, viewer.id);
  }

  async update(viewer: Viewer, input: UpdateUserInput) {
    let user = await this.accounts.updateUser(
      input.id,
      {
        ...(input.email != null ? { email: input.email } : {}),
        ...(input.displayName != null ? { displayName: input.displayName } : {}),
        ...(input.role != null ? { role: input.role } : {}),
      },
      viewer.id,
    );
    if (input.isActive === true && !user.isActive) user = await this.accounts.activateUser(input.id, viewer.id);
    if (input.isActive === false && user.isActive) user = await this.accounts.deactivateUser(input.id, viewer.id);
    return user;
  }

  deactivate(viewer: Viewer, id: string) {
    return this.accounts.deactivateUser(id, viewer.id);
  }

  async changePassword(viewer: Viewer, currentPassword: string, newPassword: string) {
    await this.accounts.changePassword(viewer.id, { currentPassword, newPassword }, viewer.id);
    return true;
  }
}
