/** One invalid field of an input, as the client sees it. */
export interface InvalidField {
  /** Dotted path within the argument, e.g. `ageWeeks` or `filter.status`. */
  field: string;
  /** What is wrong with it, one sentence per broken rule (class-validator's messages). */
  problems: string[];
}

/** What {@link describeValidationErrors} makes of type-graphql's `validationErrors`. */
export interface ValidationDescription {
  /** Every problem, one sentence each: says which field and what it must be. */
  message: string;
  fields: InvalidField[];
}

interface ValidatorError {
  property?: unknown;
  constraints?: unknown;
  children?: unknown;
}

/**
 * Turns the class-validator errors type-graphql attaches to its "Argument Validation Error" into
 * a message that names each field and its rule, and a list of fields without the submitted
 * input (class-validator's `target` and `value` would echo it back, passwords included).
 * Undefined when `validationErrors` is not such a list.
 */
export function describeValidationErrors(validationErrors: unknown): ValidationDescription | undefined {
  if (!Array.isArray(validationErrors) || validationErrors.length === 0) return undefined;
  const fields: InvalidField[] = [];
  const walk = (errors: unknown[], prefix: string) => {
    for (const e of errors as ValidatorError[]) {
      if (typeof e !== "object" || e === null) continue;
      const field = prefix + String(e.property ?? "?");
      const problems = typeof e.constraints === "object" && e.constraints !== null ? Object.values(e.constraints).map(String) : [];
      if (problems.length > 0) fields.push({ field, problems });
      if (Array.isArray(e.children)) walk(e.children, `${field}.`);
    }
  };
  walk(validationErrors, "");
  if (fields.length === 0) return undefined;
  return { message: `${fields.flatMap((f) => f.problems).join("; ")}.`, fields };
}
