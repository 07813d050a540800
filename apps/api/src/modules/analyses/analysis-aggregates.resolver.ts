import { Arg, Ctx, FieldResolver, Int, Resolver } from "type-graphql";
import type { GraphQLContext } from "../../context.type";
import { MAX_PER_DAY_DAYS } from "./analysis.service";
import { AnalysisAggregates, AnalysisDay } from "./analysis.type";

/**
 * Fields of the anonymous aggregates that take arguments. Reachable only through
 * `analysisAggregates`, so the permission matrix's row for that root field governs them.
 */
@Resolver(() => AnalysisAggregates)
export class AnalysisAggregatesResolver {
  @FieldResolver(() => [AnalysisDay], {
    description: `Analyses requested per UTC day over the last \`days\` days (today included, at most ${MAX_PER_DAY_DAYS}), oldest first, days without any included; archived analyses count too.`,
  })
  perDay(@Arg("days", () => Int, { defaultValue: 30 }) days: number, @Ctx() ctx: GraphQLContext) {
    return ctx.services.analyses.perDay(days);
  }
}
