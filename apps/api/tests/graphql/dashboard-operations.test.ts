// Every operation the dashboard sends (apps/dashboard/src/graphql/*.ts, read as text) must
// validate against this server's schema and fit its default depth and complexity limits at the
// largest page the dashboard asks for, so that a page cannot ship that the API then refuses
// (as the overview's `analyses(first: 100)` once was, with QUERY_TOO_COMPLEX).
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { DocumentNode, GraphQLInputType, GraphQLSchema, OperationDefinitionNode } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPublic } from "../../src/auth/permission-matrix";
import { parseConfig } from "../../src/env";
import { complexityError } from "../../src/graphql/complexity-plugin";
import { depthLimitRule } from "../../src/graphql/depth-limit-rule";
import { buildApiSchema } from "../../src/schema";
import { startTestApi, type TestApi } from "../helpers/test-api";

// The schema comes from graphql's CommonJS entry (type-graphql); vitest would hand this file the
// ESM one, whose validate() refuses a schema from the other realm.
const graphql = createRequire(import.meta.url)("graphql") as typeof import("graphql");

const OPERATIONS_DIR = fileURLToPath(new URL("../../../dashboard/src/graphql/", import.meta.url));
/** The largest page the dashboard asks for where it passes `first` as a variable. */
const LARGEST_PAGE = 100;
/** What the server refuses an operation with before running it. */
const LIMIT_CODES = ["GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED", "QUERY_TOO_DEEP", "QUERY_TOO_COMPLEX"];

interface Operation {
  file: string;
  name: string;
  text: string;
}

/** The GraphQL text of every `graphql(\`...\`)` call in the dashboard's operation files. */
function dashboardOperations(): Operation[] {
  const out: Operation[] = [];
  for (const file of readdirSync(OPERATIONS_DIR).filter((f) => f.endsWith(".ts")).sort()) {
    const source = readFileSync(path.join(OPERATIONS_DIR, file), "utf8");
    for (const match of source.matchAll(/\bgraphql\(\s*`([^`]*)`\s*\)/g)) {
      const text = match[1]!;
      const name = /\b(?:query|mutation|subscription)\s+(\w+)/.exec(text)?.[1] ?? `${file}#${out.length}`;
      out.push({ file, name, text });
    }
  }
  return out;
}

/**
 * A value of `type` that the server coerces without complaint: `first` gets the largest page,
 * optional values are left out, required ones get the simplest value of their type.
 */
function sampleValue(type: GraphQLInputType, name: string): unknown {
  if (graphql.isNonNullType(type)) return sampleRequired(type.ofType, name);
  return name === "first" ? LARGEST_PAGE : null;
}

function sampleRequired(type: GraphQLInputType, name: string): unknown {
  if (graphql.isNonNullType(type)) return sampleRequired(type.ofType, name);
  if (graphql.isListType(type)) return [sampleRequired(type.ofType, name)];
  if (graphql.isEnumType(type)) return type.getValues()[0]!.name;
  if (graphql.isInputObjectType(type)) {
    const fields = Object.values(type.getFields()).filter((f) => graphql.isNonNullType(f.type) && f.defaultValue === undefined);
    return Object.fromEntries(fields.map((f) => [f.name, sampleRequired(f.type, f.name)]));
  }
  switch (type.name) {
    case "Int":
      return name === "first" ? LARGEST_PAGE : 1;
    case "Float":
      return 1;
    case "Boolean":
      return true;
    case "DateTimeISO":
      return new Date().toISOString();
    case "JSON":
      return {};
    default:
      return "x";
  }
}

function variablesOf(schema: GraphQLSchema, operation: OperationDefinitionNode): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  for (const def of operation.variableDefinitions ?? []) {
    const type = graphql.typeFromAST(schema, def.type as never) as GraphQLInputType | undefined;
    if (!type) throw new Error(`unknown type of $${def.variable.name.value}`);
    const value = sampleValue(type, def.variable.name.value);
    if (value !== null) variables[def.variable.name.value] = value;
  }
  return variables;
}

const operations = dashboardOperations();
const config = parseConfig({});
let schema: GraphQLSchema;
let t: TestApi;
beforeAll(async () => {
  schema = await buildApiSchema();
  t = await startTestApi();
});
afterAll(async () => {
  await t.close();
});

describe("the dashboard's GraphQL operations", () => {
  it("are found in every operation file of the dashboard, one name each", () => {
    const files = readdirSync(OPERATIONS_DIR).filter((f) => f.endsWith(".ts"));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(operations.some((o) => o.file === file), `${file} defines no operation`).toBe(true);
    expect(new Set(operations.map((o) => o.name)).size).toBe(operations.length);
    // Interpolated text could not be checked here: the dashboard writes its operations literally.
    for (const o of operations) expect(o.text, o.name).not.toContain("${");
  });

  for (const operation of operations) {
    it(`${operation.name} (${operation.file}) validates against the schema and fits the default depth (${config.graphql.maxDepth}) and complexity (${config.graphql.maxComplexity}) limits`, () => {
      const document = graphql.parse(operation.text) as unknown as DocumentNode;
      const errors = graphql.validate(schema, document as never, [...graphql.specifiedRules, depthLimitRule(config.graphql.maxDepth) as never]);
      expect(errors.map((e) => e.message)).toEqual([]);
      const definition = document.definitions.find((d): d is OperationDefinitionNode => d.kind === "OperationDefinition")!;
      const tooComplex = complexityError(schema, config.graphql.maxComplexity, document, definition.name?.value, variablesOf(schema, definition));
      expect(tooComplex?.message).toBeUndefined();
    });
  }

  it("all reach execution on the real server with its default limits (refused there only for want of a session)", async () => {
    expect(t.api.services.config.graphql).toMatchObject({ maxDepth: config.graphql.maxDepth, maxComplexity: config.graphql.maxComplexity });
    for (const operation of operations) {
      const definition = (graphql.parse(operation.text).definitions as readonly OperationDefinitionNode[]).find((d) => d.kind === "OperationDefinition")!;
      if (definition.operation === "subscription") continue; // not served over HTTP; the same guard checks them on the websocket
      const r = await t.gql(operation.text, variablesOf(schema, definition));
      const codes = (r.errors ?? []).map((e) => e.extensions.code);
      expect(codes.filter((c) => LIMIT_CODES.includes(c)), `${operation.name}: ${JSON.stringify(r.errors)}`).toEqual([]);
      const root = `${definition.operation === "query" ? "Query" : "Mutation"}.${(definition.selectionSet.selections[0] as { name: { value: string } }).name.value}`;
      // UNAUTHENTICATED comes from the resolvers, so parsing, validation, the limits and the
      // coercion of the variables all passed.
      if (!isPublic(root)) expect(codes[0], `${operation.name}: ${JSON.stringify(r.errors)}`).toBe("UNAUTHENTICATED");
    }
  });
});
