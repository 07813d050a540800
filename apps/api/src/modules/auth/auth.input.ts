import { MaxLength, MinLength } from "class-validator";
import { Field, InputType } from "type-graphql";

/** Email and password. */
@InputType()
export class LoginInput {
  @Field(() => String)
  @MaxLength(320)
  email!: string;

  @Field(() => String)
  @MaxLength(1024)
  password!: string;

  @Field(() => Boolean, {
    defaultValue: false,
    description: "true: return a bearer token for an API client instead of setting the session cookie.",
  })
  bearer: boolean = false;
}

/** The caller's own password change; signs out every session of the account. */
@InputType()
export class ChangePasswordInput {
  @Field(() => String)
  @MaxLength(1024)
  currentPassword!: string;

  @Field(() => String)
  @MinLength(10)
  @MaxLength(256)
  newPassword!: string;
}
