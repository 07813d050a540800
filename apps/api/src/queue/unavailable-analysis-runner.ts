import { AnalysisUnavailableError } from "../errors/analysis-unavailable-error";
import type { AnalysisRunner } from "./analysis-runner";

/**
 * The runner used until the pipeline lands: every job fails at once with
 * ANALYSIS_UNAVAILABLE, so nobody mistakes a placeholder for a report.
 */
export class UnavailableAnalysisRunner implements AnalysisRunner {
  async run(): Promise<never> {
    throw new AnalysisUnavailableError();
  }

  async checkReady(): Promise<void> {
    throw new AnalysisUnavailableError();
  }
}
