import { Arg, ID, Resolver, Root, Subscription, type SubscribeResolverData } from "type-graphql";
import { requireViewer, scopeOf } from "../../auth/permission-middleware";
import type { GraphQLContext } from "../../context.type";
import { TERMINAL_STATUSES } from "./analysis-status.type";
import { Analysis } from "./analysis.type";

/** How often a subscription re-reads its analysis; workers write progress to the database from any machine. */
const POLL_MS = 250;

/**
 * Pushes an analysis to the subscriber each time its status, stage or progress changes, and ends
 * after a terminal status. The row in the database is the truth every worker writes, so reading
 * it serves subscribers on any API process without another message bus.
 */
async function watchAnalysis({ args, context }: SubscribeResolverData<unknown, { id: string }, GraphQLContext>): Promise<AsyncIterable<unknown>> {
  // Checked before the stream starts, so that the client gets UNAUTHENTICATED / NOT_FOUND as an error message.
  const viewer = requireViewer(context);
  const scope = scopeOf(context, "Subscription.analysisProgress");
  const first = await context.services.analyses.get(viewer, scope, args.id);
  return (async function* () {
    let row = first;
    let last = "";
    for (;;) {
      const key = `${row.status}|${row.stage ?? ""}|${row.progress}`;
      if (key !== last) {
        last = key;
        yield row;
      }
      if (TERMINAL_STATUSES.includes(row.status)) return;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      row = await context.services.analyses.get(viewer, scope, args.id);
    }
  })();
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
