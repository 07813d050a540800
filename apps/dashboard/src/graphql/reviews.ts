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

/** How many finished analyses the caller may see still await a review, archived ones included. */
export const ToReviewCountQuery = graphql(`
  query ToReviewCount {
    analyses(first: 0, filter: { reviewed: false, includeArchived: true }) {
      totalCount
    }
  }
`);
