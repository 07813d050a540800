import { GmaError } from "../../errors/gma-error";
import type { QualityCheck } from "../quality-gate";

/** A recording falls below the minimum quality an analysis needs; the checks say which minimums failed. */
export class QualityTooLowError extends GmaError {
  /** The stable code every instance carries. */
  static readonly CODE = "QUALITY_TOO_LOW";
  /** Every check that failed, with the measured value and the minimum. */
  readonly failedChecks: readonly QualityCheck[];

  constructor(message: string, failedChecks: readonly QualityCheck[], options: { hint?: string } = {}) {
    super(QualityTooLowError.CODE, message, { hint: options.hint, isUserError: true });
    this.failedChecks = failedChecks;
  }
}
