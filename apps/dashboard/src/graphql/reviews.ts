import { graphql } from "@/gql";

/** Records (or replaces) the signed-in clinician's review of a SUCCEEDED analysis. */
export const ReviewAnalysisMutation = graphql(`
  mutation ReviewAnalysis($input: ReviewAnalysisInput!) {
    reviewAnalysis(input: $input) {
      ...AnalysisReviewFields
    }
  }
`);

/** Withdraws the review of an analysis. */
export const WithdrawAnalysisReviewMutation = graphql(`
  mutation WithdrawAnalysisReview($analysisId: ID!) {
    withdrawAnalysisReview(analysisId: $analysisId)
  }
`);
