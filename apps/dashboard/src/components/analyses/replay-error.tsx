import { ErrorState } from "@/components/ui";
import { ReplayFormatError } from "@/lib/replay-sequence";

/**
 * What the skeleton player shows when the joint sequence cannot be replayed: for a file the
 * decoder refuses, what is wrong with it and what to do (its message says whether to reload or
 * to re-run the analysis) under a heading that says the report itself stands; any other error
 * (the API's, the network's) as every page shows it.
 */
export function ReplayError({ error }: { error: unknown }) {
  if (!(error instanceof ReplayFormatError)) return <ErrorState error={error} />;
  return (
    <div className="state error" role="alert" data-testid="skeleton-damaged">
      <h3>The movement replay cannot be shown</h3>
      <p style={{ margin: "4px 0" }}>{error.message}</p>
      <p className="muted" style={{ margin: 0, fontSize: 12 }}>
        <code>{error.code}</code> The report does not depend on this file; the clock below still moves the cursor on the error timeline.
      </p>
    </div>
  );
}
