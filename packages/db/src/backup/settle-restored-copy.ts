import path from "node:path";
import Database from "better-sqlite3";
import { listBackups, parseBackupFileName } from "./backup-file-name";

/** What {@link settleRestoredCopy} changed in the copy. */
export interface SettledCopy {
  /** Maintenance runs the backup caught in progress, closed as failed. */
  unfinishedRunsClosed: number;
  /** The DATABASE_BACKUP run that made the backup, closed as the success it was; null when none could be told. */
  backupRunCompleted: number | null;
  /** Sessions of the backup, deleted. */
  sessionsRevoked: number;
}

/**
 * How long after its run started a backup can have been taken by that run. The job creates its
 * run row, then names the copy after the time right away (only a mkdir and a look for stale
 * temporary files come between): milliseconds. A minute allows for a loaded machine; a run that
 * started longer before the backup was taken did not make it.
 */
export const BACKUP_RUN_WINDOW_MS = 60_000;

interface RunningRun {
  id: number;
  kind: string;
  startedAt: number;
}

/** The run that made the backup, or why none can be told (said in each unmatched backup run's error). */
type BackupRunMatch = { runId: number; takenAt: Date } | { runId: null; why: (run: RunningRun) => string };

const at = (ms: number) => new Date(ms).toISOString();

/**
 * Tells which of the DATABASE_BACKUP runs the backup caught in progress made it. The job
 * (`runDatabaseBackup`) creates its run row, then takes the copy, named after the instant it was
 * taken: so its own run is in the copy, unfinished, started at most {@link BACKUP_RUN_WINDOW_MS}
 * before the name's time. That run is the one when it is the only backup run started in that
 * window, and no other backup of the database in the backup's folder was taken in the window
 * after the run started (a backup by `npm run db:backup` records no run, so one taken beside the
 * job's could otherwise be mistaken for it). Anything less certain matches nothing: a failed run
 * on the page is a false alarm at worst, a success recorded for the wrong file would hide one.
 */
function matchBackupRun(runs: RunningRun[], backupFile: string): BackupRunMatch {
  const name = path.basename(backupFile);
  const parsed = parseBackupFileName(backupFile);
  if (!parsed) return { runId: null, why: () => `The backup's name (${name}) does not say when it was taken, so no run can be told to be the one that made it.` };
  const taken = parsed.takenAt.getTime();
  const inWindow = runs.filter((r) => r.startedAt <= taken && taken - r.startedAt <= BACKUP_RUN_WINDOW_MS);
  const notInWindow = (r: RunningRun) =>
    r.startedAt > taken
      ? `It started at ${at(r.startedAt)}, after this backup (${name}) was taken: it did not make it (a backup made by npm run db:backup records no run).`
      : `It started at ${at(r.startedAt)}, more than ${BACKUP_RUN_WINDOW_MS / 1000} s before this backup (${name}) was taken: it did not make it (a backup made by npm run db:backup records no run).`;
  if (inWindow.length !== 1) {
    return {
      runId: null,
      why: (r) => (inWindow.includes(r) ? `${inWindow.length} backup runs started shortly before this backup (${name}) was taken, so which one made it cannot be told.` : notInWindow(r)),
    };
  }
  const run = inWindow[0]!;
  const others = listBackups(path.dirname(path.resolve(backupFile)), `${parsed.stem}.sqlite`).filter(
    (b) => path.basename(b.file) !== name && b.takenAt.getTime() >= run.startedAt && b.takenAt.getTime() - run.startedAt <= BACKUP_RUN_WINDOW_MS,
  );
  if (others.length > 0) {
    const other = path.basename(others[0]!.file);
    return { runId: null, why: (r) => (r === run ? `Another backup (${other}) was taken as soon after this run started as this one (${name}), so which of the two it made cannot be told.` : notInWindow(r)) };
  }
  return { runId: run.id, takenAt: parsed.takenAt };
}

/**
 * In the copy a restore is about to put in place: closes the maintenance runs the backup caught
 * in progress, since they will never finish in the restored database, deletes its sessions (a
 * session revoked after the backup was taken would otherwise be valid again), and records the
 * restore in the audit log. All in one transaction.
 *
 * The backup's own run, when {@link matchBackupRun} can tell it, is closed as what it was: a
 * successful backup, with the file's name (`output`) and size (`bytes`), finished when the copy
 * was taken. That time is read from the file's name, not its modification time: the name is what
 * the job recorded and wrote (taken just before the snapshot, so never after the run really
 * finished, which the copy cannot know: the backup never looks younger than it is), and it
 * survives the backup being copied off the machine and back, which resets the modification time
 * to the time of that copy. Its duration and the older backups it deleted are unknown to the copy
 * and stay empty (`duration_ms` null, `rows_affected` 0).
 *
 * Every other run (any other backup run, and other kinds) is closed as failed, finished at the
 * restore, with an error saying why, as the newest failed backup is what the maintenance page and
 * the failure metric warn of.
 */
export function settleRestoredCopy(file: string, backup: { file: string; bytes: number }, restoredAt: Date): SettledCopy {
  const db = new Database(file, { fileMustExist: true });
  try {
    const has = (table: string) => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined;
    return db.transaction((): SettledCopy => {
      const caught = `Still running when the backup was taken; the database was restored from that backup at ${restoredAt.toISOString()}.`;
      let unfinishedRunsClosed = 0;
      let backupRunCompleted: number | null = null;
      if (has("maintenance_runs")) {
        const running = db.prepare("SELECT id, kind, started_at AS startedAt FROM maintenance_runs WHERE finished_at IS NULL ORDER BY id").all() as RunningRun[];
        const backupRuns = running.filter((r) => r.kind === "DATABASE_BACKUP");
        const match = backupRuns.length > 0 ? matchBackupRun(backupRuns, backup.file) : null;
        const fail = db.prepare("UPDATE maintenance_runs SET finished_at = ?, error = ? WHERE id = ?");
        for (const run of running) {
          if (match && match.runId === run.id) {
            db.prepare("UPDATE maintenance_runs SET finished_at = ?, error = NULL, batches = 1, bytes = ?, output = ? WHERE id = ?").run(
              match.takenAt.getTime(),
              backup.bytes,
              path.basename(backup.file),
              run.id,
            );
            backupRunCompleted = run.id;
            continue;
          }
          const why = match && match.runId === null && run.kind === "DATABASE_BACKUP" ? ` ${match.why(run)}` : "";
          fail.run(restoredAt.getTime(), caught + why, run.id);
          unfinishedRunsClosed++;
        }
      }
      const sessionsRevoked = has("sessions") ? db.prepare("DELETE FROM sessions").run().changes : 0;
      if (has("audit_events")) {
        // No account does a restore (it runs with the platform stopped): the system's, as at first start.
        db.prepare("INSERT INTO audit_events (actor_id, action, target_type, target_id, details, created_at) VALUES (NULL, 'database.restore', 'database', NULL, ?, ?)").run(
          JSON.stringify({ backup: path.basename(backup.file), takenAt: parseBackupFileName(backup.file)?.takenAt.toISOString() ?? null, backupRunCompleted, unfinishedRunsClosed, sessionsRevoked }),
          restoredAt.getTime(),
        );
      }
      return { unfinishedRunsClosed, backupRunCompleted, sessionsRevoked };
    })();
  } finally {
    db.close();
  }
}
