import { Suspense } from "react";
import { AuditLogPage } from "@/components/admin/audit-log-page";

export const metadata = { title: "Audit log" };

export default function Page() {
  // The filters start from the address's query (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense>
      <AuditLogPage />
    </Suspense>
  );
}
