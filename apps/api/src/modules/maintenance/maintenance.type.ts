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
}

/** A page of maintenance runs. */
@ObjectType()
export class MaintenanceRunConnection extends connectionOf("MaintenanceRun", MaintenanceRun) {}

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
