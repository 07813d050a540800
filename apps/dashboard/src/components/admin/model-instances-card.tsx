import { Badge, Card, EmptyState, Identifier } from "@/components/ui";
import type { CachesQuery } from "@/gql/graphql";
import { formatMs, formatNumber } from "@/lib/format";

/** One pool of worker-thread model instances, summed over every live process. */
export type ModelInstancePool = CachesQuery["modelInstances"][number];

/**
 * The worker-thread model instances of every pool: what is running and waiting now, and what
 * the instances have done. `pools` is undefined until the first answer (no empty state then).
 */
export function ModelInstancesCard({ pools }: { pools: readonly ModelInstancePool[] | undefined }) {
  return (
    <Card title="Model instances">
      <p className="muted" style={{ margin: "0 0 12px" }}>
        onnxruntime-node computes on the thread that calls it, so one process&apos;s runs take turns; instances are sessions of a model in worker threads, so runs go side by side.
        Set with <code>INFERENCE_POSE_INSTANCES</code> / <code>INFERENCE_ANOMALY_INSTANCES</code>.
      </p>
      {pools && pools.length === 0 && (
        <EmptyState title="No model instances">
          Every run computes on its process&apos;s own thread. To run them side by side, set <code>INFERENCE_POSE_INSTANCES</code> (pose models; it defaults to{" "}
          <code>WORKER_CONCURRENCY</code> when that is above 1) or <code>INFERENCE_ANOMALY_INSTANCES</code> (anomaly model) on the workers and restart them. Pools appear
          once a worker has loaded its models (at its first analysis, or at start with <code>MODEL_WARMUP</code>).
        </EmptyState>
      )}
      {pools && pools.length > 0 && (
        <table className="table phone-fit" data-testid="model-instances">
          <thead>
            <tr>
              <th>model</th>
              {/* On a phone: what runs, waits and fails now; the pools' size and history at desktop width. */}
              <th className="num wide-only">instances</th>
              <th className="num">busy now</th>
              <th className="num">queued</th>
              <th className="num wide-only">runs</th>
              <th className="num">failures</th>
              <th className="num wide-only">restarts</th>
              <th className="num wide-only">compute time</th>
            </tr>
          </thead>
          <tbody>
            {pools.map((p) => (
              <tr key={p.name}>
                <td>
                  <Identifier code text={p.name} /> <span className="muted">· {p.processes} process(es)</span>
                </td>
                <td className="num wide-only">{p.instances}</td>
                <td className="num">{p.busy}</td>
                <td className="num">{p.queued}</td>
                <td className="num wide-only">{formatNumber(p.runs, 0)}</td>
                <td className="num">{p.failed > 0 ? <Badge tone="danger">{formatNumber(p.failed, 0)}</Badge> : 0}</td>
                <td className="num wide-only">{p.restarts > 0 ? <Badge tone="warn">{formatNumber(p.restarts, 0)}</Badge> : 0}</td>
                <td className="num wide-only">{formatMs(p.computeMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
