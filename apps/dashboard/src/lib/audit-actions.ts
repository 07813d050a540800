// The audit log's actions in words, the kinds of action an administrator filters by, and where an
// event's record lives in the dashboard.

/** A kind of action: the part before the dot of `user.create`. */
export interface AuditActionKind {
  /** The API filter for every action of the kind ("user."). */
  prefix: string;
  label: string;
  /** The known actions of the kind, in words. */
  actions: readonly { action: string; label: string }[];
}

/** Every action the services record, by kind, as the audit log's filter offers them. */
export const AUDIT_ACTION_KINDS: readonly AuditActionKind[] = [
  {
    prefix: "user.",
    label: "Accounts",
    actions: [
      { action: "user.create", label: "Account created" },
      { action: "user.update", label: "Account changed" },
      { action: "user.deactivate", label: "Account deactivated" },
      { action: "user.activate", label: "Account reactivated" },
      { action: "user.password_change", label: "Password changed" },
      { action: "user.password_reset", label: "Password reset by an administrator" },
      { action: "user.first_admin", label: "First administrator created" },
    ],
  },
  {
    prefix: "session.",
    label: "Sessions",
    actions: [
      { action: "session.revoke", label: "Session revoked" },
      { action: "session.revoke_all", label: "Every session of an account ended" },
    ],
  },
  {
    prefix: "patient.",
    label: "Patients",
    actions: [
      { action: "patient.create", label: "Patient added" },
      { action: "patient.update", label: "Patient changed" },
      { action: "patient.delete", label: "Patient deleted" },
    ],
  },
  {
    prefix: "analysis.",
    label: "Analyses",
    actions: [
      { action: "analysis.cancel", label: "Analysis cancelled" },
      { action: "analysis.delete", label: "Analysis deleted" },
      { action: "analysis.review", label: "Analysis reviewed" },
      { action: "analysis.review_withdraw", label: "Review withdrawn" },
      { action: "analysis.report_download", label: "Report downloaded" },
    ],
  },
  { prefix: "database.", label: "Database", actions: [{ action: "database.restore", label: "Database restored from a backup" }] },
  { prefix: "audit.", label: "Audit log", actions: [{ action: "audit.export", label: "Audit log exported" }] },
];

const LABELS = new Map(AUDIT_ACTION_KINDS.flatMap((k) => k.actions.map((a) => [a.action, a.label] as const)));

/** The action in words; an action this dashboard does not know (a newer API) as it is spelled. */
export function auditActionLabel(action: string): string {
  return LABELS.get(action) ?? action;
}

/**
 * The dashboard page of an event's record, where it has one: an analysis or patient opens its
 * page, an account the users page. Undefined for a record without a page (the database).
 */
export function auditTargetHref(targetType: string, targetId: string | null): string | undefined {
  if (targetId === null) return undefined;
  if (targetType === "analysis") return `/analyses/${encodeURIComponent(targetId)}`;
  if (targetType === "patient") return `/patients/${encodeURIComponent(targetId)}`;
  if (targetType === "user") return "/users";
  return undefined;
}

/**
 * An event's details as short "key: value" parts, in the order they were written: values that are
 * objects or lists as compact JSON, absent details as none.
 */
export function auditDetailParts(details: unknown): string[] {
  if (details === null || details === undefined) return [];
  if (typeof details !== "object" || Array.isArray(details)) return [JSON.stringify(details)];
  return Object.entries(details as Record<string, unknown>).map(([key, value]) => `${key}: ${value !== null && typeof value === "object" ? JSON.stringify(value) : String(value)}`);
}

/**
 * The API's time filter for a range of local calendar days picked in date inputs ("YYYY-MM-DD"):
 * from the first day's local midnight to the midnight after the last day, so that the last day
 * is included whole. An empty input leaves that end open; a last day before the first is an error
 * the page shows instead of asking the API.
 */
export function auditTimeWindow(fromDay: string, toDay: string): { from?: string; to?: string } | { error: string } {
  const midnight = (day: string) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
    return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : undefined;
  };
  const from = fromDay ? midnight(fromDay) : undefined;
  const last = toDay ? midnight(toDay) : undefined;
  if ((fromDay && !from) || (toDay && !last)) return { error: "Enter dates as year-month-day." };
  const to = last ? new Date(last.getFullYear(), last.getMonth(), last.getDate() + 1) : undefined;
  if (from && to && from.getTime() >= to.getTime()) return { error: "The last day is before the first: swap them, or clear one." };
  return { ...(from ? { from: from.toISOString() } : {}), ...(to ? { to: to.toISOString() } : {}) };
}

/**
 * The address of the audit log's CSV export (the dashboard's proxy of the API's
 * /audit-events.csv) with the filter the page shows: empty values left out.
 */
export function auditExportHref(filter: { action?: string; actorId?: string; targetType?: string; targetId?: string; from?: string; to?: string }): string {
  const query = new URLSearchParams(Object.entries(filter).filter((entry): entry is [string, string] => typeof entry[1] === "string" && entry[1] !== ""));
  const text = query.toString();
  return `/audit/export.csv${text ? `?${text}` : ""}`;
}
