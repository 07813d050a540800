// Typed operations from the API's committed schema: `npm run codegen` regenerates src/gql
// (client preset, documents as strings so the browser needs no GraphQL parser) and
// src/gql/root-fields.ts (which operations this API version has, for "not available" states).
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: "../api/schema.graphql",
  documents: ["src/**/*.{ts,tsx}", "!src/gql/**/*"],
  ignoreNoDocuments: true,
  generates: {
    "src/gql/": {
      preset: "client",
      config: {
        documentMode: "string",
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { DateTimeISO: "string", JSON: "unknown" },
      },
      presetConfig: { fragmentMasking: false },
    },
    "src/gql/root-fields.ts": {
      plugins: ["./scripts/root-fields-plugin.cjs"],
    },
  },
};

export default config;
