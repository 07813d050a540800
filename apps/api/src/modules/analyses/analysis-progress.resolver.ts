import { setTimeout as sleep } from "node:timers/promises";
import { Arg, ID, Resolver, Root, Subscription, type SubscribeResolverData } from "type-graphql";
import { requireViewer, scopeOf } from "../../auth/permission-middleware";
import type { GraphQLContext } from "../../context.type";
import { abortableStream } from "../../graphql/abortable-stream";
import { TERMINAL_STATUSES } from "./analysis-status.type";
import { Analysis } from "./analysis.type";

/** How often a subscription re-reads its analysis; workers write progress to the database from any machine. */
const POLL_MS = 250;

/**
 * Pushes an analysis to the subscriber each time its status, stage or progress changes, and ends
 * after a terminal status. The row in the database is the truth every worker writes, so reading
 * it serves subscribers on any API process without another message bus. Polling stops as soon
 * as the client completes the subscription or its socket closes (see {@link abortableStream}),
 * not at the next change, which for a queued or stuck analysis may be hours away or never.
 */
async function watchAnalysis({ args, context }: SubscribeResolverData<unknown, { id: string }, GraphQLContext>): Promise<AsyncIterable<unknown>> {
  // Checked before the stream starts, so that the client gets UNAUTHENTICATED / NOT_FOUND as an error message.
  const viewer = requireViewer(context);
  const scope = scopeOf(context, "Subscription.analysisProgress");
  const first = await context.services.analyses.get(viewer, scope, args.id);
  return abortableStream(async function* (signal) {
    let row = first;
    let last = "";
    for (;;) {
      const key = `${row.status}|${row.stage ?? ""}|${row.progress}`;
      if (key !== last) {
        last = key;
        yield row;
      }
      if (TERMINAL_STATUSES.includes(row.status)) return;
      // The sleep rejects only when the signal aborts it.
      await sleep(POLL_MS, undefined, { signal }).catch(() => undefined);
      if (signal.aborted) return;
      row = await context.services.analyses.get(viewer, scope, args.id);
      // Ended while reading: nobody is left to push it to.
      if (signal.aborted) return;
    }
  });
}

/** Progress pushed over graphql-ws (`analysis(id)` remains the poll). */
@Resolver(() => Analysis)
export class AnalysisProgressResolver {
  @Subscription(() => Analysis, {
    subscribe: watchAnalysis as never,
    description: "The analysis each time its status, stage or progress changes; completes after SUCCEEDED, FAILED or CANCELLED.",
  })
  analysisProgress(@Root() payload: Analysis, @Arg("id", () => ID) _id: string): Analysis {
    return payload;
  }
}
