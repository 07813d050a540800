/**
 * Recording-level evaluation of a trained model, the way a clinician meets it: fresh SYNTHETIC
 * recordings of every simulator class, each analysed as serving analyses it (every window,
 * stride 1, the infant's own age, `analyzeWindows` with the default risk policy), and the risk
 * level counted per class. Normal recordings should come out low (recording specificity),
 * anomalous ones medium or high (recording sensitivity); both come with Wilson 95 % intervals,
 * since a few dozen recordings per class leave real uncertainty.
 *
 * The window-level metrics of the card answer "is this window unlike normal"; this answers
 * "which risk level does a recording get", which is what the report shows.
 *
 *   tsx training/evaluate-recordings.ts --model-dir packages/core/models/anomaly --out recording-eval.json
 *       [--recordings 40] [--duration 20] [--first-seed 770001] [--dataset dataset.gmads]
 *
 * With --dataset, refuses to run when an evaluation seed is one of the dataset's infants (no
 * recording the model was trained, validated or tested on may be evaluated here).
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { loadAnomalyModel } from "../packages/core/src/anomaly";
import { DEFAULT_QUALITY_GATE, DEFAULT_RISK_POLICY, type RiskLevel } from "../packages/core/src/analysis";
import { analyzeJointSequence } from "../packages/core/src/pipeline";
import { readDataset } from "../packages/core/src/synthetic/dataset-format";
import { MOVEMENT_CLASSES, MOVEMENT_CLASS_NAMES, Prng, simulateInfant } from "../packages/core/src/synthetic";

/** Wilson score interval of a proportion k / n at 95 %: sound at 0 % and 100 %, unlike the normal approximation. */
function wilsonInterval(k: number, n: number): [number, number] {
  if (n === 0) return [0, 1];
  const z = 1.959964;
  const p = k / n;
  const denom = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denom;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

const round = (x: number, digits = 4): number => Number(x.toFixed(digits));

const { values } = parseArgs({
  options: {
    "model-dir": { type: "string" },
    out: { type: "string" },
    recordings: { type: "string", default: "40" },
    duration: { type: "string", default: "20" },
    "first-seed": { type: "string", default: "770001" },
    dataset: { type: "string" },
  },
});
const usage = "usage: tsx training/evaluate-recordings.ts --model-dir DIR --out FILE [--recordings N] [--duration S] [--first-seed K] [--dataset FILE]";
const modelDir = values["model-dir"];
const out = values.out;
const perClass = Number(values.recordings);
const durationS = Number(values.duration);
const firstSeed = Number(values["first-seed"]);
if (!modelDir || !out) throw new Error(`--model-dir and --out are required; ${usage}`);
if (!Number.isInteger(perClass) || perClass < 1) throw new Error(`--recordings must be a whole number >= 1, got ${values.recordings}`);
if (!(durationS >= DEFAULT_QUALITY_GATE.minDurationS)) throw new Error(`--duration must be at least ${DEFAULT_QUALITY_GATE.minDurationS} s (the quality gate refuses shorter recordings), got ${values.duration}`);
if (!Number.isInteger(firstSeed) || firstSeed < 1) throw new Error(`--first-seed must be a whole number >= 1, got ${values["first-seed"]}`);

const seedOf = (classIndex: number, k: number): number => firstSeed + classIndex * perClass + k;
if (values.dataset) {
  const used = new Set(readDataset(values.dataset).header.infants.map((i) => i.source));
  for (let c = 0; c < MOVEMENT_CLASS_NAMES.length; c++) {
    for (let k = 0; k < perClass; k++) {
      if (used.has(seedOf(c, k))) throw new Error(`evaluation seed ${seedOf(c, k)} is an infant of ${values.dataset}; choose another --first-seed`);
    }
  }
}

interface RecordingResult {
  seed: number;
  ageWeeks: number;
  level: RiskLevel;
  anomalyRatePercent: number;
  signs: string[];
  windows: number;
  anomalousWindows: number;
}

const model = await loadAnomalyModel(modelDir, { batchSize: 128 });
const started = performance.now();
const results: Record<string, RecordingResult[]> = {};
try {
  for (const [c, movementClass] of MOVEMENT_CLASS_NAMES.entries()) {
    const rows: RecordingResult[] = [];
    for (let k = 0; k < perClass; k++) {
      const seed = seedOf(c, k);
      const sim = simulateInfant({ seed, movementClass, durationS });
      const report = await analyzeJointSequence(sim.sequence, { ageWeeks: sim.ageWeeks, model });
      rows.push({
        seed,
        ageWeeks: round(sim.ageWeeks, 2),
        level: report.risk.level,
        anomalyRatePercent: round(report.risk.anomalyRatePercent, 2),
        signs: report.risk.signs.map((s) => s.id),
        windows: report.input.windowCount,
        anomalousWindows: report.timeline.anomalousCount,
      });
    }
    results[movementClass] = rows;
    process.stderr.write(`evaluate-recordings: ${movementClass}: ${rows.filter((r) => r.level === "low").length} low, ${rows.filter((r) => r.level === "medium").length} medium, ${rows.filter((r) => r.level === "high").length} high\n`);
  }
} finally {
  await model.release();
}

const count = (rows: RecordingResult[], level: RiskLevel): number => rows.filter((r) => r.level === level).length;
const quantiles = (xs: number[]): { min: number; median: number; max: number } => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0]!, median: s[Math.floor((s.length - 1) / 2)]!, max: s.at(-1)! };
};
const rate = (k: number, n: number): { rate: number; interval95: [number, number] } => ({ rate: round(k / n), interval95: wilsonInterval(k, n).map((x) => round(x)) as [number, number] });

const classes = Object.fromEntries(
  MOVEMENT_CLASS_NAMES.map((name) => {
    const rows = results[name]!;
    const label = MOVEMENT_CLASSES[name].label;
    const correct = label === "normal" ? count(rows, "low") : rows.length - count(rows, "low");
    return [
      name,
      {
        label,
        recordings: rows.length,
        low: count(rows, "low"),
        medium: count(rows, "medium"),
        high: count(rows, "high"),
        // Normal: the share rated low; anomaly: the share rated medium or high.
        correct: rate(correct, rows.length),
        anomalyRatePercent: quantiles(rows.map((r) => r.anomalyRatePercent)),
        misrated: rows.filter((r) => (label === "normal" ? r.level !== "low" : r.level === "low")).map((r) => ({ seed: r.seed, level: r.level, anomalyRatePercent: r.anomalyRatePercent, signs: r.signs })),
      },
    ];
  }),
);
const normalRows = MOVEMENT_CLASS_NAMES.filter((n) => MOVEMENT_CLASSES[n].label === "normal").flatMap((n) => results[n]!);
const anomalyRows = MOVEMENT_CLASS_NAMES.filter((n) => MOVEMENT_CLASSES[n].label === "anomaly").flatMap((n) => results[n]!);

/**
 * Window-level specificity over the normal recordings (every window, stride 1), with a 95 %
 * interval from resampling recordings (seeded): windows of one infant are correlated, so
 * infants, not windows, are the units, as in the card's test-set figure.
 */
function windowSpecificity(rows: RecordingResult[], resamples = 2000): { windows: number; anomalous: number; rate: number; interval95: [number, number] } {
  const total = (rs: RecordingResult[]): [number, number] => rs.reduce<[number, number]>(([w, a], r) => [w + r.windows, a + r.anomalousWindows], [0, 0]);
  const [windows, anomalous] = total(rows);
  const rng = new Prng(0);
  const rates: number[] = [];
  for (let b = 0; b < resamples; b++) {
    const [w, a] = total(Array.from({ length: rows.length }, () => rows[rng.int(0, rows.length - 1)]!));
    rates.push(1 - a / w);
  }
  rates.sort((x, y) => x - y);
  const at = (q: number): number => rates[Math.min(rates.length - 1, Math.floor(q * rates.length))]!;
  return { windows, anomalous, rate: round(1 - anomalous / windows), interval95: [round(at(0.025)), round(at(0.975))] };
}

const evaluation = {
  synthetic: true,
  level: "recording",
  note: "fresh SYNTHETIC recordings (seeds outside the training dataset), each analysed as serving does: every window (stride 1), the infant's own simulated age, the default risk policy; normal should rate low, anomalous medium or high",
  recordingsPerClass: perClass,
  durationS,
  seeds: { first: seedOf(0, 0), last: seedOf(MOVEMENT_CLASS_NAMES.length - 1, perClass - 1) },
  riskPolicy: Object.fromEntries(Object.entries(DEFAULT_RISK_POLICY).map(([k, v]) => [k, v === Infinity ? "off" : v])),
  specificity: { recordings: normalRows.length, ratedLow: count(normalRows, "low"), ...rate(count(normalRows, "low"), normalRows.length) },
  sensitivity: { recordings: anomalyRows.length, ratedMediumOrHigh: anomalyRows.length - count(anomalyRows, "low"), ...rate(anomalyRows.length - count(anomalyRows, "low"), anomalyRows.length) },
  perClass: classes,
  intervalRule: "Wilson score interval, 95 %",
  windowSpecificity: {
    ...windowSpecificity(normalRows),
    note: "share of the normal recordings' windows (every window, stride 1) at or below the threshold; 95 % interval: 2.5th-97.5th percentile over 2000 resamples of the recordings with replacement (seed 0)",
  },
  seconds: round((performance.now() - started) / 1000, 1),
};
writeFileSync(out, `${JSON.stringify(evaluation, null, 2)}\n`);
process.stderr.write(
  `evaluate-recordings: specificity ${evaluation.specificity.ratedLow}/${evaluation.specificity.recordings}, sensitivity ${evaluation.sensitivity.ratedMediumOrHigh}/${evaluation.sensitivity.recordings} (synthetic) -> ${out}\n`,
);
