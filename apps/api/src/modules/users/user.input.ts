import { IsEmail, IsOptional, MaxLength, MinLength } from "class-validator";
import { Field, ID, InputType } from "type-graphql";
import type { Role } from "../../auth/permission-matrix";
import { RoleEnum } from "./role.type";

/** A new account (admins only). */
@InputType()
export class CreateUserInput {
  @Field(() => String)
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @Field(() => String)
  @MinLength(1)
  @MaxLength(120)
  displayName!: string;

  @Field(() => String, { description: "At least 10 characters." })
  @MinLength(10)
  @MaxLength(256)
  password!: string;

  @Field(() => RoleEnum)
  role!: Role;
}

/** Changes to an account; omitted fields stay. */
@InputType()
export class UpdateUserInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MinLength(1)
  @MaxLength(120)
  displayName?: string | null;

  @Field(() => RoleEnum, { nullable: true })
  @IsOptional()
  role?: Role | null;

  @Field(() => Boolean, { nullable: true, description: "true re-activates a deactivated account." })
  @IsOptional()
  isActive?: boolean | null;
}

/**
 * Longest `UserFilter.search`: more than any display name (120 characters) and any email address
 * in use, while a pasted page of text is refused instead of being matched against every account.
 */
export const MAX_USER_SEARCH_LENGTH = 200;

/** Filter of the users list. */
@InputType()
export class UserFilter {
  @Field(() => RoleEnum, { nullable: true })
  @IsOptional()
  role?: Role | null;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  isActive?: boolean | null;

  @Field(() => String, {
    nullable: true,
    description: `Only accounts whose display name or email contains this text, ignoring case (ASCII letters) and the spaces around it; blank means any account. At most ${MAX_USER_SEARCH_LENGTH} characters.`,
  })
  @IsOptional()
  search?: string | null;
}
