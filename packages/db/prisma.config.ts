// Prisma CLI configuration for GMA Insight (read by `prisma` when run from packages/db, which is
// what the workspace scripts `generate` and the migration tooling do).
//
// Why this shape: Prisma 6.19 only works offline through its JS engine and a driver adapter
// (its native engines would be downloaded from binaries.prisma.sh, which is unreachable).
// Quirk handled here: the shadow database replays migration files through `executeRaw`, but
// better-sqlite3 prepares one statement at a time and rejects multi-statement SQL (P3006), so
// argument-less SQL on the shadow connection goes through `executeScript` instead.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { defineConfig } from "prisma/config";

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "../..");
// Resolved as the API resolves them (apps/api/src/env.ts, src/cli/database-paths.ts): GMA_DATA_DIR
// against the repository root, DATABASE_FILE against the data directory.
const dataDir = path.resolve(repoRoot, process.env.GMA_DATA_DIR || "data");
const databaseFile = path.resolve(dataDir, process.env.DATABASE_FILE || "gma.sqlite");

function adapterFactory(): PrismaBetterSQLite3 {
  // better-sqlite3 creates the file but not its folder; a fresh clone has no data/ yet.
  mkdirSync(path.dirname(databaseFile), { recursive: true });
  const factory = new PrismaBetterSQLite3({ url: `file:${databaseFile}` }, { timestampFormat: "unixepoch-ms" });
  const connectToShadowDb = factory.connectToShadowDb.bind(factory);
  factory.connectToShadowDb = async () => {
    const shadow = await connectToShadowDb();
    const executeRaw = shadow.executeRaw.bind(shadow);
    shadow.executeRaw = async (query) => {
      if (query.args.length > 0) return executeRaw(query);
      await shadow.executeScript(query.sql);
      return 0;
    };
    return shadow;
  };
  return factory;
}

export default defineConfig({
  schema: path.join(repoRoot, "prisma", "schema.prisma"),
  migrations: { path: path.join(repoRoot, "prisma", "migrations") },
  engine: "js",
  experimental: { adapter: true },
  adapter: async () => adapterFactory(),
});
