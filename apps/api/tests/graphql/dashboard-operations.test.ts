// Every operation the dashboard sends (apps/dashboard/src/graphql/*.ts, read as text) must
// validate against this server's schema and fit its default depth and complexity limits at the
// largest page the dashboard asks for, so that a page cannot ship that the API then refuses
// (as the overview's `analyses(first: 100)` once was, with QUERY_TOO_COMPLEX).
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { DefinitionNode, DocumentNode, GraphQLInputType, GraphQLSchema, OperationDefinitionNode } from "graphql";
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
  /** The operation as the dashboard sends it: its own text, then every fragment it uses. */
  text: string;
}

interface Fragment {
  file: string;
  name: string;
  text: string;
  /** Fragments this one spreads. */
  spreads: string[];
}

/** Names of the fragments spread anywhere in `node`. */
function spreadsOf(node: unknown): string[] {
  const names = new Set<string>();
  graphql.visit(node as never, { FragmentSpread: (spread) => void names.add(spread.name.value) });
  return [...names];
}

/**
 * Every `graphql(\`...\`)` call in the dashboard's operation files: the operations, and the
 * fragments they share across files. Codegen appends to each operation's generated document the
 * fragments it uses, wherever they are defined; so does this, so that an operation is checked as
 * it is sent. A text that does not parse is kept as an operation, for its test to report.
 */
function dashboardDocuments(): { operations: Operation[]; fragments: Map<string, Fragment[]> } {
  const found: { file: string; name: string | undefined; text: string; spreads: string[] }[] = [];
  const fragments = new Map<string, Fragment[]>();
  for (const file of readdirSync(OPERATIONS_DIR).filter((f) => f.endsWith(".ts")).sort()) {
    const source = readFileSync(path.join(OPERATIONS_DIR, file), "utf8");
    for (const match of source.matchAll(/\bgraphql\(\s*`([^`]*)`\s*\)/g)) {
      const text = match[1]!;
      let definitions: readonly DefinitionNode[];
      try {
        definitions = graphql.parse(text).definitions;
      } catch {
        found.push({ file, name: undefined, text, spreads: [] });
        continue;
      }
      const operation = definitions.find((d): d is OperationDefinitionNode => d.kind === "OperationDefinition");
      if (operation) {
        const own = new Set(definitions.flatMap((d) => (d.kind === "FragmentDefinition" ? [d.name.value] : [])));
        found.push({ file, name: operation.name?.value, text, spreads: definitions.flatMap(spreadsOf).filter((n) => !own.has(n)) });
        continue;
      }
      for (const d of definitions) {
        if (d.kind !== "FragmentDefinition") continue;
        const fragment = { file, name: d.name.value, text: graphql.print(d), spreads: spreadsOf(d) };
        fragments.set(fragment.name, [...(fragments.get(fragment.name) ?? []), fragment]);
      }
    }
  }
  const operations = found.map((o, i) => {
    // The fragments it spreads, and those they spread; an unknown one is left for validation to name.
    const used = new Set<string>();
    const pending = [...o.spreads];
    while (pending.length > 0) {
      const name = pending.pop()!;
      const fragment = fragments.get(name)?.[0];
      if (used.has(name) || !fragment) continue;
      used.add(name);
      pending.push(...fragment.spreads);
    }
    const text = [o.text, ...[...used].sort().map((n) => fragments.get(n)![0]!.text)].join("\n");
    return { file: o.file, name: o.name ?? `${o.file}#${i}`, text };
  });
  return { operations, fragments };
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

const { operations, fragments } = dashboardDocuments();
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
    for (const file of files) {
      const defines = operations.some((o) => o.file === file) || [...fragments.values()].some((f) => f[0]!.file === file);
      expect(defines, `${file} defines no operation or fragment`).toBe(true);
    }
    expect(new Set(operations.map((o) => o.name)).size).toBe(operations.length);
    // Interpolated text could not be checked here: the dashboard writes its operations literally.
    for (const o of operations) expect(o.text, o.name).not.toContain("${");
  });

  it("share fragments that are defined once each and used by some operation", () => {
    for (const [name, defined] of fragments) {
      expect(defined.map((f) => f.file), `fragment ${name}`).toHaveLength(1);
      const used = operations.some((o) => graphql.parse(o.text).definitions.some((d) => d.kind === "FragmentDefinition" && d.name.value === name));
      expect(used, `fragment ${name} is used by no operation`).toBe(true);
    }
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
