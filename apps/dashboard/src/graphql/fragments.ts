import { graphql } from "@/gql";

// Selection sets that several operations share, each written once. An operation spreads one by
// name (`...AnalysisRow`) without importing it: codegen reads every document of the project and
// appends the definitions of the fragments an operation uses to that operation's generated
// string, which is what the client sends. The constants are exported only so that the
// definitions have a name in code; no component needs them (fragment masking is off, so the
// fields are in the operation's own result type).
//
// A connection's `pageInfo { hasNextPage endCursor }` stays written out in each list query: the
// API charges pageInfo once per page only for fields selected directly under it, so behind a
// fragment they would count once per row and a 100-row page of analyses would exceed the
// default complexity limit.

/** The signed-in user as the shell shows it (Me, and the user Login returns). */
export const ViewerFragment = graphql(`
  fragment Viewer on User {
    id
    email
    displayName
    role
  }
`);

/**
 * An analysis as a row of the analyses table shows it (its review's class too); the detail page
 * asks for more. Only what a row shows: a page of analyses may hold 100 rows, each row's fields
 * counting 100 times against the API's complexity limit (2000), so the detail page's
 * fields (finishedAt, errorMessage) are in its own query.
 */
export const AnalysisRowFragment = graphql(`
  fragment AnalysisRow on Analysis {
    id
    status
    stage
    progress
    ageWeeks
    createdAt
    archivedAt
    errorCode
    riskLevel
    patient {
      id
      code
    }
    requestedBy {
      id
      displayName
    }
    review {
      classification
    }
  }
`);

/** A clinician's review of an analysis as its page shows it (and as saving one returns it). */
export const AnalysisReviewFieldsFragment = graphql(`
  fragment AnalysisReviewFields on AnalysisReview {
    analysisId
    classification
    notes
    modelRiskLevel
    modelVersion
    createdAt
    updatedAt
    reviewer {
      id
      displayName
    }
  }
`);

/** A patient as the patients list shows it; the detail page adds the analyses. */
export const PatientRowFragment = graphql(`
  fragment PatientRow on Patient {
    id
    code
    birthDate
    gestationalAgeWeeks
    createdAt
    owner {
      id
      displayName
    }
  }
`);

/** A patient as the upload form's patient picker lists it: the code, and what tells two apart. */
export const PatientPickFragment = graphql(`
  fragment PatientPick on Patient {
    id
    code
    birthDate
    gestationalAgeWeeks
  }
`);

/** The counts of every analysis (overview and analyses pages). */
export const AnalysisCountsFragment = graphql(`
  fragment AnalysisCounts on AnalysisAggregates {
    total
    queued
    running
    succeeded
    failed
    cancelled
    patients
    meanDurationMs
  }
`);

/** One maintenance schedule, as listed and as returned after a change. */
export const MaintenanceScheduleFieldsFragment = graphql(`
  fragment MaintenanceScheduleFields on MaintenanceSchedule {
    kind
    everyMinutes
    cron
    nextRunAt
  }
`);

/** Every count of one BullMQ queue. */
export const QueueCountsFragment = graphql(`
  fragment QueueCounts on QueueStats {
    name
    waiting
    active
    completed
    failed
    delayed
    scheduled
    workers
  }
`);

/** The API process's memory, every figure of process.memoryUsage(). */
export const ApiMemoryFragment = graphql(`
  fragment ApiMemory on MemoryStats {
    rssBytes
    heapUsedBytes
    heapTotalBytes
    externalBytes
    arrayBuffersBytes
  }
`);

/** Which process a figure comes from, as the admin pages label it. */
export const ProcessLabelFragment = graphql(`
  fragment ProcessLabel on ProcessInfo {
    host
    pid
    role
  }
`);
