"use client";

import { useRef, type ReactNode } from "react";
import { useScrollsSideways } from "@/hooks/use-scrolls-sideways";

/**
 * A box whose content may be wider than it (a chart that keeps its width on a phone) and then
 * scrolls sideways by itself, so that what sits around it in its card (an axis title, a legend)
 * stays in view. While it scrolls it takes keyboard focus, named `label`.
 */
export function SidewaysScroll({ label, children }: { label: string; children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const scrolls = useScrollsSideways(box);
  return (
    <div ref={box} className="sideways-scroll" role="group" aria-label={label} tabIndex={scrolls ? 0 : undefined}>
      {children}
    </div>
  );
}
