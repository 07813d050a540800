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
          id
          status
          stage
          progress
          ageWeeks
          createdAt
          finishedAt
          archivedAt
          errorCode
          errorMessage
          patient {
            id
            code
          }
          requestedBy {
            id
            displayName
          }
        }
      }
    }
  }
`);

export const AnalysisQuery = graphql(`
  query Analysis($id: ID!) {
    analysis(id: $id) {
      id
      status
      stage
      progress
      ageWeeks
      gestationalAgeWeeks
      createdAt
      startedAt
      finishedAt
      archivedAt
      errorCode
      errorMessage
      modelVersion
      videoFingerprint
      report
      windowErrors
      timings
      patient {
        id
        code
      }
      requestedBy {
        id
        displayName
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
      total
      queued
      running
      succeeded
      failed
      cancelled
      patients
      meanDurationMs
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
