"use client";

import { useEffect, useState } from "react";

/** What a picker's value (an id) names, as far as it is known. */
export interface PickedOption<T extends { id: string }> {
  /** The id picked, "" for nothing. */
  id: string;
  /** Its option: the one picked, else the one looked up; null while looking, or when none was found. */
  option: T | null;
  /** The id's option is still being looked up. */
  naming: boolean;
  /** Keeps the option just picked, so that its id needs no lookup (null: nothing picked). */
  remember: (option: T | null) => void;
}

/**
 * The option a search picker's `id` names: the one picked there, else (an id the page opened
 * with, a link's) the one `lookup` finds, or null when it finds none or fails. `lookup` is a
 * function of the module, not made anew at each render: a new one looks up again.
 */
export function usePickedOption<T extends { id: string }>(id: string, lookup: (id: string) => Promise<T | null>): PickedOption<T> {
  const [known, setKnown] = useState<T | null>(null);
  const [found, setFound] = useState<{ id: string; option: T | null } | null>(null);
  const remembered = known !== null && known.id === id ? known : null;
  const needed = id !== "" && remembered === null;
  useEffect(() => {
    if (!needed) return;
    let live = true;
    lookup(id).then(
      (option) => {
        if (live) setFound({ id, option: option?.id === id ? option : null });
      },
      () => {
        if (live) setFound({ id, option: null });
      },
    );
    return () => {
      live = false;
    };
  }, [id, needed, lookup]);
  const looked = found !== null && found.id === id ? found : null;
  return { id, option: remembered ?? looked?.option ?? null, naming: needed && looked === null, remember: setKnown };
}
