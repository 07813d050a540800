// p2-ae-runtime: the shipped anomaly autoencoder's fp32 weights in onnxruntime-node (the
// serving path: denormals flushed) against PyTorch eager (Debian's python3-torch run by
// /usr/bin/python3, the weights loaded from the same ONNX file) in one run, interleaved.
// Outputs are checked equal first (max abs difference <= 1e-4); then windows/s at batch 1 and
// 64 in both runtimes, and the roofline: windows/s at batch 64 x FLOPs per window / the FLOP/s
// of a 512 x 512 float32 matrix multiply measured in the same run (the faster of OpenBLAS via
// torch.mm and onnxruntime's MatMul, so the roofline is never flattered).
//
// FLOPs per window are the model card's `architecture.flopsPerWindow`, from training's
// `flops_per_window`: 2 x the multiply-adds of the LSTM gate matrices (both encoder directions
// and the decoder), the attention's Q/K/V and output projections and its score and value
// products, the latent and output linears; activations, softmax and LayerNorm are not counted.
//
// Where the card has an int8 variant (dynamic quantisation, the CPU's served file) it is timed in
// the same rounds: `int8_vs_fp32_b1`/`_b64` and its own `batch64_vs_batch1_per_window_int8`. The
// goal figures stay on float32, the weights PyTorch runs too.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import * as ort from "onnxruntime-node";
import { autoencoderSessionOptions, loadModelCard, modelFilePath } from "../src/anomaly";
import { benchLog, median, parseBenchArgs, printBench } from "../src/bench";
import { OnnxGraphBuilder } from "../src/pose";
import { prepareWindows } from "../src/skeleton";
import { simulateInfant } from "../src/synthetic";
import { DEFAULT_ANOMALY_MODEL_DIR } from "../src/pipeline";

const { quick } = parseBenchArgs();
const PYTHON = "/usr/bin/python3";
const TRAINING_DIR = fileURLToPath(new URL("../../../training/", import.meta.url));
const rounds = quick ? 3 : 7;
const runsPerSample = { 1: quick ? 20 : 100, 64: quick ? 3 : 12 } as const;
const TOLERANCE = 1e-4;
/** Largest output difference the int8 variant may have from float32 (stated in the shipped-model test too). */
const INT8_TOLERANCE = 0.05;

// The Python side: a small server on stdin/stdout, so that its timings interleave with ours.
const PY = String.raw`
import json, os, sys, time
import numpy as np
sys.path.insert(0, sys.argv[1])
import torch, onnx
from onnx import numpy_helper
from gma_training.model import ModelConfig, MovementAutoencoder

torch.set_flush_denormal(True)
torch.set_num_threads(os.cpu_count() or 1)
torch.set_grad_enabled(False)

def reply(obj):
    sys.stdout.write(json.dumps(obj) + "\n"); sys.stdout.flush()

def lstm_from_onnx(lstm, W, R, B):
    # ONNX gates i, o, f, c; PyTorch i, f, g(c), o.
    def reorder(m):
        i, o, f, c = np.split(m, 4, axis=0)
        return np.concatenate([i, f, c, o], axis=0)
    for d in range(W.shape[0]):
        sfx = "_l0" + ("_reverse" if d == 1 else "")
        h4 = W.shape[1]
        getattr(lstm, "weight_ih" + sfx).copy_(torch.from_numpy(reorder(W[d])))
        getattr(lstm, "weight_hh" + sfx).copy_(torch.from_numpy(reorder(R[d])))
        getattr(lstm, "bias_ih" + sfx).copy_(torch.from_numpy(reorder(B[d][:h4])))
        getattr(lstm, "bias_hh" + sfx).copy_(torch.from_numpy(reorder(B[d][h4:])))

def load(onnx_path, arch):
    keys = set(ModelConfig.__dataclass_fields__)
    model = MovementAutoencoder(ModelConfig(**{k: v for k, v in arch.items() if k in keys})).eval()
    g = onnx.load(onnx_path).graph
    init = {i.name: numpy_helper.to_array(i).copy() for i in g.initializer}
    params = dict(model.named_parameters())
    loaded = set()
    for name, value in init.items():
        if name in params:
            params[name].copy_(torch.from_numpy(value)); loaded.add(name)
    for node in g.node:
        prefix = node.name.split("/")[1] if node.name.startswith("/") else ""
        if node.op_type == "LSTM":
            W, R, B = (init[n] for n in node.input[1:4])
            lstm_from_onnx(getattr(model, prefix), W, R, B)
            loaded.update(n for n in params if n.startswith(prefix + ".weight") or n.startswith(prefix + ".bias"))
        elif node.op_type == "MatMul" and node.input[1] in init:
            target = "attention.in_proj_weight" if prefix == "attention" else prefix + ".weight"
            params[target].copy_(torch.from_numpy(init[node.input[1]].T.copy())); loaded.add(target)
    missing = sorted(set(params) - loaded)
    if missing: raise RuntimeError("parameters not found in the ONNX file: " + ", ".join(missing))
    return model

def blas():
    for p in ["/usr/lib/x86_64-linux-gnu/libblas.so.3", "/usr/lib/aarch64-linux-gnu/libblas.so.3"]:
        if os.path.exists(p): return os.path.realpath(p)
    return "unknown"

model = None
for line in sys.stdin:
    cmd = json.loads(line)
    try:
        if cmd["op"] == "load":
            model = load(cmd["onnx"], cmd["arch"])
            reply({"ok": True, "torch": torch.__version__, "threads": torch.get_num_threads(), "blas": blas()})
        elif cmd["op"] == "check":
            x = np.fromfile(cmd["input"], dtype=np.float32).reshape(-1, 30, 75)
            y = model(torch.from_numpy(x)).numpy().astype(np.float32)
            y.tofile(cmd["output"])
            reply({"ok": True})
        elif cmd["op"] == "time":
            x = torch.from_numpy(np.fromfile(cmd["input"], dtype=np.float32).reshape(-1, 30, 75)[: cmd["batch"]].copy())
            model(x)
            t = time.perf_counter()
            for _ in range(cmd["runs"]): model(x)
            reply({"ok": True, "ms": (time.perf_counter() - t) * 1000 / cmd["runs"]})
        elif cmd["op"] == "matmul":
            a = torch.randn(512, 512); b = torch.randn(512, 512)
            for _ in range(3): torch.mm(a, b)
            best = float("inf")
            for _ in range(cmd["samples"]):
                t = time.perf_counter()
                for _ in range(cmd["runs"]): torch.mm(a, b)
                best = min(best, (time.perf_counter() - t) / cmd["runs"])
            reply({"ok": True, "gflops": 2 * 512 ** 3 / best / 1e9})
    except Exception as e:
        reply({"ok": False, "error": repr(e)})
`;

class PythonWorker {
  // PASSIVE: PyTorch's OpenMP threads sleep when idle instead of spinning on. Left spinning
  // they took the cores from onnxruntime's next sample, which made ort b1 swing between 0.17
  // and 0.42 ms from round to round.
  private readonly child = spawn(PYTHON, ["-c", PY, TRAINING_DIR], { stdio: ["pipe", "pipe", "inherit"], env: { ...process.env, OMP_WAIT_POLICY: process.env.OMP_WAIT_POLICY ?? "PASSIVE" } });
  private readonly lines = createInterface({ input: this.child.stdout })[Symbol.asyncIterator]();

  async call<T extends object>(cmd: object): Promise<T & { ok: true }> {
    this.child.stdin.write(`${JSON.stringify(cmd)}\n`);
    const next = await this.lines.next();
    if (next.done) throw new Error(`${PYTHON} exited (code ${this.child.exitCode})`);
    const reply = JSON.parse(next.value) as T & { ok: boolean; error?: string };
    if (!reply.ok) throw new Error(`PyTorch side failed: ${reply.error}`);
    return reply as T & { ok: true };
  }

  close(): void {
    this.child.stdin.end();
    this.child.kill();
  }
}

async function torchAvailable(): Promise<boolean> {
  return new Promise((resolve) => {
    const p = spawn(PYTHON, ["-c", "import torch, onnx"], { stdio: "ignore" });
    p.on("error", () => resolve(false));
    p.on("close", (code) => resolve(code === 0));
  });
}

/** The FLOP/s onnxruntime reaches on a 512 x 512 float32 MatMul (best of several samples). */
async function ortMatmulGflops(samples: number, runs: number): Promise<number> {
  const b = new OnnxGraphBuilder();
  b.input("a", [512, 512]);
  const w = b.floats("b", [512, 512], new Float32Array(512 * 512).map((_, i) => Math.sin(i)));
  b.output(b.node("MatMul", ["a", w], {}, "c"), [512, 512]);
  const session = await ort.InferenceSession.create(b.encode({ graphName: "matmul512", producer: "p2-ae-runtime" }), { graphOptimizationLevel: "all" });
  const a = new ort.Tensor("float32", new Float32Array(512 * 512).map((_, i) => Math.cos(i)), [512, 512]);
  for (let i = 0; i < 3; i++) await session.run({ a });
  let best = Infinity;
  for (let s = 0; s < samples; s++) {
    const t = performance.now();
    for (let i = 0; i < runs; i++) await session.run({ a });
    best = Math.min(best, (performance.now() - t) / runs);
  }
  await session.release();
  return (2 * 512 ** 3) / (best / 1000) / 1e9;
}

if (!(await torchAvailable())) {
  benchLog(`SKIP: ${PYTHON} cannot import torch and onnx (apt-get install python3-torch python3-onnx libopenblas0-pthread); no baseline, nothing measured`);
  process.exit(3);
}

const card = loadModelCard(DEFAULT_ANOMALY_MODEL_DIR);
const onnxFile = modelFilePath(card, "onnx");
const arch = card.architecture ?? {};
const flopsPerWindow = Number(arch.flopsPerWindow);
if (!(flopsPerWindow > 0)) throw new Error(`the model card of ${card.modelVersion} states no architecture.flopsPerWindow`);

// Real windows: a simulated normal recording through the skeleton stage.
const sim = simulateInfant({ seed: 2024, movementClass: "fidgety", durationS: 10 });
const set = prepareWindows(sim.sequence, { stride: 3 });
if (set.count < 64) throw new Error(`only ${set.count} windows`);
const per = 30 * 75;
const windows = set.windows.slice(0, 64 * per);
const tmp = mkdtempSync(path.join(os.tmpdir(), "gma-p2-"));
const inputFile = path.join(tmp, "windows.f32");
writeFileSync(inputFile, windows);

const session = await ort.InferenceSession.create(onnxFile, autoencoderSessionOptions());
const int8Session = card.files.quantized ? await ort.InferenceSession.create(modelFilePath(card, "quantized"), autoencoderSessionOptions()) : undefined;
const [inName] = session.inputNames;
const [outName] = session.outputNames;
const ortRun = async (n: number, s: ort.InferenceSession = session): Promise<Float32Array> => {
  const out = await s.run({ [inName!]: new ort.Tensor("float32", windows.subarray(0, n * per), [n, 30, 75]) });
  return out[outName!]!.data as Float32Array;
};
/** Lets the other runtime's idle threads go to sleep first: OpenBLAS's spin for up to about 0.1 s after a call. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 200));
const ortTime = async (n: number, runs: number, s: ort.InferenceSession = session): Promise<number> => {
  await settle();
  await ortRun(n, s);
  const t = performance.now();
  for (let i = 0; i < runs; i++) await ortRun(n, s);
  return (performance.now() - t) / runs;
};

const py = new PythonWorker();
try {
  const info = await py.call<{ torch: string; threads: number; blas: string }>({ op: "load", onnx: onnxFile, arch });
  benchLog(`model ${card.modelVersion} (${path.basename(onnxFile)}, ${(flopsPerWindow / 1e6).toFixed(2)} MFLOP/window); PyTorch ${info.torch}, ${info.threads} threads, BLAS ${info.blas}`);

  // Equal outputs first: a fast wrong answer is a failure.
  const outputFile = path.join(tmp, "torch-out.f32");
  await py.call({ op: "check", input: inputFile, output: outputFile });
  const torchOut = new Float32Array(new Uint8Array(readFileSync(outputFile)).buffer);
  const ortOut = await ortRun(64);
  let maxAbsDiff = 0;
  for (let i = 0; i < ortOut.length; i++) maxAbsDiff = Math.max(maxAbsDiff, Math.abs(ortOut[i]! - torchOut[i]!));
  if (!(torchOut.length === ortOut.length && maxAbsDiff <= TOLERANCE)) {
    throw new Error(`onnxruntime and PyTorch disagree: max abs difference ${maxAbsDiff} over ${ortOut.length} values (tolerance ${TOLERANCE})`);
  }
  benchLog(`outputs agree: max abs difference ${maxAbsDiff.toExponential(2)} (<= ${TOLERANCE})`);
  let int8MaxAbsDiff: number | undefined;
  if (int8Session) {
    const int8Out = await ortRun(64, int8Session);
    int8MaxAbsDiff = 0;
    for (let i = 0; i < ortOut.length; i++) int8MaxAbsDiff = Math.max(int8MaxAbsDiff, Math.abs(int8Out[i]! - ortOut[i]!));
    // A fast wrong answer is a failure here too; int8 rounding moves outputs by about 1e-2 (the
    // shipped-model test's bound is 0.05), a broken quantised file by far more.
    if (!(int8MaxAbsDiff <= INT8_TOLERANCE)) throw new Error(`the int8 variant disagrees with float32: max abs difference ${int8MaxAbsDiff} (tolerance ${INT8_TOLERANCE}); refusing to time it`);
    benchLog(`int8 variant: max abs difference from float32 ${int8MaxAbsDiff.toExponential(2)} (<= ${INT8_TOLERANCE}: rounding of int8 weights and activations; the card's check bounds what it does to the scores)`);
  }

  const samples: Record<"ort1" | "torch1" | "ort64" | "torch64" | "int81" | "int864", number[]> = { ort1: [], torch1: [], ort64: [], torch64: [], int81: [], int864: [] };
  benchLog("warm-up");
  await ortTime(1, 5);
  await py.call({ op: "time", input: inputFile, batch: 1, runs: 5 });
  for (let r = 0; r < rounds; r++) {
    for (const batch of [1, 64] as const) {
      const runs = runsPerSample[batch];
      samples[`ort${batch}`].push(await ortTime(batch, runs));
      await settle();
      samples[`torch${batch}`].push((await py.call<{ ms: number }>({ op: "time", input: inputFile, batch, runs })).ms);
      if (int8Session) samples[`int8${batch}`].push(await ortTime(batch, runs, int8Session));
    }
    benchLog(`round ${r + 1}/${rounds}: ort b1 ${samples.ort1.at(-1)!.toFixed(2)} ms, torch b1 ${samples.torch1.at(-1)!.toFixed(2)} ms, ort b64 ${samples.ort64.at(-1)!.toFixed(1)} ms, torch b64 ${samples.torch64.at(-1)!.toFixed(1)} ms`);
  }
  const wps = (ms: number, batch: number): number => (batch * 1000) / ms;
  const ort1 = wps(median(samples.ort1), 1);
  const torch1 = wps(median(samples.torch1), 1);
  const ort64 = wps(median(samples.ort64), 64);
  const torch64 = wps(median(samples.torch64), 64);
  const int8 = int8Session ? { b1: wps(median(samples.int81), 1), b64: wps(median(samples.int864), 64) } : undefined;

  const mm = await py.call<{ gflops: number }>({ op: "matmul", samples: quick ? 3 : 7, runs: 20 });
  const ortMm = await ortMatmulGflops(quick ? 3 : 7, 20);
  const peak = Math.max(mm.gflops, ortMm);
  benchLog(`512x512 matmul: torch/OpenBLAS ${mm.gflops.toFixed(1)} GFLOP/s, onnxruntime ${ortMm.toFixed(1)} GFLOP/s`);

  printBench("p2-ae-runtime", quick, {
    model_version: card.modelVersion,
    max_abs_diff: maxAbsDiff,
    ort_windows_per_s_b1: ort1,
    torch_windows_per_s_b1: torch1,
    ort_windows_per_s_b64: ort64,
    torch_windows_per_s_b64: torch64,
    ort_vs_torch_ratio_b1: ort1 / torch1,
    ort_vs_torch_ratio_b64: ort64 / torch64,
    batch64_vs_batch1_per_window: ort64 / ort1,
    flops_per_window: flopsPerWindow,
    flops_counting: "2 x multiply-adds of LSTM gates, attention projections/scores/values and linears (model card architecture.flopsPerWindow)",
    matmul512_gflops_torch: mm.gflops,
    matmul512_gflops_ort: ortMm,
    roofline_fraction: (ort64 * flopsPerWindow) / (peak * 1e9),
    ...(int8
      ? {
          int8_file: path.basename(modelFilePath(card, "quantized")),
          int8_max_abs_diff_vs_fp32: int8MaxAbsDiff,
          int8_windows_per_s_b1: int8.b1,
          int8_windows_per_s_b64: int8.b64,
          int8_vs_fp32_b1: int8.b1 / ort1,
          int8_vs_fp32_b64: int8.b64 / ort64,
          batch64_vs_batch1_per_window_int8: int8.b64 / int8.b1,
        }
      : {}),
    torch_build: `PyTorch ${info.torch} (Debian python3-torch), ${info.threads} threads, flush-denormal on, BLAS ${info.blas}`,
  });
} finally {
  py.close();
  await session.release();
  await int8Session?.release();
  rmSync(tmp, { recursive: true, force: true });
}
