import { Arg, Args, Ctx, FieldResolver, Float, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { requireViewer, scopeOf } from "../../auth/permission-middleware";
import type { GraphQLContext } from "../../context.type";
import { PageArgsInput } from "../common/page.args";
import { Patient } from "../patients/patient.type";
import { User } from "../users/user.type";
import { AnalysisFilter, AnalyzeKeypointsInput, AnalyzeVideoInput } from "./analysis.input";
import { decodeWindowErrors } from "./analysis.service";
import { AnalysisStatus } from "./analysis-status.type";
import { RiskLevel } from "./risk-level.type";
import { Analysis, AnalysisAggregates, AnalysisConnection } from "./analysis.type";

/** Analyses: thin; rules live in AnalysisService. Progress is pollable through `analysis(id)`. */
@Resolver(() => Analysis)
export class AnalysisResolver {
  @Query(() => AnalysisConnection, { description: "Analyses visible to the caller, newest first." })
  analyses(
    @Arg("filter", () => AnalysisFilter, { nullable: true }) filter: AnalysisFilter | null,
    @Args(() => PageArgsInput) page: PageArgsInput,
    @Ctx() ctx: GraphQLContext,
  ) {
    return ctx.services.analyses.list(requireViewer(ctx), scopeOf(ctx, "Query.analyses"), filter, page);
  }

  @Query(() => Analysis)
  analysis(@Arg("id", () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return ctx.services.analyses.get(requireViewer(ctx), scopeOf(ctx, "Query.analysis"), id);
  }

  @Query(() => AnalysisAggregates, { description: "Counts over all analyses, without patient data." })
  analysisAggregates(@Ctx() ctx: GraphQLContext) {
    return ctx.services.analyses.aggregates();
  }

  @Mutation(() => Analysis, { description: "Queues the analysis of an uploaded video (status QUEUED)." })
  analyzeVideo(@Arg("input", () => AnalyzeVideoInput) input: AnalyzeVideoInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.analyses.analyze(requireViewer(ctx), scopeOf(ctx, "Mutation.analyzeVideo"), input, "video");
  }

  @Mutation(() => Analysis, { description: "Queues the analysis of uploaded keypoints (status QUEUED)." })
  analyzeKeypoints(@Arg("input", () => AnalyzeKeypointsInput) input: AnalyzeKeypointsInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.analyses.analyze(requireViewer(ctx), scopeOf(ctx, "Mutation.analyzeKeypoints"), input, "keypoints");
  }

  @Mutation(() => Analysis)
  cancelAnalysis(@Arg("id", () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return ctx.services.analyses.cancel(requireViewer(ctx), scopeOf(ctx, "Mutation.cancelAnalysis"), id);
  }

  @Mutation(() => Boolean)
  deleteAnalysis(@Arg("id", () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return ctx.services.analyses.delete(requireViewer(ctx), scopeOf(ctx, "Mutation.deleteAnalysis"), id);
  }

  @FieldResolver(() => Patient)
  async patient(@Root() analysis: Analysis, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.patientById.load(analysis.patientId);
  }

  @FieldResolver(() => User, { nullable: true })
  async requestedBy(@Root() analysis: Analysis, @Ctx() ctx: GraphQLContext) {
    return analysis.requestedById ? ctx.loaders.userById.load(analysis.requestedById) : null;
  }

  @FieldResolver(() => RiskLevel, { nullable: true, description: "The report's risk level; null unless SUCCEEDED." })
  riskLevel(@Root() analysis: Analysis): RiskLevel | null {
    return analysis.status === AnalysisStatus.SUCCEEDED ? analysis.riskLevel : null;
  }

  @FieldResolver(() => [Float], { nullable: true, description: "Reconstruction error per 30-frame window." })
  windowErrors(@Root() analysis: Analysis) {
    return decodeWindowErrors(analysis.windowErrors);
  }
}
