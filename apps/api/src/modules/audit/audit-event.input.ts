import { IsOptional, Matches, MaxLength } from "class-validator";
import { Field, ID, InputType } from "type-graphql";

/** What an action filter may be: a dotted verb ("user.create") or a kind with its dot ("analysis."). */
export const AUDIT_ACTION_FILTER = /^[a-z_]+(\.[a-z_]*)?$/;

/** Filter of the audit log; every given field must match. */
@InputType()
export class AuditEventFilter {
  @Field(() => String, { nullable: true, description: 'An action ("analysis.review"), or every action of a kind when it ends with a dot ("analysis.").' })
  @IsOptional()
  @MaxLength(64)
  @Matches(AUDIT_ACTION_FILTER, { message: 'action must be a dotted verb such as "user.create", or a kind with a dot such as "analysis."' })
  action?: string | null;

  @Field(() => ID, { nullable: true, description: "Only what this account did." })
  @IsOptional()
  actorId?: string | null;

  @Field(() => String, { nullable: true, description: "Only events on this kind of record (user, patient, analysis, database)." })
  @IsOptional()
  @MaxLength(32)
  targetType?: string | null;

  @Field(() => String, { nullable: true, description: "Only events on this record (give targetType too)." })
  @IsOptional()
  @MaxLength(64)
  targetId?: string | null;

  @Field(() => Date, { nullable: true, description: "Only events at or after this time." })
  @IsOptional()
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: "Only events before this time." })
  @IsOptional()
  to?: Date | null;
}
