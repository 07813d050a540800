import { graphql } from "@/gql";

export const SessionsQuery = graphql(`
  query Sessions($filter: SessionFilter, $first: Int!, $after: String) {
    sessions(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          current
          createdAt
          lastSeenAt
          expiresAt
          ip
          userAgent
          user {
            id
            email
            role
          }
        }
      }
    }
  }
`);

export const SessionCountsQuery = graphql(`
  query SessionCounts {
    active: sessions(filter: { active: true }, first: 1) {
      totalCount
    }
    expired: sessions(filter: { active: false }, first: 1) {
      totalCount
    }
  }
`);

export const RevokeSessionMutation = graphql(`
  mutation RevokeSession($id: ID!) {
    revokeSession(id: $id)
  }
`);

export const RunSessionCleanupMutation = graphql(`
  mutation RunSessionCleanup($batchSize: Int!, $vacuum: Boolean!) {
    runSessionCleanup(batchSize: $batchSize, vacuum: $vacuum) {
      rows
      batches
      durationMs
      vacuumed
    }
  }
`);

export const MaintenanceSchedulesQuery = graphql(`
  query MaintenanceSchedules {
    maintenanceSchedules {
      ...MaintenanceScheduleFields
    }
  }
`);

export const SetMaintenanceScheduleMutation = graphql(`
  mutation SetMaintenanceSchedule($kind: MaintenanceJob!, $everyMinutes: Float, $cron: String) {
    setMaintenanceSchedule(kind: $kind, everyMinutes: $everyMinutes, cron: $cron) {
      ...MaintenanceScheduleFields
    }
  }
`);

export const MaintenanceRunsQuery = graphql(`
  query MaintenanceRuns($first: Int!, $after: String, $kind: String) {
    maintenanceRuns(first: $first, after: $after, kind: $kind) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          kind
          startedAt
          finishedAt
          durationMs
          rowsAffected
          batches
          vacuumed
          error
          bytes
          output
        }
      }
    }
  }
`);

export const DatabaseBackupStatusQuery = graphql(`
  query DatabaseBackupStatus {
    databaseBackupStatus {
      lastSuccess {
        runId
        startedAt
        finishedAt
        durationMs
        bytes
        file
      }
      lastFailure {
        runId
        startedAt
        finishedAt
        error
      }
      schedule {
        cron
        everyMinutes
        periodMinutes
      }
      keep
      directory
    }
  }
`);

export const RunDatabaseBackupMutation = graphql(`
  mutation RunDatabaseBackup {
    runDatabaseBackup {
      runId
      file
      bytes
      takenAt
      durationMs
      deleted
    }
  }
`);

export const UsersQuery = graphql(`
  query Users($filter: UserFilter, $first: Int!, $after: String) {
    users(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          email
          displayName
          role
          isActive
          createdAt
          lastLoginAt
        }
      }
    }
  }
`);

export const CreateUserMutation = graphql(`
  mutation CreateUser($input: CreateUserInput!) {
    createUser(input: $input) {
      id
      email
      role
    }
  }
`);

export const UpdateUserMutation = graphql(`
  mutation UpdateUser($input: UpdateUserInput!) {
    updateUser(input: $input) {
      id
      isActive
      role
    }
  }
`);

export const DeactivateUserMutation = graphql(`
  mutation DeactivateUser($id: ID!) {
    deactivateUser(id: $id) {
      id
      isActive
    }
  }
`);
