import { MUTATION_FIELDS, QUERY_FIELDS } from "@/gql/root-fields";

/** True when the API schema this dashboard was built against has the root Query field. */
export function hasQuery(name: string): boolean {
  return QUERY_FIELDS.includes(name);
}

/** True when the API schema this dashboard was built against has the root Mutation field. */
export function hasMutation(name: string): boolean {
  return MUTATION_FIELDS.includes(name);
}
