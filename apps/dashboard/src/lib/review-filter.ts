// The analyses list's review filter, as it stands in the address (`?review=to-review`).

/** The filter's choices: the value in the address, and the words of the select. */
export const REVIEW_FILTERS = [
  { value: "to-review", label: "to review", reviewed: false },
  { value: "reviewed", label: "reviewed", reviewed: true },
] as const;

/**
 * The API's `reviewed` filter from the address's `review` value: false for the analyses still to
 * review, true for reviewed ones, undefined (every analysis) for none or a value it does not know.
 */
export function parseReviewFilter(value: string | null | undefined): boolean | undefined {
  return REVIEW_FILTERS.find((f) => f.value === value)?.reviewed;
}

/** The address's value for a `reviewed` filter: the inverse of {@link parseReviewFilter}. */
export function reviewFilterValue(reviewed: boolean | undefined): string {
  return REVIEW_FILTERS.find((f) => f.reviewed === reviewed)?.value ?? "";
}
