import { Badge } from "@/components/ui";
import type { RiskLevel } from "@/gql/graphql";
import { RISK_TONE, riskLevelName } from "@/lib/risk-level";

/**
 * An analysis's risk level as the report page shows it (same colours, same words), or a dash
 * while there is none: the analysis has not succeeded (yet).
 */
export function RiskBadge({ level }: { level: RiskLevel | null | undefined }) {
  if (!level) return <span className="muted" aria-label="no risk level">—</span>;
  const name = riskLevelName(level);
  return <Badge tone={RISK_TONE[name]}>{name}</Badge>;
}
