import type { Prisma } from "../services";
import { createAnalysesByPatientLoader, createArchivedAnalysesByPatientLoader } from "./analyses/analysis.loader";
import { createReviewByAnalysisLoader } from "./reviews/analysis-review.loader";
import { createPatientLoader } from "./patients/patient.loader";
import { createUserLoader } from "./users/user.loader";

/** Every relation's DataLoader; built fresh per request. */
export function createLoaders(prisma: Prisma) {
  return {
    userById: createUserLoader(prisma),
    patientById: createPatientLoader(prisma),
    analysesByPatient: createAnalysesByPatientLoader(prisma),
    archivedAnalysesByPatient: createArchivedAnalysesByPatientLoader(prisma),
    reviewByAnalysis: createReviewByAnalysisLoader(prisma),
  };
}

/** The per-request loaders. */
export type Loaders = ReturnType<typeof createLoaders>;
