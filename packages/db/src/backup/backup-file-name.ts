import { readdirSync } from "node:fs";
import path from "node:path";

/** A backup in a backup folder, as {@link listBackups} finds it. */
export interface BackupFile {
  /** Absolute path. */
  file: string;
  /** When the backup was taken (from its name, UTC, to the millisecond). */
  takenAt: Date;
}

/** `gma.sqlite` -> `gma`: the stem every backup of that database is named after. */
export function backupStem(databaseFile: string): string {
  const base = path.basename(databaseFile);
  const ext = path.extname(base);
  return ext ? base.slice(0, -ext.length) : base;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The name of a backup of `databaseFile` taken at `at`: `<stem>-YYYYMMDDTHHMMSS.mmmZ.sqlite`
 * (ISO 8601's basic form in UTC), so that names sort as the backups were taken, whatever the
 * server's time zone, and two backups a second apart never share one.
 */
export function backupFileName(databaseFile: string, at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, "");
  return `${backupStem(databaseFile)}-${stamp}.sqlite`;
}

/**
 * The backups of `databaseFile` in `dir`, newest first: only files named as
 * {@link backupFileName} names them, so that retention never touches anything else an operator
 * keeps there (nor a temporary file being written). A missing folder has none.
 */
export function listBackups(dir: string, databaseFile: string): BackupFile[] {
  const pattern = new RegExp(`^${escapeRegExp(backupStem(databaseFile))}-(\\d{4})(\\d{2})(\\d{2})T(\\d{2})(\\d{2})(\\d{2})\\.(\\d{3})Z\\.sqlite$`);
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const found: BackupFile[] = [];
  for (const entry of entries) {
    const m = entry.isFile() ? pattern.exec(entry.name) : null;
    if (!m) continue;
    const [, y, mo, d, h, mi, s, ms] = m.map(Number) as number[];
    found.push({ file: path.join(path.resolve(dir), entry.name), takenAt: new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!, ms!)) });
  }
  // Names of a fixed width sort as their times do.
  return found.sort((a, b) => (a.file < b.file ? 1 : a.file > b.file ? -1 : 0));
}
