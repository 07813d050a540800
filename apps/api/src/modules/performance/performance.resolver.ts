import { Arg, Ctx, Int, Mutation, Query, Resolver } from "type-graphql";
import type { GraphQLContext } from "../../context.type";
import { PerformanceHistoryRange } from "./performance.input";
import {
  MemoryStats,
  ModelCacheStats,
  ModelInstancePoolStats,
  OptimizeMemoryResult,
  PerformanceHistoryPoint,
  PerformanceStats,
  QueueStats,
  ResetPerformanceResult,
  ResultCacheStats,
} from "./performance.type";

/** Performance data (admins and analysts); resets and memory optimisation (admins). */
@Resolver()
export class PerformanceResolver {
  @Query(() => [QueueStats])
  queueStats(@Ctx() ctx: GraphQLContext) {
    return ctx.services.performance.queueStats();
  }

  @Query(() => MemoryStats, { description: "Memory of the API process, of every live process and of the GPUs." })
  memory(@Ctx() ctx: GraphQLContext) {
    return ctx.services.performance.memory();
  }

  @Query(() => PerformanceStats, { description: "Timings of every timed function: per process and merged over the API and workers." })
  performanceStats(@Ctx() ctx: GraphQLContext) {
    return ctx.services.performance.performanceStats();
  }

  @Query(() => [PerformanceHistoryPoint], { description: "Stored snapshots of every process in the range, oldest first (at most `limit`, the newest)." })
  performanceHistory(
    @Arg("range", () => PerformanceHistoryRange) range: PerformanceHistoryRange,
    @Arg("limit", () => Int, { defaultValue: 500 }) limit: number,
    @Ctx() ctx: GraphQLContext,
  ) {
    return ctx.services.performance.history(range.from, range.to ?? new Date(), limit);
  }

  @Query(() => [ModelCacheStats], { description: "Model caches, summed over every live process." })
  modelCache(@Ctx() ctx: GraphQLContext) {
    return ctx.services.performance.modelCaches();
  }

  @Query(() => [ModelInstancePoolStats], { description: "Worker-thread model instances, summed over every live process." })
  modelInstances(@Ctx() ctx: GraphQLContext) {
    return ctx.services.performance.modelInstances();
  }

  @Query(() => [ResultCacheStats], { description: "Result caches, summed over every live process." })
  resultCaches(@Ctx() ctx: GraphQLContext) {
    return ctx.services.performance.resultCaches();
  }

  @Mutation(() => ResetPerformanceResult, { description: "Zeroes timings and cache counters in every process (the history stays)." })
  resetPerformanceStats(@Ctx() ctx: GraphQLContext) {
    return ctx.services.performance.reset();
  }

  @Mutation(() => OptimizeMemoryResult, { description: "Evicts idle models, clears result caches and runs the GC in every process." })
  optimizeMemory(@Ctx() ctx: GraphQLContext) {
    return ctx.services.performance.optimizeMemory();
  }
}
