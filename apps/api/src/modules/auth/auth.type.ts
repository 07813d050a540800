import { Field, ObjectType } from "type-graphql";
import { User } from "../users/user.type";

/** A successful login. */
@ObjectType()
export class LoginPayload {
  @Field(() => User)
  user!: User;

  @Field(() => Date)
  expiresAt!: Date;

  @Field(() => String, { nullable: true, description: "Bearer token, only when asked for with bearer: true; shown once." })
  token!: string | null;
}
