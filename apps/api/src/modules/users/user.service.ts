import type { AccountService } from "@gma/db";
import type { Viewer } from "../../context.type";
import type { Prisma } from "../../services";
import { PAGE_ORDER, pageQuery, toPage, type PageArgs } from "../common/page";
import type { CreateUserInput, UpdateUserInput, UserFilter } from "./user.input";

const omitHash = { passwordHash: true } as const;

/** Admin-managed accounts; writes go through @gma/db's AccountService (validation, audit). */
export class UserService {
  constructor(
    private readonly prisma: Prisma,
    private readonly accounts: AccountService,
  ) {}

  async list(filter: UserFilter | null | undefined, args: PageArgs) {
    const where = {
      ...(filter?.role ? { role: filter.role } : {}),
      ...(filter?.isActive != null ? { isActive: filter.isActive } : {}),
    };
    const page = pageQuery(args);
    const rows = await this.prisma.user.findMany({ where: { AND: [where, page.where] }, orderBy: PAGE_ORDER, take: page.take, omit: omitHash });
    return toPage(rows, args, () => this.prisma.user.count({ where }));
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
