import { GmaError } from "@gma/core";

/** Prisma's SQLite driver adapter no longer looks as @gma/db expects: an upgrade changed its internals. */
export class DriverAdapterChangedError extends GmaError {
  constructor(what: string) {
    super("DRIVER_ADAPTER_CHANGED", `Prisma's better-sqlite3 adapter changed: ${what}.`, {
      hint: "Pin @prisma/adapter-better-sqlite3 to the version in package-lock.json, or update packages/db/src/connection/immediate-transactions.ts for the new one.",
      isUserError: false,
    });
  }
}
