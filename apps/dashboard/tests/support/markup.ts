// Reading server-rendered markup in component tests: attributes of an element, the text a
// person reads, what a live region announces, and a search picker's state at rest.
import { expect } from "vitest";
import type { SearchPickerViewProps } from "@/components/ui/search-picker";

/** The attributes of the first element matching `tag` (and `marker`, when given), by lower-cased name (React writes maxLength). */
export function attributes(html: string, tag: string, marker = ""): Record<string, string> {
  const element = new RegExp(`<${tag}\\b[^>]*${marker}[^>]*>`).exec(html)?.[0];
  expect(element, `a <${tag}> ${marker}`).toBeDefined();
  return Object.fromEntries([...element!.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1]!.toLowerCase(), m[2]!]));
}

/** What the markup reads as: tags removed. */
export const markupText = (html: string): string => html.replace(/<[^>]+>/g, "");

/** The text of the first live region (role="status"); null when there is none. */
export const announced = (html: string): string | null => /<div role="status"[^>]*>(.*?)<\/div>/.exec(html)?.[1] ?? null;

const noop = () => undefined;

/** A search picker with nothing typed, picked or found, its list closed, and handlers that do nothing. */
export const PICKER_AT_REST = {
  text: "",
  pickedLabel: null,
  naming: false,
  open: false,
  search: { kind: "found", options: [], more: false },
  active: -1,
  onText: noop,
  onKeyDown: noop,
  onBlur: noop,
  onPick: noop,
  onClear: noop,
} satisfies Omit<SearchPickerViewProps<{ id: string }>, "id" | "words" | "renderOption" | "maxLength">;
