import type { QueueCountsFragment } from "@/gql/graphql";

/** A count of {@link QueueCountsFragment}, in the order the table reads down. */
type CountKey = Exclude<keyof QueueCountsFragment, "__typename" | "name">;

/**
 * The table's rows: the work to do (waiting + active + delayed, the queue depth), then what is
 * not work yet, what is done, and who does it. The notes tell delayed and scheduled apart, which
 * the words alone do not.
 */
const ROWS: readonly { key: CountKey; label: string; note?: string }[] = [
  { key: "waiting", label: "waiting" },
  { key: "active", label: "active" },
  { key: "delayed", label: "delayed", note: "retries and jobs set to run later" },
  { key: "scheduled", label: "scheduled", note: "the schedules' next runs, not work yet" },
  { key: "completed", label: "completed" },
  { key: "failed", label: "failed" },
  { key: "workers", label: "workers" },
];

/**
 * Every count of every queue, a column per queue and a row per count: there are a few queues and
 * seven counts, so the table stays narrow enough for its half-width card at desktop width and
 * for a phone, with nothing left out at either (a column per count scrolled sideways in the card).
 */
export function QueuesTable({ queues }: { queues: readonly QueueCountsFragment[] }) {
  return (
    <table className="table phone-fit" data-testid="queues-table">
      <thead>
        <tr>
          <th>count</th>
          {queues.map((q) => (
            <th key={q.name} scope="col" className="num">
              {q.name}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {ROWS.map((row) => (
          <tr key={row.key}>
            <th scope="row">
              {row.label}
              {row.note && <span className="note">{row.note}</span>}
            </th>
            {queues.map((q) => (
              <td key={q.name} className="num">
                {q[row.key]}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
