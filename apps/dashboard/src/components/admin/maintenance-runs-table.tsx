import { Badge, Identifier } from "@/components/ui";
import type { MaintenanceRunsQuery } from "@/gql/graphql";
import { formatBytes, formatDateTime, formatMs } from "@/lib/format";

/** One recorded run, as the maintenance page lists it. */
export type MaintenanceRunRow = MaintenanceRunsQuery["maintenanceRuns"]["edges"][number]["node"];

/**
 * The run history: when, what, how many rows (or files) and how it ended, and at desktop width
 * the batches, duration, vacuum and what the run wrote (a database backup's size and file name).
 */
export function MaintenanceRunsTable({ runs }: { runs: MaintenanceRunRow[] }) {
  return (
    <table className="table phone-fit" data-testid="maintenance-runs">
      <thead>
        <tr>
          <th>started</th>
          <th>kind</th>
          <th className="num">rows</th>
          {/* On a phone: when, what, how many rows and how it ended; the run's details at desktop width. */}
          <th className="num wide-only">batches</th>
          <th className="num wide-only">duration</th>
          <th className="wide-only">vacuum</th>
          <th className="num wide-only">size</th>
          <th className="wide-only">file</th>
          <th>result</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((r) => (
          <tr key={r.id}>
            <td>{formatDateTime(r.startedAt)}</td>
            <td>
              <Identifier text={r.kind} />
            </td>
            <td className="num">{r.rowsAffected}</td>
            <td className="num wide-only">{r.batches}</td>
            <td className="num wide-only">{formatMs(r.durationMs)}</td>
            <td className="wide-only">{r.vacuumed ? "yes" : "no"}</td>
            <td className="num wide-only">{formatBytes(r.bytes)}</td>
            <td className="wide-only">{r.output ? <Identifier text={r.output} /> : "—"}</td>
            {/* An error is a sentence (an abandoned run's says what to do), so it wraps beside a short badge rather than being one. */}
            <td className={r.error ? "wrap run-error" : undefined}>
              {r.error ? (
                <>
                  <Badge tone="danger">failed</Badge> {r.error}
                </>
              ) : r.finishedAt ? (
                <Badge tone="ok">done</Badge>
              ) : (
                <Badge tone="info">running</Badge>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
