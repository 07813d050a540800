import { graphql } from "@/gql";

export const MeQuery = graphql(`
  query Me {
    me {
      ...Viewer
    }
  }
`);

export const LoginMutation = graphql(`
  mutation Login($input: LoginInput!) {
    login(input: $input) {
      expiresAt
      user {
        ...Viewer
      }
    }
  }
`);

export const LogoutMutation = graphql(`
  mutation Logout {
    logout
  }
`);
