import { JOINT_NAMES_25, SKELETON_BONES_25 } from "@gma/core";
import { describe, expect, it } from "vitest";
import { REPLAY_PALETTE } from "@/lib/chart-palette";
import { bodySide, boneStyle, jointStyle, SKELETON_LEGEND } from "@/lib/skeleton-style";

/** Everything but the colour: what a reader who cannot tell the hues apart still sees. */
const withoutColour = ({ color: _color, ...rest }: { color: string }) => rest;

describe("the skeleton replay's styles", () => {
  it("puts a joint on the side its name starts with, and unnamed or trunk joints in the centre", () => {
    expect(bodySide("leftFoot")).toBe("left");
    expect(bodySide("rightShoulder")).toBe("right");
    expect(bodySide("spine1")).toBe("centre");
    expect(bodySide(undefined)).toBe("centre");
  });

  it("gives a bone the side of the joint it leads to, else of the one it leaves", () => {
    expect(boneStyle("neck", "leftShoulder").side).toBe("left");
    expect(boneStyle("rightForeArm", "rightHand").side).toBe("right");
    expect(boneStyle("spine", "spine1").side).toBe("centre");
    expect(boneStyle("leftHand", "joint 7").side).toBe("left");
  });

  it("draws left bones dashed and right ones solid, each in its side's colour", () => {
    const left = boneStyle("leftCalf", "leftFoot");
    const right = boneStyle("rightCalf", "rightFoot");
    expect(left.dash.length).toBeGreaterThan(0);
    expect(right.dash).toEqual([]);
    expect([left.color, right.color]).toEqual([REPLAY_PALETTE.left, REPLAY_PALETTE.right]);
  });

  it("tells every left bone and joint of the real skeleton from its right twin by more than its colour", () => {
    const name = (j: number) => JOINT_NAMES_25[j];
    const bones = SKELETON_BONES_25.map(([p, c]) => boneStyle(name(p), name(c)));
    const joints = JOINT_NAMES_25.map((j) => jointStyle(j));
    for (const styles of [bones, joints] as { side: string; color: string }[][]) {
      // What is drawn, without the colour and the side itself (which is not drawn).
      const drawn = ({ side: _side, ...rest }: { side: string; color: string }) => JSON.stringify(withoutColour(rest));
      const looks = (side: string) => new Set(styles.filter((s) => s.side === side).map(drawn));
      const [left, right] = [looks("left"), looks("right")];
      expect(left.size).toBeGreaterThan(0);
      expect([...left].filter((l) => right.has(l))).toEqual([]);
    }
  });

  it("marks left joints as squares and right ones as circles, with L and R at the hands and feet only", () => {
    expect(withoutColour(jointStyle("leftHand"))).toEqual({ side: "left", shape: "square", label: "L" });
    expect(withoutColour(jointStyle("rightFoot"))).toEqual({ side: "right", shape: "circle", label: "R" });
    expect(jointStyle("leftCalf").label).toBeNull();
    expect(jointStyle("head")).toMatchObject({ shape: "circle", label: null, color: REPLAY_PALETTE.centre });
  });

  it("says in its legend which side is which style", () => {
    expect(SKELETON_LEGEND).toMatch(/left limbs[^;]*dashed[^;]*square/);
    expect(SKELETON_LEGEND).toMatch(/right limbs[^;]*solid[^;]*round/);
  });
});
