import { GmaError } from "@gma/core";

/** The database file is open in another connection (the API, a worker, a shell), so it cannot be replaced. */
export class DatabaseInUseError extends GmaError {
  constructor(
    readonly file: string,
    options: { cause?: unknown } = {},
  ) {
    super("DATABASE_IN_USE", `${file} is open in another process; a restore would pull it out from under it.`, {
      hint: "Stop the API, every worker and anything else holding the database (npm start's Ctrl-C stops them all), then run the restore again.",
      cause: options.cause,
    });
  }
}
