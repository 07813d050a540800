import { GmaError } from "@gma/core";

/**
 * No analysis pipeline is wired into this worker yet. Not the user's fault, but no retry can
 * help either, so jobs fail at once with this code instead of producing a made-up report.
 */
export class AnalysisUnavailableError extends GmaError {
  constructor(message = "The analysis pipeline is not available in this installation.") {
    super("ANALYSIS_UNAVAILABLE", message, {
      hint: "Install a build that includes the pose and anomaly pipeline, then retry the analysis.",
      isUserError: false,
    });
  }
}
