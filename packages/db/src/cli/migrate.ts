// `npm run db:migrate` (root) / `npm run migrate -w @gma/db`: applies pending committed
// migrations to DATABASE_FILE (default <GMA_DATA_DIR or ./data>/gma.sqlite at the repo root).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { migrateDatabase } from "../migrations";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const file = process.env.DATABASE_FILE ?? path.join(process.env.GMA_DATA_DIR ?? path.join(repoRoot, "data"), "gma.sqlite");
try {
  const applied = await migrateDatabase(file);
  console.log(applied.length ? `${file}: applied ${applied.join(", ")}` : `${file}: schema up to date`);
} catch (error) {
  console.error(error instanceof Error ? `${error.message}\n${(error as { hint?: string }).hint ?? ""}` : error);
  process.exit(1);
}
