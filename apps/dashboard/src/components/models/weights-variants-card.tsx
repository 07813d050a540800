import { Badge, Card, EmptyState, Identifier } from "@/components/ui";
import { weightsVariantRows, type WeightsVariant } from "@/lib/model-evaluation";
import { SyntheticBadge } from "./synthetic-badge";

/**
 * The model's weights files as training measured them against float32 on the held-out test
 * windows: size, speed, how they rate windows, and whether a window's output moves with the
 * windows batched beside it (a file whose does is never served). `variants` is null on a card
 * written before that check.
 */
export function WeightsVariantsCard({ variants, servedReason, synthetic }: { variants: readonly WeightsVariant[] | null; servedReason: string | null; synthetic: boolean }) {
  return (
    <Card title="Weights files" actions={<SyntheticBadge synthetic={synthetic} />}>
      {!variants ? (
        <EmptyState title="No weights file comparison in this model card">
          The card predates the variant check (<code>training/verify-onnx.ts</code>); retraining with <code>npm run train</code> adds it.
        </EmptyState>
      ) : (
        <>
          <p className="muted" style={{ marginTop: 0 }}>
            Every file scored the held-out{synthetic ? " SYNTHETIC" : ""} test windows and is compared with the float32 file. &ldquo;Alone vs in a batch&rdquo; is the largest
            change of a window&apos;s reconstruction between scoring it alone and beside other windows: a file whose outputs move with their batch is never served, since a
            report must not depend on which other recordings shared it.
          </p>
          <table className="table phone-fit" data-testid="weights-variants">
            <thead>
              <tr>
                <th>variant</th>
                {/* On a phone: which file, how it rates windows, and which one is served; the measurements at desktop width. */}
                <th>file</th>
                <th className="num wide-only">KiB</th>
                <th className="num wide-only" title="Windows per second, one window per run">
                  w/s ×1
                </th>
                <th className="num wide-only" title="Windows per second, 64 windows per run">
                  w/s ×64
                </th>
                <th className="num wide-only" title="Largest per-class AUROC difference from the float32 file">
                  AUROC Δ
                </th>
                <th className="num" title="Share of normal test windows at or below the threshold">
                  specificity
                </th>
                <th className="num wide-only" title="Test windows on the other side of the threshold than with the float32 file">
                  flags ≠ fp32
                </th>
                <th className="num wide-only" title="Largest change of a window's reconstruction between scoring it alone and in a batch">
                  alone vs batch
                </th>
                <th>
                  <span className="visually-hidden">served file</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {weightsVariantRows(variants).map((r) => (
                <tr key={r.file}>
                  <td>
                    <Identifier text={r.name} />
                  </td>
                  <td>
                    <Identifier code text={r.file} />
                  </td>
                  <td className="num wide-only">{r.sizeKiB}</td>
                  <td className="num wide-only">{r.windowsPerSBatch1}</td>
                  <td className="num wide-only">{r.windowsPerSBatch64}</td>
                  <td className="num wide-only">{r.maxAurocDelta}</td>
                  <td className="num">{r.specificity}</td>
                  <td className="num wide-only">{r.flagDisagreements}</td>
                  <td className="num wide-only">{r.batchDependence}</td>
                  <td>{r.served && <Badge tone="ok">served</Badge>}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted" style={{ marginBottom: 0, fontSize: 12, whiteSpace: "normal" }}>
            w/s: windows per second in runs of 1 and of 64 windows. AUROC Δ: the largest per-class AUROC difference from fp32. Flags ≠ fp32: test windows on the other side of
            the threshold than with fp32. Alone vs batch: the largest change of a window&apos;s reconstruction between scoring it alone and in a batch.
          </p>
          {servedReason && (
            <p className="muted" data-testid="served-reason" style={{ marginBottom: 0, whiteSpace: "normal" }}>
              {servedReason}
            </p>
          )}
          <p className="muted" style={{ marginBottom: 0, fontSize: 12 }}>
            Speeds depend on the machine: they were measured during training, on the training machine, not on this installation.
          </p>
        </>
      )}
    </Card>
  );
}
