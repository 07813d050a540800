import { Ctx, Query, Resolver } from "type-graphql";
import type { GraphQLContext } from "../../context.type";
import { AnomalyModelInfo } from "./anomaly-model.type";

/** The served anomaly model and its evaluation (every signed-in role). */
@Resolver()
export class AnomalyModelResolver {
  @Query(() => AnomalyModelInfo, {
    description: "The anomaly model the API serves and how its model card says it was evaluated. The figures are on SYNTHETIC data when `synthetic` is true.",
  })
  anomalyModel(@Ctx() ctx: GraphQLContext): AnomalyModelInfo {
    return ctx.services.anomalyModel.info();
  }
}
