import { Badge } from "@/components/ui";
import type { AnalysisStatus, GmaClassification } from "@/gql/graphql";
import { gmaClass, gmaClassName } from "@/lib/gma-classes";

/**
 * A table's review cell: the clinician's class as its abbreviation in a badge (the full name
 * read out and on hover), "to review" for a finished analysis nobody has reviewed yet, nothing
 * for one that has not finished (it cannot be reviewed).
 */
export function ReviewMark({ status, review }: { status: AnalysisStatus; review: { classification: GmaClassification } | null | undefined }) {
  if (review) {
    const name = gmaClassName(review.classification);
    return (
      <span title={name} data-testid="review-mark">
        {/* The abbreviation is what fits a phone's column; a screen reader reads the name instead. */}
        <span aria-hidden="true">
          <Badge tone="info">{gmaClass(review.classification).abbreviation}</Badge>
        </span>
        <span className="visually-hidden">{name}</span>
      </span>
    );
  }
  if (status === "SUCCEEDED")
    return (
      <span className="muted" data-testid="review-mark">
        to review
      </span>
    );
  return null;
}
