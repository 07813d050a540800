import { Badge } from "@/components/ui";

/** Marks a figure as resting on simulated data; shown beside every figure of a synthetic card. */
export function SyntheticBadge({ synthetic }: { synthetic: boolean }) {
  return synthetic ? <Badge tone="warn">SYNTHETIC data</Badge> : null;
}
