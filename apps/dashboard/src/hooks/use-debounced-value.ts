"use client";

import { useEffect, useState } from "react";

/** Quiet time after the last keystroke before a search-as-you-type box sends its search. */
export const SEARCH_DEBOUNCE_MS = 250;

/**
 * `value` once it has stayed the same for `delayMs`: what a search-as-you-type box sends, so
 * that typing a name costs one query rather than one per letter.
 */
export function useDebouncedValue<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}
