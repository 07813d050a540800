import type { ReactNode } from "react";
import { ApiError } from "@/lib/api-error";
import { hasMutation, hasQuery } from "@/lib/capabilities";

/** Nothing to show yet, with what to do about it. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state" data-testid="empty-state">
      <h3>{title}</h3>
      {children}
    </div>
  );
}

/** Codes that the same request will meet again: offering "Try again" for them only wastes a click. */
const FINAL_CODES = new Set(["NOT_FOUND", "FORBIDDEN"]);

/**
 * An error with the API's own message (and its code and request id when it gave them);
 * `children` say what to do next (e.g. a link back to the list a missing item was in).
 */
export function ErrorState({ error, retry, children }: { error: unknown; retry?: () => void; children?: ReactNode }) {
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof ApiError ? error.code : undefined;
  const requestId = error instanceof ApiError ? error.requestId : undefined;
  const canRetry = retry !== undefined && !(code !== undefined && FINAL_CODES.has(code));
  return (
    <div className="state error" role="alert" data-testid="error-state">
      <h3>{code === "FORBIDDEN" ? "Not allowed" : code === "NOT_FOUND" ? "Not found" : "Something went wrong"}</h3>
      <p style={{ margin: "4px 0" }}>{message}</p>
      {(code || requestId) && (
        <p className="muted" style={{ margin: 0, fontSize: 12 }}>
          {code && <code>{code}</code>} {requestId && <>request {requestId}</>}
        </p>
      )}
      {children}
      {canRetry && (
        // type="button": inside a form (the upload form's) a plain button would submit it besides.
        <button className="btn" type="button" style={{ marginTop: 8 }} onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** The API this dashboard was built against has no such operation yet. */
export function NotAvailable({ feature, operations }: { feature: string; operations: string[] }) {
  const missing = operations.filter((o) => !hasQuery(o) && !hasMutation(o));
  const list = (names: string[]) =>
    names.map((o, i) => (
      <span key={o}>
        {i > 0 && ", "}
        <code>{o}</code>
      </span>
    ));
  return (
    <div className="state" data-testid="not-available">
      {missing.length > 0 ? (
        <>
          <h3>{feature}: not available in this API version</h3>
          <p>The API does not offer {list(missing)} yet. This part fills in once it does; nothing here is simulated.</p>
        </>
      ) : (
        <>
          <h3>{feature}: not shown by this dashboard version</h3>
          <p>The API now offers {list(operations)}; update the dashboard to show it.</p>
        </>
      )}
    </div>
  );
}
