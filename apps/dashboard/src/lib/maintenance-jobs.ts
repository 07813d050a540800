import type { MaintenanceJob } from "@/gql/graphql";

/**
 * Every maintenance job the API schedules, by its GraphQL name (which is also the kind its runs
 * are recorded under): the title of its schedule card and how its runs are named in the history.
 * A Record over the schema's MaintenanceJob, so that a job the API adds fails the typecheck until
 * it is named here, rather than missing from the page.
 */
export const MAINTENANCE_JOBS: Record<MaintenanceJob, { title: string; runLabel: string }> = {
  SESSION_PURGE: { title: "Session purge", runLabel: "session purge" },
  ANALYSIS_ARCHIVE: { title: "Analysis archiving", runLabel: "analysis archive" },
  UPLOAD_EXPIRY: { title: "Upload expiry", runLabel: "upload expiry" },
  INPUT_RETENTION: { title: "Input retention", runLabel: "input retention" },
  DATABASE_BACKUP: { title: "Database backup", runLabel: "database backup" },
};

/** The jobs in the order the page shows them. */
export const MAINTENANCE_JOB_ORDER = Object.keys(MAINTENANCE_JOBS) as MaintenanceJob[];
