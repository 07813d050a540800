import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ModelInstancesCard, type ModelInstancePool } from "@/components/admin/model-instances-card";

const render = (pools: ModelInstancePool[] | undefined) => renderToStaticMarkup(createElement(ModelInstancesCard, { pools }));

describe("the model instances card", () => {
  it("shows one row per pool with what runs and waits now and what the instances have done", () => {
    const html = render([
      { name: "pose:rtmpose-m.onnx", processes: 2, instances: 4, busy: 3, queued: 5, runs: 12_345, failed: 2, restarts: 1, computeMs: 90_000 },
      { name: "anomaly:ae-1", processes: 1, instances: 2, busy: 0, queued: 0, runs: 7, failed: 0, restarts: 0, computeMs: 850 },
    ]);
    expect(html).toContain('data-testid="model-instances"');
    expect(html).not.toContain('data-testid="empty-state"');
    const rows = [...html.matchAll(/<tr>(.*?)<\/tr>/g)].map((m) => [...m[1]!.matchAll(/<t[dh][^>]*>(.*?)<\/t[dh]>/g)].map((c) => c[1]!.replace(/<[^>]+>/g, "")));
    expect(rows[0]).toEqual(["model", "instances", "busy now", "queued", "runs", "failures", "restarts", "compute time"]);
    expect(rows[1]).toEqual(["pose:rtmpose-m.onnx · 2 process(es)", "4", "3", "5", (12_345).toLocaleString(), "2", "1", "1.5 min"]);
    expect(rows[2]).toEqual(["anomaly:ae-1 · 1 process(es)", "2", "0", "0", "7", "0", "0", "850 ms"]);
    expect(html).toContain("INFERENCE_POSE_INSTANCES");
  });

  it("tells the operator how to turn instances on when there are none", () => {
    const html = render([]);
    expect(html).toContain('data-testid="empty-state"');
    expect(html).toContain("No model instances");
    expect(html).not.toContain('data-testid="model-instances"');
    for (const setting of ["INFERENCE_POSE_INSTANCES", "INFERENCE_ANOMALY_INSTANCES", "WORKER_CONCURRENCY"]) expect(html).toContain(setting);
  });

  it("shows neither rows nor the empty state before the first answer", () => {
    const html = render(undefined);
    expect(html).not.toContain('data-testid="empty-state"');
    expect(html).not.toContain('data-testid="model-instances"');
  });
});
