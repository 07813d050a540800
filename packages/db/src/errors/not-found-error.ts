import { GmaError } from "@gma/core";

/** The record the caller named does not exist (or is not visible to them). */
export class NotFoundError extends GmaError {
  constructor(readonly entity: string, readonly id: string) {
    super("NOT_FOUND", `No ${entity} with id ${id}.`, { hint: `Check the ${entity} id; it may have been deleted.` });
  }
}
