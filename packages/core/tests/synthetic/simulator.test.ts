import { describe, expect, it } from "vitest";
import { Prng, bandLimitedDrive, simulateInfant, MOVEMENT_CLASS_NAMES } from "../../src/synthetic";

describe("simulateInfant", () => {
  it("produces the same sequence bit for bit from the same seed", () => {
    const a = simulateInfant({ seed: 42, movementClass: "fidgety", durationS: 4 });
    const b = simulateInfant({ seed: 42, movementClass: "fidgety", durationS: 4 });
    expect(Buffer.from(a.sequence.data.buffer).equals(Buffer.from(b.sequence.data.buffer))).toBe(true);
    expect(a.ageWeeks).toBe(b.ageWeeks);
  });

  it("produces a different sequence from a different seed", () => {
    const a = simulateInfant({ seed: 1, movementClass: "fidgety", durationS: 4, dropouts: false });
    const b = simulateInfant({ seed: 2, movementClass: "fidgety", durationS: 4, dropouts: false });
    let diff = 0;
    for (let i = 0; i < a.sequence.data.length; i++) diff += Math.abs(a.sequence.data[i]! - b.sequence.data[i]!);
    expect(diff / a.sequence.data.length).toBeGreaterThan(1e-3);
  });

  it("delivers 25 joints per frame at 25 fps with the 33 -> 25 mapping's shared joints equal", () => {
    const sim = simulateInfant({ seed: 3, movementClass: "writhing", durationS: 2, dropouts: false });
    expect(sim.sequence.fps).toBe(25);
    expect(sim.sequence.frameCount).toBe(50);
    expect(sim.sequence.data.length).toBe(50 * 75);
    expect(sim.sequence.data.every(Number.isFinite)).toBe(true);
    // global and spine are both mid-hips; neck, spine1, spine2 mid-shoulders; head and noseVertex the nose.
    for (const [a, b] of [[0, 3], [6, 12], [9, 12], [15, 24]] as const) {
      for (let axis = 0; axis < 3; axis++) expect(sim.sequence.data[a * 3 + axis]).toBe(sim.sequence.data[b * 3 + axis]);
    }
  });

  it("simulates tracking dropouts as missing joints when dropouts are on", () => {
    let missing = 0;
    for (let seed = 0; seed < 6; seed++) {
      const sim = simulateInfant({ seed, movementClass: "fidgety", durationS: 20 });
      missing += sim.sequence.data.filter(Number.isNaN).length;
    }
    expect(missing).toBeGreaterThan(0);
    const clean = simulateInfant({ seed: 0, movementClass: "fidgety", durationS: 20, dropouts: false });
    expect(clean.sequence.data.some(Number.isNaN)).toBe(false);
  });

  it("samples ages from each class's range and labels anomaly classes as anomalies", () => {
    for (const name of MOVEMENT_CLASS_NAMES) {
      const sim = simulateInfant({ seed: 5, movementClass: name, durationS: 1 });
      expect(sim.label).toBe(name === "fidgety" || name === "writhing" ? "normal" : "anomaly");
      if (name === "fidgety") expect(sim.ageWeeks).toBeGreaterThanOrEqual(9);
      if (name === "writhing") expect(sim.ageWeeks).toBeLessThan(9);
    }
  });

  it("rejects an unknown class and a non-positive duration with messages that say what is wrong", () => {
    expect(() => simulateInfant({ seed: 1, movementClass: "dancing" as never })).toThrow(/movementClass must be one of/);
    expect(() => simulateInfant({ seed: 1, movementClass: "fidgety", durationS: 0 })).toThrow(/durationS/);
  });
});

describe("bandLimitedDrive", () => {
  it("has about unit rms and no energy far above its band", () => {
    const rng = new Prng(9);
    const x = bandLimitedDrive(rng, { frames: 2500, fps: 25, lowHz: 0.5, highHz: 2 });
    const rms = Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);
    expect(rms).toBeGreaterThan(0.5);
    expect(rms).toBeLessThan(1.6);
    // A 2 Hz-limited signal at 25 fps changes by at most 2*pi*2/25 of its peak per frame.
    let peak = 0;
    let step = 0;
    for (let i = 0; i < x.length; i++) peak = Math.max(peak, Math.abs(x[i]!));
    for (let i = 1; i < x.length; i++) step = Math.max(step, Math.abs(x[i]! - x[i - 1]!));
    expect(step / peak).toBeLessThan(((2 * Math.PI * 2) / 25) * 1.01);
  });

  it("rejects a band above the Nyquist frequency", () => {
    expect(() => bandLimitedDrive(new Prng(1), { frames: 10, fps: 25, lowHz: 1, highHz: 13 })).toThrow(/fps\/2/);
  });
});
