import { REPLAY_PALETTE } from "@/lib/chart-palette";

/** The side of the infant a joint is on, by its name (leftHand, rightCalf, spine, ...). */
export type BodySide = "left" | "right" | "centre";

/** How the skeleton replay strokes one bone. */
export interface BoneStyle {
  side: BodySide;
  color: string;
  /** Canvas line dash (`setLineDash`); empty for a solid line. */
  dash: number[];
}

/** How the skeleton replay marks one joint. */
export interface JointStyle {
  side: BodySide;
  color: string;
  shape: "circle" | "square";
  /** "L" or "R" drawn beside the hands and feet, so the sides read without their colour. */
  label: "L" | "R" | null;
}

/**
 * The left side's dash. Its gap is wider than it looks: the bones' round caps (3 px wide) eat
 * 1.5 px of each gap at both ends, leaving about 8 px drawn and 4 px open.
 */
const LEFT_DASH = [5, 7];

/** The joints the "L" and "R" labels go beside: the ends of the limbs, where they move most. */
const LABELLED_JOINTS = new Set(["leftHand", "rightHand", "leftFoot", "rightFoot"]);

/** The side a joint is on, by the prefix of its name; unnamed and trunk joints are the centre. */
export function bodySide(jointName: string | undefined): BodySide {
  if (jointName?.startsWith("left")) return "left";
  if (jointName?.startsWith("right")) return "right";
  return "centre";
}

/**
 * The style of the bone from `parent` to `child` (joint names). A bone belongs to the side of the
 * joint it leads to (neck to leftShoulder is the left's), else of the one it leaves. Left bones
 * are dashed and right ones solid, so that the sides differ by more than their hue (WCAG 2.1 SC
 * 1.4.1, for colour-blind readers, to whom the blue and the pink can look alike).
 */
export function boneStyle(parent: string | undefined, child: string | undefined): BoneStyle {
  const childSide = bodySide(child);
  const side = childSide === "centre" ? bodySide(parent) : childSide;
  return { side, color: REPLAY_PALETTE[side], dash: side === "left" ? LEFT_DASH : [] };
}

/** The style of a joint: left joints are squares, the others circles; hands and feet get L or R. */
export function jointStyle(jointName: string | undefined): JointStyle {
  const side = bodySide(jointName);
  const label = jointName && LABELLED_JOINTS.has(jointName) ? (side === "left" ? "L" : "R") : null;
  return { side, color: REPLAY_PALETTE[side], shape: side === "left" ? "square" : "circle", label };
}

/** The replay's legend: which side is which style, in words (the canvas itself has none). */
export const SKELETON_LEGEND = "left limbs blue, dashed, square joints (L); right limbs pink, solid, round joints (R)";
