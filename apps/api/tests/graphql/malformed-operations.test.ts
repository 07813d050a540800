import { describe, expect, it } from "vitest";
import { useTestApis } from "../helpers/test-api";

const { api } = useTestApis();

/** A cursor in the lists' format (base64url JSON of [createdAt, id]). */
const cursorAt = (createdAt: number, id: string) => Buffer.from(JSON.stringify([createdAt, id])).toString("base64url");

describe("malformed operations", () => {
  it("are answered with status 400, Apollo's code and a hint when they do not parse or do not match the schema, never as internal errors", async () => {
    const t = await api();
    const token = await t.login(t.users.ADMIN.email);
    const cases: [string, string][] = [
      ["{ analyses( ", "GRAPHQL_PARSE_FAILED"],
      ["{ noSuchField }", "GRAPHQL_VALIDATION_FAILED"],
      ["{ analyses(last: 2) { totalCount } }", "GRAPHQL_VALIDATION_FAILED"],
      ['{ analyses(first: "ten") { totalCount } }', "GRAPHQL_VALIDATION_FAILED"],
      ["query A { me { id } } query B { me { id } }", "OPERATION_RESOLUTION_FAILURE"],
    ];
    for (const [query, code] of cases) {
      const r = await t.gql(query, {}, { token });
      const error = r.errors?.[0];
      expect({ status: r.status, code: error?.extensions.code }, query).toEqual({ status: 400, code });
      expect(error?.message, query).not.toMatch(/Internal error|request id/);
      expect(error?.extensions.hint, query).toEqual(expect.any(String));
    }
  });

  it("that do not match the schema hint where a client finds it, as the server allows: introspection where it answers, the operator where it does not, never a path in the repository", async () => {
    for (const [introspection, where] of [["true", /answers introspection \(a __schema query\)/], ["false", /does not answer introspection, so ask its operator/]] as const) {
      const t = await api({ GRAPHQL_INTROSPECTION: introspection });
      const token = await t.login(t.users.ADMIN.email);
      const r = await t.gql("{ noSuchField }", {}, { token });
      const hint = r.errors?.[0]?.extensions.hint;
      expect(r.errors?.[0]?.extensions.code, introspection).toBe("GRAPHQL_VALIDATION_FAILED");
      expect(hint, introspection).toMatch(where);
      expect(hint, introspection).not.toMatch(/apps\/|schema\.graphql/);
      // What the hint says is so: the schema is (or is not) there to read.
      const schema = await t.gql("{ __schema { queryType { name } } }", {}, { token });
      expect(schema.data?.__schema ?? null, introspection).toEqual(introspection === "true" ? { queryType: { name: "Query" } } : null);
    }
  });

  it("are answered with status 400 when their variables do not fit their types or their cost is over the limit", async () => {
    const t = await api({ GRAPHQL_MAX_COMPLEXITY: "50" });
    const token = await t.login(t.users.ADMIN.email);
    const missing = await t.gql("query($first: Int!) { patients(first: $first) { totalCount } }", {}, { token });
    expect({ status: missing.status, code: missing.errors?.[0]?.extensions.code }).toEqual({ status: 400, code: "BAD_USER_INPUT" });
    const costly = await t.gql("query($first: Int!) { patients(first: $first) { edges { node { id code } } } }", { first: 40 }, { token });
    expect({ status: costly.status, code: costly.errors?.[0]?.extensions.code }).toEqual({ status: 400, code: "QUERY_TOO_COMPLEX" });
    expect(costly.errors?.[0]?.extensions).not.toHaveProperty("http");
  });

  it("answer a cursor at a time the database cannot store with BAD_USER_INPUT on every list, not an internal error", async () => {
    const t = await api();
    const token = await t.login(t.users.ADMIN.email);
    const [first, last] = [Date.parse("0000-01-01T00:00:00.000Z"), Date.parse("9999-12-31T23:59:59.999Z")];
    // Sessions and maintenance runs are keyed by integer ids, the others by string ids.
    for (const [list, id] of [["analyses", "x"], ["patients", "x"], ["users", "x"], ["sessions", "1"], ["maintenanceRuns", "1"]] as const) {
      const page = (createdAt: number) => t.gql(`query($after: String) { ${list}(first: 2, after: $after) { totalCount } }`, { after: cursorAt(createdAt, id) }, { token });
      for (const createdAt of [Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 8.64e15, last + 1, first - 1]) {
        const r = await page(createdAt);
        expect([r.errors?.[0]?.extensions.code, r.errors?.[0]?.message], `${list} ${createdAt}`).toEqual(["BAD_USER_INPUT", "The cursor is malformed."]);
      }
      // The first and last storable times are positions like any other.
      for (const createdAt of [first, last]) expect((await page(createdAt)).errors, `${list} ${createdAt}`).toBeUndefined();
    }
  });

  it("name each invalid field and its rule in the message of an input that fails validation, and never echo the input back", async () => {
    const t = await api();
    const token = await t.login(t.users.ADMIN.email);
    const password = "short-pw";
    const r = await t.gql(
      `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`,
      { input: { email: "not-an-email", displayName: "X", password, role: "CLINICIAN" } },
      { token },
    );
    const error = r.errors?.[0];
    expect(error?.extensions.code).toBe("BAD_USER_INPUT");
    expect(error?.message).toBe("email must be an email; password must be longer than or equal to 10 characters.");
    expect(error?.extensions.invalidFields).toEqual([
      { field: "email", problems: ["email must be an email"] },
      { field: "password", problems: ["password must be longer than or equal to 10 characters"] },
    ]);
    expect(error?.extensions.hint).toEqual(expect.any(String));
    expect(JSON.stringify(r.errors)).not.toContain(password);
    expect(await t.prisma.user.count({ where: { email: "not-an-email" } })).toBe(0);
  });
});
