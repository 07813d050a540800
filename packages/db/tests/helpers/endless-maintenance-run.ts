// A process that starts a maintenance run whose work never ends, beating every `heartbeatMs`,
// and prints the run's id: a test kills it (SIGKILL, as the OOM killer or a power cut would)
// and checks what the sweep makes of the run it leaves behind.
// Usage: tsx endless-maintenance-run.ts <database file> <heartbeatMs>
import { MaintenanceKind, openDatabase, recordMaintenanceRun } from "../../src";

const [file, heartbeatMs] = process.argv.slice(2);
const db = await openDatabase({ file: file! });
// The run's heartbeat timer is unref'd, so this one keeps the process alive, as a job's work would.
setInterval(() => undefined, 60_000);
await recordMaintenanceRun(
  db.prisma,
  MaintenanceKind.SESSION_PURGE,
  (_progress, runId) => {
    process.stdout.write(`${runId}\n`);
    return new Promise<never>(() => undefined);
  },
  { heartbeatMs: Number(heartbeatMs) },
);
