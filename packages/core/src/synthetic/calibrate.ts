/**
 * Development tool: measures how close the simulator's normal (fidgety) windows come to the real
 * MINI-RGBD normal statistics and, with `--fit`, searches the region gains and noise figures that
 * bring them closest; paste the printed calibration into calibration.ts.
 *
 *   tsx packages/core/src/synthetic/calibrate.ts [--fit] [--infants 24] [--seed 7]
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { DEFAULT_WINDOW_SIZE, prepareWindows } from "../skeleton";
import { DEFAULT_CALIBRATION, type SimulatorCalibration } from "./calibration";
import { computeWindowStatistics } from "./movement-statistics";
import { simulateInfant } from "./simulate-infant";

/** The real normal statistics file shipped with the package. */
export interface NormalStatisticsFile {
  joint_amplitudes: number[];
  joint_amplitudes_std: number[];
  joint_velocities: number[];
  joint_velocities_std: number[];
  left_right_ratios: { arm: { mean: number; std: number }; leg: { mean: number; std: number } };
  overall_statistics: { amplitude_mean: number; amplitude_std: number; velocity_mean: number; velocity_std: number };
  sample_size: number;
  source: string;
}

/** Reads `packages/core/data/mini-rgbd-normal-statistics.json`. */
export function loadRealNormalStatistics(): NormalStatisticsFile {
  const path = fileURLToPath(new URL("../../data/mini-rgbd-normal-statistics.json", import.meta.url));
  return JSON.parse(readFileSync(path, "utf8")) as NormalStatisticsFile;
}

/** Windows of `infants` simulated fidgety infants, cleaned, normalised and windowed by the pipeline. */
export function sampleNormalWindows(options: { seed: number; infants: number; durationS?: number; stride?: number; calibration?: SimulatorCalibration }): { windows: Float32Array; count: number } {
  const parts: Float32Array[] = [];
  let count = 0;
  for (let i = 0; i < options.infants; i++) {
    const sim = simulateInfant({ seed: options.seed * 1000 + i, movementClass: "fidgety", durationS: options.durationS ?? 20, ...(options.calibration ? { calibration: options.calibration } : {}) });
    const set = prepareWindows(sim.sequence, { stride: options.stride ?? 5 });
    parts.push(set.windows.subarray(0, set.count * DEFAULT_WINDOW_SIZE * 75));
    count += set.count;
  }
  const windows = new Float32Array(count * DEFAULT_WINDOW_SIZE * 75);
  let o = 0;
  for (const p of parts) {
    windows.set(p, o);
    o += p.length;
  }
  return { windows, count };
}

/** Mean squared log-ratio of simulated to real per-joint amplitude and velocity means. */
export function calibrationLoss(sim: { jointAmplitudes: number[]; jointVelocities: number[] }, real: NormalStatisticsFile): number {
  let loss = 0;
  for (let j = 0; j < 25; j++) {
    loss += Math.log(sim.jointAmplitudes[j]! / real.joint_amplitudes[j]!) ** 2;
    loss += Math.log(sim.jointVelocities[j]! / real.joint_velocities[j]!) ** 2;
  }
  return loss / 50;
}

function main(): void {
  const args = process.argv.slice(2);
  const arg = (name: string, fallback: number): number => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : fallback;
  };
  const infants = arg("--infants", 24);
  const seed = arg("--seed", 7);
  const real = loadRealNormalStatistics();
  const evaluate = (calibration: SimulatorCalibration): number => {
    const { windows, count } = sampleNormalWindows({ seed, infants, calibration });
    return calibrationLoss(computeWindowStatistics(windows, count), real);
  };
  let best: SimulatorCalibration = structuredClone(DEFAULT_CALIBRATION);
  let bestLoss = evaluate(best);
  if (args.includes("--fit")) {
    // Coordinate search in log space: cheap, deterministic and good enough for ~12 figures.
    for (let round = 0, step = 0.3; round < 4; round++, step /= 2) {
      for (const key of [...Object.keys(best.gains), "jitter", "depthJitter"]) {
        for (const dir of [1, -1]) {
          const trial = structuredClone(best);
          if (key === "jitter" || key === "depthJitter") trial.noise[key] *= Math.exp(dir * step);
          else trial.gains[key as keyof typeof trial.gains] *= Math.exp(dir * step);
          const loss = evaluate(trial);
          if (loss < bestLoss) {
            best = trial;
            bestLoss = loss;
            process.stderr.write(`round ${round} ${key} ${dir > 0 ? "+" : "-"} loss ${loss.toFixed(4)}\n`);
          }
        }
      }
    }
  }
  const { windows, count } = sampleNormalWindows({ seed, infants, calibration: best });
  const stats = computeWindowStatistics(windows, count);
  process.stdout.write(`windows ${count} loss ${bestLoss.toFixed(4)}\n`);
  for (let j = 0; j < 25; j++) {
    const a = stats.jointAmplitudes[j]!;
    const v = stats.jointVelocities[j]!;
    process.stdout.write(
      `${String(j).padStart(2)} amp ${a.toFixed(4)} real ${real.joint_amplitudes[j]!.toFixed(4)}±${real.joint_amplitudes_std[j]!.toFixed(4)}  ` +
        `vel ${v.toFixed(4)} real ${real.joint_velocities[j]!.toFixed(4)}±${real.joint_velocities_std[j]!.toFixed(4)}\n`,
    );
  }
  process.stdout.write(`overall ${JSON.stringify(stats.overall)}\nratios ${JSON.stringify(stats.leftRightRatios)}\n`);
  process.stdout.write(`calibration ${JSON.stringify(best)}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
