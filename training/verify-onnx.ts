/**
 * Checks the exported model in onnxruntime-node (what serves it) against PyTorch on golden
 * windows (max abs difference <= 1e-4); checks serving's TypeScript window score (onnxruntime
 * errors + TypeScript features, `packages/core/src/anomaly`) against the trainer's Python score on
 * every test window (max abs difference <= 1e-4); and measures the compressed variant: file size,
 * speed at batch 64 and its hybrid-score AUROC delta on the held-out test windows. Writes
 * onnx-check.json for the model card; exits 1 when either check fails.
 *
 *   tsx training/verify-onnx.ts --model-dir packages/core/models/anomaly --work-dir <dir> --dataset <file>
 */
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import * as ort from "onnxruntime-node";
import { hybridScores, type HybridScoring } from "../packages/core/src/anomaly/hybrid-scoring";
import { WINDOW_FEATURE_NAMES, windowFeatureMatrix } from "../packages/core/src/anomaly/window-movement-features";
import { readDataset } from "../packages/core/src/synthetic/dataset-format";

const LIMIT = 1e-4;
const SCORE_LIMIT = 1e-4;
const BATCH = 64;

function auroc(normal: number[], anomaly: number[]): number {
  const all = [...normal.map((s) => ({ s, a: 0 })), ...anomaly.map((s) => ({ s, a: 1 }))].sort((x, y) => x.s - y.s);
  let rankSum = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j + 1 < all.length && all[j + 1]!.s === all[i]!.s) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (all[k]!.a) rankSum += rank;
    i = j + 1;
  }
  return (rankSum - (anomaly.length * (anomaly.length + 1)) / 2) / (normal.length * anomaly.length);
}

async function session(path: string): Promise<ort.InferenceSession> {
  // Denormals in the LSTM state make onnxruntime tens of times slower (environment.md).
  return ort.InferenceSession.create(path, { intraOpNumThreads: 2, interOpNumThreads: 1, extra: { session: { set_denormal_as_zero: "1" } } });
}

async function run(s: ort.InferenceSession, windows: Float32Array, n: number): Promise<Float32Array> {
  const out = await s.run({ windows: new ort.Tensor("float32", windows, [n, 30, 75]) });
  return out.reconstruction!.data as Float32Array;
}

async function errors(s: ort.InferenceSession, windows: Float32Array, n: number): Promise<number[]> {
  const per = 30 * 75;
  const errs: number[] = [];
  for (let i = 0; i < n; i += BATCH) {
    const b = Math.min(BATCH, n - i);
    const x = windows.subarray(i * per, (i + b) * per);
    const y = await run(s, x, b);
    for (let w = 0; w < b; w++) {
      let e = 0;
      for (let k = 0; k < per; k++) e += (y[w * per + k]! - x[w * per + k]!) ** 2;
      errs.push(e / per);
    }
  }
  return errs;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { "model-dir": { type: "string" }, "work-dir": { type: "string" }, dataset: { type: "string" } } });
  const modelDir = values["model-dir"]!;
  const workDir = values["work-dir"]!;
  const golden = JSON.parse(readFileSync(join(workDir, "golden.json"), "utf8")) as { shape: number[]; input: number[]; torch_output: number[] };
  const split = JSON.parse(readFileSync(join(workDir, "split.json"), "utf8")) as {
    test: number[];
    threshold: number;
    test_scores: number[];
    test_age_weeks: number[];
    test_features: Record<string, number[]>;
  };
  const ds = readDataset(values.dataset!);
  const card = JSON.parse(readFileSync(join(modelDir, "model-card.json"), "utf8")) as { files: { onnx: string; compressed: string }; scoring: HybridScoring; threshold: number };

  const fp32 = await session(join(modelDir, card.files.onnx));
  const gn = golden.shape[0]!;
  const gy = await run(fp32, Float32Array.from(golden.input), gn);
  let maxAbsDiff = 0;
  for (let i = 0; i < gy.length; i++) maxAbsDiff = Math.max(maxAbsDiff, Math.abs(gy[i]! - golden.torch_output[i]!));
  process.stderr.write(`golden: ${gn} windows, max |onnx - torch| = ${maxAbsDiff.toExponential(2)}\n`);

  const testSet = new Set(split.test);
  const per = 30 * 75;
  const idx: number[] = [];
  for (let i = 0; i < ds.header.count; i++) if (testSet.has(ds.infantIds[i]!)) idx.push(i);
  const testWindows = new Float32Array(idx.length * per);
  idx.forEach((w, k) => testWindows.set(ds.windows.subarray(w * per, (w + 1) * per), k * per));

  // The hybrid score of every test window, as serving computes it (windows of one age together).
  const scoresOf = (errs: number[]): number[] => {
    const out = new Array<number>(idx.length);
    const byAge = new Map<number, number[]>();
    split.test_age_weeks.forEach((age, k) => {
      const ks = byAge.get(age);
      if (ks) ks.push(k);
      else byAge.set(age, [k]);
    });
    for (const [age, ks] of byAge) {
      const w = new Float32Array(ks.length * per);
      ks.forEach((k, j) => w.set(testWindows.subarray(k * per, (k + 1) * per), j * per));
      const h = hybridScores(card.scoring, w, ks.map((k) => errs[k]!), ks.length, age);
      ks.forEach((k, j) => (out[k] = h.scores[j]!));
    }
    return out;
  };

  // Features: TypeScript against numpy on every test window (relative difference).
  const feats = windowFeatureMatrix(testWindows, idx.length);
  let maxFeatureRelDiff = 0;
  WINDOW_FEATURE_NAMES.forEach((name, c) => {
    const py = split.test_features[name]!;
    for (let k = 0; k < idx.length; k++) {
      const d = Math.abs(feats[k * WINDOW_FEATURE_NAMES.length + c]! - py[k]!) / Math.max(Math.abs(py[k]!), 1e-12);
      if (d > maxFeatureRelDiff) maxFeatureRelDiff = d;
    }
  });

  const variants = [];
  let reference: Record<string, number> | undefined;
  let scoreParity: Record<string, unknown> | undefined;
  for (const [name, file] of [["fp32", card.files.onnx], ["fp16-weights", card.files.compressed]] as const) {
    const s = name === "fp32" ? fp32 : await session(join(modelDir, file));
    const scores = scoresOf(await errors(s, testWindows, idx.length));
    if (name === "fp32") {
      let maxScoreAbsDiff = 0;
      let flagDisagreements = 0;
      scores.forEach((v, k) => {
        maxScoreAbsDiff = Math.max(maxScoreAbsDiff, Math.abs(v - split.test_scores[k]!));
        if (v > card.threshold !== split.test_scores[k]! > card.threshold) flagDisagreements++;
      });
      scoreParity = { windows: idx.length, maxFeatureRelDiff, maxScoreAbsDiff, scoreLimit: SCORE_LIMIT, flagDisagreements, pass: maxScoreAbsDiff <= SCORE_LIMIT };
      process.stderr.write(`score parity: ${JSON.stringify(scoreParity)}\n`);
    }
    // AUROC of the served (hybrid) score.
    const normal = scores.filter((_, k) => ds.labels[idx[k]!] === 0);
    const perClass: Record<string, number> = {};
    for (const [c, cname] of ds.header.classes.entries()) {
      const anomalous = scores.filter((_, k) => ds.classIndex[idx[k]!] === c && ds.labels[idx[k]!] === 1);
      if (anomalous.length && normal.length) perClass[cname] = auroc(normal, anomalous);
    }
    // Speed at batch 64 on repeated test windows, median of 5 after a warm-up.
    const batch = new Float32Array(BATCH * per);
    for (let w = 0; w < BATCH; w++) batch.set(testWindows.subarray((w % idx.length) * per, ((w % idx.length) + 1) * per), w * per);
    await run(s, batch, BATCH);
    const times: number[] = [];
    for (let r = 0; r < 5; r++) {
      const t = performance.now();
      await run(s, batch, BATCH);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const aurocs = Object.values(perClass);
    const deltas = reference ? Object.entries(perClass).map(([c, v]) => Math.abs(v - reference![c]!)) : [];
    variants.push({
      name,
      file,
      sizeKiB: statSync(join(modelDir, file)).size / 1024,
      windowsPerS: (BATCH * 1000) / times[2]!,
      perClassAuroc: perClass,
      minAuroc: aurocs.length ? Math.min(...aurocs) : null,
      meanAuroc: aurocs.length ? aurocs.reduce((a, b) => a + b, 0) / aurocs.length : null,
      maxAurocDelta: reference ? (deltas.length ? Math.max(...deltas) : 0) : null,
    });
    if (!reference) reference = perClass;
    process.stderr.write(`${name}: ${JSON.stringify(variants.at(-1))}\n`);
  }
  const compressed = variants[1]!;
  const negligible = compressed.maxAurocDelta !== null && compressed.maxAurocDelta <= 0.005;
  const check = {
    runtime: `onnxruntime-node ${ort.env.versions.node ?? ""}`.trim(),
    goldenWindows: gn,
    maxAbsDiff,
    limit: LIMIT,
    pass: maxAbsDiff <= LIMIT,
    scoreParity,
    sessionOptions: { set_denormal_as_zero: "1", intraOpNumThreads: 2 },
    variants,
    served: negligible ? compressed.file : card.files.onnx,
    servedReason: negligible ? "AUROC delta <= 0.005: negligible, the smaller file is served" : "AUROC delta above 0.005: the float32 model is served",
  };
  writeFileSync(join(workDir, "onnx-check.json"), `${JSON.stringify(check, null, 2)}\n`);
  if (!check.pass) {
    process.stderr.write(`ONNX check FAILED: max abs diff ${maxAbsDiff} > ${LIMIT}\n`);
    process.exit(1);
  }
  if (!scoreParity?.pass) {
    process.stderr.write(`score parity FAILED: ${JSON.stringify(scoreParity)}\n`);
    process.exit(1);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`verify-onnx: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
