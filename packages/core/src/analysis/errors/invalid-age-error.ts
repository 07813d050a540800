import { GmaError } from "../../errors/gma-error";

/** The infant's age or gestational age given for an analysis is not a usable number. */
export class InvalidAgeError extends GmaError {
  /** The stable code every instance carries. */
  static readonly CODE = "INVALID_AGE";

  constructor(message: string, options: { hint?: string } = {}) {
    super(InvalidAgeError.CODE, message, {
      hint: options.hint ?? "Give the age at recording in weeks after birth (e.g. --age-weeks 12) and, for a preterm infant, the gestational age at birth in weeks (e.g. --gestational-age 32).",
      isUserError: true,
    });
  }
}
