import { expect, test, type Locator } from "@playwright/test";
import { REPLAY_BACKGROUND, REPLAY_PALETTE } from "../../apps/dashboard/src/lib/chart-palette";
import { canvasPixels, colourDistance, describePixel, pixelAt, rgb, screenPixels, type Pixels } from "./canvas-pixels";
import { analyseKeypoints, createAccount, graphqlSession, signIn } from "./helpers";

// What the skeleton replay draws, read back from its canvas in Chromium: an analysis of a
// keypoint file written here (a still figure that raises its right arm half-way through), so
// that where every joint must appear on the canvas follows from the file itself.

/** The 25 joints in the order a `joints-25` keypoint file lists them (MINI-RGBD's). */
const JOINTS = [
  "global", "leftThigh", "rightThigh", "spine", "leftCalf", "rightCalf", "spine1", "leftFoot", "rightFoot", "spine2", "leftToes", "rightToes", "neck",
  "leftShoulder", "rightShoulder", "head", "leftUpperArm", "rightUpperArm", "leftForeArm", "rightForeArm", "leftHand", "rightHand", "leftFingers", "rightFingers", "noseVertex",
] as const;
type Joint = (typeof JOINTS)[number];
type Point = [number, number];
type Side = "left" | "right" | "centre";

/**
 * The figure with its arms down, in the file's units (z is 0 throughout). Pelvis (global) to neck
 * points along +y, as the pipeline's normalisation turns every frame, so that it is not turned;
 * the toes and the nose span the bounding box; the left side has negative x.
 */
const ARMS_DOWN: Record<Joint, Point> = {
  global: [0, -0.05], spine: [0, 0.05], spine1: [0, 0.13], spine2: [0, 0.21], neck: [0, 0.29], head: [0, 0.4], noseVertex: [0, 0.55],
  leftThigh: [-0.08, -0.08], leftCalf: [-0.25, -0.33], leftFoot: [-0.3, -0.55], leftToes: [-0.5, -0.6],
  rightThigh: [0.08, -0.08], rightCalf: [0.25, -0.33], rightFoot: [0.3, -0.55], rightToes: [0.5, -0.6],
  leftShoulder: [-0.1, 0.27], leftUpperArm: [-0.2, 0.22], leftForeArm: [-0.33, 0.1], leftHand: [-0.42, -0.02], leftFingers: [-0.45, -0.1],
  rightShoulder: [0.1, 0.27], rightUpperArm: [0.2, 0.22], rightForeArm: [0.33, 0.1], rightHand: [0.42, -0.02], rightFingers: [0.45, -0.1],
};

/** The same figure with its right arm raised, inside the same bounding box. */
const RIGHT_ARM_RAISED: Record<Joint, Point> = { ...ARMS_DOWN, rightForeArm: [0.3, 0.36], rightHand: [0.3, 0.47], rightFingers: [0.34, 0.52] };

/** 10.4 s at 25 fps (the analysis rate, so nothing is resampled): the shortest recording analysed is 10 s. */
const FPS = 25;
const FRAME_COUNT = 260;
/** The first frame with the arm raised. */
const RAISED_FROM = 130;

/** The keypoint file the analysis is made of. */
function keypointFile(): string {
  const frames = Array.from({ length: FRAME_COUNT }, (_, f) => JOINTS.map((name) => [...(f < RAISED_FROM ? ARMS_DOWN : RIGHT_ARM_RAISED)[name], 0]));
  return JSON.stringify({ format: "joints-25", fps: FPS, frames });
}

/** The pose at a frame; the analysis smooths over 3 frames, so the frames next to the change are a blend and never checked. */
function poseAt(frame: number): Record<Joint, Point> {
  if (frame <= RAISED_FROM - 3) return ARMS_DOWN;
  if (frame >= RAISED_FROM + 2) return RIGHT_ARM_RAISED;
  throw new Error(`frame ${frame} blends both poses; check a frame away from ${RAISED_FROM}`);
}

/**
 * Where the replay draws a point of the file, restated from what the player promises rather than
 * imported from it, so that a wrong mapping cannot check itself. The pipeline normalises each
 * frame by one similarity (turned so that pelvis -> neck is +y, centred on and scaled by the
 * frame's bounding box); here no frame is turned and every frame has the same box, so every frame
 * gets the same shift and scale. The replay fits the whole sequence's bounds into 85 % of the
 * canvas, centred, one scale for both axes, and turns it half a turn (head up, the infant's left
 * on the viewer's right); the normalisation's shift and scale cancel in that fit, so the file's own
 * coordinates say where each joint lands.
 */
function canvasLayout(width: number, height: number): (p: Point) => Point {
  const all = [ARMS_DOWN, RIGHT_ARM_RAISED].flatMap((pose) => Object.values(pose));
  const [minX, maxX] = [Math.min(...all.map((p) => p[0])), Math.max(...all.map((p) => p[0]))];
  const [minY, maxY] = [Math.min(...all.map((p) => p[1])), Math.max(...all.map((p) => p[1]))];
  const scale = 0.85 * Math.min(width / (maxX - minX), height / (maxY - minY));
  const left = (width - scale * (maxX - minX)) / 2;
  const top = (height - scale * (maxY - minY)) / 2;
  return ([x, y]) => [left + scale * (maxX - x), top + scale * (maxY - y)];
}

// The replay's styles (lib/skeleton-style.ts), restated: a joint's side by its name; a bone's by
// the joint it leads to, else the one it leaves; left joints 7 px squares, others circles of 3.5 px
// radius; bones 3 px wide, left ones dashed; "L" or "R" beside the hands and feet, outward.
const sideOf = (name: string): Side => (name.startsWith("left") ? "left" : name.startsWith("right") ? "right" : "centre");
const JOINT_HALF_SIZE = 3.5;
const LABELLED = new Set<string>(["leftHand", "rightHand", "leftFoot", "rightFoot"]);
const PALETTE = { left: rgb(REPLAY_PALETTE.left), right: rgb(REPLAY_PALETTE.right), centre: rgb(REPLAY_PALETTE.centre) };

/** What one frame should look like on the canvas. */
interface ExpectedDrawing {
  joints: { name: Joint; side: Side; at: Point }[];
  bones: { name: string; side: Side; from: Point; to: Point }[];
  /** Where the L and R labels may be: beside the hands and feet, outward from the middle. */
  labels: { x0: number; x1: number; y0: number; y1: number }[];
  /** The joints that are elsewhere in the other pose, where they are there. */
  movedAway: { name: Joint; at: Point }[];
}

function expectedDrawing(frame: number, bones: [number, number][], width: number, height: number): ExpectedDrawing {
  const toCanvas = canvasLayout(width, height);
  const pose = poseAt(frame);
  const other = pose === ARMS_DOWN ? RIGHT_ARM_RAISED : ARMS_DOWN;
  const joints = JOINTS.map((name) => ({ name, side: sideOf(name), at: toCanvas(pose[name]) }));
  return {
    joints,
    bones: bones.map(([p, c]) => {
      const [parent, child] = [JOINTS[p]!, JOINTS[c]!];
      return { name: `${parent}-${child}`, side: sideOf(child) === "centre" ? sideOf(parent) : sideOf(child), from: toCanvas(pose[parent]), to: toCanvas(pose[child]) };
    }),
    labels: joints
      .filter((j) => LABELLED.has(j.name))
      .map(({ at: [x, y] }) => (x < width / 2 ? { x0: x - 24, x1: x - 5, y0: y - 10, y1: y + 10 } : { x0: x + 5, x1: x + 24, y0: y - 10, y1: y + 10 })),
    movedAway: JOINTS.filter((name) => other[name][0] !== pose[name][0] || other[name][1] !== pose[name][1]).map((name) => ({ name, at: toCanvas(other[name]) })),
  };
}

function distanceToSegment([px, py]: Point, [ax, ay]: Point, [bx, by]: Point): number {
  const [dx, dy] = [bx - ax, by - ay];
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy || 1)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** How far a point is from everything the frame draws but its labels. */
function distanceToDrawing(p: Point, drawing: ExpectedDrawing): number {
  return Math.min(...drawing.bones.map((b) => distanceToSegment(p, b.from, b.to)), ...drawing.joints.map((j) => Math.hypot(p[0] - j.at[0], p[1] - j.at[1])));
}

const inLabel = ([x, y]: Point, drawing: ExpectedDrawing) => drawing.labels.some((l) => x >= l.x0 && x <= l.x1 && y >= l.y0 && y <= l.y1);

/** The palette side a pixel's colour is (within 40 of one), "other" for any other colour. */
function paletteSide(pixel: readonly number[]): Side | "other" {
  const [side, distance] = (Object.entries(PALETTE) as [Side, number[]][]).map(([s, c]) => [s, colourDistance(pixel, c)] as const).sort((a, b) => a[1] - b[1])[0]!;
  return distance <= 40 ? side : "other";
}

/** Share of pixel (i, j) a joint's mark covers (8 x 8 samples), for its shape. */
function markCoverage(shape: "square" | "circle", [cx, cy]: Point, i: number, j: number): number {
  let inside = 0;
  for (let a = 0; a < 8; a++) {
    for (let b = 0; b < 8; b++) {
      const [dx, dy] = [i + (a + 0.5) / 8 - cx, j + (b + 0.5) / 8 - cy];
      if (shape === "square" ? Math.max(Math.abs(dx), Math.abs(dy)) <= JOINT_HALF_SIZE : dx * dx + dy * dy <= JOINT_HALF_SIZE ** 2) inside++;
    }
  }
  return inside / 64;
}

/** Empty-canvas probes: every 16 px, those more than 10 px from anything drawn and off the labels. */
function emptyProbes(drawing: ExpectedDrawing, width: number, height: number): Point[] {
  const probes: Point[] = [];
  for (let y = 8; y < height; y += 16) for (let x = 8; x < width; x += 16) if (distanceToDrawing([x, y], drawing) > 10 && !inLabel([x, y], drawing)) probes.push([x, y]);
  return probes;
}

/** What is wrong with the canvas's pixels for `frame`: nothing when it shows the frame as it should. */
function drawingProblems(image: Pixels, frame: number, skeleton: [number, number][]): string[] {
  const drawing = expectedDrawing(frame, skeleton, image.width, image.height);
  const problems: string[] = [];
  const around = ([x, y]: Point, r: number) => Array.from({ length: (2 * r + 1) ** 2 }, (_, k) => pixelAt(image, x + (k % (2 * r + 1)) - r, y + Math.floor(k / (2 * r + 1)) - r));
  const at = ([x, y]: Point) => `(${x.toFixed(1)}, ${y.toFixed(1)})`;

  // Each joint: its mark, in its side's colour, covers the 3 x 3 pixels at its position.
  for (const joint of drawing.joints) {
    const wrong = around(joint.at, 1).find((p) => p[3] < 200 || paletteSide(p) !== joint.side);
    if (wrong) problems.push(`${joint.name}: no ${joint.side} mark at ${at(joint.at)} (found ${describePixel(wrong)})`);
  }

  // Each joint's shape, from the pixels of its mark that no bone or label touches: the ink there
  // must be what a square (left) or a circle (others) covers, nearer that than the other shape.
  const shapesSeen = { left: 0, right: 0, centre: 0 };
  for (const joint of drawing.joints) {
    const sums = { ink: 0, square: 0, circle: 0 };
    const [ci, cj] = [Math.floor(joint.at[0]), Math.floor(joint.at[1])];
    for (let j = cj - 6; j <= cj + 6; j++) {
      for (let i = ci - 6; i <= ci + 6; i++) {
        const centre: Point = [i + 0.5, j + 0.5];
        if (drawing.bones.some((b) => distanceToSegment(centre, b.from, b.to) < 2.5) || inLabel(centre, drawing)) continue;
        sums.ink += pixelAt(image, i, j)[3] / 255;
        sums.square += markCoverage("square", joint.at, i, j);
        sums.circle += markCoverage("circle", joint.at, i, j);
      }
    }
    // Where the bones hide most of the corners, the shapes cannot be told apart.
    if (Math.abs(sums.square - sums.circle) < 0.8) continue;
    shapesSeen[joint.side]++;
    const shape = Math.abs(sums.ink - sums.square) < Math.abs(sums.ink - sums.circle) ? "square" : "circle";
    const expected = joint.side === "left" ? "square" : "circle";
    if (shape !== expected) problems.push(`${joint.name}: drawn as a ${shape}, not a ${expected} (ink ${sums.ink.toFixed(1)} px, a square ${sums.square.toFixed(1)}, a circle ${sums.circle.toFixed(1)})`);
  }
  if (shapesSeen.left < 2 || shapesSeen.right < 2) throw new Error(`the figure shows too few joint shapes clearly (${JSON.stringify(shapesSeen)}): move the joints apart`);

  // Each bone, along its middle (8 px clear of its joints, off other bones and the labels): in its
  // side's colour; a left bone broken into dashes, any other unbroken.
  const dashesChecked = { left: 0, solid: 0 };
  for (const bone of drawing.bones) {
    const [dx, dy] = [bone.to[0] - bone.from[0], bone.to[1] - bone.from[1]];
    const length = Math.hypot(dx, dy);
    const [ux, uy] = [dx / length, dy / length];
    const marks: boolean[] = [];
    let offColour: string | undefined;
    for (let s = 8; s <= length - 8; s++) {
      const q: Point = [bone.from[0] + ux * s, bone.from[1] + uy * s];
      if (inLabel(q, drawing) || drawing.bones.some((b) => b !== bone && distanceToSegment(q, b.from, b.to) < 4)) continue;
      // Across the line (it is 3 px wide, anti-aliased), the strongest pixel.
      const pixel = [-1, 0, 1].map((n) => pixelAt(image, q[0] - uy * n, q[1] + ux * n)).sort((a, b) => b[3] - a[3])[0]!;
      const inked = pixel[3] >= 128;
      marks.push(inked);
      if (inked && paletteSide(pixel) !== bone.side) offColour ??= `${describePixel(pixel)} at ${at(q)}`;
    }
    if (marks.length < 6) continue;
    if (offColour) problems.push(`bone ${bone.name}: not ${bone.side} (found ${offColour})`);
    const share = marks.filter(Boolean).length / marks.length;
    const gaps = marks.map((m) => (m ? "x" : ".")).join("").match(/\.{2,}/g)?.length ?? 0;
    const pattern = marks.map((m) => (m ? "x" : ".")).join("");
    if (bone.side === "left") {
      if (marks.length < 24) continue;
      dashesChecked.left++;
      if (gaps < 2 || share < 0.35 || share > 0.9) problems.push(`bone ${bone.name}: not dashed (${pattern})`);
    } else {
      dashesChecked.solid++;
      if (gaps > 0 || share < 0.95) problems.push(`bone ${bone.name}: not solid (${pattern})`);
    }
  }
  if (dashesChecked.left < 3 || dashesChecked.solid < 3) throw new Error(`the figure has too few long bones to see their dashes (${JSON.stringify(dashesChecked)})`);

  // Nothing anywhere else: every probe away from the figure, and where the joints that move are
  // in the other pose, is untouched (transparent: the canvas's CSS background shows through).
  const moved = drawing.movedAway.filter((m) => distanceToDrawing(m.at, drawing) > 10);
  if (moved.length === 0) throw new Error("no moved joint is clear of the figure in the other pose");
  const probes = emptyProbes(drawing, image.width, image.height);
  if (probes.length < 100) throw new Error(`only ${probes.length} empty places to probe`);
  const drawnWhereNothingIs = [...moved.map((m) => ({ what: `where ${m.name} is in the other pose`, p: m.at })), ...probes.map((p) => ({ what: "away from the figure", p }))]
    .map(({ what, p }) => ({ what, p, pixel: around(p, 1).find((px) => px[3] > 2) }))
    .filter((x) => x.pixel);
  if (drawnWhereNothingIs.length > 0) {
    problems.push(
      `drawn at ${drawnWhereNothingIs.length} places where nothing is: ${drawnWhereNothingIs
        .slice(0, 6)
        .map((x) => `${x.what} ${at(x.p)} ${describePixel(x.pixel!)}`)
        .join("; ")}`,
    );
  }
  return problems;
}

/** Waits until the canvas says it shows `frame` and its pixels show it as they should. */
async function expectFrameDrawn(canvas: Locator, frame: number, skeleton: [number, number][]): Promise<void> {
  await expect(canvas).toHaveAttribute("data-frame", String(frame));
  // The player draws in an effect after the render that set the attribute: allow it a moment.
  await expect.poll(async () => drawingProblems(await canvasPixels(canvas), frame, skeleton), { message: `what the canvas draws for frame ${frame}`, timeout: 5_000 }).toEqual([]);
}

test("the skeleton replay draws the analysed joints where the keypoints put them, left dashed with squares, right solid with circles, and follows the slider and Play", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const clinician = await createAccount(baseURL!, "CLINICIAN");
  const session = await graphqlSession(baseURL!, clinician.email, clinician.password);
  let id: string;
  let skeleton: [number, number][];
  try {
    ({ id } = await analyseKeypoints(session, keypointFile()));
    // The skeleton the dashboard draws with, as the API sends it: the file's joints in its order.
    const response = await session.context.get(`/analyses/${id}/keypoints`);
    expect(response.status()).toBe(200);
    expect(response.headers()["x-skeleton-joints"]).toBe(JOINTS.join(","));
    skeleton = response.headers()["x-skeleton-bones"]!.split(",").map((pair) => pair.split("-").map(Number) as [number, number]);
    expect(skeleton.length).toBeGreaterThanOrEqual(20);
  } finally {
    await session.context.dispose();
  }

  await signIn(page, clinician.email, clinician.password);
  await page.goto(`/analyses/${id}`);
  const canvas = page.getByTestId("skeleton-canvas");
  await expect(canvas).toHaveAttribute("data-state", "ready", { timeout: 15_000 });
  await expect(canvas).toHaveAttribute("data-frames", String(FRAME_COUNT));

  // The first frame, arms down.
  await expectFrameDrawn(canvas, 0, skeleton);
  // On screen, the places nothing is drawn on show the replay's dark background.
  const [image, screen] = [await canvasPixels(canvas), await screenPixels(page, canvas)];
  const ratio = screen.width / image.width;
  const background = emptyProbes(expectedDrawing(0, skeleton, image.width, image.height), image.width, image.height)
    // Clear of the rounded corners.
    .filter(([x, y]) => x > 10 && y > 10 && x < image.width - 10 && y < image.height - 10)
    .map(([x, y]) => pixelAt(screen, x * ratio, y * ratio));
  expect(background.length).toBeGreaterThan(50);
  expect(background.filter((p) => colourDistance(p, rgb(REPLAY_BACKGROUND)) > 6).map(describePixel)).toEqual([]);

  // The slider to its end: the last frame, right arm raised.
  const slider = page.getByRole("slider", { name: "position" });
  await slider.focus();
  await page.keyboard.press("End");
  await expectFrameDrawn(canvas, FRAME_COUNT - 1, skeleton);

  // Play from the end starts over (arms down again); paused, the canvas shows the frame it stopped at.
  await page.getByRole("button", { name: "Play" }).click();
  await expect.poll(async () => Number(await canvas.getAttribute("data-frame")), { timeout: 5_000 }).toBeLessThan(RAISED_FROM - 10);
  await page.getByRole("button", { name: "Pause" }).click();
  await expect(page.getByRole("button", { name: "Play" })).toBeVisible();
  const stopped = Number(await canvas.getAttribute("data-frame"));
  expect(stopped).toBeLessThan(RAISED_FROM - 3);
  await expectFrameDrawn(canvas, stopped, skeleton);
});
