"use client";

import { PageHeader } from "@/components/ui";

/** bull-board, served by the API and proxied on this origin so the session cookie reaches it. */
export function QueuesPage() {
  return (
    <div className="stack">
      <PageHeader
        title="Queues"
        description={
          <>
            Analysis and maintenance queues with their schedulers (bull-board). <a href="/admin/queues" target="_blank" rel="noreferrer">Open on its own (new tab)</a>.
          </>
        }
      />
      <iframe className="board" src="/admin/queues" title="bull-board" data-testid="bull-board" />
    </div>
  );
}
