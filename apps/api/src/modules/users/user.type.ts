import { Field, ID, ObjectType } from "type-graphql";
import type { Role } from "../../auth/permission-matrix";
import { connectionOf } from "../common/connection.type";
import { RoleEnum } from "./role.type";

/** An account. */
@ObjectType()
export class User {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  email!: string;

  @Field(() => String)
  displayName!: string;

  @Field(() => RoleEnum)
  role!: Role;

  @Field(() => Boolean)
  isActive!: boolean;

  @Field(() => Date, { nullable: true })
  lastLoginAt!: Date | null;

  @Field(() => Date)
  createdAt!: Date;
}

/** A page of users. */
@ObjectType()
export class UserConnection extends connectionOf("User", User) {}
