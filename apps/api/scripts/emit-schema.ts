// Writes the schema built from the code to apps/api/schema.graphql, or with --check fails when
// the committed file differs (run in CI through `npm run check:schema -w @gma/api`).
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { lexicographicSortSchema, printSchema } from "graphql";
import { buildApiSchema } from "../src/schema";

const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "schema.graphql");
const header = "# Generated from the resolvers by `npm run emit:schema -w @gma/api`; do not edit.\n\n";
const printed = header + printSchema(lexicographicSortSchema(await buildApiSchema())) + "\n";

if (process.argv.includes("--check")) {
  let committed = "";
  try {
    committed = readFileSync(file, "utf8");
  } catch {
    // missing file: reported below
  }
  if (committed !== printed) {
    process.stderr.write(`schema.graphql is out of date with the resolvers: run \`npm run emit:schema -w @gma/api\` and commit it.\n`);
    process.exit(1);
  }
  process.stdout.write("schema.graphql matches the code\n");
} else {
  writeFileSync(file, printed);
  process.stdout.write(`wrote ${file}\n`);
}
