import { GmaError } from "@gma/core";

/** A committed migration could not be applied; the database is left as it was before it. */
export class MigrationFailedError extends GmaError {
  constructor(readonly migration: string, options: { cause?: unknown; detail?: string } = {}) {
    super("MIGRATION_FAILED", `Migration ${migration} could not be applied${options.detail ? `: ${options.detail}` : ""}.`, {
      hint: "Check that the database file belongs to this version of GMA Insight (back it up, then inspect it with `npx prisma migrate status` from packages/db).",
      cause: options.cause,
      isUserError: false,
    });
  }
}
