// Crop-and-resize for the landmark model: the typed-array bilinear loop the pipeline uses
// (subject) against the same rotated crop done inside an onnxruntime graph with GridSample
// (baseline), on a real photo upscaled to the analysed frame sizes. Both must agree before
// any time is reported.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import * as ort from "onnxruntime-node";
import { benchLog, median, parseBenchArgs, printBench } from "../src/bench";
import { cropAndResize, OnnxGraphBuilder, OnnxType, type RgbFrame, type Roi } from "../src/pose";

const SIZE = 256;
const { quick } = parseBenchArgs();
const rounds = quick ? 15 : 100;
const image = fileURLToPath(new URL("../tests/fixtures/messi5.jpg", import.meta.url));

function decode(width: number, height: number): RgbFrame {
  const data = execFileSync("ffmpeg", ["-v", "error", "-i", image, "-vf", `scale=${width}:${height}`, "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], {
    maxBuffer: 1 << 28,
  });
  return { data: new Uint8Array(data), width, height };
}

/** uint8 NHWC frame + sampling grid -> float NHWC crop in [0, 1]. */
function gridSampleModel(): Uint8Array {
  const g = new OnnxGraphBuilder();
  g.input("frame", [1, "h", "w", 3], OnnxType.UINT8);
  g.input("grid", [1, SIZE, SIZE, 2]);
  const f = g.node("Cast", ["frame"], { to: OnnxType.FLOAT });
  const nchw = g.node("Transpose", [f], { perm: [0, 3, 1, 2] });
  const sampled = g.node("GridSample", [nchw, "grid"], { mode: "bilinear", padding_mode: "zeros", align_corners: 0 });
  const nhwc = g.node("Transpose", [sampled], { perm: [0, 2, 3, 1] });
  g.node("Mul", [nhwc, g.floats("k", [], [1 / 255])], {}, "crop");
  g.output("crop", [1, SIZE, SIZE, 3]);
  return g.encode({ graphName: "crop", producer: "p1-pose-crop", opset: 16 });
}

/** GridSample's normalised coordinates of each crop pixel (align_corners=0). */
function fillGrid(grid: Float32Array, roi: Roi, width: number, height: number): void {
  const c = Math.cos(roi.rotation);
  const s = Math.sin(roi.rotation);
  let o = 0;
  for (let v = 0; v < SIZE; v++)
    for (let u = 0; u < SIZE; u++) {
      const dx = ((u + 0.5) / SIZE - 0.5) * roi.width;
      const dy = ((v + 0.5) / SIZE - 0.5) * roi.height;
      grid[o++] = (2 * (roi.cx + dx * c - dy * s)) / width - 1;
      grid[o++] = (2 * (roi.cy + dx * s + dy * c)) / height - 1;
    }
}

async function main(): Promise<void> {
  const session = await ort.InferenceSession.create(gridSampleModel(), { intraOpNumThreads: 1 });
  const sizes: [string, number, number][] = quick ? [["540p", 960, 540]] : [["540p", 960, 540], ["1080p", 1920, 1080]];
  const figures: Record<string, number> = {};
  let worstDiff = 0;
  for (const [label, width, height] of sizes) {
    const frame = decode(width, height);
    const roi: Roi = { cx: width * 0.53, cy: height * 0.55, width: height * 0.9, height: height * 0.9, rotation: 0.35 };
    const out = new Float32Array(SIZE * SIZE * 3);
    const grid = new Float32Array(SIZE * SIZE * 2);
    const frameTensor = new ort.Tensor("uint8", frame.data, [1, height, width, 3]);
    const js = async (): Promise<Float32Array> => cropAndResize(frame, roi, SIZE, 0, 1, out);
    const graph = async (): Promise<Float32Array> => {
      fillGrid(grid, roi, width, height);
      const r = await session.run({ frame: frameTensor, grid: new ort.Tensor("float32", grid, [1, SIZE, SIZE, 2]) });
      return r.crop!.data as Float32Array;
    };
    // Agreement first: a fast wrong crop is a failure.
    const a = (await js()).slice();
    const b = await graph();
    let diff = 0;
    for (let i = 0; i < a.length; i++) diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    worstDiff = Math.max(worstDiff, diff);
    if (!(diff < 1e-3)) throw new Error(`${label}: crops differ by ${diff}`);
    for (let i = 0; i < 5; i++) await Promise.all([js(), graph()]);
    const tj: number[] = [];
    const tg: number[] = [];
    for (let i = 0; i < rounds; i++) {
      let t = performance.now();
      await js();
      tj.push(performance.now() - t);
      t = performance.now();
      await graph();
      tg.push(performance.now() - t);
    }
    figures[`js_loop_${label}_ms`] = median(tj);
    figures[`ort_gridsample_${label}_ms`] = median(tg);
    figures[`ort_vs_js_${label}_ratio`] = median(tg) / median(tj);
    benchLog(`${label}: js ${median(tj).toFixed(2)} ms, ort GridSample ${median(tg).toFixed(2)} ms (max diff ${diff.toExponential(1)})`);
  }
  await session.release();
  printBench("p1-pose-crop", quick, { ...figures, max_abs_diff: worstDiff, rounds });
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
