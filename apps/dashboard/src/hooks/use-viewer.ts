"use client";

import { createContext, useContext } from "react";
import type { MeQuery } from "@/gql/graphql";

/** The signed-in account. */
export type Viewer = MeQuery["me"];

export const ViewerContext = createContext<Viewer | null>(null);

/** The signed-in account; only inside the dashboard shell. */
export function useViewer(): Viewer {
  const viewer = useContext(ViewerContext);
  if (!viewer) throw new Error("useViewer() outside the dashboard shell");
  return viewer;
}
