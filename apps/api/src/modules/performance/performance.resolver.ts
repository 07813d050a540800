import { Ctx, Query, Resolver } from "type-graphql";
import type { GraphQLContext } from "../../context.type";
import { MemoryStats, QueueStats } from "./performance.type";

/** Performance data (admins and analysts). */
@Resolver()
export class PerformanceResolver {
  @Query(() => [QueueStats])
  queueStats(@Ctx() ctx: GraphQLContext) {
    return ctx.services.performance.queueStats();
  }

  @Query(() => MemoryStats, { description: "Memory of the API process." })
  memory(@Ctx() ctx: GraphQLContext) {
    return ctx.services.performance.memory();
  }
}
