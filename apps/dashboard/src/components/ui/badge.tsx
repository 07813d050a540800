import type { ReactNode } from "react";

/** A small status label. */
export function Badge({ tone = "neutral", children }: { tone?: "neutral" | "ok" | "danger" | "warn" | "info"; children: ReactNode }) {
  return <span className={`badge ${tone === "neutral" ? "" : tone}`}>{children}</span>;
}
