"use client";

import { useEffect, useState } from "react";

/**
 * Keeps the last `limit` samples of a polled value, stamped with the time they arrived: a live
 * series since the page opened, for figures the API reports only as current values.
 */
export function useSampledHistory<T extends Record<string, number | null>>(sample: T | undefined, limit = 120): ({ t: number } & T)[] {
  const [history, setHistory] = useState<({ t: number } & T)[]>([]);
  useEffect(() => {
    if (!sample) return;
    setHistory((previous) => [...previous.slice(-(limit - 1)), { t: Date.now(), ...sample }]);
    // Every poll hands a new object: one point per answer.
  }, [sample, limit]);
  return history;
}
