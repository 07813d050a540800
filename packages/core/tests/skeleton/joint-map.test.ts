import { describe, expect, it } from "vitest";
import { CENTRAL_JOINTS, JOINT_NAMES_25, JOINT_PARENTS_25, LIMB_GROUPS, SKELETON_BONES_25, mapLandmarksToJoints, mapLandmarkFramesToJoints } from "../../src/skeleton";

/** 33 landmarks with x = i, y = 100 + i, z = -i (exact in float32), all fully visible. */
function landmarks(visibility: (i: number) => number = () => 1): Float32Array {
  const a = new Float32Array(33 * 5);
  for (let i = 0; i < 33; i++) a.set([i, 100 + i, -i, visibility(i), 1], i * 5);
  return a;
}

function joint(out: Float32Array, j: number): number[] {
  return Array.from(out.subarray(j * 3, j * 3 + 3));
}

describe("mapLandmarksToJoints", () => {
  it("takes each single-source joint from its MediaPipe landmark", () => {
    const out = mapLandmarksToJoints(landmarks());
    const single: Record<number, number> = { 1: 23, 2: 24, 4: 25, 5: 26, 7: 27, 8: 28, 10: 31, 11: 32, 13: 11, 14: 12, 15: 0, 18: 13, 19: 14, 20: 15, 21: 16, 22: 19, 23: 20, 24: 0 };
    for (const [j, l] of Object.entries(single)) expect(joint(out, Number(j))).toEqual([l, 100 + l, -l]);
  });

  it("places the trunk joints at the midpoints of hips and shoulders and the upper arms between shoulder and elbow", () => {
    const out = mapLandmarksToJoints(landmarks());
    for (const j of [0, 3]) expect(joint(out, j)).toEqual([23.5, 123.5, -23.5]);
    for (const j of [6, 9, 12]) expect(joint(out, j)).toEqual([11.5, 111.5, -11.5]);
    expect(joint(out, 16)).toEqual([12, 112, -12]);
    expect(joint(out, 17)).toEqual([13, 113, -13]);
  });

  it("marks a joint missing when its landmark's visibility is below 0.3 and keeps one at exactly 0.3", () => {
    const out = mapLandmarksToJoints(landmarks((i) => (i === 27 ? 0.29 : i === 28 ? 0.3 : 1)));
    expect(joint(out, 7).every(Number.isNaN)).toBe(true);
    expect(joint(out, 8)).toEqual([28, 128, -28]);
  });

  it("marks a midpoint joint missing when either of its two landmarks is not visible", () => {
    const out = mapLandmarksToJoints(landmarks((i) => (i === 24 ? 0.1 : 1)));
    for (const j of [0, 2, 3]) expect(joint(out, j).every(Number.isNaN)).toBe(true);
    expect(joint(out, 1)).toEqual([23, 123, -23]);
  });

  it("honours a custom visibility threshold", () => {
    const out = mapLandmarksToJoints(landmarks(() => 0.5), undefined, { visibilityThreshold: 0.6 });
    expect(Array.from(out).every(Number.isNaN)).toBe(true);
  });

  it("writes into the buffer it is given", () => {
    const buffer = new Float32Array(75);
    expect(mapLandmarksToJoints(landmarks(), buffer)).toBe(buffer);
    expect(joint(buffer, 15)).toEqual([0, 100, -0]);
  });

  it("rejects an array that is not 33 x 5 values", () => {
    expect(() => mapLandmarksToJoints(new Float32Array(99))).toThrow(/165/);
  });

  it("maps a sequence frame by frame", () => {
    const seq = new Float32Array(2 * 165);
    seq.set(landmarks(), 0);
    seq.set(landmarks((i) => (i === 0 ? 0 : 1)), 165);
    const out = mapLandmarkFramesToJoints(seq, 2);
    expect(out.length).toBe(150);
    expect(out[15 * 3 + 1]).toBe(100);
    expect(Number.isNaN(out[75 + 15 * 3]!)).toBe(true);
  });

  it("names 25 joints and groups every non-central joint into exactly one limb", () => {
    expect(JOINT_NAMES_25).toHaveLength(25);
    const limbJoints = Object.values(LIMB_GROUPS).flat();
    expect(new Set(limbJoints).size).toBe(limbJoints.length);
    expect([...limbJoints, ...CENTRAL_JOINTS].sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i));
  });
});

describe("SKELETON_BONES_25", () => {
  it("joins all 25 joints in one tree rooted at global, with every limb group a chain from proximal to distal", () => {
    expect(SKELETON_BONES_25).toHaveLength(24);
    const children = new Set(SKELETON_BONES_25.map(([, c]) => c));
    expect(children.size).toBe(24);
    expect(children.has(0)).toBe(false);
    // Every joint reaches the root by its parents, so the drawing has no loose piece.
    for (let j = 0; j < 25; j++) {
      let at = j;
      for (let steps = 0; at !== 0; steps++) {
        expect(steps, JOINT_NAMES_25[j]).toBeLessThan(25);
        at = JOINT_PARENTS_25[at]!;
      }
    }
    for (const chain of Object.values(LIMB_GROUPS)) {
      for (let i = 1; i < chain.length; i++) expect(SKELETON_BONES_25).toContainEqual([chain[i - 1], chain[i]]);
    }
    // Left bones join left joints only, right bones right ones.
    for (const [p, c] of SKELETON_BONES_25) {
      const side = (j: number) => /^(left|right)/.exec(JOINT_NAMES_25[j]!)?.[1];
      if (side(p) && side(c)) expect(side(p)).toBe(side(c));
    }
  });
});
