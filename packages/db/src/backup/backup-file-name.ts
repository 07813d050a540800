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

/** The UTC instant in a backup's name, `YYYYMMDDTHHMMSS.mmmZ`, its seven fields captured. */
const STAMP = "(\\d{4})(\\d{2})(\\d{2})T(\\d{2})(\\d{2})(\\d{2})\\.(\\d{3})Z";

/** The instant of STAMP's seven captured fields. */
function stampDate(fields: string[]): Date {
  const [y, mo, d, h, mi, s, ms] = fields.map(Number) as [number, number, number, number, number, number, number];
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms));
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
  const pattern = new RegExp(`^${escapeRegExp(backupStem(databaseFile))}-${STAMP}\\.sqlite$`);
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
    found.push({ file: path.join(path.resolve(dir), entry.name), takenAt: stampDate(m.slice(1, 8)) });
  }
  // Names of a fixed width sort as their times do.
  return found.sort((a, b) => (a.file < b.file ? 1 : a.file > b.file ? -1 : 0));
}

/** What a backup's name says, as {@link parseBackupFileName} reads it. */
export interface BackupFileName {
  /** The stem of the database it is a backup of (`gma` for `gma.sqlite`). */
  stem: string;
  /** When it was taken (UTC, to the millisecond). */
  takenAt: Date;
}

/**
 * Reads the name of the backup `file` as {@link backupFileName} writes it
 * (`<stem>-YYYYMMDDTHHMMSS.mmmZ.sqlite`), whatever the stem; null for a name that is not a
 * backup's (a renamed copy) or whose instant does not exist (month 13).
 */
export function parseBackupFileName(file: string): BackupFileName | null {
  const m = new RegExp(`^(.+)-${STAMP}\\.sqlite$`).exec(path.basename(file));
  if (!m) return null;
  const takenAt = stampDate(m.slice(2, 9));
  // Date.UTC rolls an impossible field over (Feb 30 -> Mar 2): backupFileName never wrote such a name.
  return takenAt.toISOString().replace(/[-:]/g, "") === `${m[2]}${m[3]}${m[4]}T${m[5]}${m[6]}${m[7]}.${m[8]}Z` ? { stem: m[1]!, takenAt } : null;
}
