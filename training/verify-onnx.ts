/**
 * Checks the exported model in onnxruntime-node (what serves it) against PyTorch on golden
 * windows (max abs difference <= 1e-4); checks serving's TypeScript window score (onnxruntime
 * errors + TypeScript features, `packages/core/src/anomaly`) against the trainer's Python score on
 * every test window (max abs difference <= 1e-4); and measures the compressed variants (float16
 * weights, int8 dynamic quantisation): file size, speed at batch 1 and 64, and how they rate the
 * held-out test windows against float32 (AUROC, sensitivity and specificity at the threshold,
 * windows flagged differently), and whether a window's output depends on its batch-mates. Picks
 * the served file: the smallest variant whose figures stay within 0.005 of float32's and whose
 * outputs do not move with the batch. Writes onnx-check.json for the model card; exits 1 when either
 * check fails.
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
/** Largest change of AUROC, sensitivity or specificity that lets a compressed variant be served. */
const NEGLIGIBLE = 0.005;
const SPEED_ROUNDS = 5;

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

/**
 * Largest change of a window's reconstruction between running it alone and inside a batch of
 * BATCH test windows, over the first 16 windows. Float arithmetic keeps this at rounding level;
 * dynamic int8 quantisation, which scales activations per batch, does not.
 */
async function batchDependence(s: ort.InferenceSession, windows: Float32Array, n: number): Promise<number> {
  const per = 30 * 75;
  const b = Math.min(BATCH, n);
  const together = await run(s, windows.subarray(0, b * per), b);
  let worst = 0;
  for (let w = 0; w < Math.min(16, b); w++) {
    const alone = await run(s, windows.subarray(w * per, (w + 1) * per), 1);
    for (let k = 0; k < per; k++) worst = Math.max(worst, Math.abs(alone[k]! - together[w * per + k]!));
  }
  return worst;
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
  const card = JSON.parse(readFileSync(join(modelDir, "model-card.json"), "utf8")) as { files: { onnx: string; compressed?: string; quantized?: string }; scoring: HybridScoring; threshold: number };

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

  // Every variant scores the test windows; the compressed ones are compared with float32.
  const variantFiles = [
    ["fp32", card.files.onnx],
    ["fp16-weights", card.files.compressed],
    ["int8-dynamic", card.files.quantized],
  ].filter((v): v is [string, string] => v[1] !== undefined);
  const measured: Array<{ name: string; file: string; session: ort.InferenceSession; scores: number[]; batchDependence: number }> = [];
  let scoreParity: Record<string, unknown> | undefined;
  for (const [name, file] of variantFiles) {
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
    measured.push({ name, file, session: s, scores, batchDependence: await batchDependence(s, testWindows, idx.length) });
  }

  // Speed at batch 1 and 64 on test windows, the variants taking turns round by round so that a
  // noisy machine slows them alike; median of the rounds after a warm-up.
  const batchOf = (size: number): Float32Array => {
    const b = new Float32Array(size * per);
    for (let w = 0; w < size; w++) b.set(testWindows.subarray((w % idx.length) * per, ((w % idx.length) + 1) * per), w * per);
    return b;
  };
  const speedBatches = [
    { size: 1, runs: 50, input: batchOf(1) },
    { size: BATCH, runs: 3, input: batchOf(BATCH) },
  ];
  const times = new Map<string, number[]>();
  for (const m of measured) for (const b of speedBatches) await run(m.session, b.input, b.size);
  for (let r = 0; r < SPEED_ROUNDS; r++) {
    for (const m of measured) {
      for (const b of speedBatches) {
        const t = performance.now();
        for (let i = 0; i < b.runs; i++) await run(m.session, b.input, b.size);
        const key = `${m.name}:${b.size}`;
        times.set(key, [...(times.get(key) ?? []), (b.runs * b.size * 1000) / (performance.now() - t)]);
      }
    }
  }
  const medianOf = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

  const normalIdx = idx.map((w, k) => (ds.labels[w] === 0 ? k : -1)).filter((k) => k >= 0);
  // How one variant rates the test windows: AUROC and sensitivity per class, specificity.
  const rate = (scores: number[]) => {
    const flags = scores.map((v) => v > card.threshold);
    const normal = normalIdx.map((k) => scores[k]!);
    const perClassAuroc: Record<string, number> = {};
    const sensitivity: Record<string, number> = {};
    for (const [c, cname] of ds.header.classes.entries()) {
      const ks = idx.map((w, k) => (ds.classIndex[w] === c && ds.labels[w] === 1 ? k : -1)).filter((k) => k >= 0);
      if (!ks.length || !normal.length) continue;
      perClassAuroc[cname] = auroc(normal, ks.map((k) => scores[k]!));
      sensitivity[cname] = ks.filter((k) => flags[k]).length / ks.length;
    }
    return { flags, perClassAuroc, sensitivity, specificity: normalIdx.filter((k) => !flags[k]).length / normalIdx.length };
  };
  const maxDelta = (a: Record<string, number>, b: Record<string, number>): number => Math.max(0, ...Object.entries(a).map(([c, v]) => Math.abs(v - b[c]!)));
  const reference = measured[0]!;
  const ref = rate(reference.scores);
  const variants = measured.map((m) => {
    const r = m === reference ? ref : rate(m.scores);
    const compared = m !== reference;
    const aurocs = Object.values(r.perClassAuroc);
    const v = {
      name: m.name,
      file: m.file,
      sizeKiB: statSync(join(modelDir, m.file)).size / 1024,
      windowsPerS: medianOf(times.get(`${m.name}:${BATCH}`)!),
      windowsPerSBatch1: medianOf(times.get(`${m.name}:1`)!),
      perClassAuroc: r.perClassAuroc,
      minAuroc: aurocs.length ? Math.min(...aurocs) : null,
      meanAuroc: aurocs.length ? aurocs.reduce((x, y) => x + y, 0) / aurocs.length : null,
      maxAurocDelta: compared ? maxDelta(r.perClassAuroc, ref.perClassAuroc) : null,
      specificity: r.specificity,
      sensitivity: r.sensitivity,
      specificityDelta: compared ? Math.abs(r.specificity - ref.specificity) : null,
      maxSensitivityDelta: compared ? maxDelta(r.sensitivity, ref.sensitivity) : null,
      // Windows on the other side of the threshold than with the float32 weights.
      flagDisagreements: r.flags.filter((f, k) => f !== ref.flags[k]).length,
      maxScoreDelta: Math.max(...m.scores.map((x, k) => Math.abs(x - reference.scores[k]!))),
      // How far a window's reconstruction moves with the windows batched beside it.
      batchDependence: m.batchDependence,
    };
    process.stderr.write(`${m.name}: ${JSON.stringify(v)}\n`);
    return v;
  });
  // A compressed variant is served when it rates windows as float32 does: every class's AUROC,
  // sensitivity and the specificity at the threshold within NEGLIGIBLE; of those, the smallest file.
  // A report must not depend on which other recordings' windows shared its batches (the dynamic
  // batcher mixes analyses): a variant whose outputs move with their batch-mates is never served.
  const negligible = variants
    .slice(1)
    .filter((v) => v.maxAurocDelta! <= NEGLIGIBLE && v.specificityDelta! <= NEGLIGIBLE && v.maxSensitivityDelta! <= NEGLIGIBLE && v.batchDependence <= LIMIT);
  const served = negligible.sort((a, b) => a.sizeKiB - b.sizeKiB)[0];
  const check = {
    runtime: `onnxruntime-node ${ort.env.versions.node ?? ""}`.trim(),
    goldenWindows: gn,
    maxAbsDiff,
    limit: LIMIT,
    pass: maxAbsDiff <= LIMIT,
    scoreParity,
    sessionOptions: { set_denormal_as_zero: "1", intraOpNumThreads: 2 },
    variants,
    served: served ? served.file : card.files.onnx,
    servedReason: [
      served
        ? `${served.name}: AUROC, sensitivity and specificity at the threshold within ${NEGLIGIBLE} of float32 and outputs independent of the batch (within ${LIMIT}); the smallest such file is served`
        : `no compressed variant within ${NEGLIGIBLE} of float32 in AUROC, sensitivity and specificity with outputs independent of the batch: the float32 model is served`,
      ...variants
        .filter((v) => v.batchDependence > LIMIT)
        .map((v) => `${v.name} not served: a window's reconstruction moves by up to ${v.batchDependence.toExponential(1)} with the windows batched beside it (activations quantised with one scale per batch)`),
    ].join("; "),
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
