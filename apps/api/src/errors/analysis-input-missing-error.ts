import { GmaError } from "@gma/core";

/**
 * The input file of a queued analysis is gone before a worker could read it (removed by hand,
 * a data folder restored without it). No retry can bring it back and the client cannot fix it
 * in place, so the analysis fails at once and says to upload again; the message names no path.
 */
export class AnalysisInputMissingError extends GmaError {
  constructor() {
    super("INPUT_MISSING", "The recording uploaded for this analysis is no longer on the server, so it cannot be analysed. Upload it again and start a new analysis.", {
      hint: "Upload the recording again and start a new analysis.",
      isUserError: false,
    });
  }
}
