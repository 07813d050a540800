"use client";

import { ErrorState } from "@/components/ui";
import { RunDatabaseBackupMutation } from "@/graphql/admin";
import { useMutation } from "@/hooks/use-mutation";
import { formatBytes, formatMs, plural } from "@/lib/format";

/** Backs the database up now (runDatabaseBackup) and says what it made; `onDone` refreshes the run history and status. */
export function BackupNow({ onDone }: { onDone: () => unknown }) {
  const backup = useMutation(RunDatabaseBackupMutation);
  async function run() {
    await backup.mutate({});
    // A failed backup is recorded as a run too: the history and the card's warning show it now.
    await onDone();
  }
  const made = backup.data?.runDatabaseBackup;
  return (
    <div className="stack" style={{ gap: 10, marginTop: 12 }}>
      <div className="row">
        <button className="btn" type="button" onClick={() => void run()} disabled={backup.pending}>
          {backup.pending ? "Backing up…" : "Back up now"}
        </button>
      </div>
      {made && !backup.pending && (
        <p className="notice" style={{ margin: 0 }} data-testid="backup-result">
          Backed up to <code>{made.file}</code> ({formatBytes(made.bytes)}, {formatMs(made.durationMs)}), verified
          {made.deleted > 0 ? `; ${plural(made.deleted, "older backup")} deleted` : ""}.
        </p>
      )}
      {backup.error !== undefined && <ErrorState error={backup.error} />}
    </div>
  );
}
