import { MaintenanceKind } from "@gma/db";
import { Field, Float, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { connectionOf } from "../common/connection.type";

/** Scheduled maintenance jobs. */
export enum MaintenanceJob {
  SESSION_PURGE = "session-purge",
  ANALYSIS_ARCHIVE = "analysis-archive",
  UPLOAD_EXPIRY = "upload-expiry",
  /** Deletes analysis inputs past VIDEO_RETENTION_DAYS, and inputs left by deleted or archived analyses. */
  INPUT_RETENTION = "input-retention",
  /** A verified copy of the database in DATABASE_BACKUP_DIR, keeping the newest DATABASE_BACKUP_KEEP. */
  DATABASE_BACKUP = "database-backup",
}
registerEnumType(MaintenanceJob, { name: "MaintenanceJob" });

/** A Job Scheduler of the maintenance queue. */
@ObjectType()
export class MaintenanceSchedule {
  @Field(() => MaintenanceJob)
  kind!: MaintenanceJob;

  @Field(() => Float, { nullable: true, description: "Interval in minutes (null for cron schedules)." })
  everyMinutes!: number | null;

  @Field(() => String, { nullable: true })
  cron!: string | null;

  @Field(() => Date, { nullable: true })
  nextRunAt!: Date | null;

  @Field(() => Float, {
    nullable: true,
    description: "The longest the schedule leaves between two runs, in minutes: everyMinutes, or for a cron pattern the longest gap among its next 10 runs (a weekday-only pattern's weekend). Null when it has no next run.",
  })
  periodMinutes!: number | null;
}

/** How the schema describes the kind of a recorded run: the Prisma enum's values, so a new kind is named at once. */
export const MAINTENANCE_RUN_KIND_DESCRIPTION = `One of ${Object.values(MaintenanceKind).join(", ")}.`;

/** A recorded run of a maintenance job. */
@ObjectType()
export class MaintenanceRun {
  @Field(() => ID)
  id!: number;

  @Field(() => String, { description: MAINTENANCE_RUN_KIND_DESCRIPTION })
  kind!: string;

  @Field(() => Date)
  startedAt!: Date;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;

  @Field(() => Int)
  rowsAffected!: number;

  @Field(() => Int)
  batches!: number;

  @Field(() => Float, { nullable: true })
  durationMs!: number | null;

  @Field(() => Boolean)
  vacuumed!: boolean;

  @Field(() => String, { nullable: true })
  error!: string | null;

  @Field(() => Float, { nullable: true, description: "Bytes of the file the run wrote (a database backup's size); null for runs that write none." })
  bytes!: number | null;

  @Field(() => String, { nullable: true, description: "The file the run wrote (a database backup's name in DATABASE_BACKUP_DIR); null for runs that write none." })
  output!: string | null;
}

/** A page of maintenance runs. */
@ObjectType()
export class MaintenanceRunConnection extends connectionOf("MaintenanceRun", MaintenanceRun) {}

/** What runDatabaseBackup made: a backup verified and in place. */
@ObjectType()
export class DatabaseBackupResult {
  @Field(() => ID, { description: "The MaintenanceRun that recorded it." })
  runId!: number;

  @Field(() => String, { description: "The backup's file name in DATABASE_BACKUP_DIR." })
  file!: string;

  @Field(() => Float)
  bytes!: number;

  @Field(() => Date, { description: "When its snapshot was taken (the instant in its name)." })
  takenAt!: Date;

  @Field(() => Float)
  durationMs!: number;

  @Field(() => Int, { description: "Older backups deleted to keep DATABASE_BACKUP_KEEP." })
  deleted!: number;
}

/** What runSessionCleanup did. */
@ObjectType()
export class SessionCleanupResult {
  @Field(() => Int)
  rows!: number;

  @Field(() => Int)
  batches!: number;

  @Field(() => Float)
  durationMs!: number;

  @Field(() => Boolean)
  vacuumed!: boolean;
}

/** A finished database backup run: the newest successful or the newest failed one. */
@ObjectType()
export class DatabaseBackupRun {
  @Field(() => ID, { description: "The MaintenanceRun that recorded it." })
  runId!: number;

  @Field(() => Date)
  startedAt!: Date;

  @Field(() => Date)
  finishedAt!: Date;

  @Field(() => Float, { nullable: true })
  durationMs!: number | null;

  @Field(() => Float, { nullable: true, description: "The backup's size; null for a failed run." })
  bytes!: number | null;

  @Field(() => String, { nullable: true, description: "The backup's file name in DATABASE_BACKUP_DIR; null for a failed run." })
  file!: string | null;

  @Field(() => String, { nullable: true, description: "Why the run failed; null for a successful one." })
  error!: string | null;
}

/** Whether the database is backed up as it should be: the newest runs, the schedule and the retention. */
@ObjectType()
export class DatabaseBackupStatus {
  @Field(() => DatabaseBackupRun, { nullable: true, description: "The newest successful backup; null when none has been made (or recorded in this database)." })
  lastSuccess!: DatabaseBackupRun | null;

  @Field(() => DatabaseBackupRun, { nullable: true, description: "The newest failed backup run; null when none failed. The newest run failed when it started after lastSuccess." })
  lastFailure!: DatabaseBackupRun | null;

  @Field(() => MaintenanceSchedule, { nullable: true, description: "The database-backup Job Scheduler; null when backups are not scheduled (DATABASE_BACKUP_SCHEDULE=off, or no worker has started yet)." })
  schedule!: MaintenanceSchedule | null;

  @Field(() => Int, { description: "Backups kept (DATABASE_BACKUP_KEEP); older ones are deleted after each verified backup." })
  keep!: number;

  @Field(() => String, { description: "Where backups are written (DATABASE_BACKUP_DIR), on the API's machine." })
  directory!: string;
}
