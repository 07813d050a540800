/** Name and strap line shown in the shell and the document title. */
export const siteConfig = {
  name: "GMA Insight",
  description: "Screening infants' spontaneous movements for early signs of cerebral palsy",
} as const;
