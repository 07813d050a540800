import { formatDateTime } from "@/lib/format";

/** "archived" after an analysis's status when the maintenance job moved it to the archive (when, on hover). */
export function ArchivedMark({ archivedAt }: { archivedAt: string | null | undefined }) {
  if (!archivedAt) return null;
  return (
    <span className="muted" title={`archived ${formatDateTime(archivedAt)}`}>
      {" "}
      archived
    </span>
  );
}
