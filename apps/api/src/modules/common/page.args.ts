import { Max, Min } from "class-validator";
import { ArgsType, Field, Int } from "type-graphql";
import { MAX_PAGE_SIZE } from "./page";

/** `first` / `after` arguments of every paginated list. */
@ArgsType()
export class PageArgsInput {
  @Field(() => Int, { defaultValue: 20, description: `Rows per page, at most ${MAX_PAGE_SIZE}.` })
  @Min(0)
  @Max(MAX_PAGE_SIZE)
  first: number = 20;

  @Field(() => String, { nullable: true, description: "endCursor of the previous page." })
  after?: string | null;
}
