import { describe, expect, it } from "vitest";
import { cleanSequence, normalizeSequence } from "../../src/skeleton";
import { simulateInfant, type MovementClassName } from "../../src/synthetic";

// Each anomaly generator documents how it differs from normal movement; these tests measure that
// difference on the normalised joints, averaged over several simulated infants.
const INFANTS = 6;
const DURATION_S = 20;

function normalised(cls: MovementClassName, seed: number): { data: Float32Array; frames: number } {
  const sim = simulateInfant({ seed, movementClass: cls, durationS: DURATION_S, dropouts: false });
  const seq = normalizeSequence(cleanSequence(sim.sequence));
  return { data: seq.data, frames: seq.frameCount };
}

function series(s: { data: Float32Array; frames: number }, joint: number, axis: number): number[] {
  return Array.from({ length: s.frames }, (_, f) => s.data[f * 75 + joint * 3 + axis]!);
}

function std(x: number[]): number {
  const m = x.reduce((a, b) => a + b, 0) / x.length;
  return Math.sqrt(x.reduce((a, b) => a + (b - m) ** 2, 0) / x.length);
}

function corr(a: number[], b: number[]): number {
  const ma = a.reduce((s, v) => s + v, 0) / a.length;
  const mb = b.reduce((s, v) => s + v, 0) / b.length;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

/** Distance from a limb's root to its distal joint per frame: how flexed the limb is. */
function extension(s: { data: Float32Array; frames: number }, root: number, tip: number): number[] {
  return Array.from({ length: s.frames }, (_, f) => {
    let d = 0;
    for (let a = 0; a < 3; a++) d += (s.data[f * 75 + tip * 3 + a]! - s.data[f * 75 + root * 3 + a]!) ** 2;
    return Math.sqrt(d);
  });
}

/** Mean amplitude (norm of per-axis std over the whole recording) of a group of joints. */
function groupAmplitude(s: { data: Float32Array; frames: number }, joints: number[]): number {
  return joints.reduce((acc, j) => acc + Math.hypot(std(series(s, j, 0)), std(series(s, j, 1)), std(series(s, j, 2))), 0) / joints.length;
}

/** Mean absolute correlation between the four limbs' extension signals (6 pairs). */
function crossLimbCorrelation(s: { data: Float32Array; frames: number }): number {
  const limbs = [extension(s, 13, 20), extension(s, 14, 21), extension(s, 1, 7), extension(s, 2, 8)];
  let sum = 0;
  let n = 0;
  for (let i = 0; i < 4; i++) for (let k = i + 1; k < 4; k++, n++) sum += Math.abs(corr(limbs[i]!, limbs[k]!));
  return sum / n;
}

/** Share of a signal's power (mean removed) in its strongest DFT bin and the two next to it. */
function peakPowerShare(x: number[]): number {
  const m = x.reduce((a, b) => a + b, 0) / x.length;
  const n = x.length;
  const power: number[] = [];
  for (let k = 1; k < n / 2; k++) {
    let re = 0;
    let im = 0;
    for (let t = 0; t < n; t++) {
      re += (x[t]! - m) * Math.cos((2 * Math.PI * k * t) / n);
      im -= (x[t]! - m) * Math.sin((2 * Math.PI * k * t) / n);
    }
    power.push(re * re + im * im);
  }
  const total = power.reduce((a, b) => a + b, 0);
  const peak = power.indexOf(Math.max(...power));
  return ((power[peak - 1] ?? 0) + power[peak]! + (power[peak + 1] ?? 0)) / total;
}

function meanOver(cls: MovementClassName, measure: (s: { data: Float32Array; frames: number }) => number): number {
  let sum = 0;
  for (let i = 0; i < INFANTS; i++) sum += measure(normalised(cls, 100 + i));
  return sum / INFANTS;
}

const LIMB_JOINTS = [13, 16, 18, 20, 22, 14, 17, 19, 21, 23, 1, 4, 7, 10, 2, 5, 8, 11];
const LEFT = [13, 16, 18, 20, 22, 1, 4, 7, 10];
const RIGHT = [14, 17, 19, 21, 23, 2, 5, 8, 11];

describe("movement classes differ from normal in their documented way", () => {
  it("absent-fidgety: limb movement amplitude is far below fidgety's", () => {
    const normal = meanOver("fidgety", (s) => groupAmplitude(s, LIMB_JOINTS));
    const absent = meanOver("absent-fidgety", (s) => groupAmplitude(s, LIMB_JOINTS));
    expect(absent).toBeLessThan(0.4 * normal);
  });

  it("cramped-synchronised: the four limbs flex and extend together (high cross-limb correlation)", () => {
    const normal = meanOver("fidgety", crossLimbCorrelation);
    const cramped = meanOver("cramped-synchronised", crossLimbCorrelation);
    expect(normal).toBeLessThan(0.35);
    expect(cramped).toBeGreaterThan(0.6);
  });

  it("poor-repertoire: elbow movement concentrates in one frequency", () => {
    const share = (s: { data: Float32Array; frames: number }): number => (peakPowerShare(extension(s, 13, 20)) + peakPowerShare(extension(s, 14, 21))) / 2;
    const normal = meanOver("fidgety", share);
    const poor = meanOver("poor-repertoire", share);
    expect(poor).toBeGreaterThan(0.5);
    expect(poor).toBeGreaterThan(2 * normal);
  });

  it("hemi-asymmetry: the left/right amplitude ratio is far from 1 where fidgety stays near it", () => {
    const imbalance = (s: { data: Float32Array; frames: number }): number => {
      const r = groupAmplitude(s, LEFT) / groupAmplitude(s, RIGHT);
      return Math.max(r, 1 / r);
    };
    expect(meanOver("fidgety", imbalance)).toBeLessThan(1.4);
    // Trunk motion, jitter and per-frame normalisation move the affected side too, so the ratio
    // settles near 1.9 rather than at the 20:1 of the limb gains.
    expect(meanOver("hemi-asymmetry", imbalance)).toBeGreaterThan(1.6);
  });

  it("writhing: slower than fidgety (lower velocity per unit amplitude)", () => {
    const speed = (s: { data: Float32Array; frames: number }): number => {
      const x = series(s, 20, 0);
      let v = 0;
      for (let i = 1; i < x.length; i++) v += Math.abs(x[i]! - x[i - 1]!);
      return v / (x.length - 1) / std(x);
    };
    expect(meanOver("writhing", speed)).toBeLessThan(0.8 * meanOver("fidgety", speed));
  });
});
