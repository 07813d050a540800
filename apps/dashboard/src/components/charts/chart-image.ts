/**
 * Props that make a recharts chart an image named by what it shows: its text alternative
 * (WCAG 1.1.1), a summary from `@/lib/chart-summary`. recharts marks its svg role="application"
 * with no name, which screen readers announce as an unnamed application; as an image they read
 * the summary. The chart keeps recharts' keyboard layer (focus, then arrow keys move the tooltip).
 */
export function chartImage(summary: string): { role: "img"; "aria-label": string } {
  return { role: "img", "aria-label": summary };
}
