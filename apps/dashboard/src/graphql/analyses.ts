import { graphql } from "@/gql";

export const AnalysesQuery = graphql(`
  query Analyses($filter: AnalysisFilter, $first: Int!, $after: String) {
    analyses(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...AnalysisRow
        }
      }
    }
  }
`);

export const AnalysisQuery = graphql(`
  query Analysis($id: ID!) {
    analysis(id: $id) {
      ...AnalysisRow
      finishedAt
      errorMessage
      gestationalAgeWeeks
      startedAt
      modelVersion
      videoFingerprint
      report
      windowErrors
      timings
      review {
        ...AnalysisReviewFields
      }
    }
  }
`);

export const AnalyzeVideoMutation = graphql(`
  mutation AnalyzeVideo($input: AnalyzeVideoInput!) {
    analyzeVideo(input: $input) {
      id
      status
      progress
    }
  }
`);

export const CancelAnalysisMutation = graphql(`
  mutation CancelAnalysis($id: ID!) {
    cancelAnalysis(id: $id) {
      id
      status
    }
  }
`);

export const AnalysisAggregatesQuery = graphql(`
  query AnalysisAggregates {
    analysisAggregates {
      ...AnalysisCounts
    }
  }
`);

export const AnalysesPerDayQuery = graphql(`
  query AnalysesPerDay($days: Int!) {
    analysisAggregates {
      perDay(days: $days) {
        day
        total
        succeeded
        failed
        cancelled
        meanDurationMs
      }
    }
  }
`);
