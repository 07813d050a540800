/** Severity of a log line; lines below the configured level are dropped. */
export type LogLevel = "error" | "warn" | "info" | "debug";

/** Structured logger: one JSON line per event on stderr (stdout stays free for tools). */
export interface Logger {
  error(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  debug(message: string, fields?: Record<string, unknown>): void;
}

const RANK: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

/**
 * Creates a logger for one process.
 * @param level - lowest level written
 * @param name - process name stamped on every line (api, worker)
 * @param write - sink; tests pass a collector
 */
export function createLogger(level: LogLevel, name: string, write: (line: string) => void = (l) => process.stderr.write(l + "\n")): Logger {
  const emit = (lvl: LogLevel) => (message: string, fields: Record<string, unknown> = {}) => {
    if (RANK[lvl] > RANK[level]) return;
    write(JSON.stringify({ time: new Date().toISOString(), level: lvl, process: name, message, ...fields }));
  };
  return { error: emit("error"), warn: emit("warn"), info: emit("info"), debug: emit("debug") };
}

/** A logger that drops everything (tests that do not look at logs). */
export const silentLogger: Logger = createLogger("error", "silent", () => {});
