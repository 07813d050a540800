import type { AccountService } from "@gma/db";
import type { Viewer } from "../../context.type";
import type { Prisma } from "../../services";
import { PAGE_ORDER, pageQuery, toPage, type PageArgs } from "../common/page";
import { containsLiterally, hasLikeWildcard, searchText } from "../common/text-search";
import { MAX_USER_SEARCH_LENGTH, type CreateUserInput, type UpdateUserInput, type UserFilter } from "./user.input";

const omitHash = { passwordHash: true } as const;

/** What the users list's search looks in. */
const USER_SEARCH = { maxLength: MAX_USER_SEARCH_LENGTH, searches: "the account's name or email address", example: "the first letters of the name" };

/** Admin-managed accounts; writes go through @gma/db's AccountService (validation, audit). */
export class UserService {
  constructor(
    private readonly prisma: Prisma,
    private readonly accounts: AccountService,
  ) {}

  async list(filter: UserFilter | null | undefined, args: PageArgs) {
    const search = searchText(filter?.search, USER_SEARCH);
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
    if (!search || !hasLikeWildcard(search)) {
      const rows = await this.prisma.user.findMany({ ...query, take: page.take });
      return toPage(rows, args, () => this.prisma.user.count({ where }));
    }
    // "100%" or "j_smith": LIKE would take % and _ as wildcards and find more accounts than
    // contain the text, and Prisma has no way to escape them. What LIKE finds is then a superset,
    // read whole (the same scan as above) and narrowed here, so that pages and counts hold only
    // real matches.
    const matches = containsLiterally(search, (user: { displayName: string; email: string }) => [user.displayName, user.email]);
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
