import { MaintenanceKind, readBackupRuns, type BackupRuns } from "@gma/db";
import type { SessionStore } from "../../auth/session-store";
import { ConflictError } from "../../errors/conflict-error";
import { BadUserInputError } from "../../errors/bad-user-input-error";
import type { MaintenanceJobKind, Queues } from "../../queue/queues";
import type { Prisma } from "../../services";
import { pageQuery, toPage, type PageArgs } from "../common/page";
import { backUpDatabase, type DatabaseBackupSettings } from "./back-up-database";
import { schedulePeriodMs } from "./schedule-period";

/** A maintenance job's Job Scheduler, as {@link MaintenanceService.schedules} lists it. */
export interface MaintenanceScheduleInfo {
  kind: MaintenanceJobKind;
  everyMinutes: number | null;
  cron: string | null;
  nextRunAt: Date | null;
  /** The longest the schedule leaves between two runs (see schedulePeriodMs); null when it has no next run. */
  periodMinutes: number | null;
}

/** What {@link MaintenanceService.backupStatus} reads. */
export interface BackupStatus extends BackupRuns {
  /** The database-backup Job Scheduler; null when backups are not scheduled. */
  schedule: MaintenanceScheduleInfo | null;
  keep: number;
  directory: string;
}

/** Maintenance: on-demand session cleanup and database backup, Job Schedulers and the run history. */
export class MaintenanceService {
  constructor(
    private readonly prisma: Prisma,
    private readonly queues: Queues,
    private readonly sessions: SessionStore,
    /** Where backups go and how many are kept; `schedule` null: DATABASE_BACKUP_SCHEDULE=off, backups are not to be scheduled. */
    private readonly backup: DatabaseBackupSettings & { schedule: string | null },
  ) {}

  runSessionCleanup(batchSize: number, vacuum: boolean) {
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100_000) throw new BadUserInputError("batchSize must be between 1 and 100000.");
    return this.sessions.purgeExpired({ batchSize, vacuum });
  }

  /**
   * Backs the database up now, in this process (on a thread of its own, so requests go on), and
   * records the run as the scheduled job does.
   *
   * @throws BackupFailedError (BACKUP_FAILED, with its reason) when no verified backup could be made.
   */
  runDatabaseBackup() {
    return backUpDatabase(this.prisma, this.backup);
  }

  /** Creates or replaces the Job Scheduler of `kind`: exactly one of everyMinutes and cron. */
  async setSchedule(kind: MaintenanceJobKind, everyMinutes: number | null | undefined, cron: string | null | undefined) {
    if ((everyMinutes == null) === (cron == null)) throw new BadUserInputError("Give exactly one of everyMinutes and cron.");
    if (kind === "database-backup" && this.backup.schedule === null) {
      // The worker removes a backup schedule at start while backups are off: one set here would last until then.
      throw new ConflictError("Database backups are turned off on this server (DATABASE_BACKUP_SCHEDULE=off), so a schedule set here would be removed at the next worker start.", {
        hint: "Set DATABASE_BACKUP_SCHEDULE to a cron pattern (or remove it for the nightly default) and restart the platform; Back up now still works meanwhile.",
      });
    }
    if (everyMinutes != null && !(everyMinutes >= 1 && everyMinutes <= 60 * 24 * 366)) throw new BadUserInputError("everyMinutes must be between 1 and 527040.");
    try {
      await this.queues.maintenance.upsertJobScheduler(kind, everyMinutes != null ? { every: Math.round(everyMinutes * 60_000) } : { pattern: cron! }, {
        name: kind,
        data: {},
      });
    } catch (error) {
      if (cron != null) throw new BadUserInputError(`cron "${cron}" is not a valid cron pattern.`, { cause: error });
      throw error;
    }
    const schedule = (await this.schedules()).find((s) => s.kind === kind);
    if (!schedule) throw new Error(`scheduler ${kind} vanished after upsert`);
    return schedule;
  }

  async schedules(): Promise<MaintenanceScheduleInfo[]> {
    const list = await this.queues.maintenance.getJobSchedulers(0, -1, true);
    const now = Date.now();
    return list.map((s) => {
      const period = schedulePeriodMs({ every: s.every ? Number(s.every) : null, pattern: s.pattern, tz: s.tz }, now);
      return {
        kind: (s.name ?? s.key) as MaintenanceJobKind,
        everyMinutes: s.every ? Number(s.every) / 60_000 : null,
        cron: s.pattern ?? null,
        nextRunAt: s.next ? new Date(s.next) : null,
        periodMinutes: period === null ? null : period / 60_000,
      };
    });
  }

  /**
   * Whether the database is backed up as it should be: the newest successful and failed backup
   * runs (one indexed query; the runs every process recorded), the backup schedule and the
   * retention. What the maintenance page's backup card and /metrics show.
   */
  async backupStatus(): Promise<BackupStatus> {
    const [runs, schedules] = await Promise.all([readBackupRuns(this.prisma), this.schedules()]);
    return { ...runs, schedule: schedules.find((s) => s.kind === "database-backup") ?? null, keep: this.backup.keep, directory: this.backup.dir };
  }

  /** Recorded runs, newest first; `kind` must be a value of the Prisma enum MaintenanceKind (one per maintenance job). */
  async runs(kind: string | null | undefined, args: PageArgs) {
    // The argument is a String for schema compatibility, so the kinds are checked here: Prisma
    // would reject any other value only after the query was sent, as an internal error.
    let where: { kind?: MaintenanceKind } = {};
    if (kind) {
      const kinds = Object.values(MaintenanceKind);
      if (!isMaintenanceKind(kind)) throw new BadUserInputError(`kind must be one of ${kinds.join(", ")}; got ${JSON.stringify(kind.slice(0, 64))}.`, { hint: `Pass ${kinds.join(" or ")}, or omit kind.` });
      where = { kind };
    }
    const page = pageQuery(args, "int", "startedAt");
    const rows = await this.prisma.maintenanceRun.findMany({
      where: { AND: [where, page.where] },
      orderBy: [{ startedAt: "desc" }, { id: "desc" }],
      take: page.take,
    });
    // bytes is a BIGINT (a backup may pass 2 GiB); GraphQL's Float holds any size a disk has exactly.
    const runs = rows.map((r) => ({ ...r, bytes: r.bytes === null ? null : Number(r.bytes) }));
    return toPage(runs, args, () => this.prisma.maintenanceRun.count({ where }), (r) => r.startedAt);
  }
}

function isMaintenanceKind(value: string): value is MaintenanceKind {
  return (Object.values(MaintenanceKind) as string[]).includes(value);
}
