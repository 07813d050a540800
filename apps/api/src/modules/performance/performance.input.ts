import { Field, InputType } from "type-graphql";

/** A time range of the performance history. */
@InputType()
export class PerformanceHistoryRange {
  @Field(() => Date)
  from!: Date;

  @Field(() => Date, { nullable: true, description: "Defaults to now." })
  to?: Date | null;
}
