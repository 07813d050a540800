import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { requireViewer, scopeOf } from "../../auth/permission-middleware";
import type { GraphQLContext } from "../../context.type";
import { Analysis } from "../analyses/analysis.type";
import { AnalysisStatus } from "../analyses/analysis-status.type";
import { User } from "../users/user.type";
import { ReviewAnalysisInput } from "./analysis-review.input";
import { AnalysisReview, ReviewAgreementCell } from "./analysis-review.type";

/** Clinicians' reviews of analyses: thin; rules live in AnalysisReviewService. */
@Resolver(() => AnalysisReview)
export class AnalysisReviewResolver {
  @Mutation(() => AnalysisReview, { description: "Records the caller's assessment of a SUCCEEDED analysis, replacing any earlier review of it." })
  reviewAnalysis(@Arg("input", () => ReviewAnalysisInput) input: ReviewAnalysisInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.reviews.review(requireViewer(ctx), scopeOf(ctx, "Mutation.reviewAnalysis"), input);
  }

  @Mutation(() => Boolean, { description: "Withdraws the review of an analysis." })
  withdrawAnalysisReview(@Arg("analysisId", () => ID) analysisId: string, @Ctx() ctx: GraphQLContext) {
    return ctx.services.reviews.withdraw(requireViewer(ctx), scopeOf(ctx, "Mutation.withdrawAnalysisReview"), analysisId);
  }

  @Query(() => [ReviewAgreementCell], {
    description: "Clinicians' reviews counted by model version, the model's risk level and the clinician's class (no patient data); one version's only when modelVersion is given.",
  })
  reviewAgreement(@Arg("modelVersion", () => String, { nullable: true }) modelVersion: string | null, @Ctx() ctx: GraphQLContext) {
    return ctx.services.reviews.agreement(modelVersion);
  }

  @FieldResolver(() => User, { nullable: true, description: "Who last changed the review; null when that account was removed." })
  reviewer(@Root() review: AnalysisReview, @Ctx() ctx: GraphQLContext) {
    return review.reviewerId ? ctx.loaders.userById.load(review.reviewerId) : null;
  }
}

/** The `review` field of an analysis. */
@Resolver(() => Analysis)
export class AnalysisReviewFieldResolver {
  @FieldResolver(() => AnalysisReview, { nullable: true, description: "A clinician's assessment of this analysis's recording, once reviewed (SUCCEEDED analyses only)." })
  review(@Root() analysis: Analysis, @Ctx() ctx: GraphQLContext) {
    return analysis.status === AnalysisStatus.SUCCEEDED ? ctx.loaders.reviewByAnalysis.load(analysis.id) : null;
  }
}
