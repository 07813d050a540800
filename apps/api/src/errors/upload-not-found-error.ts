import { GmaError } from "@gma/core";

/**
 * The upload an analysis was requested for is gone (expired, used by another request, lost by
 * Redis) or is not the caller's. Reaches clients as NOT_FOUND with this code as `reason`, so that
 * a client holding an upload can tell it from a NOT_FOUND patient: only this one is mended by
 * uploading the recording again.
 */
export class UploadNotFoundError extends GmaError {
  constructor(message = "No such upload; it may have expired.") {
    super("UPLOAD_NOT_FOUND", message, { hint: "Upload the file again.", isUserError: true });
  }
}
