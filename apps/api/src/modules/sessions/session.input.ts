import { IsOptional } from "class-validator";
import { Field, ID, InputType } from "type-graphql";

/** Filter of the sessions list. */
@InputType()
export class SessionFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  userId?: string | null;

  @Field(() => Boolean, { nullable: true, description: "true: only unexpired; false: only expired (not yet purged)." })
  @IsOptional()
  active?: boolean | null;
}
