"use client";

import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { Badge, Card, ErrorState, Identifier } from "@/components/ui";
import type { AnalysisQuery } from "@/gql/graphql";
import { ReviewAnalysisMutation, WithdrawAnalysisReviewMutation } from "@/graphql/reviews";
import { useMutation } from "@/hooks/use-mutation";
import { formatDateTime } from "@/lib/format";
import { gmaClassGroups, gmaClassName, type GmaClass, type GmaClassPeriod } from "@/lib/gma-classes";
import { reviewAgreementSentence } from "@/lib/review-agreement";
import { REVIEW_NOTES_MAX_LENGTH, reviewNotesLength } from "@/lib/review-notes";
import { reviewPeriodWarning, type RecordingPeriod } from "@/lib/review-period";
import { riskLevelName } from "@/lib/risk-level";
import { RiskBadge } from "./risk-badge";

/** A review as the analysis page reads it. */
export type AnalysisReviewView = NonNullable<AnalysisQuery["analysis"]["review"]>;

export { recordingPeriod, type RecordingPeriod } from "@/lib/review-period";

/** Each group's legend: the periods are told by corrected age, as the report's assessment words them. */
const GROUP_LEGENDS: Record<GmaClassPeriod, string> = {
  writhing: "Writhing period (to 8 weeks corrected)",
  fidgety: "Fidgety period (9-20 weeks corrected)",
  other: "Other",
};

/**
 * The clinician's own General Movements Assessment of a SUCCEEDED analysis: the review when
 * there is one (with the model's risk at review time and whether the two agree), else a form to
 * record it. Those who may review (`canReview`) edit and withdraw it there. `onChanged` refetches
 * the page's analysis after a save or withdrawal, so that the card shows the review the API
 * holds. Only the review prints: the form and the buttons stay on screen.
 */
export function AnalysisReviewCard({
  analysisId,
  review,
  period,
  canReview,
  onChanged,
}: {
  analysisId: string;
  review: AnalysisReviewView | null | undefined;
  period: RecordingPeriod | null;
  canReview: boolean;
  onChanged: () => Promise<void>;
}) {
  const [editing, setEditing] = useState(false);
  const withdraw = useMutation(WithdrawAnalysisReviewMutation);
  const [busy, setBusy] = useState(false);
  // Where the keyboard goes once the card has changed under it: the button pressed is gone.
  const [focusNext, setFocusNext] = useState<"review" | "form" | "edit" | null>(null);
  const reviewBox = useRef<HTMLDivElement>(null);
  const formBox = useRef<HTMLDivElement>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (focusNext === null) return;
    if (focusNext === "review") reviewBox.current?.focus();
    if (focusNext === "edit") editButton.current?.focus();
    // The chosen class, else the first: where Tab would enter the radio group.
    if (focusNext === "form") (formBox.current?.querySelector<HTMLInputElement>("input[type=radio]:checked") ?? formBox.current?.querySelector<HTMLInputElement>("input[type=radio]"))?.focus();
    setFocusNext(null);
  }, [focusNext]);

  const showForm = canReview && (review === null || review === undefined || editing);

  async function onWithdraw() {
    if (!window.confirm("Withdraw your review of this analysis? Its class and notes are deleted; the analysis stays.")) return;
    setBusy(true);
    try {
      if ((await withdraw.mutate({ analysisId })) === undefined) return;
      await onChanged();
      setEditing(false);
      setFocusNext("form");
    } finally {
      setBusy(false);
    }
  }

  return (
    // Unreviewed, there is nothing of the card to print.
    <Card title="Clinician's review" className={review ? undefined : "screen-only"}>
      {review && (
        // While the form is open, paper still gets the review as saved.
        <div ref={reviewBox} tabIndex={-1} className={showForm ? "print-only" : undefined} data-testid="saved-review">
          <ReviewFacts review={review} />
          {canReview && !showForm && (
            <div className="row screen-only" style={{ marginTop: 12 }}>
              <button
                ref={editButton}
                className="btn"
                type="button"
                disabled={busy}
                onClick={() => {
                  setEditing(true);
                  setFocusNext("form");
                }}
              >
                Edit review
              </button>
              <button className="btn danger" type="button" disabled={busy} onClick={() => void onWithdraw()}>
                Withdraw review
              </button>
            </div>
          )}
          {withdraw.error !== undefined && !showForm && <ErrorState error={withdraw.error} />}
        </div>
      )}
      {!review && !canReview && <p className="muted">No clinician has reviewed this analysis yet.</p>}
      {showForm && (
        <div ref={formBox}>
          <ReviewForm
            // A new form for each review it edits: its fields start from that review.
            key={review?.updatedAt ?? "new"}
            analysisId={analysisId}
            initial={editing ? review : null}
            period={period}
            onSaved={async () => {
              await onChanged();
              setEditing(false);
              setFocusNext("review");
            }}
            onCancel={
              editing
                ? () => {
                    setEditing(false);
                    setFocusNext("edit");
                  }
                : undefined
            }
          />
        </div>
      )}
    </Card>
  );
}

/** The saved review: class, notes, who and when, and the model's risk beside it. */
function ReviewFacts({ review }: { review: AnalysisReviewView }) {
  const risk = riskLevelName(review.modelRiskLevel);
  const edited = review.updatedAt !== review.createdAt;
  return (
    <>
      <dl className="facts">
        <dt>Class</dt>
        <dd data-testid="review-class">{gmaClassName(review.classification)}</dd>
        <dt>Notes</dt>
        {/* The clinician's line breaks are kept: notes are often a list. */}
        <dd className="notes" data-testid="review-notes">
          {review.notes ?? <span className="muted">none</span>}
        </dd>
        <dt>Reviewed by</dt>
        <dd data-testid="review-by">
          {review.reviewer?.displayName ?? "a removed account"}, {formatDateTime(review.updatedAt)}
          {edited && <span className="muted"> (first reviewed {formatDateTime(review.createdAt)})</span>}
        </dd>
        <dt>Model&apos;s risk when reviewed</dt>
        <dd data-testid="review-model-risk">
          <RiskBadge level={review.modelRiskLevel} />
          {review.modelVersion && (
            <span className="muted">
              {" "}
              model <Identifier text={review.modelVersion} />
            </span>
          )}
        </dd>
      </dl>
      <p data-testid="review-agreement" style={{ margin: "12px 0 0" }}>
        {reviewAgreementSentence(review.classification, risk)}
      </p>
    </>
  );
}

/** The form that records a review, or replaces `initial`. */
function ReviewForm({
  analysisId,
  initial,
  period,
  onSaved,
  onCancel,
}: {
  analysisId: string;
  initial: AnalysisReviewView | null | undefined;
  period: RecordingPeriod | null;
  onSaved: () => Promise<void>;
  onCancel?: () => void;
}) {
  const save = useMutation(ReviewAnalysisMutation);
  const [classification, setClassification] = useState<GmaClass | null>(initial?.classification ?? null);
  const [notes, setNotes] = useState(initial?.notes ?? "");
  const [saving, setSaving] = useState(false);
  const id = useId();
  const length = reviewNotesLength(notes);
  const over = length > REVIEW_NOTES_MAX_LENGTH;
  const periodWarning = reviewPeriodWarning(classification, period);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (classification === null || saving) return;
    setSaving(true);
    try {
      // Blank notes are none; the API trims them.
      if ((await save.mutate({ input: { analysisId, classification, notes: notes.trim() === "" ? null : notes } })) !== undefined) await onSaved();
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="form review-form" onSubmit={(e) => void submit(e)} aria-label={initial ? "Edit the clinician's review" : "Record a clinician's review"}>
      <p className="muted" style={{ margin: 0 }}>
        Your own General Movements Assessment of the recording, kept beside the model&apos;s risk level.
      </p>
      {gmaClassGroups(period).map((group) => (
        <fieldset key={group.period} className="review-group">
          <legend>
            {GROUP_LEGENDS[group.period]}
            {group.period === period && (
              <>
                {" "}
                <Badge tone="info">this recording&apos;s period</Badge>
              </>
            )}
          </legend>
          {group.classes.map((c) => (
            <label key={c.value} className="review-option">
              {/* One name for every group: one radio group, which the arrow keys go through. */}
              <input
                type="radio"
                name={`${id}-class`}
                value={c.value}
                required
                checked={classification === c.value}
                onChange={() => setClassification(c.value)}
                aria-labelledby={`${id}-${c.value}`}
                aria-describedby={`${id}-${c.value}-description`}
              />
              <span>
                <span id={`${id}-${c.value}`}>
                  {c.period !== "other" && <strong>{c.abbreviation}</strong>} {c.label}
                </span>
                <span id={`${id}-${c.value}-description`} className="description">
                  {c.description}
                </span>
              </span>
            </label>
          ))}
        </fieldset>
      ))}
      {periodWarning !== null && (
        // Polite: it appears as a class is chosen, and the choice itself must stay where it is.
        <p className="notice warn" role="status" data-testid="review-period-warning">
          {periodWarning}
        </p>
      )}
      <label className="field">
        Notes (optional)
        <textarea
          name="notes"
          rows={4}
          value={notes}
          onChange={(e) => setNotes(e.target.value)}
          aria-describedby={`${id}-count`}
          aria-invalid={over || undefined}
        />
      </label>
      <p id={`${id}-count`} className={over ? "notes-count over" : "notes-count muted"} data-testid="review-notes-count">
        {length} / {REVIEW_NOTES_MAX_LENGTH}
        {over && <> characters: {length - REVIEW_NOTES_MAX_LENGTH} too many, shorten the notes</>}
      </p>
      {save.error !== undefined && <ErrorState error={save.error} />}
      <div className="row">
        <button className="btn primary" type="submit" disabled={saving}>
          {saving ? "Saving…" : "Save review"}
        </button>
        {onCancel && (
          <button className="btn" type="button" disabled={saving} onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
