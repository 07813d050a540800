import { Arg, ID, Resolver, Root, Subscription, type SubscribeResolverData } from "type-graphql";
import { requireViewer, scopeOf } from "../../auth/permission-middleware";
import type { GraphQLContext } from "../../context.type";
import { abortableStream } from "../../graphql/abortable-stream";
import type { AnalysisRecord } from "./analysis-record";
import { TERMINAL_STATUSES } from "./analysis-status.type";
import { Analysis } from "./analysis.type";
import type { AnalysisWatch } from "./analysis-watch";

/**
 * Pushes an analysis to the subscriber each time its status, stage or progress changes, and ends
 * after a terminal status. The row in the database is the truth every worker writes; whoever
 * writes it publishes the analysis's id, which wakes this subscription on any API process (the
 * process's `AnalysisChangeFeed`) to read the row, so that a quiet analysis costs no reads
 * but a fallback one every GRAPHQL_SUBSCRIPTION_FALLBACK_MS, in case a message was lost (and
 * one every 250 ms while the feed's connection is down). Reading stops as soon as the client
 * completes the subscription, its socket closes or the API shuts down (see
 * {@link abortableStream}), not at the next change, which for a queued or stuck analysis may be
 * hours away or never.
 */
async function watchAnalysis({ args, context }: SubscribeResolverData<unknown, { id: string }, GraphQLContext>): Promise<AsyncIterable<unknown>> {
  // Checked before the stream starts, so that the client gets UNAUTHENTICATED / NOT_FOUND as an error message.
  const viewer = requireViewer(context);
  const scope = scopeOf(context, "Subscription.analysisProgress");
  // Watched before the first read, so that a change written after that read is heard of; refused
  // once the API is shutting down.
  const watch = context.services.analysisChanges.watch(args.id);
  let first: AnalysisRecord;
  try {
    first = await context.services.analyses.get(viewer, scope, args.id);
  } catch (error) {
    watch.close();
    throw error;
  }
  return abortableStream((signal) => {
    // Not in the generator: a stream returned before its first read never runs the generator's body.
    signal.addEventListener("abort", () => watch.close(), { once: true });
    return follow(watch, first, signal, () => context.services.analyses.get(viewer, scope, args.id));
  });
}

/** The rows of `watch`'s analysis that differ from the one before, up to a terminal one. */
async function* follow(watch: AnalysisWatch, first: AnalysisRecord, signal: AbortSignal, read: () => Promise<AnalysisRecord>): AsyncGenerator<AnalysisRecord, void, undefined> {
  try {
    let row = first;
    let last = "";
    for (;;) {
      const key = `${row.status}|${row.stage ?? ""}|${row.progress}`;
      if (key !== last) {
        last = key;
        yield row;
      }
      if (TERMINAL_STATUSES.includes(row.status)) return;
      if (!(await watch.next(signal))) return;
      row = await read();
      // Ended while reading: nobody is left to push it to.
      if (signal.aborted) return;
    }
  } finally {
    watch.close();
  }
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
