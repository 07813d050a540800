import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { QueuesTable } from "@/components/overview/queues-table";
import type { QueueCountsFragment } from "@/gql/graphql";

const render = (queues: QueueCountsFragment[]) => renderToStaticMarkup(createElement(QueuesTable, { queues }));

/** The table's rows as the text of their cells, notes and all. */
const rows = (html: string) =>
  [...html.matchAll(/<tr>(.*?)<\/tr>/g)].map((m) => [...m[1]!.matchAll(/<t[dh][^>]*>(.*?)<\/t[dh]>/g)].map((c) => c[1]!.replace(/<[^>]+>/g, " ").replace(/&#x27;/g, "'").replace(/\s+/g, " ").trim()));

describe("the queues table", () => {
  it("shows every count of every queue, a column per queue, with scheduled runs apart from delayed jobs", () => {
    const html = render([
      { name: "analysis", waiting: 3, active: 2, delayed: 1, scheduled: 0, completed: 120, failed: 4, workers: 2 },
      { name: "maintenance", waiting: 0, active: 1, delayed: 5, scheduled: 4, completed: 37, failed: 0, workers: 1 },
    ]);
    expect(rows(html)).toEqual([
      ["count", "analysis", "maintenance"],
      ["waiting", "3", "0"],
      ["active", "2", "1"],
      ["delayed retries and jobs set to run later", "1", "5"],
      ["scheduled the schedules' next runs, not work yet", "0", "4"],
      ["completed", "120", "37"],
      ["failed", "4", "0"],
      ["workers", "2", "1"],
    ]);
  });

  it("hides no count on a phone", () => {
    const html = render([{ name: "analysis", waiting: 0, active: 0, delayed: 0, scheduled: 0, completed: 0, failed: 0, workers: 1 }]);
    expect(html).not.toContain("wide-only");
  });
});
