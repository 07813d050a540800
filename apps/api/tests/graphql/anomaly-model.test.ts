import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DEFAULT_ANOMALY_MODEL_DIR, loadModelCard, modelEvaluation, type Interval95, type ModelEvaluation } from "@gma/core";
import { describe, expect, it } from "vitest";
import { useTestApis } from "../helpers/test-api";

const { api, onCleanup } = useTestApis();

const QUERY = `{
  anomalyModel {
    modelVersion name servedFile scoreKind threshold synthetic dataWarning limitations
    windowLevel { specificity specificityInterval95 { low high } goal goalMet classes { name auroc sensitivity recordingAuroc } }
    recordingLevel {
      recordingsPerClass durationS
      specificity { recordings rated rate interval95 { low high } }
      sensitivity { recordings rated rate interval95 { low high } }
      classes { name label recordings low medium high correctRate correctInterval95 { low high } }
      misrated { className seed level anomalyRatePercent signs }
      windowSpecificity { windows anomalous rate interval95 { low high } }
    }
    variants {
      name file sizeKiB windowsPerSBatch1 windowsPerSBatch64 minAuroc maxAurocDelta
      specificity specificityDelta maxSensitivityDelta flagDisagreements batchDependence served
    }
    servedReason
  }
}`;

/** A card folder of its own: a schema-1 card as older training wrote it, without recordingRisk. */
function olderCardDir(overrides: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), "gma-api-card-"));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  const card = {
    schemaVersion: 1,
    name: "older-model",
    modelVersion: "older-model@000000000001",
    files: { onnx: "m.onnx" },
    fps: 25,
    windowSize: 30,
    threshold: 0.01,
    data: { synthetic: true, warning: "SYNTHETIC: simulated infants only." },
    metrics: { summary: { specificity: 0.95 }, perClass: { "absent-fidgety": { auroc: 0.97, sensitivity: 0.9 } } },
    ...overrides,
  };
  writeFileSync(path.join(dir, "model-card.json"), JSON.stringify(card));
  return dir;
}

const pair = ([low, high]: Interval95) => ({ low, high });

/** What the query above returns for `e`: intervals as objects, labels and levels as enum names, the queried window fields only. */
function asJson(e: ModelEvaluation) {
  const w = e.windowLevel;
  const r = e.recordingLevel;
  return {
    ...e,
    windowLevel: w && {
      specificity: w.specificity,
      specificityInterval95: w.specificityInterval95 && pair(w.specificityInterval95),
      goal: w.goal,
      goalMet: w.goalMet,
      classes: w.classes,
    },
    recordingLevel: r && {
      recordingsPerClass: r.recordingsPerClass,
      durationS: r.durationS,
      specificity: { ...r.specificity, interval95: pair(r.specificity.interval95) },
      sensitivity: { ...r.sensitivity, interval95: pair(r.sensitivity.interval95) },
      classes: r.classes.map((c) => ({ ...c, label: c.label.toUpperCase(), correctInterval95: pair(c.correctInterval95) })),
      misrated: r.misrated.map((m) => ({ ...m, level: m.level.toUpperCase() })),
      windowSpecificity: r.windowSpecificity && { ...r.windowSpecificity, interval95: pair(r.windowSpecificity.interval95) },
    },
  };
}

describe("anomalyModel", () => {
  it("shows every role the shipped card's evaluation, labelled synthetic", async () => {
    const t = await api();
    const expected = asJson(modelEvaluation(loadModelCard(DEFAULT_ANOMALY_MODEL_DIR)));
    expect(expected).toMatchObject({ synthetic: true, dataWarning: expect.stringMatching(/SYNTHETIC/) });
    // The shipped card carries both levels, and the recording level its window specificity.
    expect(expected.recordingLevel?.windowSpecificity?.windows).toBeGreaterThan(0);
    // ... and its three weights files, of which the fp16 one is served.
    expect(expected.variants?.map((v) => [v.file, v.served])).toEqual([
      ["autoencoder.onnx", false],
      ["autoencoder.fp16.onnx", true],
      ["autoencoder.int8.onnx", false],
    ]);
    expect(expected.servedReason).toMatch(/int8-dynamic not served/);
    for (const role of ["ADMIN", "CLINICIAN", "ANALYST"] as const) {
      const token = await t.login(t.users[role].email);
      const r = await t.gql(QUERY, {}, { token });
      expect(r.errors, role).toBeUndefined();
      expect(r.data?.anomalyModel, role).toEqual(expected);
    }
  });

  it("refuses anonymous callers with UNAUTHENTICATED", async () => {
    const t = await api();
    const r = await t.gql(`{ anomalyModel { modelVersion } }`);
    expect(r.errors?.[0]?.extensions.code).toBe("UNAUTHENTICATED");
    expect(r.data?.anomalyModel ?? null).toBeNull();
  });

  it("reads the card of GMA_ANOMALY_MODEL_DIR and gives null for the recording level and weights variants an older card lacks", async () => {
    const t = await api({ GMA_ANOMALY_MODEL_DIR: olderCardDir() });
    const token = await t.login(t.users.ANALYST.email);
    const r = await t.gql(QUERY, {}, { token });
    expect(r.errors).toBeUndefined();
    expect(r.data?.anomalyModel).toMatchObject({
      modelVersion: "older-model@000000000001",
      servedFile: "m.onnx",
      scoreKind: "reconstruction-error",
      synthetic: true,
      limitations: null,
      windowLevel: { specificity: 0.95, specificityInterval95: null, goalMet: null, classes: [{ name: "absent-fidgety", auroc: 0.97, sensitivity: 0.9, recordingAuroc: null }] },
      recordingLevel: null,
      variants: null,
      servedReason: null,
    });
  });

  it("reports a malformed card as MODEL_CARD_INVALID naming the field", async () => {
    const t = await api({ GMA_ANOMALY_MODEL_DIR: olderCardDir({ metrics: { recordingRisk: { recordingsPerClass: "thirty" } } }) });
    const token = await t.login(t.users.CLINICIAN.email);
    const r = await t.gql(`{ anomalyModel { modelVersion } }`, {}, { token });
    expect(r.errors?.[0]?.extensions.code).toBe("MODEL_CARD_INVALID");
    expect(r.errors?.[0]?.message).toMatch(/metrics\.recordingRisk\.recordingsPerClass/);
  });
});
