import { graphql } from "@/gql";

export const PatientsQuery = graphql(`
  query Patients($first: Int!, $after: String, $search: String) {
    patients(first: $first, after: $after, search: $search) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...PatientRow
        }
      }
    }
  }
`);

export const PatientQuery = graphql(`
  query Patient($id: ID!) {
    patient(id: $id) {
      ...PatientRow
      # Archived analyses are this patient's earlier visits: the history chart needs them.
      analyses(first: 100, includeArchived: true) {
        id
        status
        progress
        ageWeeks
        createdAt
        finishedAt
        archivedAt
        riskLevel
        report
        review {
          classification
        }
      }
    }
  }
`);

export const CreatePatientMutation = graphql(`
  mutation CreatePatient($input: CreatePatientInput!) {
    createPatient(input: $input) {
      id
      code
    }
  }
`);

/** Patients whose code contains `search` (all of them when it is blank), for the upload form's patient picker. */
export const PatientSearchQuery = graphql(`
  query PatientSearch($search: String!, $first: Int!) {
    patients(search: $search, first: $first) {
      pageInfo {
        hasNextPage
      }
      edges {
        node {
          ...PatientPick
        }
      }
    }
  }
`);

/** The patient a link's id names (`/upload?patient=<id>`), as the patient picker shows it. */
export const PatientPickQuery = graphql(`
  query PatientPick($id: ID!) {
    patient(id: $id) {
      ...PatientPick
    }
  }
`);

/** How many patients the caller has: none means a recording has no one to belong to yet. */
export const PatientCountQuery = graphql(`
  query PatientCount {
    patients(first: 0) {
      totalCount
    }
  }
`);
