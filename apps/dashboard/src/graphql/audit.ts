import { graphql } from "@/gql";

export const AuditEventsQuery = graphql(`
  query AuditEvents($filter: AuditEventFilter, $first: Int!, $after: String) {
    auditEvents(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          action
          targetType
          targetId
          details
          createdAt
          actor {
            id
            email
            displayName
          }
        }
      }
    }
  }
`);

/** Accounts whose name or email contains `search` (all of them when it is blank), for the account picker. */
export const AuditAccountSearchQuery = graphql(`
  query AuditAccountSearch($search: String!, $first: Int!) {
    users(filter: { search: $search }, first: $first) {
      pageInfo {
        hasNextPage
      }
      edges {
        node {
          id
          email
          displayName
          isActive
        }
      }
    }
  }
`);

/**
 * The account a link's actorId names, read from one of its own audit events (the API has no
 * query of a single account): an account that never acted has none, and no events to filter either.
 */
export const AuditActorQuery = graphql(`
  query AuditActor($actorId: ID!) {
    auditEvents(filter: { actorId: $actorId }, first: 1) {
      edges {
        node {
          id
          actor {
            id
            email
            displayName
          }
        }
      }
    }
  }
`);
