import { GmaError } from "@gma/core";

/**
 * The queue gave an analysis job up without its processor recording why: BullMQ fails a job
 * whose workers stopped holding it (crashed, killed, out of memory) more often than it allows,
 * without running it again. Written to the row so that it does not stay RUNNING for ever.
 */
export class AnalysisAbandonedError extends GmaError {
  constructor() {
    super(
      "ANALYSIS_ABANDONED",
      "The analysis stopped before finishing: the worker running it exited (crashed, or was stopped, for example for lack of memory) and the queue gave it up. Start the analysis again; if it stops again, the operator can find the reason in the worker's log.",
      { hint: "Start the analysis again; if it stops again, ask the operator to check the worker's log and memory.", isUserError: false },
    );
  }
}
