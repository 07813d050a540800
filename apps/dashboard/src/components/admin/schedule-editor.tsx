"use client";

import { useState, type FormEvent } from "react";
import { ErrorState, Skeleton } from "@/components/ui";
import type { MaintenanceJob } from "@/gql/graphql";
import { MaintenanceSchedulesQuery, SetMaintenanceScheduleMutation } from "@/graphql/admin";
import { useMutation } from "@/hooks/use-mutation";
import { useQuery } from "@/hooks/use-query";
import { formatDateTime } from "@/lib/format";

/** The Job Scheduler of one maintenance job: every N hours or a cron pattern, with its next run; `onSaved` after a change. */
export function ScheduleEditor({ kind, onSaved }: { kind: MaintenanceJob; onSaved?: () => unknown }) {
  const schedules = useQuery(MaintenanceSchedulesQuery);
  const save = useMutation(SetMaintenanceScheduleMutation);
  // null: not edited yet, so the form shows the schedule in force (it showed "24" hours beside
  // "Now: every 1 h", and saving unchanged would have replaced the schedule with 24 h).
  const [editedMode, setMode] = useState<"every" | "cron" | null>(null);
  const [editedHours, setHours] = useState<string | null>(null);
  const [editedCron, setCron] = useState<string | null>(null);
  const current = schedules.data?.maintenanceSchedules.find((s) => s.kind === kind);
  const mode = editedMode ?? (current?.cron ? "cron" : "every");
  const hours = editedHours ?? (current?.everyMinutes ? String(Math.round((current.everyMinutes / 60) * 100) / 100) : "24");
  const cron = editedCron ?? current?.cron ?? "0 3 * * *";

  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await save.mutate(mode === "every" ? { kind, everyMinutes: Number(hours) * 60, cron: null } : { kind, cron, everyMinutes: null });
    if (result) await Promise.all([schedules.refetch(), onSaved?.()]);
  }

  if (!schedules.data) return schedules.error !== undefined ? <ErrorState error={schedules.error} retry={schedules.refetch} /> : <Skeleton height={80} />;
  return (
    <div className="stack" style={{ gap: 10 }}>
      <p style={{ margin: 0 }} data-testid={`schedule-${kind}`}>
        {current ? (
          <>
            Now: {current.cron ? <code>{current.cron}</code> : `every ${formatEvery(current.everyMinutes)}`} · next run{" "}
            <strong data-testid="next-run">{formatDateTime(current.nextRunAt)}</strong>
          </>
        ) : (
          "Not scheduled."
        )}
      </p>
      <form className="row" onSubmit={submit}>
        <select aria-label="Schedule mode" value={mode} onChange={(e) => setMode(e.target.value === "cron" ? "cron" : "every")}>
          <option value="every">every N hours</option>
          <option value="cron">cron</option>
        </select>
        {mode === "every" ? (
          <input aria-label="Hours" type="number" min={0.1} step={0.1} value={hours} onChange={(e) => setHours(e.target.value)} style={{ width: 90 }} />
        ) : (
          <input aria-label="Cron pattern" value={cron} onChange={(e) => setCron(e.target.value)} style={{ width: 140 }} />
        )}
        <button className="btn" type="submit" disabled={save.pending}>
          Save schedule
        </button>
      </form>
      {save.error !== undefined && <ErrorState error={save.error} />}
    </div>
  );
}

function formatEvery(minutes: number | null | undefined): string {
  if (!minutes) return "—";
  return minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`;
}
