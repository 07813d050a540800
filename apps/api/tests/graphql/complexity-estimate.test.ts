import { createRequire } from "node:module";
import type { DocumentNode, GraphQLSchema } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/env";
import { complexityError } from "../../src/graphql/complexity-plugin";
import { buildApiSchema } from "../../src/schema";
import { useTestApis, type TestApi } from "../helpers/test-api";

// graphql's CommonJS entry: the schema's realm (see dashboard-operations.test.ts).
const graphql = createRequire(import.meta.url)("graphql") as typeof import("graphql");

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildApiSchema();
});
const { api } = useTestApis();

/** The estimated cost of `query` (a limit of 1 makes every operation report it). */
function cost(query: string, variables: Record<string, unknown> = {}): number {
  const error = complexityError(schema, 1, graphql.parse(query) as unknown as DocumentNode, undefined, variables);
  return error?.extensions.complexity as number;
}

describe("the complexity estimate", () => {
  it("charges a page's rows by the page size and its totalCount and pageInfo once", () => {
    // rows: edges 1 + node 1 + id 1 + email 1; once: totalCount 1, pageInfo 1 + 2 scalars.
    const page = (first: number) => `{ users(first: ${first}) { totalCount pageInfo { hasNextPage endCursor } edges { node { id email } } } }`;
    expect(cost(page(100))).toBe(1 + 4 + 100 * 4);
    expect(cost(page(10))).toBe(1 + 4 + 10 * 4);
    expect(cost(`query($n: Int!) { users(first: $n) { edges { node { id email } } } }`, { n: 50 })).toBe(1 + 50 * 4);
  });

  it("keeps charging per row what it does not see directly, so fragments can only over-estimate", () => {
    const direct = cost(`{ users(first: 100) { totalCount edges { node { id } } } }`);
    const viaFragment = cost(`{ users(first: 100) { ...T edges { node { id } } } } fragment T on UserConnection { totalCount }`);
    expect(direct).toBe(1 + 1 + 100 * 3);
    expect(viaFragment).toBe(1 + 100 * 4);
  });

  it("puts nested pages far above the default limit", () => {
    const { maxComplexity } = parseConfig({}).graphql;
    expect(cost(`{ patients(first: 100) { edges { node { analyses(first: 100) { id } } } } }`)).toBeGreaterThan(5 * maxComplexity);
  });

  it("answers a variable whose value does not fit its type with BAD_USER_INPUT over HTTP, not an internal error", async () => {
    const t: TestApi = await api();
    const token = await t.login(t.users.ADMIN.email);
    const r = await t.gql(`mutation($kind: MaintenanceJob!) { setMaintenanceSchedule(kind: $kind, everyMinutes: 30) { kind } }`, { kind: "no-such-job" }, { token });
    expect(r.errors?.[0]?.extensions.code).toBe("BAD_USER_INPUT");
    expect(r.errors?.[0]?.message).toContain("no-such-job");
  });
});
