import { Arg, Args, Ctx, Float, Int, Mutation, Query, Resolver } from "type-graphql";
import type { GraphQLContext } from "../../context.type";
import { PageArgsInput } from "../common/page.args";
import { DatabaseBackupResult, DatabaseBackupStatus, MAINTENANCE_RUN_KIND_DESCRIPTION, MaintenanceJob, MaintenanceRunConnection, MaintenanceSchedule, SessionCleanupResult } from "./maintenance.type";

/** Maintenance queue and history (admins). */
@Resolver()
export class MaintenanceResolver {
  @Mutation(() => SessionCleanupResult, { description: "Purges expired sessions now, in batches of short transactions." })
  runSessionCleanup(
    @Arg("batchSize", () => Int, { defaultValue: 5000 }) batchSize: number,
    @Arg("vacuum", () => Boolean, { defaultValue: false }) vacuum: boolean,
    @Ctx() ctx: GraphQLContext,
  ) {
    return ctx.services.maintenance.runSessionCleanup(batchSize, vacuum);
  }

  @Mutation(() => DatabaseBackupResult, {
    description: "Backs the database up now: a verified copy in DATABASE_BACKUP_DIR, the newest DATABASE_BACKUP_KEEP kept, recorded as a DATABASE_BACKUP run. Fails with BACKUP_FAILED (no file left, older backups kept).",
  })
  runDatabaseBackup(@Ctx() ctx: GraphQLContext) {
    return ctx.services.maintenance.runDatabaseBackup();
  }

  @Mutation(() => MaintenanceSchedule, { description: "Sets the Job Scheduler of a maintenance job: every N minutes or a cron pattern." })
  setMaintenanceSchedule(
    @Arg("kind", () => MaintenanceJob) kind: MaintenanceJob,
    @Arg("everyMinutes", () => Float, { nullable: true }) everyMinutes: number | null,
    @Arg("cron", () => String, { nullable: true }) cron: string | null,
    @Ctx() ctx: GraphQLContext,
  ) {
    return ctx.services.maintenance.setSchedule(kind, everyMinutes, cron);
  }

  @Query(() => [MaintenanceSchedule])
  maintenanceSchedules(@Ctx() ctx: GraphQLContext) {
    return ctx.services.maintenance.schedules();
  }

  @Query(() => DatabaseBackupStatus, { description: "The newest successful and failed database backups, the backup schedule and the retention: whether the database is backed up as it should be." })
  databaseBackupStatus(@Ctx() ctx: GraphQLContext) {
    return ctx.services.maintenance.backupStatus();
  }

  @Query(() => MaintenanceRunConnection, { description: "Recorded runs, newest first." })
  maintenanceRuns(
    @Arg("kind", () => String, { nullable: true, description: `${MAINTENANCE_RUN_KIND_DESCRIPTION} Omitted: runs of every kind.` }) kind: string | null,
    @Args(() => PageArgsInput) page: PageArgsInput,
    @Ctx() ctx: GraphQLContext,
  ) {
    return ctx.services.maintenance.runs(kind, page);
  }
}

