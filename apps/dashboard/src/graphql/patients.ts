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
